import { describe, expect, it } from 'vitest';
import { parseFixture } from '../../src/fixture/load-fixture.ts';
import { createWorkMailMock } from '../../src/mock/create-work-mail-mock.ts';
import { demoFixture } from '../../src/mock/demo-fixture.ts';
import { renderConsoleReport } from '../../src/report/console-reporter.ts';
import { renderJunitReport } from '../../src/report/junit-reporter.ts';
import { reporters } from '../../src/report/reporters.ts';
import { runConformance } from '../../src/runner/run-conformance.ts';
import type { Fixture } from '../../src/fixture/fixture-schema.ts';
import { createHandlerTarget } from '../../src/target/handler-target.ts';

async function runAgainstReferenceMock(fixture: Fixture, options: { readonly numRuns?: number } = {}) {
  const mock = createWorkMailMock({ fixture });
  return runConformance({ target: createHandlerTarget(mock.handle), fixture, seed: 5, numRuns: options.numRuns ?? 20, resetTarget: () => mock.reset() });
}

describe('contract coverage in every report', () => {
  it('says first, of each item not exercised, that the run stopped before its end, where it did (verify8b): the fixture may hold what the hint asks for', async () => {
    const mock = createWorkMailMock({ fixture: demoFixture });
    let deletes = 0;
    const counting = createHandlerTarget((request) => {
      if ((request.headers['x-amz-target'] ?? '').includes('.Delete')) deletes += 1;
      return mock.handle(request);
    });
    const report = await runConformance({ target: counting, fixture: demoFixture, seed: 5, numRuns: 20, shouldStop: () => (deletes >= 20 ? 'stopped by the test' : undefined) });

    expect(report.summary.incomplete).toBe('stopped by the test');
    const notExercised = report.contractCoverage.flatMap((operation) => operation.items.flatMap((item) => (item.notExercised === undefined ? [] : [item.notExercised])));
    expect(notExercised.length).toBeGreaterThan(0);
    expect(notExercised.every((hint) => hint.startsWith('the run stopped before its end, which may be why; else '))).toBe(true);
    expect(notExercised).toContain('the run stopped before its end, which may be why; else needs a successful delete first');
  });

  it('counts every documented error and every effect as exercised when the fixture makes them reachable', async () => {
    const report = await runAgainstReferenceMock(demoFixture);

    expect(report.contractCoverage.map((operation) => operation.operation).sort()).toEqual(['DeleteMailboxPermissions', 'DeletePersonalAccessToken']);
    for (const operation of report.contractCoverage) {
      expect(operation.items.filter((item) => item.exchanges === 0)).toEqual([]);
      expect(operation.items.map((item) => item.name)).toEqual(expect.arrayContaining(['realDelete', 'absentDelete', 'repeatedDelete']));
    }
    expect(renderConsoleReport(report)).toMatch(/\nCONFORMANT: no failures · /);
  });

  it('asks nothing of the fixture in a replay of one case: that one case is all it sends (trialE #7)', async () => {
    const mock = createWorkMailMock({ fixture: demoFixture });
    const report = await runConformance({ target: createHandlerTarget(mock.handle), fixture: demoFixture, seed: 5, operations: ['DeletePersonalAccessToken'], path: 'DeletePersonalAccessToken.coverage:3' });

    expect(report.summary.cases).toBe(1);
    const hints = report.contractCoverage.flatMap((operation) => operation.items.flatMap((item) => (item.notExercised === undefined ? [] : [item.notExercised])));
    expect(hints.length).toBeGreaterThan(0);
    expect(new Set(hints)).toEqual(new Set(['a replay sends one case (DeletePersonalAccessToken.coverage:3), and that one did not exercise it']));
  });

  it("says of a replayed case that passes that it did not fail again, not what the run's other cases did not exercise (trialG #2)", async () => {
    const mock = createWorkMailMock({ fixture: demoFixture });
    const report = await runConformance({ target: createHandlerTarget(mock.handle), fixture: demoFixture, seed: 5, operations: ['DeletePersonalAccessToken'], path: 'DeletePersonalAccessToken.coverage:3' });

    expect(report.summary.replayOf).toBe('DeletePersonalAccessToken.coverage:3');
    expect(report.summary.realDeleteNotExercised).toBeUndefined();
    expect(renderConsoleReport(report)).toContain(
      '\nCONFORMANT: the replayed case (DeletePersonalAccessToken.coverage:3) broke no rule this time; where a run reported it failing, that failure did not happen again: it may need the state the whole run left the target in before it (run the whole seed again) · 1 case sent',
    );
  });

  it('says that tenant isolation went unexercised, and what to add, where the fixture holds one usable organization (trialE #8)', async () => {
    const [first] = demoFixture.organizations.filter((organization) => organization.state === 'Active');
    const oneUsable = parseFixture({ organizations: demoFixture.organizations.filter((organization) => organization.state !== 'Active' || organization === first) });
    const both = await runAgainstReferenceMock(demoFixture);
    const one = await runAgainstReferenceMock(oneUsable);

    const item = (report: typeof one, operation: string) => report.contractCoverage.find((entry) => entry.operation === operation)?.items.find((entry) => entry.name === 'tenantIsolation');
    for (const [operation, resource] of [['DeletePersonalAccessToken', 'personalAccessToken'], ['DeleteMailboxPermissions', 'mailboxPermission']] as const) {
      expect(item(both, operation)?.exchanges).toBeGreaterThan(0);
      expect(item(one, operation)).toMatchObject({ exchanges: 0, notExercised: `add a second organization whose state is Active, holding a ${resource}, to the fixture: with one, no case can show that a delete stays in its organization` });
    }
    expect(renderConsoleReport(one)).toContain('not exercised: tenant isolation (a case naming, in one organization, a personalAccessToken only another holds): add a second organization');
  });

  it('says why no sequence deleted a token on a target the run cannot reset: the earlier phases took every one, and nothing puts one back (trialA #5)', async () => {
    const mock = createWorkMailMock({ fixture: demoFixture });
    // No resetTarget: as an HTTP mock or msw handlers, the target keeps what each phase deleted.
    const report = await runConformance({ target: createHandlerTarget(mock.handle), fixture: demoFixture, seed: 5, numRuns: 20 });

    const sequenceItem = (operation: string) => report.contractCoverage.find((entry) => entry.operation === operation)?.items.find((item) => item.name === 'deleteThenList');
    expect(sequenceItem('DeletePersonalAccessToken')).toMatchObject({
      exchanges: 0,
      notExercised: expect.stringMatching(/^no sequence deleted a personalAccessToken the target held: nothing puts a personalAccessToken back, so on a target the run cannot reset .* leave none for a sequence; on one it can, add one to the fixture/),
    });
    // Permissions are put back before the sequences: their sequences run on the same target.
    expect(sequenceItem('DeleteMailboxPermissions')?.exchanges).toBeGreaterThan(0);
    // The check's own line says what its ✓ rests on (trialX #3), the other operation's does not.
    const console = renderConsoleReport(report);
    expect(console).toMatch(/\nDeletePersonalAccessToken\n(?: {2}.*\n)* {2}✓ stateSequence +\d+ passed, none deleted what the target held \(see Contract coverage\)\n/);
    expect(console).toMatch(/\nDeleteMailboxPermissions\n(?: {2}.*\n)* {2}✓ stateSequence +\d+ passed\n/);
  });

  it('says that the target took another reading, not what to add to the fixture, where the fixture has the situation (a Deleted organization found not at all)', async () => {
    // The demo organizations but the Creating one, whose state no reading lets pass.
    const fixture = parseFixture({ organizations: demoFixture.organizations.filter((organization) => organization.state !== 'Creating') });
    const mock = createWorkMailMock({ fixture, readings: { 'deleted-organization': 'OrganizationNotFoundException' } });
    const report = await runConformance({ target: createHandlerTarget(mock.handle), fixture, seed: 5, numRuns: 20, resetTarget: () => mock.reset() });

    expect(report.summary.conformant).toBe(true);
    for (const operation of report.contractCoverage) {
      const state = operation.items.find((item) => item.name === 'OrganizationStateException');
      expect(state?.exchanges, operation.operation).toBe(0);
      expect(state?.notExercised, operation.operation).toMatch(/^where a case could get it, the target answered as another reading allows \(open point [a-z-, ]*deleted-organization/);
    }
  });

  it('says, in the verdict line and as skipped JUnit tests, that a run exercised no real delete, and what to add to the fixture', async () => {
    const organization = demoFixture.organizations[0]!;
    const report = await runAgainstReferenceMock(parseFixture({ organizations: [{ ...organization, mailboxPermissions: [], personalAccessTokens: [] }] }));

    const realDeletes = report.contractCoverage.map((operation) => operation.items.find((item) => item.name === 'realDelete'));
    expect(realDeletes.map((item) => item?.exchanges)).toEqual([0, 0]);
    expect(realDeletes.map((item) => item?.notExercised)).toEqual([expect.stringMatching(/^add an? \w+ \(.+\) in an organization whose state is Active(, with entities in state ENABLED)?, to the fixture/), expect.stringMatching(/^add an? \w+/)]);
    const console = renderConsoleReport(report);
    expect(console).toContain('CONFORMANT: no failures, but no real delete was exercised for DeleteMailboxPermissions, DeletePersonalAccessToken');
    // JSON says it too, where a CI gate that reads summary.conformant alone saw a bare true.
    expect(JSON.parse(reporters.json(report)).summary).toMatchObject({ conformant: true, realDeleteNotExercised: ['DeleteMailboxPermissions', 'DeletePersonalAccessToken'] });
    expect(console).toContain('not exercised: OrganizationStateException: add an organization in a state other than Active to the fixture');
    expect(renderJunitReport(report)).toMatch(/<testcase classname="DeleteMailboxPermissions.contract" name="realDelete: [^"]+">\s*<skipped message="not exercised: add a/);
  });
});

