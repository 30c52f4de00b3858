import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Entity, Fixture } from '../../src/fixture/fixture-schema.ts';
import { WorkMailState } from '../../src/fixture/workmail-state.ts';
import { demoFixture, demoIds } from '../../src/mock/demo-fixture.ts';
import { oneReading } from '../../src/model/readings.ts';
import { evaluateOperation, modelRules, resolveReferents, type Branch, type ModelWorld, type Resolution } from '../../src/model/work-mail-model.ts';
import { loadOperationSpecs } from '../../src/spec/load-spec.ts';
import { createWorkMailMock, expectOutcomes } from '../../src/index.ts';
import { buildAwsJsonRequest } from '../../src/wire/aws-json.ts';

const spec = loadOperationSpecs().find((candidate) => candidate.operation === 'DeleteMailboxPermissions')!;
const caseInsensitive = oneReading({ 'email-case': 'case-insensitive', 'name-case': 'case-insensitive', 'id-case': 'case-insensitive' });
const mockWorld = (state: WorkMailState): ModelWorld => ({ state, closedWorld: true, choose: caseInsensitive });

/** The one branch the model gives under one reading per open point. */
function onlyBranch(branches: readonly Branch[]): Branch {
  expect(branches).toHaveLength(1);
  return branches[0]!;
}

function deleteFor(state: WorkMailState, entityId: string, granteeId: string): Branch {
  return onlyBranch(evaluateOperation(spec, mockWorld(state), { OrganizationId: demoIds.organizationId, EntityId: entityId, GranteeId: granteeId }, []));
}

/** The entity the model resolves EntityId to, with GranteeId naming an entity that is there (alice by default). */
function resolvedEntity(state: WorkMailState, entityId: string, granteeId: string = demoIds.aliceUserId): Entity | undefined {
  let resolution: Resolution | undefined;
  resolveReferents(modelRules(spec), mockWorld(state), { OrganizationId: demoIds.organizationId, EntityId: entityId, GranteeId: granteeId }, (resolved, trail) => {
    resolution = resolved;
    return [{ stage: 'state', outcome: { kind: 'success', effect: undefined }, readings: trail.readings, reasons: trail.reasons }];
  });
  return resolution?.entities['EntityId'];
}

describe('entity lookups of the model', () => {
  it('see a delete made after an earlier lookup of the same state', () => {
    const state = WorkMailState.fromFixture(demoFixture);
    const first = deleteFor(state, 'alice', 'sales');
    expect(first.outcome).toMatchObject({ kind: 'success', effect: { resource: 'mailboxPermission' } });
    const effect = first.outcome.kind === 'success' ? first.outcome.effect! : undefined;
    expect(state.deleteResource(effect!.resource, effect!.organizationId, effect!.keys)).toBe(true);

    const again = deleteFor(state, 'alice', 'sales');

    expect(again.outcome).not.toMatchObject({ kind: 'success', effect: { resource: 'mailboxPermission' } });
  });

  it('find an entity added to the organization after an earlier lookup, by name and by email in other case', () => {
    const state = WorkMailState.fromFixture(demoFixture);
    expect(deleteFor(state, 'zed', 'sales').outcome).toMatchObject({ kind: 'error', type: 'EntityNotFoundException' });
    const zed: Entity = { id: '0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d', type: 'USER', name: 'zed', email: 'zed@example.com', state: 'ENABLED' };

    state.findOrganization(demoIds.organizationId)!.entities.push(zed);

    expect(resolvedEntity(state, 'zed')).toBe(zed);
    expect(resolvedEntity(state, 'ZED@EXAMPLE.COM')).toBe(zed);
    expect(deleteFor(state, 'zed', 'sales').outcome).not.toMatchObject({ kind: 'error', type: 'EntityNotFoundException' });
  });

  it('resolve what a scan of the entities in list order resolves, exactly first and then field by field ignoring case', () => {
    // Few short identifiers in mixed case, so that entities share values across fields and letter case.
    const identifier = fc.constantFrom('a', 'A', 'b', 'B', 'ab', 'aB', 'x@y.z', 'X@Y.Z');
    const entity = fc.record({ id: identifier, name: identifier, email: fc.option(identifier, { nil: undefined }) });
    fc.assert(
      fc.property(fc.array(entity, { minLength: 1, maxLength: 6 }), identifier, (drawn, value) => {
        const entities: Entity[] = drawn.map((fields) => ({ ...fields, type: 'USER', state: 'ENABLED', ...(fields.email === undefined ? { email: undefined } : {}) }));
        const fixture: Fixture = { organizations: [{ ...structuredClone(demoFixture.organizations[0]!), entities }] };
        const state = WorkMailState.fromFixture(fixture);
        const listed = state.findOrganization(demoIds.organizationId)!.entities;
        const folded = value.toLowerCase();
        const expected =
          listed.find((candidate) => candidate.id === value || candidate.name === value || candidate.email === value) ??
          (['id', 'name', 'email'] as const).map((field) => listed.find((candidate) => candidate[field]?.toLowerCase() === folded)).find((found) => found !== undefined);

        expect(resolvedEntity(state, value, listed[0]!.id)).toBe(expected);
      }),
      { seed: 16, numRuns: 300 },
    );
  });
});

