import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gzipSync } from 'node:zlib';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createWorkMailMock } from '../../src/mock/create-work-mail-mock.ts';
import { demoFixture, demoIds } from '../../src/mock/demo-fixture.ts';
import { startMockServer } from '../../src/mock/start-mock-server.ts';
import { canonicalJson } from '../../src/record/canonical-json.ts';
import { createRecorder } from '../../src/record/create-recorder.ts';
import { loadRecording } from '../../src/record/load-recording.ts';
import { runConformance } from '../../src/runner/run-conformance.ts';
import { createHandlerTarget } from '../../src/target/handler-target.ts';
import { createRecordingHandle } from '../../src/record/recording-handle.ts';
import type { RecordedExchange, RecordingHeader } from '../../src/record/recording-schema.ts';
import { createScrubber } from '../../src/report/scrub-secrets.ts';
import { findOperationSpec, loadCommonErrors, loadOperationSpecs } from '../../src/spec/load-spec.ts';
import { replayRecording } from '../../src/record/replay-recording.ts';
import { transientErrorTypes } from '../../src/live/transient-errors.ts';
import { buildAwsJsonRequest, encodeAwsJsonError } from '../../src/wire/aws-json.ts';
import { runMain, spawnCli, startCli } from '../cli/helpers/cli-runners.ts';
import { startStandIn, type StandIn } from '../live/helpers/stand-in-server.ts';
import { handWrittenStateMock } from '../broken-mocks/hand-written-state-mocks.ts';

const directory = mkdtempSync(join(tmpdir(), 'wmc-record-'));
const recordFile = join(directory, 'mock.ndjson');
let standIn: StandIn | undefined;
let recorded = false;

afterEach(async () => {
  await standIn?.close();
  standIn = undefined;
});

/** The demo organizations as a fixture file, written once. */
function demoFixtureFile(): string {
  const file = join(directory, 'demo-fixture.json');
  writeFileSync(file, JSON.stringify(demoFixture));
  return file;
}

/** A recording's text from its lines before the end line and the end line, with the sha256 a kit writes there (its last member). */
function sealed(before: readonly string[], end: Record<string, unknown>): string {
  const { sha256: _written, ...unsealed } = end;
  const endText = JSON.stringify(unsealed);
  const text = `${before.join('\n')}\n`;
  return `${text}${endText.slice(0, -1)},"sha256":"${createHash('sha256').update(`${text}${endText}\n`).digest('hex')}"}\n`;
}

/** Whether a recording's line is an exchange (a case judged), not the header, a request that is no case, or the end line. */
const isExchangeLine = (line: string) => line.startsWith('{"type":"exchange"');

/** A recording's first lines, up to and with its `count`th exchange line (requests that are no case come between). */
function linesThroughExchange(lines: readonly string[], count: number): string[] {
  let seen = 0;
  const end = lines.findIndex((line) => isExchangeLine(line) && ++seen === count);
  if (end === -1) throw new Error(`the recording holds fewer than ${count} exchanges`);
  return lines.slice(0, end + 1);
}

/** A recording of a run against the embedded reference mock, made once. */
async function recordingOfTheMock(): Promise<string> {
  if (!recorded) {
    const result = await runMain(['run', '--record', recordFile, '--num-runs', '5', '--seed', '3'], { awsSettings: false });
    expect(result.code).toBe(0);
    recorded = true;
  }
  return recordFile;
}

/** A recording of a conformant run (5 runs, seed 3, no stateful phase) against a mock served over HTTP, in a file of that name. */
async function recordingOf(mock: Parameters<typeof startMockServer>[0]['mock'], name: string): Promise<string> {
  const server = await startMockServer({ mock });
  const file = join(directory, name);
  try {
    const recorded = await runMain(['run', '--endpoint', server.url, '--fixture', demoFixtureFile(), '--record', file, '--num-runs', '5', '--seed', '3', '--state-sequences', '0'], { awsSettings: false });
    expect(recorded.code).toBe(0);
  } finally {
    await server.close();
  }
  return file;
}

