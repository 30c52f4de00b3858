import { mkdtempSync, readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { demoFixture } from '../../src/mock/demo-fixture.ts';
import { loadRecording } from '../../src/record/load-recording.ts';
import { runMain } from './helpers/cli-runners.ts';

const directory = mkdtempSync(join(tmpdir(), 'wmc-verify-'));
const recording = join(directory, 'run.ndjson');
let recorded = false;

/** A recording of a small run against the embedded reference mock, made once. */
async function recordingFile(): Promise<string> {
  if (!recorded) {
    expect((await runMain(['run', '--record', recording, '--num-runs', '3', '--seed', '5', '--state-sequences', '2'], { awsSettings: false })).code).toBe(0);
    recorded = true;
  }
  return recording;
}

function write(name: string, text: string): string {
  const path = join(directory, name);
  writeFileSync(path, text);
  return path;
}

describe('verify: files checked without sending anything', () => {
  it('says a whole recording is as written, with its run, its counts and its verdict, and a fixture valid, with what it holds: exit 0', async () => {
    const file = await recordingFile();
    const fixture = write('demo.json', JSON.stringify(demoFixture));
    const loaded = loadRecording(file);

    const result = await runMain(['verify', file, fixture], { awsSettings: false });

    expect(result.code).toBe(0);
    expect(result.stderr).toBe('');
    const [recordingLine, fixtureLine] = result.stdout.trimEnd().split('\n');
    expect(recordingLine).toBe(
      `${file}: as written (the SHA-256 its end line holds matches every line): recording format 4 by workmail-conformance ${loaded.header.version}, a run against embedded reference mock (demo organization) started ${loaded.header.startedAt} (seed 5): ${loaded.exchanges.length} exchange(s), ${loaded.requests} request(s) that are no case; its verdict: conformant`,
    );
    expect(loaded.requests).toBeGreaterThan(0);
    const first = demoFixture.organizations[0];
    expect(fixtureLine).toContain(`${fixture}: a valid fixture, as run --fixture and serve --fixture take it: ${demoFixture.organizations.length} organization(s): ${first?.id} (${first?.state}: ${first?.entities.length} entities, `);
  });

  it('exit 1 for a recording of part of a run, or one with no digest to check; exit 2, in one line each, for one changed since, and the other files are still checked', async () => {
    const lines = readFileSync(await recordingFile(), 'utf8').trimEnd().split('\n');
    const cut = write('cut.ndjson', `${lines.slice(0, 60).join('\n')}\n`);
    const endLine = JSON.parse(lines.at(-1) ?? '{}') as Record<string, unknown>;
    const { sha256: _digest, ...withoutDigest } = endLine;
    const formatOne = write('format-1.ndjson', `${[JSON.stringify({ ...(JSON.parse(lines[0] ?? '{}') as object), format: undefined }), ...lines.slice(1, -1), JSON.stringify(withoutDigest)].join('\n')}\n`);
    const editedAt = lines.findIndex((line, index) => index > 0 && line.includes('"status":200'));
    const edited = write('edited.ndjson', `${lines.map((line, index) => (index === editedAt ? line.replace('"status":200', '"status":201') : line)).join('\n')}\n`);

    const partial = await runMain(['verify', cut, formatOne], { awsSettings: false });
    const changed = await runMain(['verify', edited, cut], { awsSettings: false });

    expect(partial.code).toBe(1);
    const [cutLine, formatOneLine] = partial.stdout.trimEnd().split('\n');
    expect(cutLine).toMatch(new RegExp(`^${cut}: has no end line: the run that wrote it ended before its report \\(killed\\), or the file was cut after line 60; recording format 4 `));
    expect(formatOneLine).toMatch(new RegExp(`^${formatOne}: cannot be verified: recording format 1 writes no digest in its end line, so a line changed since cannot be told; `));
    expect(changed.code).toBe(2);
    expect(changed.stderr).toBe(`workmail-conformance: ${edited}:${lines.length}: the file is not as it was written (the SHA-256 of its lines, this end line's own included, differs from the sha256 this end line holds): a line was edited, moved, added or left out\n`);
    expect(changed.stdout).toContain(`${cut}: has no end line`);
  });

  it('validates a folder of specs as run --specs does, and fixtures against them; exit 2 for an invalid fixture or spec, naming file and JSON path, and when given nothing', async () => {
    const specs = join(directory, 'specs');
    mkdirSync(specs);
    const spec = JSON.parse(readFileSync(join(import.meta.dirname, '../../specs/DeletePersonalAccessToken.json'), 'utf8')) as Record<string, unknown>;
    writeFileSync(join(specs, 'DeletePersonalAccessToken.json'), JSON.stringify(spec));
    const broken = join(directory, 'broken-specs');
    mkdirSync(broken);
    writeFileSync(join(broken, 'DeletePersonalAccessToken.json'), JSON.stringify({ ...spec, operation: 42 }));
    const badFixture = write('bad-fixture.json', JSON.stringify({ organizations: [{ ...demoFixture.organizations[0], entities: 'alice' }] }));

    const valid = await runMain(['verify', '--specs', specs], { awsSettings: false });
    const invalid = await runMain(['verify', '--specs', broken, badFixture], { awsSettings: false });
    const nothing = await runMain(['verify'], { awsSettings: false });

    expect(valid.code).toBe(0);
    expect(valid.stdout).toBe(`${specs}: 1 operation spec(s), each valid and with values the generators can build: DeletePersonalAccessToken\n`);
    expect(invalid.code).toBe(2);
    const [specError, fixtureError, ...rest] = invalid.stderr.trimEnd().split('\n');
    expect(specError).toMatch(new RegExp(`^workmail-conformance: .*broken-specs/DeletePersonalAccessToken\\.json: \\$\\.operation: `));
    expect(fixtureError).toMatch(new RegExp(`^workmail-conformance: ${badFixture}: \\$\\.organizations\\[0\\]\\.entities: `));
    expect(rest).toEqual([]);
    expect(nothing.code).toBe(2);
    expect(nothing.stderr).toBe('workmail-conformance: verify: give a recording or fixture file, or --specs <dir>\n');
  });
});
