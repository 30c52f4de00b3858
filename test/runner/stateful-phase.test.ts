import { describe, expect, it } from 'vitest';
import { createWorkMailMock } from '../../src/mock/create-work-mail-mock.ts';
import { demoFixture } from '../../src/mock/demo-fixture.ts';
import { startMockServer } from '../../src/mock/start-mock-server.ts';
import { everyReadingCombination, openPointReadings } from '../../src/model/readings.ts';
import type { ConformanceReport } from '../../src/report/conformance-report.ts';
import { reporters } from '../../src/report/reporters.ts';
import { formatCasePath, parseCasePath } from '../../src/runner/case-path.ts';
import { runConformance } from '../../src/runner/run-conformance.ts';
import { loadOperationSpecs } from '../../src/spec/load-spec.ts';
import { createHandlerTarget, type HttpHandle } from '../../src/target/handler-target.ts';
import { createHttpTarget } from '../../src/target/http-target.ts';
import { createSdkTarget } from '../../src/target/sdk-target.ts';
import { encodeAwsJsonError } from '../../src/wire/aws-json.ts';
import { handWrittenStateMock } from '../broken-mocks/hand-written-state-mocks.ts';
import { failedChecks, stateReadingCombinations, stateReadings } from '../helpers/report-queries.ts';

const specs = loadOperationSpecs();

function sequenceTallies(report: ConformanceReport) {
  return report.operations.map((operation) => ({ operation: operation.operation, ...(operation.checks.find((tally) => tally.name === 'stateSequence') ?? { passed: 0, failed: 0, warned: 0, notChecked: undefined }) }));
}

function sequenceKinds(report: ConformanceReport): Record<string, number> {
  return Object.fromEntries(report.contractCoverage.flatMap((operation) => operation.items.filter((item) => item.kind === 'sequence').map((item) => [`${operation.operation} ${item.name}`, item.exchanges])));
}


