import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { closeSync, existsSync, mkdtempSync, openSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { demoFixture } from '../../src/mock/demo-fixture.ts';
import { runMain } from './helpers/cli-runners.ts';

const directory = mkdtempSync(join(tmpdir(), 'workmail-run-output-'));
afterAll(() => rmSync(directory, { recursive: true, force: true }));

const quick = ['--num-runs', '3', '--seed', '5', '--state-sequences', '0'];

describe('run --output (and the other files a run writes)', () => {
  it('writes the report to the file and says so on stderr', async () => {
    const file = join(directory, 'report.json');

    const result = await runMain(['run', '--reporter', 'json', '--output', file, ...quick], { awsSettings: false });

    expect(result.code).toBe(0);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain(`report written to ${file}: conformant`);
    expect(JSON.parse(readFileSync(file, 'utf8'))).toHaveProperty('summary.conformant', true);
  });

  it('says on stderr, beside "conformant", what the verdict line says it rests on', async () => {
    const file = join(directory, 'starved.json');
    const fixture = join(directory, 'no-tokens.json');
    writeFileSync(fixture, JSON.stringify({ organizations: [{ id: 'm-0123456789abcdef0123456789abcdef', state: 'Active' }] }));

    const result = await runMain(['run', '--operation', 'DeletePersonalAccessToken', '--fixture', fixture, '--reporter', 'json', '--output', file, ...quick], { awsSettings: false });

    expect(result.code).toBe(0);
    expect(result.stderr).toContain(`report written to ${file}: conformant, but no real delete was exercised for DeletePersonalAccessToken (see Contract coverage)\n`);
  });

  it('exits 1 with --strict where the verdict has a "but", and says why on stderr; 0 without it, or where there is none (trialL #5)', async () => {
    const fixture = join(directory, 'no-tokens-strict.json');
    writeFileSync(fixture, JSON.stringify({ organizations: [{ id: 'm-0123456789abcdef0123456789abcdef', state: 'Active' }] }));
    const starved = ['run', '--operation', 'DeletePersonalAccessToken', '--fixture', fixture, ...quick];

    const lenient = await runMain(starved, { awsSettings: false });
    const strict = await runMain([...starved, '--strict'], { awsSettings: false });
    const whole = await runMain(['run', '--strict', ...quick], { awsSettings: false });

    expect(lenient.code).toBe(0);
    expect(strict.code).toBe(1);
    expect(strict.stderr).toBe('workmail-conformance: --strict: conformant, but no real delete was exercised for DeletePersonalAccessToken (see Contract coverage): exit 1\n');
    expect(whole.code).toBe(0);
    expect(whole.stderr).toBe('');
  });

  it('--report NAME=FILE writes more reports of the same run, each in its format, beside --output (trialT #7: one run, JUnit and JSON)', async () => {
    const junitFile = join(directory, 'extra.xml');
    const jsonFile = join(directory, 'extra.json');
    const consoleFile = join(directory, 'extra.txt');

    const result = await runMain(['run', '--output', consoleFile, '--report', `junit=${junitFile}`, '--report', `json=${jsonFile}`, ...quick], { awsSettings: false });

    expect(result.code).toBe(0);
    expect(result.stderr).toBe([consoleFile, junitFile, jsonFile].map((file) => `report written to ${file}: conformant\n`).join(''));
    const json = JSON.parse(readFileSync(jsonFile, 'utf8')) as { seed: number; summary: { cases: number } };
    expect(json.seed).toBe(5);
    expect(readFileSync(junitFile, 'utf8')).toMatch(/^<\?xml version="1.0" encoding="UTF-8"\?>\n<testsuites name="workmail-conformance"/);
    expect(readFileSync(consoleFile, 'utf8')).toContain(`CONFORMANT: no failures · ${json.summary.cases} cases sent`);
    // Named twice, or with a format that does not exist: refused before the run, in one line.
    expect(await runMain(['run', '--output', jsonFile, '--report', `junit=${jsonFile}`, ...quick], { awsSettings: false })).toMatchObject({ code: 2, stderr: `workmail-conformance: --report ${jsonFile}: is also the --output file; name another file for --report\n` });
    expect(await runMain(['run', '--report', 'xml=report.xml', ...quick], { awsSettings: false })).toMatchObject({
      code: 2,
      stderr: "workmail-conformance: option '--report <name=file>' argument 'xml=report.xml' is invalid. --report must be NAME=FILE with NAME one of console, json, junit, github (e.g. --report junit=conformance.xml).\n",
    });
  });

  it('--strict fails a test of its own in the JUnit report and says why in the JSON one, where the exit code is 1 for it (trialT #2)', async () => {
    const fixture = join(directory, 'no-tokens-strict-files.json');
    writeFileSync(fixture, JSON.stringify({ organizations: [{ id: 'm-0123456789abcdef0123456789abcdef', state: 'Active' }] }));
    const starved = ['run', '--operation', 'DeletePersonalAccessToken', '--fixture', fixture, '--strict', ...quick];
    const junitFile = join(directory, 'strict.xml');
    const jsonFile = join(directory, 'strict.json');
    const wholeFile = join(directory, 'strict-whole.xml');

    const junit = await runMain([...starved, '--reporter', 'junit', '--output', junitFile], { awsSettings: false });
    const json = await runMain([...starved, '--reporter', 'json', '--output', jsonFile], { awsSettings: false });
    const whole = await runMain(['run', '--strict', ...quick, '--reporter', 'junit', '--output', wholeFile], { awsSettings: false });

    expect([junit.code, json.code, whole.code]).toEqual([1, 1, 0]);
    const xml = readFileSync(junitFile, 'utf8');
    expect(xml).toMatch(/<testsuite name="run" tests="2" failures="1">/);
    expect(xml).toContain('<testcase classname="run" name="the verdict rests on what it says (--strict)">\n      <failure message="conformant, but no real delete was exercised for DeletePersonalAccessToken (see Contract coverage)" type="strict">');
    expect(JSON.parse(readFileSync(jsonFile, 'utf8'))).toHaveProperty('summary.strict', { unmet: ['no real delete was exercised for DeletePersonalAccessToken (see Contract coverage)'] });
    const wholeXml = readFileSync(wholeFile, 'utf8');
    expect(wholeXml).toContain('<testcase classname="run" name="the verdict rests on what it says (--strict)"/>');
    expect(wholeXml).toMatch(/<testsuites name="workmail-conformance" tests="\d+" failures="0"/);
  });

  it('replaces an earlier report, never a recording, a fixture or a live run\'s report: refused before the run, the file left as it was', async () => {
    const earlier = join(directory, 'earlier-report.json');
    writeFileSync(earlier, JSON.stringify({ tool: { name: 'workmail-conformance', version: '0.1.0' }, summary: { conformant: false } }));
    const kept = [
      { name: 'run.ndjson', text: `${JSON.stringify({ type: 'run', tool: 'workmail-conformance', version: '0.1.0' })}\n{"type":"exchange"}\n`, what: 'a recording' },
      { name: 'org.json', text: JSON.stringify(demoFixture), what: 'a fixture' },
      { name: 'live-report.json', text: JSON.stringify({ tool: { name: 'workmail-conformance', version: '0.1.0' }, live: { mode: 'safe' } }), what: "a live run's report" },
      { name: 'live-report-bom.json', text: `\uFEFF${JSON.stringify({ tool: { name: 'workmail-conformance', version: '0.1.0' }, live: { mode: 'safe' } })}`, what: "a live run's report" },
      { name: 'live-report.txt', text: 'workmail-conformance 0.1.0: https://workmail.us-east-1.amazonaws.com\n\nLive run (safe)\n', what: "a live run's report" },
      // Files the kit did not write: a compressed recording, notes, a fixture not yet valid.
      { name: 'run.ndjson.gz', text: '\u001f\u008b\u0008\u0000binary', what: 'a file that is not a report of workmail-conformance' },
      { name: 'notes.md', text: '# what the service did on 2026-12-01\n', what: 'a file that is not a report of workmail-conformance' },
      { name: 'draft-org.json', text: '{"organizations": [', what: 'a file that is not a report of workmail-conformance' },
    ];

    const replaced = await runMain(['run', '--reporter', 'json', '--output', earlier, ...quick], { awsSettings: false });
    expect(replaced.code).toBe(0);
    expect(JSON.parse(readFileSync(earlier, 'utf8'))).toHaveProperty('summary.conformant', true);
    // An earlier console or JUnit report, and an empty file, are replaced too.
    for (const [name, reporter, text] of [
      ['earlier.txt', 'console', 'workmail-conformance 0.1.0: embedded reference mock (demo organization)\n'],
      ['earlier.xml', 'junit', '<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name="workmail-conformance" tests="1" failures="1">\n'],
      ['empty.txt', 'console', ''],
    ] as const) {
      const file = join(directory, name);
      writeFileSync(file, text);
      const again = await runMain(['run', '--reporter', reporter, '--output', file, ...quick], { awsSettings: false });
      expect(again.code, name).toBe(0);
      expect(readFileSync(file, 'utf8'), name).not.toBe(text);
    }
    for (const { name, text, what } of kept) {
      const file = join(directory, name);
      writeFileSync(file, text);

      const result = await runMain(['run', '--reporter', 'json', '--output', file, ...quick], { awsSettings: false });

      expect(result.code, name).toBe(2);
      expect(result.stderr, name).toBe(`workmail-conformance: --output ${file}: already exists, and ${what} is never replaced; remove it or name another file\n`);
      expect(readFileSync(file, 'utf8'), name).toBe(text);
    }
  });

  it.runIf(existsSync('/dev/full'))('ends with one line and exit code 2, never a stack trace, where its output or its recording cannot be written (a full disk)', async () => {
    const bin = fileURLToPath(new URL('../../bin/workmail-conformance.js', import.meta.url));
    const full = openSync('/dev/full', 'w');
    try {
      for (const args of [['--help'], ['run', ...quick], ['sample', '--operation', 'DeleteMailboxPermissions', '--seed', '1']]) {
        const child = spawn(process.execPath, [bin, ...args], { stdio: ['ignore', full, 'pipe'] });
        let stderr = '';
        child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
        const code = await new Promise((resolve) => child.on('close', resolve));
        expect([code, stderr], args[0]).toEqual([2, 'workmail-conformance: standard output cannot be written (ENOSPC): what the command printed there is lost\n']);
      }
    } finally {
      closeSync(full);
    }

    const recorded = await runMain(['run', '--record', '/dev/full', ...quick], { awsSettings: false });
    expect(recorded.code).toBe(2);
    expect(recorded.stderr).toBe('workmail-conformance: --record /dev/full: cannot be written (ENOSPC)\n');
  });

  it('refuses, before the run, a file in a folder that does not exist: one line, exit code 2, nothing created', async () => {
    const file = join(directory, 'missing-folder', 'report.json');

    const result = await runMain(['run', '--output', file, ...quick], { awsSettings: false });

    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toBe(`workmail-conformance: --output ${file}: cannot be written (ENOENT for its folder ${join(directory, 'missing-folder')})\n`);
    expect(existsSync(join(directory, 'missing-folder'))).toBe(false);
  });

  it('refuses, before the run, an empty file name: one line naming the flag', async () => {
    for (const flag of ['--output', '--record']) {
      const result = await runMain(['run', flag, '', ...quick], { awsSettings: false });
      expect([result.code, result.stderr], flag).toEqual([2, `workmail-conformance: ${flag}: needs a file name, got ''\n`]);
    }
  });

  it('refuses, before the run, a folder named as the file', async () => {
    const result = await runMain(['run', '--output', directory, ...quick], { awsSettings: false });

    expect(result.code).toBe(2);
    expect(result.stderr).toBe(`workmail-conformance: --output ${directory}: is a folder; name the file to write to\n`);
  });

  it.each([['--record'], ['--save-fixture']])('refuses, before the run, a %s file in a folder that does not exist', async (flag) => {
    const file = join(directory, 'missing-folder', 'out.json');

    const result = await runMain(['run', flag, file, ...quick], { awsSettings: false });

    expect(result.code).toBe(2);
    expect(result.stderr).toBe(`workmail-conformance: ${flag} ${file}: cannot be written (ENOENT for its folder ${join(directory, 'missing-folder')})\n`);
  });

  // /dev/full takes every open and fails every write (ENOSPC): a file that passes the check before the run and fails after it.
  it.runIf(existsSync('/dev/full'))('puts the report on stdout when the file cannot be written after the run, with one line and exit code 2', async () => {
    const result = await runMain(['run', '--reporter', 'json', '--output', '/dev/full', ...quick], { awsSettings: false });

    expect(result.code).toBe(2);
    expect(JSON.parse(result.stdout)).toHaveProperty('summary.conformant', true);
    expect(result.stderr.trimEnd().split('\n').at(-1)).toBe('workmail-conformance: --output /dev/full: cannot be written (ENOSPC); the report is on stdout instead');
  });

  it('refuses, before the run, to write the report over the --fixture it reads, under any name of that file', async () => {
    const fixture = join(directory, 'org-for-output.json');
    const text = `${JSON.stringify(demoFixture, null, 2)}\n`;
    writeFileSync(fixture, text);
    const link = join(directory, 'org-link.json');
    symlinkSync(fixture, link);

    for (const [read, written] of [[fixture, fixture], [link, fixture], [fixture, join(directory, '.', 'org-for-output.json')]]) {
      const result = await runMain(['run', '--fixture', read as string, '--output', written as string, ...quick], { awsSettings: false });

      expect(result.code).toBe(2);
      expect(result.stderr).toBe(`workmail-conformance: --output ${written}: is also the --fixture file; name another file for --output\n`);
    }
    expect(readFileSync(fixture, 'utf8')).toBe(text);
  });

  it('refuses, before the run, one file named for both the report and the recording, and creates neither', async () => {
    const file = join(directory, 'both.json');

    const result = await runMain(['run', '--output', file, '--record', file, ...quick], { awsSettings: false });

    expect(result.code).toBe(2);
    expect(result.stderr).toBe(`workmail-conformance: --record ${file}: is also the --output file; name another file for --record\n`);
    expect(existsSync(file)).toBe(false);
  });

  it.each([
    ['--record', 'a recording', []],
    ['--save-fixture', 'a saved fixture', ['--organization-id', 'm-0f1e2d3c4b5a69788796a5b4c3d2e1f0']],
  ])('never replaces an existing %s file: one line, exit code 2, the file as it was', async (flag, keptAs, more) => {
    const file = join(directory, `kept${flag}.txt`);
    writeFileSync(file, 'an earlier run\n');

    const result = await runMain(['run', flag, file, ...more, ...quick], { awsSettings: false });

    expect(result.code).toBe(2);
    expect(result.stderr).toBe(`workmail-conformance: ${flag} ${file}: already exists, and ${keptAs} is only ever written to a new file; remove it or name another file\n`);
    expect(readFileSync(file, 'utf8')).toBe('an earlier run\n');
  });

  it.runIf(existsSync('/dev/null'))('writes a recording to a device such as /dev/null, which replaces nothing', async () => {
    const result = await runMain(['run', '--record', '/dev/null', ...quick], { awsSettings: false });

    expect(result.code).toBe(0);
  });
});

describe("run's reproduce lines", () => {
  it('carry --timeout where the run was given one, so that a pasted line waits as long as the run did (trialL #2), the run\'s --num-runs and --state-sequences (trialW #1), and never the endpoint\'s user and password (trialK #7)', async () => {
    // A target that answers 200 {} to everything: its invalid inputs are findings, each with a reproduce line.
    const server = createServer((request, response) => {
      request.resume();
      request.on('end', () => response.writeHead(200, { 'content-type': 'application/x-amz-json-1.1' }).end('{}'));
    });
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    const endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    try {
      const reproduceLines = async (...flags: string[]) => {
        const file = join(directory, `reproduce-${flags.length}.json`);
        const result = await runMain(['run', '--endpoint', endpoint, '--operation', 'DeletePersonalAccessToken', '--reporter', 'json', '--output', file, ...quick, ...flags]);
        expect(result.code).toBe(1);
        return (JSON.parse(readFileSync(file, 'utf8')) as { failures: { reproduce: { kit: string } }[] }).failures.map((finding) => finding.reproduce.kit);
      };

      const given = await reproduceLines('--timeout', '4321');
      const left = await reproduceLines();

      expect(given.length).toBeGreaterThan(0);
      for (const line of given) expect(line).toContain(' --timeout 4321 ');
      // And the run's counts: a path past the default --num-runs names no case without them (trialW #1).
      for (const line of [...given, ...left]) expect(line).toContain(' --num-runs 3 --state-sequences 0 ');
      // Pasted, a line sends its case again, which fails again.
      const pasted = (left[0] ?? '').split(' ');
      expect(pasted.slice(0, 3)).toEqual(['npx', 'workmail-conformance', 'run']);
      expect((await runMain(pasted.slice(2))).code).toBe(1);
      for (const line of left) expect(line).not.toContain('--timeout');
      // Nor do they repeat the endpoint's user and password (trialK #7), as a live run's commands do not.
      const file = join(directory, 'reproduce-userinfo.json');
      const withUser = endpoint.replace('http://', 'http://AKIAUSER:s3cretpass@');
      await runMain(['run', '--endpoint', withUser, '--operation', 'DeletePersonalAccessToken', '--reporter', 'json', '--output', file, ...quick]);
      const reproduce = (JSON.parse(readFileSync(file, 'utf8')) as { failures: { reproduce: { kit: string; awsCli?: string } }[] }).failures.map((finding) => JSON.stringify(finding.reproduce));
      expect(reproduce.length).toBeGreaterThan(0);
      for (const line of reproduce) {
        expect(line).toContain(`--endpoint ${endpoint} `);
        expect(line, line).not.toMatch(/AKIAUSER|s3cretpass/);
      }
    } finally {
      server.close();
    }
  });
});

describe('credentials renewed during a run', () => {
  it('are kept out of the report and the recording too, where only the first ones were (trialK #2)', async () => {
    // A credential_process whose credentials expire at once: the SDK asks it again for each request, and each answer is new.
    // It counts in a file it never creates (flag r+): a renewal the SDK starts after the run, once the folder is being
    // removed, then cannot put the file back into it (ENOTEMPTY).
    const counter = join(directory, 'rotations');
    writeFileSync(counter, '0');
    const process_ = join(directory, 'rotating-credentials.cjs');
    writeFileSync(
      process_,
      `const fs = require('node:fs'); const n = Number(fs.readFileSync(${JSON.stringify(counter)}, 'utf8')) + 1; fs.writeFileSync(${JSON.stringify(counter)}, String(n), { flag: 'r+' });
process.stdout.write(JSON.stringify({ Version: 1, AccessKeyId: 'AKIAROTATING' + String(n).padStart(8, '0'), SecretAccessKey: 'rotating-secret-' + n, SessionToken: 'ROTATINGTOKEN' + n, Expiration: new Date(Date.now() + 60000).toISOString() }));`,
    );
    const config = join(directory, 'rotating-config');
    writeFileSync(config, `[profile rotating]\ncredential_process = ${process.execPath} ${process_}\n`);
    // The SDK renews credentials that expire within 5 minutes in the background, signing with the old ones meanwhile: this
    // target holds its answers until the process has been asked again, so that the run's later requests carry renewed ones.
    const renewed = async () => {
      for (let waited = 0; waited < 10_000 && Number(readFileSync(counter, 'utf8')) < 2; waited += 20) await new Promise((resolve) => setTimeout(resolve, 20));
    };
    // A target whose every answer quotes the request's key ID and session token.
    const keysSeen = new Set<string>();
    const server = createServer((request, response) => {
      request.resume();
      const key = /Credential=(\w+)\//.exec(request.headers.authorization ?? '')?.[1] ?? '';
      keysSeen.add(key);
      request.on('end', () => {
        void renewed().then(() => response.writeHead(400, { 'content-type': 'application/x-amz-json-1.1' }).end(JSON.stringify({ __type: 'ValidationException', message: `caller ${key} token ${String(request.headers['x-amz-security-token'])}` })));
      });
    });
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    const endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const reportFile = join(directory, 'rotating.json');
    const recordFile = join(directory, 'rotating.ndjson');
    try {
      vi.stubEnv('AWS_CONFIG_FILE', config);
      vi.stubEnv('AWS_SHARED_CREDENTIALS_FILE', join(directory, 'no-credentials'));
      const result = await runMain(['run', '--endpoint', endpoint, '--aws-profile', 'rotating', '--operation', 'DeletePersonalAccessToken', '--reporter', 'json', '--output', reportFile, '--record', recordFile, ...quick], { awsSettings: false });

      expect(result.code).toBe(1);
      // The start asked once; later requests were signed with credentials asked for again, which the start never saw.
      expect([...keysSeen].filter((key) => key !== 'AKIAROTATING00000001').length).toBeGreaterThan(0);
      for (const text of [readFileSync(reportFile, 'utf8'), readFileSync(recordFile, 'utf8'), result.stderr]) {
        expect(text).not.toMatch(/AKIAROTATING\d|ROTATINGTOKEN\d/);
      }
      expect(readFileSync(reportFile, 'utf8')).toContain('caller [redacted] token [redacted]');
    } finally {
      vi.unstubAllEnvs();
      server.close();
    }
  });
});

