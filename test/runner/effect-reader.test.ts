import { describe, expect, it } from 'vitest';
import { expectOutcomes } from '../../src/cases/expect-outcomes.ts';
import { buildErrorCatalog } from '../../src/checks/error-catalog.ts';
import { fixtureWithNewCarol, newCarolId } from '../helpers/reused-name-fixture.ts';
import { WorkMailState } from '../../src/fixture/workmail-state.ts';
import { createWorkMailMock } from '../../src/mock/create-work-mail-mock.ts';
import { demoFixture, demoIds } from '../../src/mock/demo-fixture.ts';
import { loadSupportingOperationSpecs } from '../../src/mock/load-supporting-operation-specs.ts';
import type { MockReadings } from '../../src/mock/mock-readings.ts';
import { EffectReader, fullReadInterval, readListScope } from '../../src/runner/effect-reader.ts';
import { findOperationSpec, loadCommonErrors, loadOperationSpecs } from '../../src/spec/load-spec.ts';
import { createHandlerTarget } from '../../src/target/handler-target.ts';
import { buildAwsJsonRequest } from '../../src/wire/aws-json.ts';

const spec = findOperationSpec(loadOperationSpecs(), 'DeleteMailboxPermissions');
const entityNames = new Map(demoFixture.organizations.flatMap((organization) => organization.entities.map((entity) => [entity.id, entity.name])));

/** The reference mock behind a reader, and the mailboxes each List request after the start read (by entity name). */
async function readerOnReferenceMock() {
  const mock = createWorkMailMock({ fixture: demoFixture });
  const listed: string[] = [];
  const target = createHandlerTarget((request) => {
    if ((request.headers['x-amz-target'] ?? '').endsWith('.ListMailboxPermissions')) listed.push(entityNames.get(JSON.parse(request.body).EntityId) ?? '?');
    return mock.handle(request);
  });
  const setup = await EffectReader.setUp({
    spec,
    target,
    fixture: demoFixture,
    supportingSpecs: loadSupportingOperationSpecs(),
    sendOptions: { timeoutMs: 10_000 },
    errors: buildErrorCatalog(spec, loadCommonErrors()),
  });
  if (setup.kind !== 'reader') throw new Error(setup.reason);
  listed.length = 0;
  const model = WorkMailState.fromFixture(demoFixture);
  /** Sends a delete of example-corp to the mock and compares; returns the differences and the mailboxes read after it. */
  const deleteAndRead = async (entity: string, grantee: string) => {
    const input = { OrganizationId: demoIds.organizationId, EntityId: entity, GranteeId: grantee };
    const expectation = expectOutcomes(spec, { body: { kind: 'input', input } }, { state: model, profile: 'documented' });
    const observation = await target.send({ operation: spec.operation, request: buildAwsJsonRequest(spec, input), input }, { timeoutMs: 10_000 });
    listed.length = 0;
    const comparison = await setup.reader.compare(expectation, observation, input);
    return { differences: comparison?.differences, read: [...listed].sort() };
  };
  return { mock, deleteAndRead };
}