describe('the verdict line of a run without a property phase', () => {
  it('says so beside the verdict, not only in the header', async () => {
    const report = await runAgainstReferenceMock(demoFixture, { numRuns: 0 });

    expect(renderConsoleReport(report).trimEnd().split('\n').at(-1)).toMatch(/^CONFORMANT: no failures · \d+ cases sent, no property phase \(0 runs per property\) in [\d.]+ s$/);
  });
});

describe('the JUnit report', () => {
  it('gives totals, at the root and in each suite, that count the test cases, failures and skips the file holds', async () => {
    // A mock that answers every error without a type: some checks fail, some cannot be exercised, some coverage is missing.
    const mock = createWorkMailMock({ fixture: demoFixture });
    const untyped = (request: Parameters<typeof mock.handle>[0]) => {
      const answer = mock.handle(request);
      return answer.status === 200 ? answer : { ...answer, headers: { 'content-type': 'application/x-amz-json-1.1' }, body: '{"error":"bad request"}' };
    };
    const report = await runConformance({ target: createHandlerTarget(untyped), fixture: demoFixture, seed: 2, numRuns: 5, stateSequences: 0 });

    // The hints say how the target answered where a case could get each error, not what to add to a fixture that has it.
    const hints = report.contractCoverage.flatMap((operation) => operation.items.filter((item) => item.kind === 'error').map((item) => `${operation.operation} ${item.name}: ${item.notExercised ?? ''}`));
    expect(hints).toEqual(expect.arrayContaining([expect.stringMatching(/^DeleteMailboxPermissions EntityStateException: where a case could get it, the target answered with no error type the kit could read \(\d+x\): see the failures$/)]));
    expect(hints.join('\n')).not.toContain('to the fixture');

    const xml = renderJunitReport(report);
    const count = (pattern: RegExp) => (xml.match(pattern) ?? []).length;
    const attribute = (element: string, name: string) => Number(new RegExp(`<${element}[^>]* ${name}="(\\d+)"`).exec(xml)?.[1]);
    expect(count(/<failure /g)).toBeGreaterThan(0);
    // A complete run passes its "the run was complete" test: there in every file, so that the count of tests stays put.
    expect(xml).toMatch(/<testsuite name="run" tests="1" failures="0">\s*<testcase classname="run" name="the run was complete"\/>/);
    expect(count(/<skipped /g)).toBeGreaterThan(0);
    expect([attribute('testsuites', 'tests'), attribute('testsuites', 'failures'), attribute('testsuites', 'skipped')]).toEqual([count(/<testcase /g), count(/<failure /g), count(/<skipped /g)]);
    for (const suite of xml.split('<testsuite ').slice(1)) {
      const own = (pattern: RegExp) => (suite.match(pattern) ?? []).length;
      const declared = (name: string) => Number(new RegExp(`^[^>]* ${name}="(\\d+)"`).exec(suite)?.[1] ?? 0);
      expect([declared('tests'), declared('failures'), declared('skipped')]).toEqual([own(/<testcase /g), own(/<failure /g), own(/<skipped /g)]);
    }
  });
});