describe('the stateful phase against conforming targets', () => {
  it.each([1, 2, 3, 17, 4242])('is silent on the reference mock with default settings, and shows every sequence kind (seed %i)', async (seed) => {
    const mock = createWorkMailMock({ fixture: demoFixture });

    const report = await runConformance({ target: createHandlerTarget(mock.handle), fixture: demoFixture, seed, numRuns: 10, resetTarget: () => mock.reset() });

    expect(report.failures).toEqual([]);
    for (const tally of sequenceTallies(report)) expect(tally.passed, tally.operation).toBeGreaterThan(20);
    for (const [kind, sequences] of Object.entries(sequenceKinds(report))) expect(sequences, kind).toBeGreaterThan(0);
    expect(Object.keys(sequenceKinds(report)).sort()).toEqual([
      'DeleteMailboxPermissions deleteThenList',
      'DeleteMailboxPermissions deleteThenPutThenList',
      'DeleteMailboxPermissions sequenceRepeatedDelete',
      'DeletePersonalAccessToken deleteThenList',
      'DeletePersonalAccessToken sequenceRepeatedDelete',
    ]);
  });

  it('is silent on the reference mock under every combination of the readings that decide what a step reaches', async () => {
    const combinations = stateReadingCombinations(specs);
    const readingCounts = stateReadings.map((id) => openPointReadings(specs).get(id)?.length ?? 0);
    expect(combinations.length).toBe(readingCounts.reduce((product, count) => product * count, 1));
    let judged = 0;
    for (const readings of combinations) {
      const mock = createWorkMailMock({ fixture: demoFixture, readings });

      const report = await runConformance({ target: createHandlerTarget(mock.handle), fixture: demoFixture, seed: judged, numRuns: 0, coverage: 'compact', stateSequences: 15, resetTarget: () => mock.reset() });

      expect(report.failures.map((finding) => `${JSON.stringify(readings)} ${finding.check}: ${finding.description} expected ${finding.expected}, observed ${finding.observed}`)).toEqual([]);
      judged += sequenceTallies(report).reduce((total, tally) => total + tally.passed, 0);
    }
    expect(judged).toBeGreaterThan(combinations.length * 50);
  }, 180_000);

  it('is silent on the reference mock under every reading of the other open points, in both profiles', async () => {
    for (const [index, readings] of everyReadingCombination(specs).filter((_, at) => at % 37 === 0).entries()) {
      for (const profile of ['documented', 'aws'] as const) {
        const mock = createWorkMailMock({ fixture: demoFixture, readings });
        const report = await runConformance({ target: createHandlerTarget(mock.handle), fixture: demoFixture, seed: index, numRuns: 0, coverage: 'compact', stateSequences: 10, profile, resetTarget: () => mock.reset() });
        expect(report.failures.filter((finding) => finding.check === 'stateSequence').map((finding) => `${profile} ${JSON.stringify(readings)}: ${finding.observed}`)).toEqual([]);
      }
    }
  }, 120_000);

  it('is silent over HTTP (wire and SDK transports), and on a target that cannot be reset (each sequence starts from what the target lists)', async () => {
    const served = createWorkMailMock({ fixture: demoFixture });
    const server = await startMockServer({ mock: served });
    try {
      const targets = [
        createHttpTarget({ endpoint: server.url, region: 'us-east-1' }),
        createSdkTarget({ endpoint: server.url, region: 'us-east-1', credentials: { accessKeyId: 'x', secretAccessKey: 'x' } }),
      ];
      for (const target of targets) {
        const report = await runConformance({ target, fixture: demoFixture, seed: 9, numRuns: 10, resetTarget: () => served.reset() });
        await target.close();
        expect(report.failures, target.description).toEqual([]);
        for (const tally of sequenceTallies(report)) expect(tally.passed, `${target.description} ${tally.operation}`).toBeGreaterThan(20);
      }
    } finally {
      await server.close();
    }

    const unresettable = createWorkMailMock({ fixture: demoFixture });
    const drifting = await runConformance({ target: createHandlerTarget(unresettable.handle), fixture: demoFixture, seed: 9, numRuns: 10 });
    expect(drifting.failures).toEqual([]);
    for (const tally of sequenceTallies(drifting)) expect(tally.passed, tally.operation).toBeGreaterThan(20);
    // Its permissions were put back before each sequence and at the end (its tokens cannot be put back).
    const permissions = (fixture: { organizations: readonly { mailboxPermissions: readonly { entityId: string; granteeId: string; permissionValues: readonly string[] }[] }[] }) =>
      fixture.organizations.flatMap((organization) => organization.mailboxPermissions.map((permission) => JSON.stringify({ ...permission, permissionValues: [...permission.permissionValues].sort() }))).sort();
    expect(permissions(unresettable.state.toFixture())).toEqual(permissions(demoFixture));
    expect(sequenceKinds(drifting)['DeleteMailboxPermissions deleteThenPutThenList']).toBeGreaterThan(0);
  }, 60_000);

  it('reads a target that cannot be reset once before a sequence when nothing had to be put back, and twice otherwise', async () => {
    const mock = createWorkMailMock({ fixture: demoFixture });
    const listed: string[] = [];
    let inStatefulPhase = false;
    const logged: HttpHandle = (request) => {
      if (inStatefulPhase) listed.push(request.headers['x-amz-target'] === 'WorkMailService.ListMailboxPermissions' ? request.body : '(not a list)');
      return mock.handle(request);
    };
    const report = await runConformance({
      target: createHandlerTarget(logged),
      fixture: demoFixture,
      seed: 9,
      numRuns: 0,
      coverage: 'compact',
      stateSequences: 30,
      onEvent: (event) => {
        if (event.type === 'phaseStarted') inStatefulPhase = event.phase === 'stateful';
      },
    });
    expect(report.failures).toEqual([]);
    // The phase first probes each mailbox's list once (a full read); every sequence then starts with the restore's full
    // read, and one more only after a restore that sent a Put or a Delete: never two full reads with nothing between them.
    const fullReadLength = listed.findIndex((entry, at) => listed.indexOf(entry) !== at);
    const scopes = listed.slice(0, fullReadLength);
    const isFullRead = (from: number) => scopes.every((scope, offset) => listed[from + offset] === scope);
    const sequenceStarts = listed.map((_, at) => at).filter((at) => at >= fullReadLength && isFullRead(at));
    const backToBack = sequenceStarts.filter((at) => isFullRead(at + fullReadLength));
    expect(scopes.length).toBeGreaterThan(1);
    expect(scopes.every((scope) => scope !== '(not a list)')).toBe(true);
    // Seed 9 has restores that send nothing: reading again after each of them gave nine such pairs.
    expect(sequenceStarts.length).toBeGreaterThan(30);
    expect(backToBack).toEqual([]);
  });

  it('is silent on a careful hand-written mock that keeps its state in Maps', async () => {
    for (const seed of [1, 2, 3]) {
      const report = await runConformance({ target: createHandlerTarget(handWrittenStateMock(demoFixture)), fixture: demoFixture, seed });

      expect(report.failures).toEqual([]);
      for (const tally of sequenceTallies(report)) expect(tally.passed, tally.operation).toBeGreaterThan(20);
    }
  });
});