describe('EffectReader: what it reads after a case', () => {
  it('reads every mailbox after the first case, then only those the case names (by any identifier, in any letter case) and those holding a permission of what it names', async () => {
    const { deleteAndRead } = await readerOnReferenceMock();
    const everyReadable = ['alice', 'bob', 'carol', 'dave', 'frank', 'meeting-room', 'sales', 'support'];

    // sales holds no permission on bob's mailbox: an absent delete, nothing changes.
    expect(await deleteAndRead(demoIds.bobUserId, demoIds.salesGroupId)).toEqual({ differences: [], read: everyReadable });
    // alice's mailbox is named (her name, upper-case); dave's and meeting-room's hold permissions granted to her.
    expect(await deleteAndRead('ALICE', 'meeting-room@example.com')).toEqual({ differences: [], read: ['alice', 'dave', 'meeting-room'] });
    // frank is in other-corp: a lookup that ignores the organization would reach his mailbox, so it is read too.
    expect(await deleteAndRead('frank', 'Bob')).toEqual({ differences: [], read: ['bob', 'frank'] });
    // A real delete: alice's permission to dave goes, and only the mailboxes alice and dave refer to are read.
    expect(await deleteAndRead(demoIds.aliceUserId, demoIds.daveUserId)).toEqual({ differences: [], read: ['alice', 'dave', 'meeting-room'] });
    // Nothing in the fixture: nothing to read until the next full read.
    expect(await deleteAndRead('nobody', 'nobody-else')).toEqual({ differences: [], read: [] });
  });

  it(`sees a change no case refers to at the full read made every ${fullReadInterval} reads, and says which reads it may come from`, async () => {
    const { mock, deleteAndRead } = await readerOnReferenceMock();
    expect((await deleteAndRead('nobody', 'nobody-else')).differences).toEqual([]);

    // As if the next delete had also removed other-corp's permission, which no case below refers to.
    mock.state.deleteResource('mailboxPermission', demoIds.otherOrganizationId, { entityId: demoIds.frankUserId, granteeId: demoIds.supportGroupId });
    for (let read = 1; read < fullReadInterval; read += 1) expect(await deleteAndRead('nobody', 'nobody-else')).toEqual({ differences: [], read: [] });
    const full = await deleteAndRead('nobody', 'nobody-else');

    expect(full.read).toHaveLength(8);
    expect(full.differences).toEqual([
      `${demoIds.otherOrganizationId} no longer holds {"entityId":"${demoIds.frankUserId}","granteeId":"${demoIds.supportGroupId}","permissionValues":["FULL_ACCESS","SEND_AS"]} (found by the full read made every ${fullReadInterval} reads: made by this case or by one of the ${fullReadInterval - 1} cases read before it)`,
    ]);
  });
});

describe('EffectReader after a success that may delete the record or nothing (trialP #1)', () => {
  // `carol` finds the new user under one reading of reused-name, and the DELETED carol under the other, whose delete then
  // succeeds and removes nothing.
  const fixture = fixtureWithNewCarol();
  const named = { entityId: demoIds.aliceUserId, granteeId: newCarolId };

  /** Deletes alice's permission to `carol` (by name) on the reference mock under `readings`, after `alsoDoes`, and compares. */
  async function deleteCarolByName(readings: MockReadings, alsoDoes: (mock: ReturnType<typeof createWorkMailMock>) => void = () => {}) {
    const mock = createWorkMailMock({ fixture, readings });
    const target = createHandlerTarget(mock.handle);
    const setup = await EffectReader.setUp({ spec, target, fixture, supportingSpecs: loadSupportingOperationSpecs(), sendOptions: { timeoutMs: 10_000 }, errors: buildErrorCatalog(spec, loadCommonErrors()) });
    if (setup.kind !== 'reader') throw new Error(setup.reason);
    const input = { OrganizationId: demoIds.organizationId, EntityId: 'alice', GranteeId: 'carol' };
    const expectation = expectOutcomes(spec, { body: { kind: 'input', input } }, { state: WorkMailState.fromFixture(fixture), profile: 'documented' });
    const observation = await target.send({ operation: spec.operation, request: buildAwsJsonRequest(spec, input), input }, { timeoutMs: 10_000 });
    alsoDoes(mock);
    const comparison = await setup.reader.compare(expectation, observation, input);
    return { expectation, observation, comparison, held: mock.state.resourceExists('mailboxPermission', demoIds.organizationId, named) };
  }

  it('judges the success by what the read shows: the record gone, or nothing changed, and says when it stayed', async () => {
    const deleted = await deleteCarolByName({ 'reused-name': 'not-deleted' });
    const kept = await deleteCarolByName({ 'reused-name': 'deleted', 'deleted-entity': 'success' });

    // The documentation allows both: a success that deletes the permission, and one that deletes nothing.
    expect(deleted.expectation.outcomes.filter((outcome) => outcome.kind === 'success').map((outcome) => outcome.kind === 'success' && outcome.effect?.keys)).toEqual([named, undefined]);
    expect([deleted.observation.kind === 'response' && deleted.observation.status, deleted.held]).toEqual([200, false]);
    expect([kept.observation.kind === 'response' && kept.observation.status, kept.held]).toEqual([200, true]);
    expect(deleted.comparison).toMatchObject({ differences: [], recordKept: false });
    expect(kept.comparison).toMatchObject({ differences: [], recordKept: true });
    expect(kept.comparison?.expected).toMatch(/^either exactly the mailboxPermission .* gone from m-\w+ or nothing changed/);
  });

  it('still finds what else such a success changed', async () => {
    const alsoSupport = (mock: ReturnType<typeof createWorkMailMock>) => void mock.state.deleteResource('mailboxPermission', demoIds.organizationId, { entityId: demoIds.aliceUserId, granteeId: demoIds.daveUserId });
    const kept = await deleteCarolByName({ 'reused-name': 'deleted', 'deleted-entity': 'success' }, alsoSupport);
    const deleted = await deleteCarolByName({ 'reused-name': 'not-deleted' }, alsoSupport);

    for (const { comparison } of [kept, deleted]) {
      expect(comparison?.differences).toEqual([expect.stringMatching(new RegExp(`^${demoIds.organizationId} no longer holds \\{"entityId":"${demoIds.aliceUserId}","granteeId":"${demoIds.daveUserId}"`))]);
    }
  });
});

