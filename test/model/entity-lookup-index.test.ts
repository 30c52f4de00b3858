import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Entity, Fixture } from '../../src/fixture/fixture-schema.ts';
import { WorkMailState } from '../../src/fixture/workmail-state.ts';
import { demoFixture, demoIds } from '../../src/mock/demo-fixture.ts';
import { oneReading } from '../../src/model/readings.ts';
import { evaluateOperation, modelRules, resolveReferents, type Branch, type ModelWorld, type Resolution } from '../../src/model/work-mail-model.ts';
import { loadOperationSpecs } from '../../src/spec/load-spec.ts';

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