describe('recording and replay', () => {
  it('writes one header line and one line per exchange with operation, input, answer, latency, label and verdict', async () => {
    const recording = loadRecording(await recordingOfTheMock());

    expect(recording.header.fixture?.organizations.map((organization) => organization.id)).toContain(demoIds.organizationId);
    expect(recording.exchanges.length).toBeGreaterThan(100);
    const invalid = recording.exchanges.find(({ exchange }) => exchange.violation !== null)?.exchange;
    expect(invalid?.observation).toMatchObject({ kind: 'response', status: 400 });
    expect(invalid?.verdict).toEqual({ failed: [], warned: [] });
    expect(recording.exchanges.some(({ exchange }) => exchange.rawBody !== undefined)).toBe(true);
  });

  it('reads a recording a chunk at a time, never whole: the same whatever the chunk size, a CRLF checkout and a byte order mark included; checked only, it keeps counts and no exchange (trialW #7)', async () => {
    const text = readFileSync(await recordingOfTheMock(), 'utf8');
    const crlf = join(directory, 'crlf-bom.ndjson');
    writeFileSync(crlf, `\ufeff${text.replaceAll('\n', '\r\n')}`);
    const whole = loadRecording(recordFile);

    for (const file of [recordFile, crlf]) {
      for (const chunkBytes of [13, 64, 4096]) expect({ ...loadRecording(file, { chunkBytes }), file: recordFile }).toEqual(whole);
    }
    const checked = loadRecording(recordFile, { keepExchanges: false, chunkBytes: 13 });
    expect(checked.exchanges).toEqual([]);
    expect(checked.exchangeCount).toBe(whole.exchanges.length);
    expect(checked.requests).toBe(whole.requests);
    expect(checked.end).toEqual(whole.end);
  });

  it('describes its run in the header (format, settings, spec provenance) and ends with a line counting its exchanges, with the verdict', async () => {
    const recording = loadRecording(await recordingOfTheMock());

    expect(recording.header.format).toBe(4);
    // The rules themselves, whole, for a reader without the kit or the documentation page.
    // Their `$schema`, a path beside the spec file, is left out: it means nothing in a recording (trialS #9).
    const { $schema: _commonPath, ...commonErrors } = loadCommonErrors();
    expect(JSON.parse(JSON.stringify(recording.header.rules))).toEqual(JSON.parse(JSON.stringify({ operations: loadOperationSpecs().map(({ $schema: _path, ...spec }) => spec), commonErrors })));
    expect(JSON.stringify(recording.header.rules)).not.toContain('$schema');
    expect(recording.header.settings).toMatchObject({ operations: ['DeleteMailboxPermissions', 'DeletePersonalAccessToken'], profile: 'documented', coverage: 'full', numRuns: 5, transport: 'in-process', node: process.version });
    // What responseTime and deleteEffect's verdicts depend on, for a reader years later (trialL #11): the defaults, and what was given.
    expect(recording.header.settings).toMatchObject({ timeoutMs: 10_000, concurrency: 8 });
    expect(recording.header.settings).not.toHaveProperty('settleMs');
    const given = join(directory, 'given-settings.ndjson');
    const run = await runMain(['run', '--record', given, '--num-runs', '1', '--seed', '3', '--timeout', '2000', '--concurrency', '2', '--settle-ms', '0', '--state-sequences', '3', '--state-sequence-steps', '4'], { awsSettings: false });
    expect(run.code).toBe(0);
    expect(loadRecording(given).header.settings).toMatchObject({ timeoutMs: 2000, concurrency: 2, settleMs: 0, stateSequences: 3, stateSequenceSteps: 4 });
    expect(recording.header.settings?.specs.map((spec) => spec.documentation)).toEqual([
      'https://docs.aws.amazon.com/workmail/latest/APIReference/API_DeleteMailboxPermissions.html',
      'https://docs.aws.amazon.com/workmail/latest/APIReference/API_DeletePersonalAccessToken.html',
    ]);
    expect(recording.end).toMatchObject({ type: 'end', exchanges: recording.exchanges.length, summary: { conformant: true } });
    expect(recording.end?.incomplete).toBeUndefined();
    expect(recording.end?.openPointFindings.length).toBeGreaterThan(0);
  });

  it("keeps each request that is no case as a request line with its answer: the start's reads, the reads that show what a delete did, the stateful phase's steps", async () => {
    const lines = readFileSync(await recordingOfTheMock(), 'utf8').trimEnd().split('\n').map((line) => JSON.parse(line) as Record<string, unknown>);
    type Line = { type: string; role?: string; operation: string; path?: string; after?: string; input: Record<string, string>; observation?: { status: number; body: string } };
    const requests = (lines as Line[]).filter((line) => line.type === 'request');
    expect(lines.at(-1)).toMatchObject({ type: 'end', requests: requests.length });
    expect(lines[1]).toMatchObject({ type: 'request', role: 'read', operation: 'ListMailboxPermissions', input: { OrganizationId: demoIds.organizationId } });
    expect(new Set(requests.filter((line) => line.role === 'step').map((line) => line.operation))).toEqual(new Set(['DeleteMailboxPermissions', 'DeletePersonalAccessToken', 'PutMailboxPermissions']));
    // A delete the mock answered 200 that removed a permission: a read before it lists the grantee, the read after it does not.
    const listsGrantee = (line: Line, entityId: string, granteeId: string) =>
      line.operation === 'ListMailboxPermissions' && line.input['EntityId'] === entityId && line.observation?.status === 200 && line.observation.body.includes(`"GranteeId":"${granteeId}"`);
    const realDelete = (lines as Line[]).findIndex((line, index) => {
      if (line.type !== 'exchange' || line.operation !== 'DeleteMailboxPermissions' || line.observation?.status !== 200) return false;
      const { EntityId: entityId = '', GranteeId: granteeId = '' } = line.input;
      const reads = (lines as Line[]).slice(0, index).filter((other) => other.type === 'request' && other.operation === 'ListMailboxPermissions' && other.input['EntityId'] === entityId);
      // The read that shows the delete names the case it follows: the exchange line, written once judged, comes after it.
      return reads.length >= 2 && listsGrantee(reads.at(-2) as Line, entityId, granteeId) && !listsGrantee(reads.at(-1) as Line, entityId, granteeId) && reads.at(-1)?.after === line.path;
    });
    expect(realDelete).toBeGreaterThan(0);
    // Every read that names a case names one the recording holds, and comes before that case's exchange line.
    const exchangeLineOf = new Map((lines as Line[]).flatMap((line, index) => (line.type === 'exchange' ? [[line.path, index] as const] : [])));
    const tied = (lines as Line[]).flatMap((line, index) => (line.type === 'request' && line.after !== undefined ? [[line.after, index] as const] : []));
    expect(tied.length).toBeGreaterThan(100);
    for (const [after, index] of tied) expect(exchangeLineOf.get(after), after).toBeGreaterThan(index);
  });

  it("ends with which rules broke and their findings, the stateful phase's too, and keeps a run's limits in the header (trialS #1, #8)", async () => {
    const file = join(directory, 'broken.ndjson');
    // A hand-written mock whose delete of a mailbox permission removes the whole mailbox's: deleteEffect and stateSequence break.
    const target = createHandlerTarget(handWrittenStateMock(demoFixture, 'wholeMailboxRemoved'));
    const recorder = createRecorder(file, { type: 'run', tool: 'workmail-conformance', version: '0.1.0', target: 'greedy', startedAt: new Date().toISOString(), seed: 4, fixture: demoFixture }, []);
    const report = await runConformance({ target, fixture: demoFixture, seed: 4, numRuns: 5, reproduce: { kitArgs: ['--seed', '4'], endpointUrl: undefined, region: undefined }, onEvent: recorder.onEvent });
    recorder.end(report);
    recorder.close();

    const end = loadRecording(file).end;
    const failures = (end?.failures ?? []) as { check: string; expected: string; observed: string; reproduce: { kit: string } }[];
    expect(new Set(failures.map((failure) => failure.check))).toEqual(new Set(report.failures.map((failure) => failure.check)));
    expect(failures.map((failure) => failure.check)).toContain('stateSequence');
    expect(failures.every((failure) => failure.expected !== '' && failure.observed !== '' && failure.reproduce.kit.includes('--path'))).toBe(true);
    expect(end?.operations).toEqual(JSON.parse(JSON.stringify(report.operations)));

    const limited = join(directory, 'limited.ndjson');
    const run = await runMain(['run', '--record', limited, '--num-runs', '1', '--seed', '3', '--max-rps', '5000', '--max-requests', '100000', '--retries', '1'], { awsSettings: false });
    expect(run.code).toBe(0);
    expect(loadRecording(limited).header.settings).toMatchObject({ maxRps: 5000, maxRequests: 100_000, retries: 1 });
  });

  it('a run against a served recording judges what it holds, and stops at the first case it does not hold, blaming no one for it (trialS #6)', async () => {
    const recording = loadRecording(await recordingOfTheMock());
    const served = () => createHandlerTarget(createRecordingHandle(recording));
    const fixture = recording.header.fixture ?? undefined;

    const same = await runConformance({ target: served(), ...(fixture === undefined ? {} : { fixture }), seed: 3, numRuns: 5 });
    const other = await runConformance({ target: served(), ...(fixture === undefined ? {} : { fixture }), seed: 99, numRuns: 5 });

    // Nothing judged blames the recorded target for the recording's gaps (299 false failures before).
    for (const report of [same, other]) expect(report.failures.filter((finding) => finding.observed.includes('NotInRecordingException'))).toEqual([]);
    expect(same.summary.incomplete).toBeUndefined();
    expect(same.summary.cases).toBeGreaterThan(500);
    expect(other.summary.incomplete).toMatch(/^the target is a recording \(serve --from-recording\) that holds no answer for Delete\w+\.(valid|invalid):\d+(:\d+)*: a run against a recording sends the recorded run's cases only with that run's seed and settings/);
    expect(other.summary.conformant).toBe(false);
  });

  it('marks an exchange whose answer only asked to try again as judged by no check, not as passed', async () => {
    const file = join(directory, 'throttled.ndjson');
    const mock = createWorkMailMock({ fixture: demoFixture });
    let throttled = 0;
    const target = createHandlerTarget((request) => {
      if (throttled < 3 && request.headers['x-amz-target'] === 'WorkMailService.DeletePersonalAccessToken') {
        throttled += 1;
        return encodeAwsJsonError('ThrottlingException', 400, 'Rate exceeded');
      }
      return mock.handle(request);
    });
    const recorder = createRecorder(file, { type: 'run', tool: 'workmail-conformance', version: '0.1.0', target: 'throttling', startedAt: new Date().toISOString(), seed: 1, fixture: demoFixture }, []);
    const report = await runConformance({ target, fixture: demoFixture, seed: 1, numRuns: 5, stateSequences: 0, onEvent: recorder.onEvent });
    recorder.end(report);
    recorder.close();

    const notJudged = loadRecording(file).exchanges.filter(({ exchange }) => exchange.verdict.notJudged !== undefined);

    expect(notJudged).toHaveLength(3);
    expect(notJudged[0]?.exchange.verdict).toEqual({ failed: [], warned: [], notJudged: 'a transient answer (ThrottlingException)' });
  });

  it('refuses, with exit 2, a recording with no end line (a run killed, a file cut at a line), unless --allow-incomplete', async () => {
    const lines = readFileSync(await recordingOfTheMock(), 'utf8').split('\n');
    const cut = join(directory, 'cut.ndjson');
    const kept = linesThroughExchange(lines, 39);
    writeFileSync(cut, `${kept.join('\n')}\n`);
    const headerOnly = join(directory, 'header-only.ndjson');
    writeFileSync(headerOnly, `${lines[0]}\n`);

    const refused = await runMain(['replay', cut], { awsSettings: false });
    const allowed = await runMain(['replay', cut, '--allow-incomplete'], { awsSettings: false });
    const empty = await runMain(['replay', headerOnly, '--allow-incomplete'], { awsSettings: false });

    expect(refused.code).toBe(2);
    expect(refused.stderr).toBe(
      `workmail-conformance: ${cut}: has no end line: the run that wrote it ended before its report (killed), or the file was cut after line ${kept.length}; give --allow-incomplete to replay the 39 exchange(s) it holds\n`,
    );
    expect(allowed.code).toBe(0);
    expect(allowed.stdout).toContain(`note: ${cut} has no end line (--allow-incomplete): it may hold only part of its run, and no digest to tell a line changed since it was written\n`);
    expect(allowed.stdout).toContain('SAME: 0 of 39 outcome(s) differ from the recording');
    expect(empty.code).toBe(1);
    expect(empty.stdout).toContain(`NOTHING COMPARED: ${headerOnly} holds no exchange to replay`);
    // Cut after a read that follows its last exchange: the line named is where the file ends, not the last exchange's.
    const afterRead = join(directory, 'cut-after-read.ndjson');
    const throughRead = lines.slice(0, lines.findIndex((line, index) => index > kept.length && line.startsWith('{"type":"request"')) + 1);
    writeFileSync(afterRead, `${throughRead.join('\n')}\n`);
    expect((await runMain(['replay', afterRead], { awsSettings: false })).stderr).toContain(`or the file was cut after line ${throughRead.length}; give --allow-incomplete`);
  });

  it('is served (serve --from-recording) only whole, as replay takes it: one with no end line needs --allow-incomplete', async () => {
    const lines = readFileSync(await recordingOfTheMock(), 'utf8').split('\n');
    const cut = join(directory, 'cut-served.ndjson');
    const kept = linesThroughExchange(lines, 39);
    writeFileSync(cut, `${kept.join('\n')}\n`);

    const refused = await runMain(['serve', '--port', '0', '--from-recording', cut], { awsSettings: false });
    const misplaced = await runMain(['serve', '--port', '0', '--allow-incomplete'], { awsSettings: false });

    expect(refused.code).toBe(2);
    expect(refused.stderr).toBe(
      `workmail-conformance: ${cut}: has no end line: the run that wrote it ended before its report (killed), or the file was cut after line ${kept.length}; give --allow-incomplete to serve the 39 exchange(s) it holds\n`,
    );
    expect(misplaced.code).toBe(2);
    expect(misplaced.stderr).toBe('workmail-conformance: --allow-incomplete: applies to --from-recording only, which was not given\n');
    const allowed = startCli(['serve', '--port', '0', '--from-recording', cut, '--allow-incomplete'], { awsSettings: false });
    await expect.poll(() => allowed.printed().stdout, { timeout: 10_000 }).toMatch(/^listening on http:\/\/127\.0\.0\.1:\d+\n/);
    allowed.child.kill('SIGTERM');
    expect((await allowed.done).code).toBe(0);
  });

  it('says a replay compares answers only, not what deletes did, and that the recorded run itself broke rules where it did (trialL #3)', async () => {
    // A mock whose DeleteMailboxPermissions answers 200 and deletes nothing: deleteEffect fails, and every answer is as the
    // reference mock's.
    const file = join(directory, 'keeps-permissions.ndjson');
    const mock = createWorkMailMock({ fixture: demoFixture });
    const answersDeletes = createWorkMailMock({ fixture: demoFixture });
    const keeps = createHandlerTarget((request) => (request.headers['x-amz-target'] === 'WorkMailService.DeleteMailboxPermissions' ? answersDeletes : mock).handle(request));
    const recorder = createRecorder(file, { type: 'run', format: 1, tool: 'workmail-conformance', version: '0.1.0', target: 'keeps permissions', startedAt: new Date().toISOString(), seed: 1, fixture: demoFixture }, []);
    const recorded = await runConformance({ target: keeps, fixture: demoFixture, seed: 1, numRuns: 5, stateSequences: 0, operations: ['DeleteMailboxPermissions'], onEvent: recorder.onEvent });
    recorder.end(recorded);
    recorder.close();
    expect(recorded.summary.failedChecks).toBeGreaterThan(0);

    const replayed = await runMain(['replay', file], { awsSettings: false });
    const clean = await runMain(['replay', await recordingOfTheMock()], { awsSettings: false });

    expect(replayed.stdout).toContain(`note: the recorded run itself broke ${recorded.summary.failedChecks} rule(s) (its report lists them): SAME says the target answers as that run's target did, failures included\n`);
    expect(replayed.stdout).toContain("note: a replay compares each answer's status and error type, not its body or headers: a delete that deletes nothing answers as one that does; `run --endpoint` checks what a target's deletes did and the shape of its answers\n");
    expect(clean.stdout).not.toContain('the recorded run itself broke');
    expect(clean.stdout).toContain("note: a replay compares each answer's status and error type");
  });

  it('reads again, after each case, what the recorded run read of what it did: a delete that deletes nothing differs, where every answer is the same', async () => {
    const file = await recordingOfTheMock();
    // A server whose DeleteMailboxPermissions answers as the reference mock does, from a copy of the demo organizations
    // that nothing else changes: its deletes delete nothing any List shows.
    // Each replay against a server of its own: a replay changes what the server holds.
    const keepsPermissions = () => {
      const mock = createWorkMailMock({ fixture: demoFixture });
      const answersDeletes = createWorkMailMock({ fixture: demoFixture });
      return startMockServer({ mock: { ...mock, handle: (request) => (request.headers['x-amz-target'] === 'WorkMailService.DeleteMailboxPermissions' ? answersDeletes : mock).handle(request) } });
    };
    const keeps = await keepsPermissions();
    const keepsAgain = await keepsPermissions();
    const faithful = await startMockServer({ mock: createWorkMailMock({ fixture: demoFixture }) });
    const jsonFile = join(directory, 'replay-reads.json');

    try {
      const same = await runMain(['replay', file, '--endpoint', faithful.url]);
      const kept = await runMain(['replay', file, '--endpoint', keeps.url, '--reporter', 'json', '--output', jsonFile]);
      const keptConsole = await runMain(['replay', file, '--endpoint', keepsAgain.url]);

      expect(same.code).toBe(0);
      expect(same.stdout).toMatch(/SAME: 0 of \d+ outcome\(s\) differ from the recording; 0 of \d+ read\(s\) of what a case did list otherwise\n$/);
      expect(same.stdout).toContain("note: a replay compares each answer's status and error type, not its body or headers, and, after each case whose effect the recorded run read, the records a read of the same parts lists (");
      expect(kept.code).toBe(1);
      const report = JSON.parse(readFileSync(jsonFile, 'utf8')) as { verdict: string; totals: { differ: number; readsCompared: number; readsDiffer: number }; result: { reads: { differences: { operation: string; after: string; recorded: string; replayed: string }[] } } };
      expect(report.verdict).toBe('different');
      expect(report.totals.readsDiffer).toBeGreaterThan(0);
      const [first] = report.result.reads.differences;
      expect(first?.operation).toBe('ListMailboxPermissions');
      expect(first?.after).toMatch(/^DeleteMailboxPermissions\./);
      expect(first?.recorded).not.toBe(first?.replayed);
      expect(keptConsole.stdout).toMatch(/\n  \S+:\d+ ListMailboxPermissions after DeleteMailboxPermissions\.\S+: recorded listing \[.*\], now listing \[.*\]: the case did otherwise than the recorded one\n/);
      expect(keptConsole.stdout).toMatch(/DIFFERENT: \d+ of \d+ outcome\(s\) differ from the recording.*; [1-9]\d* of \d+ read\(s\) of what a case did list otherwise\n$/);
      // Every read that lists otherwise is one of mailbox permissions: the token deletes did as recorded.
      expect(report.result.reads.differences.every((read) => read.operation === 'ListMailboxPermissions')).toBe(true);
      // A conformant target whose Lists show a change only 50 ms after it: each read that differs is read again, within the
      // recorded run's settle window, as a run reads it.
      const now = createWorkMailMock({ fixture: demoFixture });
      const later = createWorkMailMock({ fixture: demoFixture });
      const lagging = await startMockServer({
        mock: {
          ...now,
          handle: (request) => {
            const operation = (request.headers['x-amz-target'] ?? '').replace('WorkMailService.', '');
            if (operation.startsWith('List')) return later.handle(request);
            if (operation.startsWith('Delete') || operation.startsWith('Put')) setTimeout(() => void later.handle(request), 50);
            return now.handle(request);
          },
        },
      });
      const lagJson = join(directory, 'replay-lagging.json');
      try {
        await runMain(['replay', file, '--endpoint', lagging.url, '--reporter', 'json', '--output', lagJson]);
      } finally {
        await lagging.close();
      }
      const lagged = JSON.parse(readFileSync(lagJson, 'utf8')) as { totals: { differ: number; readsCompared: number; readsDiffer: number } };
      expect(lagged.totals).toMatchObject({ differ: 0, readsDiffer: 0 });
      expect(lagged.totals.readsCompared).toBeGreaterThan(100);
    } finally {
      await keeps.close();
      await keepsAgain.close();
      await faithful.close();
    }
  });

  it('refuses, exit 2 and one line naming the end line, a recording changed after it was written: lines moved or doubled, a verdict, a body or the end line edited', async () => {
    const file = await recordingOfTheMock();
    const lines = readFileSync(file, 'utf8').trimEnd().split('\n');
    // The exchanges, and the requests that are no case (the reads) between them.
    const middle = lines.slice(1, -1);
    const exchangeLines = middle.filter(isExchangeLine);
    const firstExchange = middle.findIndex(isExchangeLine);
    const end = lines.at(-1) ?? '';
    const changed = {
      moved: [lines[0], middle[1], middle[0], ...middle.slice(2), end],
      doubled: [lines[0], middle[0], middle[0], ...middle.slice(2), end],
      verdictEdited: [lines[0], ...middle.map((line, index) => (index === firstExchange ? line.replace('"failed":[]', '"failed":["statusCodeConformance"]') : line)), end],
      bodyEdited: [lines[0], ...middle.map((line) => line.replace('EntityStateException', 'OrganizationNotFoundException')), end],
      // A read's answer edited: what it showed of a delete is as sealed as the verdicts.
      readEdited: [lines[0], ...middle.map((line, index) => (index === 0 ? line.replace('"status":200', '"status":404') : line)), end],
      verdictOfRunEdited: [lines[0], ...middle, end.replace('"conformant":true', '"conformant":false')],
      hashRemoved: [lines[0], ...middle, end.replace(/,"sha256":"[0-9a-f]{64}"/, '')],
    };
    expect(middle[0]).toMatch(/^\{"type":"request","at":"[^"]+","role":"read","operation":"ListMailboxPermissions"/);
    expect(changed.readEdited[1]).not.toBe(middle[0]);
    expect(changed.verdictEdited[firstExchange + 1]).not.toBe(exchangeLines[0]);
    expect(changed.bodyEdited.join('\n')).not.toBe(lines.join('\n'));
    expect(changed.verdictOfRunEdited.at(-1)).not.toBe(end);

    for (const [name, content] of Object.entries(changed)) {
      const path = join(directory, `changed-${name}.ndjson`);
      writeFileSync(path, `${content.join('\n')}\n`);
      const result = await runMain(['replay', path], { awsSettings: false });
      expect(result.code, name).toBe(2);
      expect(result.stderr, name).toMatch(
        name === 'hashRemoved'
          ? new RegExp(`^workmail-conformance: ${path}:${lines.length}: the end line has no sha256, which recording format 4 always writes: the file was changed after it was written\n$`)
          : new RegExp(`^workmail-conformance: ${path}:${lines.length}: the file is not as it was written \\(the SHA-256 of its lines, this end line's own included, differs from the sha256 this end line holds\\): a line was edited, moved, added or left out\n$`),
      );
    }
    // A byte order mark an editor added, or the CRLF line ends of a checkout with git's core.autocrlf, change no line.
    const withBom = join(directory, 'with-bom.ndjson');
    writeFileSync(withBom, `\ufeff${readFileSync(file, 'utf8')}`);
    expect(loadRecording(withBom).exchanges).toHaveLength(exchangeLines.length);
    const withCrlf = join(directory, 'with-crlf.ndjson');
    writeFileSync(withCrlf, readFileSync(file, 'utf8').replaceAll('\n', '\r\n'));
    expect(loadRecording(withCrlf).exchanges).toHaveLength(exchangeLines.length);
  });

  it('reads a format 2 recording, whose sha256 covers the lines before its end line only, as a later kit reads every earlier format', async () => {
    const lines = readFileSync(await recordingOfTheMock(), 'utf8').trimEnd().split('\n');
    const header = { ...(JSON.parse(lines[0] ?? '{}') as Record<string, unknown>), format: 2 };
    const { sha256: _written, ...end } = JSON.parse(lines.at(-1) ?? '{}') as Record<string, unknown>;
    const before = `${[JSON.stringify(header), ...lines.slice(1, -1)].join('\n')}\n`;
    const formatTwo = join(directory, 'format-2.ndjson');
    writeFileSync(formatTwo, `${before}${JSON.stringify({ ...end, sha256: createHash('sha256').update(before).digest('hex') })}\n`);

    expect(loadRecording(formatTwo).exchanges).toHaveLength(lines.filter(isExchangeLine).length);
    // Its lines are held to that digest all the same.
    writeFileSync(formatTwo, `${before.replace('"failed":[]', '"failed":["statusCodeConformance"]')}${JSON.stringify({ ...end, sha256: createHash('sha256').update(before).digest('hex') })}\n`);
    expect(() => loadRecording(formatTwo)).toThrow(/the file is not as it was written/);
  });

  it('names the file and line of an operation it does not know, before it sends anything', async () => {
    const lines = readFileSync(await recordingOfTheMock(), 'utf8').trimEnd().split('\n');
    const unknown = join(directory, 'unknown-operation.ndjson');
    const middle = lines.slice(1, -1);
    const third = middle.findIndex((line) => isExchangeLine(line) && middle.filter(isExchangeLine).indexOf(line) === 2);
    writeFileSync(unknown, sealed([lines[0] ?? '', ...middle.map((line, index) => (index === third ? line.replace(/"operation":"\w+"/, '"operation":"DeleteAlias"') : line))], JSON.parse(lines.at(-1) ?? '{}') as Record<string, unknown>));

    const result = await runMain(['replay', unknown], { awsSettings: false });

    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(new RegExp(`^workmail-conformance: ${unknown}:${third + 2}: operation: unknown operation 'DeleteAlias' \\(known: `));
  });

  it('leaves out a last line cut in the middle of being written (a full disk), and replays the rest with --allow-incomplete', async () => {
    const lines = readFileSync(await recordingOfTheMock(), 'utf8').split('\n');
    const cut = join(directory, 'cut-mid-line.ndjson');
    // Whole lines through the 39th exchange, then half of the next line and no newline: what a write that ran out of disk leaves.
    const kept = linesThroughExchange(lines, 39);
    writeFileSync(cut, `${kept.join('\n')}\n${(lines[kept.length] ?? '').slice(0, 60)}`);

    const refused = await runMain(['replay', cut], { awsSettings: false });
    const allowed = await runMain(['replay', cut, '--allow-incomplete'], { awsSettings: false });

    expect(loadRecording(cut)).toMatchObject({ cutLine: kept.length + 1, end: undefined });
    expect(refused.code).toBe(2);
    expect(refused.stderr).toBe(
      `workmail-conformance: ${cut}: has no end line: it was cut in the middle of line ${kept.length + 1} (a full disk, a run killed while writing, a copy in part), which is left out; give --allow-incomplete to replay the 39 exchange(s) it holds\n`,
    );
    expect(allowed.code).toBe(0);
    expect(allowed.stdout).toContain('SAME: 0 of 39 outcome(s) differ from the recording');
  });

  it('refuses, with exit 2 and one line, a recording whose lines were lost or joined to another, a JSON document and a gzip file', async () => {
    const file = await recordingOfTheMock();
    const lines = readFileSync(file, 'utf8').trimEnd().split('\n');
    const write = (name: string, content: string | Buffer) => {
      const path = join(directory, name);
      writeFileSync(path, content);
      return path;
    };
    const exchanges = lines.filter(isExchangeLine).length;
    const requests = lines.filter((line) => line.startsWith('{"type":"request"')).length;
    const without = (index: number) => `${[...lines.slice(0, index), ...lines.slice(index + 1)].join('\n')}\n`;
    const cases = [
      { path: write('lost.ndjson', without(lines.findIndex(isExchangeLine))), message: `:${lines.length - 1}: the end line counts ${exchanges} exchange(s), the file holds ${exchanges - 1}: lines were lost or added` },
      { path: write('lost-read.ndjson', without(1)), message: `:${lines.length - 1}: the end line counts ${requests} request(s), the file holds ${requests - 1}: lines were lost or added` },
      { path: write('joined.ndjson', `${[...lines, ...lines.slice(1)].join('\n')}\n`), message: `:${lines.length + 1}: a line after the end line (line ${lines.length}): the file was put together from more than one recording` },
      { path: write('report.json', JSON.stringify({ summary: { conformant: true } }, null, 2)), message: ': is one JSON document, not a recording (one JSON object per line, written by run --record): a report (--reporter json) or a fixture?' },
      { path: write('run.ndjson.gz', gzipSync(readFileSync(file))), message: ': is gzip-compressed: decompress it first (gunzip -k ' },
      // A byte that is no UTF-8 (trialS #5): named with its line, where reading it as text had made it U+FFFD unseen.
      {
        path: write('latin1.ndjson', Buffer.concat([Buffer.from(`${lines.slice(0, 6).join('\n')}\n`), Buffer.from(lines[6] ?? '').subarray(0, 20), Buffer.from([0xff]), Buffer.from(`${(lines[6] ?? '').slice(21)}\n${lines.slice(7).join('\n')}\n`)])),
        message: ':7: not UTF-8 text, as every line the kit writes is: the file was changed after it was written, or is no recording',
      },
    ];

    for (const { path, message } of cases) {
      const result = await runMain(['replay', path], { awsSettings: false });
      expect(result.code, path).toBe(2);
      expect(result.stderr, path).toContain(`workmail-conformance: ${path}${message}`);
      expect(result.stderr.trimEnd().split('\n'), path).toHaveLength(1);
    }
  });

  it('refuses, exit 2, the recording of a run that stopped early (unless --allow-incomplete), of a newer format, and of a destructive run against an endpoint (unless --allow-destructive)', async () => {
    const lines = readFileSync(await recordingOfTheMock(), 'utf8').trimEnd().split('\n');
    const end = JSON.parse(lines.at(-1) ?? '{}') as Record<string, unknown>;
    const header = JSON.parse(lines[0] ?? '{}') as { settings: Record<string, unknown>; format: number };
    // Each as a kit would have written it: the end line's sha256 over the lines before it.
    const write = (name: string, first: unknown, last: Record<string, unknown>) => {
      const path = join(directory, name);
      writeFileSync(path, sealed([JSON.stringify(first), ...lines.slice(1, -1)], last));
      return path;
    };
    const interrupted = write('interrupted.ndjson', header, { ...end, incomplete: 'interrupted by SIGINT: no case started after it' });
    const newer = write('newer.ndjson', { ...header, format: 5 }, end);
    const destructive = write('destructive.ndjson', { ...header, settings: { ...header.settings, live: { mode: 'destructive', organizationIds: [demoIds.organizationId], allowedOrganizations: [demoIds.organizationId] } } }, end);

    const refused = await runMain(['replay', interrupted], { awsSettings: false });
    const allowed = await runMain(['replay', interrupted, '--allow-incomplete'], { awsSettings: false });
    const tooNew = await runMain(['replay', newer], { awsSettings: false });
    const againstEndpoint = await runMain(['replay', destructive, '--endpoint', 'http://127.0.0.1:9']);
    const server = await startMockServer({ mock: createWorkMailMock({ fixture: demoFixture }) });
    const destructiveAllowed = await runMain(['replay', destructive, '--endpoint', server.url, '--allow-destructive']);
    const safeLive = write('safe-live.ndjson', { ...header, settings: { ...header.settings, live: { mode: 'safe', organizationIds: [demoIds.organizationId], allowedOrganizations: [] } } }, end);
    const safeReplayed = await runMain(['replay', safeLive, '--endpoint', server.url]);
    const notLive = await runMain(['replay', interrupted, '--allow-incomplete', '--endpoint', server.url]);
    await server.close();

    expect(refused.code).toBe(2);
    expect(refused.stderr).toBe(
      `workmail-conformance: ${interrupted}: the recorded run stopped before its end (interrupted by SIGINT: no case started after it), so the recording holds only part of it; give --allow-incomplete to replay the ${lines.filter(isExchangeLine).length} exchange(s) it holds\n`,
    );
    expect(allowed.code).toBe(0);
    expect(allowed.stdout).toContain('note: the recorded run stopped before its end (interrupted by SIGINT: no case started after it)');
    expect(tooNew.code).toBe(2);
    expect(tooNew.stderr).toBe(`workmail-conformance: ${newer}: is recording format 5, newer than this kit reads (4, workmail-conformance 0.1.0): upgrade workmail-conformance\n`);
    expect(againstEndpoint.code).toBe(2);
    expect(againstEndpoint.stderr).toMatch(/: is the recording of a destructive live run: replaying it deletes, at http:\/\/127\.0\.0\.1:9, what that run deleted and put back, and a replay puts nothing back; give --allow-destructive to replay it against a target you can reset\n$/);
    // Allowed, it says afterwards that the target was left changed (trialC #10).
    expect(destructiveAllowed.stderr).toContain(`the recording's deletes of what existed were sent to ${server.url} as they are, and nothing was put back: reset it before a run that needs what it held\n`);
    // A safe live run's recording too: its deletes of what was absent then delete what is there now (trialJ #3).
    expect(safeReplayed.stderr).toContain(`the recording's deletes were sent to ${server.url} as they are, with no read before them, and nothing was put back: what it held by the names the live run read absent is gone\n`);
    expect(notLive.stderr).not.toContain("the recording's deletes were sent");
  });

  it('stops, exit 1, when a target dies mid-replay: 5 requests in a row with no answer', async () => {
    const file = await recordingOfTheMock();
    const mock = createWorkMailMock({ fixture: demoFixture });
    let answered = 0;
    let server: Awaited<ReturnType<typeof startMockServer>> | undefined;
    // After 30 answers (the reads of what cases did among them) the "mock" goes away: every later connection is refused.
    server = await startMockServer({
      mock: {
        ...mock,
        handle: (request) => {
          answered += 1;
          if (answered === 30) setImmediate(() => void server?.close());
          return mock.handle(request);
        },
      },
    });

    const result = await runMain(['replay', file, '--endpoint', server.url]);

    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/\nSTOPPED: the target answered none of the last 5 requests \(network error [A-Z_]+\); the replay stopped sending at line \d+; 5 of the \d+ outcome\(s\) compared differ: 5 outside what the documentation allows, 0 within it\n/);
  });

  it('tries an answer that only asks to try again (throttling) again, and does not compare it if it stays so', async () => {
    const file = await recordingOfTheMock();
    const throttled = new Set<string>();
    const alwaysThrottled = new Set<string>();
    let always = 0;
    standIn = await startStandIn({
      refuse: (request) => {
        if (request.headers['x-amz-target'] !== 'WorkMailService.DeletePersonalAccessToken') return undefined;
        // The first 20 token deletes are throttled once; the first two naming no organization every time (each waits out its retries).
        const body = request.body;
        if (!body.includes('OrganizationId') && (alwaysThrottled.has(body) || alwaysThrottled.size < 2)) {
          alwaysThrottled.add(body);
          always += 1;
          return encodeAwsJsonError('ThrottlingException', 400, 'Rate exceeded');
        }
        if (throttled.has(body) || throttled.size >= 20) return undefined;
        throttled.add(body);
        return encodeAwsJsonError('ThrottlingException', 400, 'Rate exceeded');
      },
    });

    const result = await runMain(['replay', file, '--endpoint', standIn.url]);

    expect(throttled.size).toBe(20);
    // Each of the two was tried 4 times: once, and 3 retries.
    expect(always).toBe(8);
    expect(result.stdout).toMatch(/\nSAME: 0 of \d+ outcome\(s\) differ from the recording \(\d+ transient answer\(s\) not compared\)(?:; \d+ of \d+ read\(s\) of what a case did list otherwise)?\n/);
    expect(result.code).toBe(0);
  });

  it('stops, where the target answers only "try again" to 20 requests of one operation in a row, rather than call it the same', async () => {
    const mock = createWorkMailMock({ fixture: demoFixture });
    const tokensThrottled = createHandlerTarget((request) =>
      request.headers['x-amz-target'] === 'WorkMailService.DeletePersonalAccessToken' ? encodeAwsJsonError('ThrottlingException', 400, 'Rate exceeded') : mock.handle(request),
    );

    const result = await replayRecording(loadRecording(await recordingOfTheMock()), tokensThrottled, { specs: loadOperationSpecs(), timeoutMs: 1000, transientTypes: transientErrorTypes(loadCommonErrors()) });

    expect(result.stopped).toMatch(/^the target answered only "try again" \(ThrottlingException\) to 20 requests of DeletePersonalAccessToken in a row; the replay stopped sending at line \d+$/);
    expect(result.skipped).toBe(20);
  });

  it('says a target it cannot reach is unreachable, exit 2; stops after 5 requests a target leaves unanswered, exit 1', async () => {
    const file = await recordingOfTheMock();
    const silent = createServer(() => {});
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const { port } = silent.address() as AddressInfo;
    try {
      const unreachable = await runMain(['replay', file, '--endpoint', 'http://127.0.0.1:9']);
      const unanswered = await runMain(['replay', file, '--endpoint', `http://127.0.0.1:${port}`, '--timeout', '100']);

      expect(unreachable.code).toBe(2);
      expect(unreachable.stderr).toBe('workmail-conformance: --endpoint: cannot connect to http://127.0.0.1:9/ (ECONNREFUSED)\n');
      expect(unanswered.code).toBe(1);
      expect(unanswered.stdout).toMatch(/\nSTOPPED: the target did not answer 5 requests within 100 ms; the replay stopped sending at line \d+; 5 of the 5 outcome\(s\) compared differ: 5 outside what the documentation allows, 0 within it\n/);
    } finally {
      silent.closeAllConnections();
      await new Promise((resolve) => silent.close(resolve));
    }
  });

  it('replays a recording of the reference mock against the reference mock with exit 0', async () => {
    const file = await recordingOfTheMock();

    // The one spawned replay: the command as users start it, from bin/ over dist/.
    const result = await spawnCli(['replay', file], { awsSettings: false });

    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/SAME: 0 of \d+ outcome\(s\) differ/);
  });

  it('replays against a mock that changes one status with exit 1, naming the case', async () => {
    const file = await recordingOfTheMock();
    standIn = await startStandIn({
      rewrite: (request, response) => (request.headers['x-amz-target'] === 'WorkMailService.DeletePersonalAccessToken' && response.status === 200 ? { ...response, status: 202 } : response),
    });

    const result = await runMain(['replay', file, '--endpoint', standIn.url]);

    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(new RegExp(`${file.replaceAll('/', '\\/')}:\\d+ DeletePersonalAccessToken DeletePersonalAccessToken\\.\\S+ · .*: recorded 200 success, now 202 success: an answer the documentation does not allow\\n      sent: \\{"OrganizationId":"m-`));
    expect(result.stdout).toMatch(/\nDIFFERENT: (\d+) of \d+ outcome\(s\) differ from the recording: \1 outside what the documentation allows, 0 within it(?:; \d+ of \d+ read\(s\) of what a case did list otherwise)?\n/);
  });

  it('writes its report as JSON or JUnit (--reporter, --output) for CI, with the verdict and each difference', async () => {
    const file = await recordingOfTheMock();
    standIn = await startStandIn({
      rewrite: (request, response) => (request.headers['x-amz-target'] === 'WorkMailService.DeletePersonalAccessToken' && response.status === 200 ? { ...response, status: 202 } : response),
    });
    const jsonFile = join(directory, 'replay.json');
    const cut = join(directory, 'cut-for-junit.ndjson');
    writeFileSync(cut, `${linesThroughExchange(readFileSync(file, 'utf8').split('\n'), 29).join('\n')}\n`);

    const json = await runMain(['replay', file, '--endpoint', standIn.url, '--reporter', 'json', '--output', jsonFile]);
    const junit = await runMain(['replay', cut, '--allow-incomplete', '--reporter', 'junit'], { awsSettings: false });

    expect(json.code).toBe(1);
    // Said on stderr, as run says it, where --output leaves the console empty (trialS #11).
    expect(json.stderr).toContain(`report written to ${jsonFile}: different\n`);
    const report = JSON.parse(readFileSync(jsonFile, 'utf8')) as { verdict: string; result: { compared: number; differences: { recorded: string; replayed: string; standing: { kind: string } }[] } };
    expect(report.verdict).toBe('different');
    expect(report.result.differences.length).toBeGreaterThan(0);
    expect(report.result.differences.every((difference) => difference.recorded === '200 success' && difference.replayed === '202 success' && difference.standing.kind === 'outside')).toBe(true);
    expect(report.result.differences[0]).toMatchObject({ recordedAnswer: { status: 200 }, replayedAnswer: { status: 202 } });
    expect(junit.code).toBe(0);
    expect(junit.stdout).toContain('<testsuites name="workmail-conformance replay" tests="2" failures="0" skipped="1">');
    expect(junit.stdout).toContain('<testsuite name="replay of cut-for-junit.ndjson" tests="2" failures="0" skipped="1">');
    expect(junit.stdout).toContain(`<skipped message="${cut} has no end line: it may hold only part of its run"/>`);
    // Test names by the file's name, whatever path it was given by (trialL #9): the same from another folder.
    const differences = await runMain(['replay', file, '--endpoint', standIn.url, '--reporter', 'junit']);
    expect(differences.stdout).toMatch(/<testcase classname="DeletePersonalAccessToken" name="mock\.ndjson:\d+ DeletePersonalAccessToken\./);
    expect(differences.stdout).not.toContain(directory);
  });

  it('replays against the embedded mock under the readings the recorded target took (--reading), and says so where they differ', async () => {
    const file = await recordingOf(createWorkMailMock({ fixture: demoFixture, readings: { 'disabled-entity': 'success' } }), 'disabled-success.ndjson');

    const asIs = await runMain(['replay', file], { awsSettings: false });
    expect(asIs.code).toBe(1);
    expect(asIs.stdout).toMatch(/: recorded 200 success, now 400 EntityStateException: another answer the documentation allows \(disabled-entity: success then, EntityStateException now\)\n/);
    expect(asIs.stdout).toMatch(/\nThe recorded target took readings of open points that the embedded mock does not take by default; replay with them to compare like for like: --reading disabled-entity=success \(\d+ outcome\(s\)\)\n/);
    expect(asIs.stdout).toMatch(/\nDIFFERENT: (\d+) of \d+ outcome\(s\) differ from the recording: 0 outside what the documentation allows, \1 within it(?:; \d+ of \d+ read\(s\) of what a case did list otherwise)?\n/);

    const likeForLike = await runMain(['replay', file, '--reading', 'disabled-entity=success'], { awsSettings: false });
    expect(likeForLike.stdout).toMatch(/SAME: 0 of \d+ outcome\(s\) differ/);
    expect(likeForLike.code).toBe(0);

    const unknownReading = await runMain(['replay', file, '--reading', 'disabled-entity=maybe'], { awsSettings: false });
    expect(unknownReading.code).toBe(2);
    expect(unknownReading.stderr).toBe("workmail-conformance: --reading: 'maybe' is not a reading of open point 'disabled-entity' (EntityStateException | success)\n");

    const withEndpoint = await runMain(['replay', file, '--endpoint', 'http://127.0.0.1:9', '--reading', 'disabled-entity=success'], { awsSettings: false });
    expect(withEndpoint.code).toBe(2);
    expect(withEndpoint.stderr).toBe('workmail-conformance: --reading: sets the readings of the embedded mock, so only without --endpoint\n');
    const fixtureWithEndpoint = await runMain(['replay', file, '--endpoint', 'http://127.0.0.1:9', '--fixture', demoFixtureFile()], { awsSettings: false });
    expect(fixtureWithEndpoint.code).toBe(2);
    expect(fixtureWithEndpoint.stderr).toBe('workmail-conformance: --fixture: sets what the embedded mock holds, so only without --endpoint (the target at --endpoint holds what it holds)\n');
  });

  it('suggests no --reading for an open point the recorded target read two ways (a DISABLED owner deleted from, a DISABLED grantee refused)', async () => {
    const mock = createWorkMailMock({ fixture: demoFixture, readings: { 'disabled-entity': 'success' } });
    // A DISABLED owner goes on to the delete; bob, DISABLED, is refused as a grantee where the delete would have gone on
    // (he holds no permission, so that delete changes nothing).
    const refusingDisabledGrantee = (request: Parameters<typeof mock.handle>[0]) => {
      const answer = mock.handle(request);
      return answer.status === 200 && request.body.includes(`"GranteeId":"${demoIds.bobUserId}"`) ? encodeAwsJsonError('EntityStateException', 400, 'The grantee is disabled.') : answer;
    };
    const file = await recordingOf({ ...mock, handle: refusingDisabledGrantee }, 'disabled-mixed.ndjson');

    for (const readings of [[], ['--reading', 'disabled-entity=success'], ['--reading', 'disabled-entity=EntityStateException']]) {
      const replayed = await runMain(['replay', file, ...readings], { awsSettings: false });
      expect(replayed.code).toBe(1);
      expect(replayed.stdout).not.toContain('--reading disabled-entity');
      expect(replayed.stdout).toContain('\nThe recorded target read open points more than one way, each allowed: disabled-entity (EntityStateException and success). ');
      expect(replayed.stdout).toMatch(/\nDIFFERENT: (\d+) of \d+ outcome\(s\) differ from the recording: 0 outside what the documentation allows, \1 within it(?:; \d+ of \d+ read\(s\) of what a case did list otherwise)?\n/);
    }
  });

  it('rejects a bad recording with exit 2 and file:line in one line', async () => {
    const file = join(directory, 'bad.ndjson');
    const header = readFileSync(await recordingOfTheMock(), 'utf8').split('\n')[0];
    writeFileSync(file, `${header}\n{"type":"exchange","operation":"DeletePersonalAccessToken"}\n`);

    const result = await runMain(['replay', file], { awsSettings: false });

    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(new RegExp(`^workmail-conformance: ${file.replaceAll('/', '\\/')}:2: \\$\\.\\w+: `, 'm'));
  });

  it('answers recorded inputs as recorded whatever the member order, and anything else with a 400 saying it is not in the recording', async () => {
    const recording = loadRecording(await recordingOfTheMock());
    const handle = createRecordingHandle(recording);
    const spec = findOperationSpec(loadOperationSpecs(), 'DeletePersonalAccessToken');
    const { exchange } = recording.exchanges.find(({ exchange: candidate }) => candidate.operation === spec.operation && candidate.input !== undefined && candidate.observation.kind === 'response') ?? { exchange: undefined };
    const reordered = Object.fromEntries(Object.entries(exchange?.input ?? {}).reverse());

    const answer = handle(buildAwsJsonRequest(spec, reordered));
    const unknown = handle(buildAwsJsonRequest(spec, { OrganizationId: demoIds.organizationId, PersonalAccessTokenId: 'never-recorded' }));

    expect(exchange?.observation.kind === 'response' && answer.status).toBe(exchange?.observation.kind === 'response' ? exchange.observation.status : -1);
    expect(unknown.status).toBe(400);
    expect(JSON.parse(unknown.body)).toMatchObject({ __type: 'NotInRecordingException' });
    expect(canonicalJson(reordered)).toBe(canonicalJson(exchange?.input));
  });

  it('serves back a recorded dropped connection and a recorded timeout as such, so that a replay against it is the same', async () => {
    const lines = readFileSync(await recordingOfTheMock(), 'utf8').trimEnd().split('\n');
    const middle = lines.slice(1, -1).map((line) => JSON.parse(line) as Record<string, unknown>);
    const exchanges = middle.filter((line) => line['type'] === 'exchange');
    // Two inputs recorded once each are given no answer: one a dropped connection, one a timeout.
    const once = exchanges.filter((exchange, index) => exchanges.findIndex((other) => JSON.stringify(other['input']) === JSON.stringify(exchange['input'])) === index && exchanges.filter((other) => JSON.stringify(other['input']) === JSON.stringify(exchange['input'])).length === 1);
    const [dropped, hung] = once;
    if (dropped === undefined || hung === undefined) throw new Error('the recording holds inputs recorded once');
    dropped['observation'] = { kind: 'networkError', code: 'UND_ERR_SOCKET', message: 'other side closed', latencyMs: 1 };
    hung['observation'] = { kind: 'timeout', timeoutMs: 300, latencyMs: 300 };
    const file = join(directory, 'no-answers.ndjson');
    writeFileSync(file, sealed([lines[0] ?? '', ...middle.map((line) => JSON.stringify(line))], JSON.parse(lines.at(-1) ?? '{}') as Record<string, unknown>));
    const mock = createWorkMailMock();
    const server = await startMockServer({ mock: { ...mock, handle: createRecordingHandle(loadRecording(file)) } });

    try {
      const result = await runMain(['replay', file, '--endpoint', server.url, '--timeout', '300']);

      expect(result.stdout).toContain(`SAME: 0 of ${exchanges.length} outcome(s) differ from the recording`);
      expect(result.code).toBe(0);
    } finally {
      await server.close();
    }
  });

  it('scrubs secrets, signatures, credential scopes and credential headers from anything it records', () => {
    const scrub = createScrubber(['the-secret-key', 'the-session-token']);

    const scrubbed = scrub({
      message: 'signed with the-secret-key and the-session-token',
      headers: { authorization: 'AWS4-HMAC-SHA256 Credential=AKID/20260101/us-east-1/workmail/aws4_request, Signature=abcdef0123', 'x-amz-security-token': 'the-session-token', 'content-type': 'x' },
      nested: ['Signature=0123abcd', 'Credential=AKID/2026'],
    });

    expect(JSON.stringify(scrubbed)).not.toMatch(/the-secret-key|the-session-token|Signature=[0-9a-f]|Credential=AKID/);
    // A credential header is told as sent, its value not kept.
    expect(scrubbed.headers).toEqual({ authorization: '[redacted]', 'x-amz-security-token': '[redacted]', 'content-type': 'x' });
  });

  it('scrubs a secret as a target may quote it: escaped in JSON or a URL, cut short inside an excerpt, lower-cased in a signature, or renewed later in the run (trialK #2-#4, #6)', () => {
    const token = 'TOKENLEAKCHECK/FwoGZXIvYXdzEB+abc==';
    const secrets = ['AKIAZZZLEAKCHECK0001', token];
    const scrub = createScrubber(secrets);

    const quoted = scrub([
      `{"message":"bad token ${token.replaceAll('/', '\\/')}"}`,
      `bad token ${token.replaceAll('/', '\\u002f')}`,
      `<p>${encodeURIComponent(token)}</p>`,
      `kkkk AKIAZZZLEAKCHECK00… (165 characters)`,
      `t TOKENLEAKCHECK/FwoGZX… (473 characters)`,
      'signature=8fb6e15a credential=akiazzzleakcheck0001/20261202',
      `bad token ${token.replace(/[^A-Za-z0-9]/g, (character) => `\\u${character.charCodeAt(0).toString(16).padStart(4, '0')}`)}`,
      `"x-amz-security-token":"${token.toLowerCase()}"`,
      `{"message":"Signature=abc ${token.slice(0, 20)}`,
    ]);
    secrets.push('AKIAROTATEDLATER0002');
    const later = scrub('key AKIAROTATEDLATER0002');

    expect(quoted).toEqual([
      '{"message":"bad token [redacted]"}',
      'bad token [redacted]',
      '<p>[redacted]</p>',
      'kkkk [redacted]… (165 characters)',
      't [redacted]… (473 characters)',
      'Signature=[redacted] Credential=[redacted]',
      'bad token [redacted]',
      '"x-amz-security-token":"[redacted]"',
      '{"message":"Signature=[redacted] [redacted]',
    ]);
    expect(later).toBe('key [redacted]');
    // A mock's short dummy credentials are no secrets to hunt for: removing every 'test' would garble the report.
    expect(createScrubber(['test', 'secret'])('the latest test of a Secret')).toBe('the latest test of a Secret');
    // A word that only starts like a secret, uncut, stays.
    expect(scrub('AKIAZZZL is a prefix, and TOKENLE… is too short a start')).toBe('AKIAZZZL is a prefix, and TOKENLE… is too short a start');
  });
});

