import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createWorkMailMock } from '../../src/mock/create-work-mail-mock.ts';
import { demoFixture, demoIds } from '../../src/mock/demo-fixture.ts';
import { startMockServer } from '../../src/mock/start-mock-server.ts';
import { canonicalJson } from '../../src/record/canonical-json.ts';
import { loadRecording } from '../../src/record/load-recording.ts';
import { createRecordingHandle } from '../../src/record/recording-handle.ts';
import { createScrubber } from '../../src/record/scrub-secrets.ts';
import { findOperationSpec, loadOperationSpecs } from '../../src/spec/load-spec.ts';
import { buildAwsJsonRequest } from '../../src/wire/aws-json.ts';
import { runMain, spawnCli } from '../cli/helpers/cli-runners.ts';
import { startStandIn, type StandIn } from '../live/helpers/stand-in-server.ts';

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

/** A recording of a run against the embedded reference mock, made once. */
async function recordingOfTheMock(): Promise<string> {
  if (!recorded) {
    const result = await runMain(['run', '--record', recordFile, '--num-runs', '5', '--seed', '3'], { awsSettings: false });
    expect(result.code).toBe(0);
    recorded = true;
  }
  return recordFile;
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
    expect(result.stdout).toMatch(new RegExp(`${file.replaceAll('/', '\\/')}:\\d+ DeletePersonalAccessToken DeletePersonalAccessToken\\.\\S+ · .*: recorded 200 success, now 202 success`));
  });

  it('replays against the embedded mock under the readings the recorded target took (--reading), and says so where they differ', async () => {
    const server = await startMockServer({ mock: createWorkMailMock({ fixture: demoFixture, readings: { 'disabled-entity': 'success' } }) });
    const file = join(directory, 'disabled-success.ndjson');
    try {
      const recorded = await runMain(['run', '--endpoint', server.url, '--fixture', demoFixtureFile(), '--record', file, '--num-runs', '5', '--seed', '3', '--state-sequences', '0'], { awsSettings: false });
      expect(recorded.code).toBe(0);
    } finally {
      await server.close();
    }

    const asIs = await runMain(['replay', file], { awsSettings: false });
    expect(asIs.code).toBe(1);
    expect(asIs.stdout).toContain('give it with --reading POINT=READING.');

    const likeForLike = await runMain(['replay', file, '--reading', 'disabled-entity=success'], { awsSettings: false });
    expect(likeForLike.stdout).toMatch(/SAME: 0 of \d+ outcome\(s\) differ/);
    expect(likeForLike.code).toBe(0);

    const withEndpoint = await runMain(['replay', file, '--endpoint', 'http://127.0.0.1:9', '--reading', 'disabled-entity=success'], { awsSettings: false });
    expect(withEndpoint.code).toBe(2);
    expect(withEndpoint.stderr).toBe('workmail-conformance: --reading: sets the readings of the embedded mock, so only without --endpoint\n');
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

  it('scrubs secrets, signatures, credential scopes and credential headers from anything it records', () => {
    const scrub = createScrubber(['the-secret-key', 'the-session-token']);

    const scrubbed = scrub({
      message: 'signed with the-secret-key and the-session-token',
      headers: { authorization: 'AWS4-HMAC-SHA256 Credential=AKID/20260101/us-east-1/workmail/aws4_request, Signature=abcdef0123', 'x-amz-security-token': 'the-session-token', 'content-type': 'x' },
      nested: ['Signature=0123abcd', 'Credential=AKID/2026'],
    });

    expect(JSON.stringify(scrubbed)).not.toMatch(/the-secret-key|the-session-token|Signature=[0-9a-f]|Credential=AKID|authorization/);
    expect(scrubbed.headers).toEqual({ 'content-type': 'x' });
  });
});
