import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
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

  it('refuses, before the run, a file in a folder that does not exist: one line, exit code 2, nothing created', async () => {
    const file = join(directory, 'missing-folder', 'report.json');

    const result = await runMain(['run', '--output', file, ...quick], { awsSettings: false });

    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toBe(`workmail-conformance: --output ${file}: cannot be written (ENOENT for its folder ${join(directory, 'missing-folder')})\n`);
    expect(existsSync(join(directory, 'missing-folder'))).toBe(false);
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
});