describe('EffectReader.setUp with a fixture a live read saved (--save-fixture)', () => {
  const withListed = (listed: { entities: boolean; personalAccessTokens: boolean; mailboxPermissionsNotKnownOf: string[] }) => ({
    organizations: demoFixture.organizations.map((organization) => ({ ...organization, listed })),
  });
  const setUp = (fixture: typeof demoFixture) =>
    EffectReader.setUp({
      spec,
      target: createHandlerTarget(createWorkMailMock({ fixture: demoFixture }).handle),
      fixture,
      supportingSpecs: loadSupportingOperationSpecs(),
      sendOptions: { timeoutMs: 10_000 },
      errors: buildErrorCatalog(spec, loadCommonErrors()),
    });

  it('reads effects where the read listed everything, as for a hand-written fixture', async () => {
    const setup = await setUp(withListed({ entities: true, personalAccessTokens: true, mailboxPermissionsNotKnownOf: [] }));

    expect(setup.kind).toBe('reader');
  });

  it('says why it reads none where the read listed only in part', async () => {
    const setup = await setUp(withListed({ entities: true, personalAccessTokens: true, mailboxPermissionsNotKnownOf: [demoIds.salesGroupId] }));

    expect(setup).toEqual({
      kind: 'notChecked',
      reason: "the fixture's organizations in state Active were read only in part (their `listed` says what a read could not list): absence there proves nothing",
    });
  });
});

describe('EffectReader on an organization of many mailboxes', () => {
  it('reads every mailbox no more often than once per as many reads as there are mailboxes', async () => {
    const users = Array.from({ length: 100 }, (_, index) => ({
      id: `00000000-0000-4000-8000-${String(index).padStart(12, '0')}`,
      type: 'USER' as const,
      name: `user${index}`,
      email: `user${index}@example.com`,
      state: 'ENABLED' as const,
    }));
    const fixture = {
      organizations: [{ id: demoIds.organizationId, state: 'Active', alias: 'big', entities: users, mailboxPermissions: [{ entityId: users[0]!.id, granteeId: users[1]!.id, permissionValues: ['FULL_ACCESS' as const] }], personalAccessTokens: [] }],
    };
    const mock = createWorkMailMock({ fixture });
    let lists = 0;
    const target = createHandlerTarget((request) => {
      if ((request.headers['x-amz-target'] ?? '').endsWith('.ListMailboxPermissions')) lists += 1;
      return mock.handle(request);
    });
    const setup = await EffectReader.setUp({ spec, target, fixture, supportingSpecs: loadSupportingOperationSpecs(), sendOptions: { timeoutMs: 10_000 }, errors: buildErrorCatalog(spec, loadCommonErrors()) });
    if (setup.kind !== 'reader') throw new Error(setup.reason);
    const model = WorkMailState.fromFixture(fixture);
    lists = 0;

    for (const [index, user] of users.entries()) {
      const input = { OrganizationId: demoIds.organizationId, EntityId: user.id, GranteeId: users[(index + 2) % users.length]!.id };
      const expectation = expectOutcomes(spec, { body: { kind: 'input', input } }, { state: model, profile: 'documented' });
      const observation = await target.send({ operation: spec.operation, request: buildAwsJsonRequest(spec, input), input }, { timeoutMs: 10_000 });
      const comparison = await setup.reader.compare(expectation, observation, input);
      expect(comparison?.differences ?? [], user.name).toEqual([]);
    }

    // 100 reads after a case: the first reads every mailbox (100 Lists), the others the two each names (and any holding
    // a permission of them); every 8th reading all 100 would make about 1,500.
    expect(lists).toBeGreaterThan(200);
    expect(lists).toBeLessThan(500);
  });
});