describe('a recording of a run through the SDK transport', () => {
  it('says of each answer that the wire was not seen, and how a status not seen was inferred, where it held an empty 200 as if sent', async () => {
    const { mockClient } = await import('aws-sdk-client-mock');
    const { DeletePersonalAccessTokenCommand, WorkMailClient } = await import('@aws-sdk/client-workmail');
    const { createSdkTarget } = await import('../../src/target/sdk-target.ts');
    const client = new WorkMailClient({ region: 'us-east-1', credentials: { accessKeyId: 'AKIDX', secretAccessKey: 'x' } });
    mockClient(client).on(DeletePersonalAccessTokenCommand).resolves({});
    const file = join(directory, 'sdk.ndjson');
    const header = { type: 'run' as const, format: 1, tool: 'workmail-conformance' as const, version: '0', target: 'mocked client', startedAt: new Date().toISOString(), seed: 3, settings: {}, fixture: null };
    const recorder = createRecorder(file, header as Parameters<typeof createRecorder>[1], []);

    const report = await runConformance({ target: createSdkTarget({ client }), operations: ['DeletePersonalAccessToken'], numRuns: 3, seed: 3, onEvent: recorder.onEvent });
    recorder.end(report);
    recorder.close();

    const exchanges = readFileSync(file, 'utf8').trim().split('\n').map((line) => JSON.parse(line) as { type: string; observation?: Record<string, unknown> }).filter((line) => line.type === 'exchange');
    expect(exchanges.length).toBeGreaterThan(0);
    for (const { observation } of exchanges) {
      expect(observation).toMatchObject({ kind: 'response', status: 200, wireNotSeen: true, statusInferred: 'not observed: the client resolved without $metadata.httpStatusCode, read as a success' });
    }
    // Served again (serve --from-recording), such an answer says that its body and headers were not seen.
    const recorded = exchanges.map((exchange, index) => ({ line: index + 2, exchange: exchange as unknown as RecordedExchange }));
    const handle = createRecordingHandle({ file, header: header as unknown as RecordingHeader, exchanges: recorded, exchangeCount: recorded.length, requests: 0, lastWholeLine: recorded.length + 1, end: undefined });
    const first = recorded[0]?.exchange;
    const served = handle(buildAwsJsonRequest(findOperationSpec(loadOperationSpecs(), 'DeletePersonalAccessToken'), first?.input ?? {}));
    expect(served.headers['x-workmail-conformance-wire-not-seen']).toBe('the body and headers were not seen (recorded through the SDK transport)');
  });
});

