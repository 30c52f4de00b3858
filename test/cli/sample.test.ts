import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const repoRoot = resolve(import.meta.dirname, '../..');
const bin = resolve(repoRoot, 'bin/workmail-conformance.js');

function sample(...args: string[]) {
  const result = spawnSync(process.execPath, [bin, 'sample', ...args], { cwd: repoRoot, encoding: 'utf8' });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

const lines = (stdout: string) => stdout.trimEnd().split('\n').map((line) => JSON.parse(line) as Record<string, any>);

describe('workmail-conformance sample', () => {
  it('prints the asked number of valid inputs as JSON lines with a null violation', () => {
    const { status, stdout } = sample('--operation', 'DeletePersonalAccessToken', '--count', '25', '--seed', '7');
    const printed = lines(stdout);
    expect(status).toBe(0);
    expect(printed).toHaveLength(25);
    for (const line of printed) {
      expect(line).toMatchObject({ operation: 'DeletePersonalAccessToken', violation: null });
      expect(line.input.OrganizationId).toMatch(/^m-[0-9a-f]{32}$/);
      expect(line.input.PersonalAccessTokenId).toMatch(/^[a-zA-Z0-9_-]{1,64}$/);
    }
  });

  it('prints invalid inputs labelled with the broken member and its constraints', () => {
    const { status, stdout } = sample('--operation', 'DeleteMailboxPermissions', '--invalid', '--count', '40', '--seed', '7');
    expect(status).toBe(0);
    for (const line of lines(stdout)) {
      expect(['EntityId', 'GranteeId', 'OrganizationId']).toContain(line.violation.member);
      expect(line.violation.constraints.length).toBeGreaterThan(0);
    }
  });

  it('prints the same lines for the same seed and prints only JSON on stdout', () => {
    const first = sample('--operation', 'DeleteMailboxPermissions', '--invalid', '--count', '30', '--seed', '123');
    const second = sample('--operation', 'DeleteMailboxPermissions', '--invalid', '--count', '30', '--seed', '123');
    const other = sample('--operation', 'DeleteMailboxPermissions', '--invalid', '--count', '30', '--seed', '124');
    expect(second.stdout).toBe(first.stdout);
    expect(other.stdout).not.toBe(first.stdout);
    const unseeded = sample('--operation', 'DeletePersonalAccessToken', '--count', '3');
    expect(lines(unseeded.stdout)).toHaveLength(3);
    expect(unseeded.stderr).toMatch(/seed -?\d+/);
  });

  it('exits 2 with one line on stderr and no stack trace for an unknown operation', () => {
    const { status, stdout, stderr } = sample('--operation', 'DeleteEverything');
    expect(status).toBe(2);
    expect(stdout).toBe('');
    expect(stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(stderr).toContain("unknown operation 'DeleteEverything'");
    expect(stderr).not.toMatch(/\bat .*:\d+:\d+/);
  });

  it('exits 2 without a stack trace for a count that is not a number or a missing --operation', () => {
    for (const args of [['--operation', 'DeletePersonalAccessToken', '--count', 'ten'], ['--count', '3']]) {
      const { status, stdout, stderr } = sample(...args);
      expect(status).toBe(2);
      expect(stdout).toBe('');
      expect(stderr).toMatch(/^error: /);
      expect(stderr).not.toMatch(/\bat .*:\d+:\d+/);
    }
  });
});