describe('readListScope: what a List answer lists', () => {
  const list = spec.resourceKind.list;
  const listSpec = loadSupportingOperationSpecs().find((candidate) => candidate.operation === list?.operation);
  const readAnswer = (status: number, body: string) => {
    if (list === undefined || listSpec === undefined) throw new Error('DeleteMailboxPermissions declares ListMailboxPermissions');
    const target = createHandlerTarget(() => ({ status, headers: { 'content-type': 'application/x-amz-json-1.1' }, body }));
    const reading = { spec, list, listSpec, target, sendOptions: { timeoutMs: 10_000 }, errors: buildErrorCatalog(spec, loadCommonErrors()), fields: Object.keys(list.itemFields) };
    const scope = { organizationId: demoIds.organizationId, input: { OrganizationId: demoIds.organizationId, EntityId: demoIds.aliceUserId }, fixedFields: { entityId: demoIds.aliceUserId }, label: 'ListMailboxPermissions of alice' };
    return readListScope(reading, scope);
  };

  it('reads an output that leaves the list out, sends it null, or an empty body as no records, as the AWS SDK does', async () => {
    for (const body of ['{}', '{"Permissions":null}', '', '{"NextToken":null}']) {
      const read = await readAnswer(200, body);
      // Said apart from a list sent empty: beside records the model holds, it may be a stub that answers everything alike.
      expect(Array.isArray(read) && { records: [...read], leftOut: read.leftOut }, body).toEqual({ records: [], leftOut: true });
    }
    const sentEmpty = await readAnswer(200, '{"Permissions":[]}');
    expect(Array.isArray(sentEmpty) && { records: [...sentEmpty], leftOut: sentEmpty.leftOut }).toEqual({ records: [], leftOut: undefined });
  });

  it("reads a mocked client's bare resolve (no status observed) as no list: a command the mock may not answer", async () => {
    if (list === undefined || listSpec === undefined) throw new Error('DeleteMailboxPermissions declares ListMailboxPermissions');
    const bareResolve = { send: async () => ({ kind: 'response' as const, status: 200, headers: {}, body: '', errorType: undefined, errorTypeSource: undefined, message: undefined, statusInferred: 'not observed', latencyMs: 0 }), description: 'mocked', capabilities: { rawBodies: false }, close: async () => undefined };
    const reading = { spec, list, listSpec, target: bareResolve, sendOptions: { timeoutMs: 10_000 }, errors: buildErrorCatalog(spec, loadCommonErrors()), fields: Object.keys(list.itemFields) };
    const scope = { organizationId: demoIds.organizationId, input: { OrganizationId: demoIds.organizationId, EntityId: demoIds.aliceUserId }, fixedFields: { entityId: demoIds.aliceUserId }, label: 'ListMailboxPermissions of alice' };
    expect(await readListScope(reading, scope)).toMatchObject({ observed: expect.stringMatching(/without a Permissions list$/), answered: true });
  });

  it('reads a body that is no JSON object, or a list member that is no list, as no list', async () => {
    for (const body of ['[]', 'not json', '{"Permissions":{}}', '"x"', '{"Deleted":true}']) {
      expect(await readAnswer(200, body), body).toMatchObject({ observed: expect.stringMatching(/without a Permissions list$/), answered: true });
    }
  });
});