/** What the CLI passes for a run against a mock served at an endpoint: its replay flags, and where the AWS CLI reaches it. */
const servedAt4566 = { kitArgs: ['--endpoint', 'http://127.0.0.1:4566'], endpointUrl: 'http://127.0.0.1:4566', region: 'us-east-1' };

describe('the stateful phase against a hand-written mock whose Put is lost after a Delete of the same pair', () => {
  // The delete did what its page says (the pair is gone); the Put after it stored nothing the List shows, which is the Put's
  // or the List's to do, and neither is an operation under test: a warning on them, never a failure of the delete (trialZ #1).
  it.each([1, 2, 3, 11])('is reported by stateSequence as a warning, not a failure of the delete, as a minimal sequence with a reproduction (seed %i)', async (seed) => {
    const report = await runConformance({ target: createHandlerTarget(handWrittenStateMock(demoFixture, 'putLostAfterDelete')), fixture: demoFixture, seed, reproduce: servedAt4566 });

    expect(failedChecks(report)).toEqual([]);
    expect(report.warnings.map((candidate) => candidate.check)).toEqual(['stateSequence']);
    const finding = report.warnings.find((candidate) => candidate.check === 'stateSequence');
    expect(finding?.operation).toBe('DeleteMailboxPermissions');
    expect(finding?.phase).toBe('stateful');
    const steps = finding?.input as { operation: string; input: Record<string, unknown> }[];
    expect(steps.map((step) => step.operation)).toEqual(['DeleteMailboxPermissions', 'PutMailboxPermissions', 'ListMailboxPermissions']);
    // The put names the pair the delete named, and the list shows it missing.
    expect(steps[1]?.input['EntityId']).toBe(steps[0]?.input['EntityId']);
    expect(steps[1]?.input['GranteeId']).toBe(steps[0]?.input['GranteeId']);
    // The List was read again before the step counted (a read may lag): for the window once, then once, as the note says.
    expect(finding?.observed).toMatch(/^200 listing \[\] \((still so when read again over the whole 1500 ms window|read once: an earlier difference was still there when read again over the whole 1500 ms window)\)$/);
    // The earlier phases deleted records of this mock, which cannot be reset: the finding says from which state to replay.
    // Its own kind's records: a mailbox permission, not a token the earlier phases deleted.
    expect(finding?.reason).toMatch(/^step 3 of the sequence: the List lacks only what a Put of the sequence put, and lists nothing the model does not hold: the target's Put did not store it, or its List does not show it, .*: a warning, not a failure of DeleteMailboxPermissions; no sequence was sent after it/);
    expect(finding?.reason).toMatch(/; at the start of the sequence the target's records differed from the fixture \(it lacked \{"entityId":/);
    expect(finding?.expected).toMatch(/^200 listing \[\{"granteeId":"[^"]+","permissionValues":\[/);
    expect(finding?.reproduce.awsCli?.split('\n').map((line) => line.split(' ')[2])).toEqual(['delete-mailbox-permissions', 'put-mailbox-permissions', 'list-mailbox-permissions']);
    // The path names the shrunk sequence: the run's index, fast-check's shrink steps and, after '@', its replay path.
    expect(finding?.reproduce.kit).toMatch(/^npx workmail-conformance run --endpoint http:\/\/127\.0\.0\.1:4566 --operation DeleteMailboxPermissions --operation DeletePersonalAccessToken --seed -?\d+ --path DeleteMailboxPermissions\.stateful:\d+(:\d+)+@[A-Za-z0-9+/]+:[A-Za-z0-9+/]+$/);
    expect(reporters.console(report)).toContain('              aws workmail put-mailbox-permissions --cli-input-json');
    expect(finding?.reproduce.awsCli?.split('\n').every((line) => line.endsWith(' --endpoint-url http://127.0.0.1:4566 --region us-east-1'))).toBe(true);

    // The path replays that sequence alone, not shrunk again: it fails with the same steps, and the target sees one delete
    // besides the sequence's own (of the record the phase's probe of PutMailboxPermissions left), where a replay that shrank
    // again sent 7 to 9.
    const deletes = { count: 0 };
    const mock = handWrittenStateMock(demoFixture, 'putLostAfterDelete');
    const replayTarget = createHandlerTarget((request) => {
      if (String(request.headers['x-amz-target']).endsWith('.DeleteMailboxPermissions')) deletes.count += 1;
      return mock(request);
    });
    const replay = await runConformance({ target: replayTarget, fixture: demoFixture, seed, path: finding?.path as string });
    expect(replay.failures).toEqual([]);
    expect(replay.warnings.map((candidate) => candidate.check)).toEqual(['stateSequence']);
    expect(replay.warnings[0]?.input).toEqual(finding?.input);
    expect(replay.warnings[0]?.path).toBe(finding?.path);
    expect(replay.warnings[0]?.shrunk).toBe(true);
    expect(replay.summary.cases).toBe(0);
    expect(deletes.count).toBe(steps.filter((step) => step.operation === 'DeleteMailboxPermissions').length + 1);

    // A replay path that fits no sequence of this seed is refused in one line, before a report could call a sequence
    // never sent a pass.
    const [, , fastCheckPath = ''] = /^(.*)\.stateful:([^@]*)@/.exec(finding?.path as string) ?? [];
    for (const wrong of [`DeleteMailboxPermissions.stateful:${fastCheckPath}@A:A`, `DeleteMailboxPermissions.stateful:${fastCheckPath.split(':')[0]}:999@A:A`]) {
      await expect(runConformance({ target: createHandlerTarget(handWrittenStateMock(demoFixture, 'putLostAfterDelete')), fixture: demoFixture, seed, path: wrong })).rejects.toThrow(
        `runConformance: path: '${wrong}' names no sequence of this seed`,
      );
    }
  });
});

describe('the stateful phase against a hand-written mock whose delete keeps the permission', () => {
  it("names, in a mailbox-permission sequence's finding, how the target's permissions differed at its start, never its tokens", async () => {
    // The earlier phases deleted tokens for good (no call puts one back); the permissions, never deleted, are as the fixture lists.
    const report = await runConformance({ target: createHandlerTarget(handWrittenStateMock(demoFixture, 'permissionKept')), fixture: demoFixture, seed: 1 });

    const finding = report.failures.find((candidate) => candidate.check === 'stateSequence' && candidate.operation === 'DeleteMailboxPermissions');
    expect(finding?.reason).toMatch(/^step \d+ of the sequence: /);
    expect(finding?.reason).not.toContain('"userId"');
    // The only record the target holds beyond the fixture is the one the Put probe created, which this delete never
    // removes: said as such.
    if (finding?.reason.includes('differed from the fixture') === true) {
      expect(finding.reason).toMatch(/differed from the fixture \(it held \{[^}]*\}, which the fixture does not list \(put by the probe of PutMailboxPermissions before the sequences, and not removed by the delete the first sequence sent to set up the fixture's records\)\)/);
    }
  });
});

describe('the stateful phase against a hand-written mock whose Put grants to an entity in any state', () => {
  it.each([1, 2, 3, 11])('fails and warns of nothing: a Put to a DISABLED or DELETED entity is a reading of an open point (seed %i)', async (seed) => {
    const report = await runConformance({ target: createHandlerTarget(handWrittenStateMock(demoFixture, 'lenientPut')), fixture: demoFixture, seed });

    expect(report.failures).toEqual([]);
    expect(report.warnings.filter((warning) => warning.check === 'stateSequence')).toEqual([]);
    const permissions = sequenceTallies(report).find((tally) => tally.operation === 'DeleteMailboxPermissions');
    expect(permissions?.passed).toBeGreaterThan(20);
  });
});

describe('the stateful phase against a hand-written mock whose Put finds only entities that are not DISABLED', () => {
  it.each([1, 2, 3, 11])('fails nothing: a Put the model does not allow is a warning, and the rest of its sequence is not judged (seed %i)', async (seed) => {
    const report = await runConformance({ target: createHandlerTarget(handWrittenStateMock(demoFixture, 'putHidesDisabled')), fixture: demoFixture, seed, reproduce: servedAt4566 });

    expect(report.failures).toEqual([]);
    expect(report.summary.conformant).toBe(true);
    const permissions = sequenceTallies(report).find((tally) => tally.operation === 'DeleteMailboxPermissions');
    expect(permissions?.failed).toBe(0);
    expect(permissions?.passed).toBeGreaterThan(20);
    const warnings = report.warnings.filter((warning) => warning.check === 'stateSequence');
    expect(warnings.length).toBeGreaterThan(0);
    expect(permissions?.warned).toBeGreaterThanOrEqual(warnings.length);
    for (const warning of warnings) {
      const steps = warning.input as { operation: string; input: Record<string, unknown> }[];
      expect(steps.at(-1)?.operation).toBe('PutMailboxPermissions');
      expect(warning.observed).toBe('400 EntityNotFoundException');
      expect(warning.expected).toMatch(/EntityStateException/);
      expect(warning.reason).toMatch(/^step \d+ of the sequence: PutMailboxPermissions is no operation under test/);
      expect(warning.reproduce.awsCli?.split('\n').at(-1)).toMatch(/^aws workmail put-mailbox-permissions /);
    }
    expect(reporters.console(report)).toMatch(/! stateSequence +\d+ passed, \d+ warned/);
    expect(reporters.junit(report)).not.toContain('<failure');

    // A warning's path replays its sequence alone, and the replay names it by that path (not by the replay's own run index).
    const [first] = warnings;
    const replay = await runConformance({ target: createHandlerTarget(handWrittenStateMock(demoFixture, 'putHidesDisabled')), fixture: demoFixture, seed, path: first?.path as string });
    expect(replay.warnings.filter((warning) => warning.check === 'stateSequence').map((warning) => [warning.path, warning.input])).toEqual([[first?.path, first?.input]]);
  });
});

describe('the stateful phase against a hand-written mock whose Put sends its errors with status 200', () => {
  it.each([1, 2, 3, 7, 11])('fails nothing: a Put answered 200 with an error body is a warning, and no List after it is charged to the delete (seed %i, trialV #5)', async (seed) => {
    const report = await runConformance({ target: createHandlerTarget(handWrittenStateMock(demoFixture, 'putErrorsAsSuccess')), fixture: demoFixture, seed, reproduce: servedAt4566 });

    expect(report.failures.map((finding) => `${finding.operation} ${finding.check}: ${finding.observed}`)).toEqual([]);
    const warnings = report.warnings.filter((warning) => warning.check === 'stateSequence');
    expect(warnings.length).toBeGreaterThan(0);
    for (const warning of warnings) {
      expect((warning.input as { operation: string }[]).at(-1)?.operation).toBe('PutMailboxPermissions');
      expect(warning.observed).toMatch(/^200 with an error body \(Entity(State|NotFound)Exception\), which a client reads as a success: whether the target put is not known$/);
      expect(warning.reason).toMatch(/^step \d+ of the sequence: PutMailboxPermissions is no operation under test, and its answer carries an error under a success status, so what the target holds after it is not known: a warning; the rest of the sequence was not judged/);
    }
    expect(sequenceTallies(report).find((tally) => tally.operation === 'DeleteMailboxPermissions')?.passed).toBeGreaterThan(0);
  });
});

describe('the stateful phase against a hand-written mock whose Put answers 200 and stores nothing', () => {
  it.each(['putStoresNothing', 'putUpdatesOnly'] as const)('%s: fails nothing under any seed, with or without a reset, and says why it judged no mailbox-permission sequence: the Put is at fault, not the delete', async (bug) => {
    for (const seed of [1, 2, 3, 11]) {
      // With a reset (every record shown at the probe) and without (the earlier phases' deletes left some out).
      let handle = handWrittenStateMock(demoFixture, bug);
      const reset = seed % 2 === 0 ? { resetTarget: () => void (handle = handWrittenStateMock(demoFixture, bug)) } : {};
      const report = await runConformance({ target: createHandlerTarget((request) => handle(request)), fixture: demoFixture, seed, ...reset });

      expect(report.failures.map((finding) => `${finding.operation} ${finding.check}: ${finding.observed}`), `seed ${seed}`).toEqual([]);
      expect(sequenceTallies(report).find((tally) => tally.operation === 'DeleteMailboxPermissions')?.notChecked, `seed ${seed}`).toMatch(
        /^the target's PutMailboxPermissions answered success to a put of (other permissionValues on a mailboxPermission it holds|a mailboxPermission it did not hold), and ListMailboxPermissions did not show (them|it): a Put that stores nothing( new)?, or a List that does not show what is stored/,
      );
      // The verdict says what it rests on less than it seems to: a bare "CONFORMANT: no failures" hid the check not made.
      expect(report.summary.sequencesNotJudged, `seed ${seed}`).toEqual(['DeleteMailboxPermissions']);
      expect(reporters.console(report), `seed ${seed}`).toContain('CONFORMANT: no failures, but no state sequence of DeleteMailboxPermissions was judged (see stateSequence)');
    }
  });
});

describe('the stateful phase stopped by one operation\'s failing sequence', () => {
  it('says of the other operation, none of whose steps it judged, that it stopped there, where it said "not exercised"', async () => {
    // Seed 24: the first sequence fails on a DeletePersonalAccessToken step (the token is kept) before any permission step.
    const report = await runConformance({ target: createHandlerTarget(handWrittenStateMock(demoFixture, 'tokenKept')), fixture: demoFixture, seed: 24, numRuns: 5 });

    const tally = sequenceTallies(report).find((entry) => entry.operation === 'DeleteMailboxPermissions');
    expect(tally).toMatchObject({ passed: 0, failed: 0, notChecked: "the stateful phase stopped at its first failing sequence (DeletePersonalAccessToken's, reported there) before a step of DeleteMailboxPermissions was judged" });
  });
});

describe('the stateful phase against a hand-written mock whose Put adds values to those held', () => {
  it('fails nothing under any seed: a sequence that shrinks to no delete of the operation is a warning', async () => {
    let warned = 0;
    for (const seed of [1, 2, 3, 11, 17]) {
      const report = await runConformance({ target: createHandlerTarget(handWrittenStateMock(demoFixture, 'putMergesValues')), fixture: demoFixture, seed });

      expect(report.failures, `seed ${seed}`).toEqual([]);
      expect(sequenceTallies(report).find((tally) => tally.operation === 'DeleteMailboxPermissions')?.failed).toBe(0);
      for (const warning of report.warnings.filter((candidate) => candidate.check === 'stateSequence')) {
        warned += 1;
        const operations = (warning.input as { operation: string }[]).map((step) => step.operation);
        expect(operations).not.toContain('DeleteMailboxPermissions');
        expect(operations).toContain('PutMailboxPermissions');
        expect(warning.reason).toMatch(/^step \d+ of the sequence: the sequence holds no DeleteMailboxPermissions, and the model's reading/);
      }
    }
    // The merge shows in most runs: a put of new values on a pair held, then a list of its mailbox.
    expect(warned).toBeGreaterThanOrEqual(3);
  });
});

describe('the stateful phase against a List that shows no DISABLED user\'s mailbox, where a delete on it succeeds (trialZ #1)', () => {
  it.each([1, 5, 6, 8])('fails nothing: a Put on that mailbox that the List then lacks is the Put\'s or the List\'s, not the delete\'s (seed %i)', async (seed) => {
    // The reference mock under the reading of disabled-entity that lets a DISABLED entity through, behind a List that answers
    // an empty list for a DISABLED user's mailbox: the delete-put-list command's delete of an absent permission on bob's
    // mailbox succeeds, the Put succeeds, and the List lacks what was put. Each seed failed DeleteMailboxPermissions before.
    const mock = createWorkMailMock({ fixture: demoFixture, readings: { 'disabled-entity': 'success' } });
    const bob = demoFixture.organizations[0]?.entities.find((entity) => entity.state === 'DISABLED');
    const handle: HttpHandle = (request) => {
      if (request.headers['x-amz-target'] !== 'WorkMailService.ListMailboxPermissions') return mock.handle(request);
      const entityId = (JSON.parse(request.body) as { EntityId?: unknown }).EntityId;
      const ofBob = bob !== undefined && [bob.id, bob.name, bob.email].includes(String(entityId));
      return ofBob ? { status: 200, headers: { 'content-type': 'application/x-amz-json-1.1' }, body: '{"Permissions":[]}' } : mock.handle(request);
    };

    const report = await runConformance({ target: createHandlerTarget(handle), fixture: demoFixture, seed, numRuns: 10, resetTarget: () => mock.reset() });

    expect(report.failures.map((finding) => `${finding.check}: ${finding.observed}`)).toEqual([]);
    const warning = report.warnings.find((candidate) => candidate.check === 'stateSequence');
    expect((warning?.input as { operation: string }[]).map((step) => step.operation)).toEqual(['DeleteMailboxPermissions', 'PutMailboxPermissions', 'ListMailboxPermissions']);
    expect(warning?.observed).toMatch(/^200 listing \[\]/);
    expect(warning?.reason).toMatch(/: the List lacks only what a Put of the sequence put, and lists nothing the model does not hold: .*a warning, not a failure of DeleteMailboxPermissions/);
  });
});

describe('the stateful phase against a delete that removes the whole mailbox', () => {
  it.each([1, 2, 3])('still fails the delete where a List after a Put lacks records no Put of the sequence put (seed %i)', async (seed) => {
    const report = await runConformance({ target: createHandlerTarget(handWrittenStateMock(demoFixture, 'wholeMailboxRemoved')), fixture: demoFixture, seed, numRuns: 0, coverage: 'compact', stateSequences: 100 });

    const finding = report.failures.find((candidate) => candidate.check === 'stateSequence');
    expect(finding?.operation).toBe('DeleteMailboxPermissions');
    expect(finding?.reason).not.toMatch(/lacks only what a Put of the sequence put/);
  });
});

describe('the stateful phase against a List that refuses a mailbox once it holds no permission', () => {
  it.each([1, 2, 3])('fails nothing: a List error where the model holds the part empty leaves the rest of the sequence unjudged (seed %i)', async (seed) => {
    // The reference mock, put back before each sequence, with the List of a mock that keeps mailboxes only in its permission map.
    const mock = createWorkMailMock({ fixture: demoFixture });
    const handle: HttpHandle = (request) => {
      const answer = mock.handle(request);
      const empty = request.headers['x-amz-target'] === 'WorkMailService.ListMailboxPermissions' && answer.status === 200 && (JSON.parse(answer.body) as { Permissions: unknown[] }).Permissions.length === 0;
      return empty ? encodeAwsJsonError('EntityNotFoundException', 400, 'No mailbox permissions for this entity') : answer;
    };

    const report = await runConformance({ target: createHandlerTarget(handle), fixture: demoFixture, seed, numRuns: 0, coverage: 'compact', stateSequences: 200, resetTarget: () => mock.reset() });

    expect(report.failures).toEqual([]);
    for (const tally of sequenceTallies(report)) expect(tally.passed, tally.operation).toBeGreaterThan(100);
  });
});

describe('the stateful phase where a target serves no Put or List', () => {
  /** The reference mock without some operations, as a mock that serves only the deletes answers them. */
  const without = (hidden: RegExp): HttpHandle => {
    const mock = createWorkMailMock({ fixture: demoFixture });
    return (request) => (hidden.test(request.headers['x-amz-target'] ?? '') ? encodeAwsJsonError('UnknownOperationException', 400, 'Unknown operation') : mock.handle(request));
  };

  it('says "not checked" for the kind whose Put is not served, and still judges the other kind', async () => {
    const report = await runConformance({ target: createHandlerTarget(without(/\.Put/)), fixture: demoFixture, seed: 3, numRuns: 5 });

    expect(report.summary.conformant).toBe(true);
    const [permissions, tokens] = ['DeleteMailboxPermissions', 'DeletePersonalAccessToken'].map((name) => sequenceTallies(report).find((tally) => tally.operation === name));
    expect(permissions?.notChecked).toMatch(/^the target serves no PutMailboxPermissions \(answered 400 UnknownOperationException/);
    expect(permissions?.passed).toBe(0);
    expect(tokens?.notChecked).toBeUndefined();
    expect(tokens?.passed).toBeGreaterThan(0);
    expect(reporters.console(report)).toContain('stateSequence             not checked: the target serves no PutMailboxPermissions');
    expect(JSON.parse(reporters.json(report)).operations.find((operation: { operation: string }) => operation.operation === 'DeleteMailboxPermissions').checks.find((tally: { name: string }) => tally.name === 'stateSequence').notChecked).toMatch(/^the target serves no PutMailboxPermissions/);
    expect(reporters.junit(report)).toMatch(/<testcase classname="DeleteMailboxPermissions" name="stateSequence">\s*<skipped message="not checked: the target serves no PutMailboxPermissions/);
    expect(sequenceKinds(report)['DeleteMailboxPermissions deleteThenPutThenList']).toBe(0);
    expect(report.contractCoverage[0]?.items.find((item) => item.name === 'deleteThenPutThenList')?.notExercised).toMatch(/^the target serves no PutMailboxPermissions/);
  });

  it('says "not checked" for every operation on a target that serves no List, and fails nothing', async () => {
    const report = await runConformance({ target: createHandlerTarget(without(/\.List/)), fixture: demoFixture, seed: 3, numRuns: 5 });

    expect(report.summary.conformant).toBe(true);
    expect(sequenceTallies(report).map((tally) => [tally.passed, tally.notChecked])).toEqual([
      [0, expect.stringMatching(/^the target serves no ListMailboxPermissions/)],
      [0, expect.stringMatching(/^the target serves no ListPersonalAccessTokens/)],
    ]);
    expect(reporters.junit(report)).toMatch(/name="stateSequence">\s*<skipped message="not checked: the target serves no ListPersonalAccessTokens/);
  });

  it('says "not checked" without a fixture and when turned off, and names the option of a bad count', async () => {
    const mock = createWorkMailMock({ fixture: demoFixture });
    const noFixture = await runConformance({ target: createHandlerTarget(mock.handle), seed: 3, numRuns: 2 });
    expect(sequenceTallies(noFixture).map((tally) => tally.notChecked)).toEqual(['no fixture: what the target holds is not known', 'no fixture: what the target holds is not known']);

    const off = await runConformance({ target: createHandlerTarget(mock.handle), fixture: demoFixture, seed: 3, numRuns: 2, stateSequences: 0 });
    expect(sequenceTallies(off).map((tally) => tally.notChecked)).toEqual(['turned off (--state-sequences 0)', 'turned off (--state-sequences 0)']);
    // The verdict names a phase that could not judge, not one the user turned off.
    expect(noFixture.summary.sequencesNotJudged).toEqual(['DeleteMailboxPermissions', 'DeletePersonalAccessToken']);
    expect(off.summary.sequencesNotJudged).toBeUndefined();
    expect(reporters.console(off)).toMatch(/\nCONFORMANT: no failures · /);

    // A fixture whose every entity is DISABLED: no put to probe with, said as such (not "the target serves no Put").
    const disabled = { organizations: demoFixture.organizations.map((organization) => ({ ...organization, entities: organization.entities.map((entity) => ({ ...entity, state: 'DISABLED' as const })) })) };
    const noProbe = await runConformance({ target: createHandlerTarget(createWorkMailMock({ fixture: disabled }).handle), fixture: disabled, seed: 3, numRuns: 2, operations: ['DeleteMailboxPermissions'] });
    expect(sequenceTallies(noProbe).map((tally) => tally.notChecked)).toEqual(['the fixture holds no mailboxPermission to probe PutMailboxPermissions with (in an organization listed in full, between entities in state ENABLED)']);

    await expect(runConformance({ target: createHandlerTarget(mock.handle), fixture: demoFixture, stateSequences: -1 })).rejects.toThrow('runConformance: stateSequences: expected a whole number from 0 to 100000, got -1');
  });
});

describe('the stateful phase against a target that stops answering', () => {
  it('stops sending after a few requests without an answer, and the report says the run is incomplete', async () => {
    const mock = createWorkMailMock({ fixture: demoFixture });
    let puts = 0;
    // The probe's Put is answered; every later Put hangs.
    const handle: HttpHandle = (request) => ((request.headers['x-amz-target'] ?? '').endsWith('.PutMailboxPermissions') && (puts += 1) > 1 ? new Promise(() => {}) : mock.handle(request));

    const started = performance.now();
    const report = await runConformance({ target: createHandlerTarget(handle), fixture: demoFixture, seed: 4, numRuns: 0, coverage: 'compact', timeoutMs: 50, resetTarget: () => mock.reset() });

    expect(report.failures).toEqual([]);
    expect(report.summary.incomplete).toBe('the target did not answer 3 requests of the stateful phase within 50 ms; the phase stopped sending');
    // The probe's put of other values, its put back and its put of a new record hang too, then three in the sequences.
    expect(puts).toBe(7);
    expect(performance.now() - started).toBeLessThan(5_000);
  });
});

describe('stateful paths', () => {
  it('reads and writes the path of a sequence, and names the flag when it is malformed', () => {
    expect(parseCasePath('DeleteMailboxPermissions.stateful:7')).toEqual({ operation: 'DeleteMailboxPermissions', source: 'stateful', fastCheckPath: '7' });
    const shrunk = { operation: 'DeleteMailboxPermissions', source: 'stateful', fastCheckPath: '7:1:0', replayPath: 'BDD:F+/' } as const;
    expect(parseCasePath('DeleteMailboxPermissions.stateful:7:1:0@BDD:F+/')).toEqual(shrunk);
    expect(formatCasePath(shrunk)).toBe('DeleteMailboxPermissions.stateful:7:1:0@BDD:F+/');
    // Shrink steps without the replay path cannot be walked: fast-check would draw another sequence in this one's name.
    expect(() => parseCasePath('DeleteMailboxPermissions.stateful:7:1')).toThrow("--path: a shrunk stateful path ('7:1') needs the replay path the report gives after it ('DeleteMailboxPermissions.stateful:7:1@…'): copy the reproduce line whole");
    expect(() => parseCasePath('DeletePersonalAccessToken.invalid:7:1@BDD:F')).toThrow("--path: only a stateful path has a replay path after '@', got 'DeletePersonalAccessToken.invalid:7:1@BDD:F'");
    expect(() => parseCasePath('DeleteMailboxPermissions.stateful:7:1@B!D:F')).toThrow("--path: 'DeleteMailboxPermissions.stateful:7:1@B!D:F' is not a case path");
  });
});