describe('the put backs a destructive live run has pending, in its recording', () => {
  it('are written before each delete and cleared after its put back; a run quit at once lists them in its end line', async () => {
    const file = join(directory, 'pending.ndjson');
    const header = JSON.parse(readFileSync(await recordingOfTheMock(), 'utf8').split('\n')[0] ?? '{}') as Parameters<typeof createRecorder>[1];
    const recorder = createRecorder(file, { ...header, restoreJournal: '/tmp/workmail-conformance-restore-1-2.txt' }, []);
    const command = `aws workmail put-mailbox-permissions --organization-id ${demoIds.organizationId} --entity-id alice --grantee-id dave --permission-values SEND_AS`;

    recorder.putBackPending([command]);
    recorder.putBackPending([]);
    recorder.putBackPending([command]);
    // A cut here (kill -9) leaves the commands as the last putBackPending line.
    expect(loadRecording(file)).toMatchObject({ putBackPending: [command], header: { restoreJournal: '/tmp/workmail-conformance-restore-1-2.txt' } });
    recorder.abandon('quit at once by an interrupt, with no report');
    recorder.close();

    const recording = loadRecording(file);
    expect(recording.end).toMatchObject({ incomplete: 'quit at once by an interrupt, with no report', putBackPending: [command] });
    expect(recording.exchanges).toHaveLength(0);
  });
});