describe('a name a DELETED entity and a live one both hold (a name reused after a delete)', () => {
  const newCarol: Entity = { id: 'd6b2a4f8-0c3e-4a9d-b7f5-2e4c6a8b0d3f', type: 'USER', name: 'carol', email: 'carol@example.com', state: 'ENABLED' };
  /** The demo organization with a second carol, live, whose mailbox alice holds a permission on; the DELETED carol first or last. */
  function reusedName(deletedFirst: boolean): Fixture {
    const organization = structuredClone(demoFixture.organizations[0]!);
    const deleted = organization.entities.filter((entity) => entity.id === demoIds.carolUserId);
    const others = organization.entities.filter((entity) => entity.id !== demoIds.carolUserId);
    organization.entities = deletedFirst ? [...deleted, ...others, newCarol] : [newCarol, ...others, ...deleted];
    organization.mailboxPermissions.push({ entityId: newCarol.id, granteeId: demoIds.aliceUserId, permissionValues: ['FULL_ACCESS'] });
    return { organizations: [organization] };
  }
  const input = { OrganizationId: demoIds.organizationId, EntityId: 'carol', GranteeId: demoIds.aliceUserId };

  it.each([true, false])('names the live one under the reused-name reading not-deleted, the DELETED one under deleted, whichever is listed first (DELETED first: %s)', (deletedFirst) => {
    const state = WorkMailState.fromFixture(reusedName(deletedFirst));

    expect(resolvedEntity(state, 'carol')?.id).toBe(newCarol.id);
    expect(resolvedEntity(state, 'CAROL@example.com')?.id).toBe(newCarol.id);
    const expectation = expectOutcomes(spec, { body: { kind: 'input', input } }, { state, profile: 'documented' });
    const liveDelete = { kind: 'success', effect: { resource: 'mailboxPermission', organizationId: demoIds.organizationId, keys: { entityId: newCarol.id, granteeId: demoIds.aliceUserId } } };
    expect(expectation.readingOutcomes?.['reused-name']?.['not-deleted']).toEqual([liveDelete]);
    expect(expectation.readingOutcomes?.['reused-name']?.['deleted']?.map((outcome) => (outcome.kind === 'error' ? outcome.type : `${outcome.kind} ${outcome.effect === undefined ? 'of nothing' : 'deleting'}`)).sort()).toEqual([
      'EntityNotFoundException',
      'EntityStateException',
      'success of nothing',
    ]);
    // The reference mock reads it as not-deleted, however it reads a DELETED entity named by its name.
    for (const reading of ['found', 'not-found']) {
      const mock = createWorkMailMock({ fixture: reusedName(deletedFirst), readings: { 'deleted-entity-by-name': reading } });
      expect(mock.handle(buildAwsJsonRequest(spec, input)).status, reading).toBe(200);
    }
  });

  it('still names the DELETED one by its ID: no reading lets that delete the live one\'s permission', () => {
    const state = WorkMailState.fromFixture(reusedName(false));

    const expectation = expectOutcomes(spec, { body: { kind: 'input', input: { ...input, EntityId: demoIds.carolUserId } } }, { state, profile: 'documented' });

    // A delete may succeed for a DELETED entity (a reading of the open point deleted-entity): on that entity's mailbox, which
    // holds no permission of alice, so it deletes nothing; never the live carol's permission.
    const successes = expectation.outcomes.filter((outcome) => outcome.kind === 'success');
    expect(successes).toEqual([{ kind: 'success', effect: undefined }]);
  });
});
