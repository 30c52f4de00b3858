import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runMain } from './helpers/cli-runners.ts';

/** `workmail-conformance sample …` run in this process (the spawned smoke test of sample is in main.test.ts). */
async function sample(...args: string[]) {
  const { code, stdout, stderr } = await runMain(['sample', ...args]);
  return { status: code, stdout, stderr };
}

const lines = (stdout: string) => stdout.trimEnd().split('\n').map((line) => JSON.parse(line) as Record<string, any>);

describe('workmail-conformance sample', () => {
  it('prints the asked number of valid inputs as JSON lines with a null violation', async () => {
    const { status, stdout } = await sample('--operation', 'DeletePersonalAccessToken', '--count', '25', '--seed', '7');
    const printed = lines(stdout);
    expect(status).toBe(0);
    expect(printed).toHaveLength(25);
    for (const line of printed) {
      expect(line).toMatchObject({ operation: 'DeletePersonalAccessToken', violation: null });
      expect(line.input.OrganizationId).toMatch(/^m-[0-9a-f]{32}$/);
      expect(line.input.PersonalAccessTokenId).toMatch(/^[a-zA-Z0-9_-]{1,64}$/);
    }
  });

  it('draws from the operation specs of --specs', async () => {
    const directory = mkdtempSync(join(tmpdir(), 'sample-specs-'));
    const shipped = JSON.parse(readFileSync(join(import.meta.dirname, '..', '..', 'specs', 'DeletePersonalAccessToken.json'), 'utf8')) as { input: Record<string, { length: { max: number } }> };
    shipped.input['PersonalAccessTokenId']!.length.max = 8;
    writeFileSync(join(directory, 'DeletePersonalAccessToken.json'), JSON.stringify(shipped));

    const { status, stdout } = await sample('--operation', 'DeletePersonalAccessToken', '--count', '50', '--seed', '7', '--specs', directory);

    expect(status).toBe(0);
    for (const line of lines(stdout)) expect(line.input.PersonalAccessTokenId.length).toBeLessThanOrEqual(8);
  });

  it('prints invalid inputs labelled with the broken member and its constraints', async () => {
    const { status, stdout } = await sample('--operation', 'DeleteMailboxPermissions', '--invalid', '--count', '40', '--seed', '7');
    expect(status).toBe(0);
    for (const line of lines(stdout)) {
      expect(['EntityId', 'GranteeId', 'OrganizationId']).toContain(line.violation.member);
      expect(line.violation.constraints.length).toBeGreaterThan(0);
    }
  });

  it('prints the same lines for the same seed and prints only JSON on stdout', async () => {
    const first = await sample('--operation', 'DeleteMailboxPermissions', '--invalid', '--count', '30', '--seed', '123');
    const second = await sample('--operation', 'DeleteMailboxPermissions', '--invalid', '--count', '30', '--seed', '123');
    const other = await sample('--operation', 'DeleteMailboxPermissions', '--invalid', '--count', '30', '--seed', '124');
    expect(second.stdout).toBe(first.stdout);
    expect(other.stdout).not.toBe(first.stdout);
    const unseeded = await sample('--operation', 'DeletePersonalAccessToken', '--count', '3');
    expect(lines(unseeded.stdout)).toHaveLength(3);
    expect(unseeded.stderr).toMatch(/seed -?\d+/);
  });

  it('takes the seeds run takes, and no other', async () => {
    expect((await sample('--operation', 'DeletePersonalAccessToken', '--count', '1', '--seed', '-2147483648')).status).toBe(0);
    const { status, stderr } = await sample('--operation', 'DeletePersonalAccessToken', '--count', '1', '--seed', '4294967295');
    expect(status).toBe(2);
    expect(stderr).toMatch(/--seed.*-2147483648 to 2147483647/);
  });

  it('exits 2 with one line on stderr and no stack trace for an unknown operation', async () => {
    const { status, stdout, stderr } = await sample('--operation', 'DeleteEverything');
    expect(status).toBe(2);
    expect(stdout).toBe('');
    expect(stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(stderr).toContain("--operation: unknown operation 'DeleteEverything' (known: DeleteMailboxPermissions, DeletePersonalAccessToken)");
    expect(stderr).not.toMatch(/\bat .*:\d+:\d+/);
  });

  it('exits 2 without a stack trace for a count that is not a number or a missing --operation', async () => {
    for (const args of [['--operation', 'DeletePersonalAccessToken', '--count', 'ten'], ['--count', '3']]) {
      const { status, stdout, stderr } = await sample(...args);
      expect(status).toBe(2);
      expect(stdout).toBe('');
      expect(stderr).toMatch(/^workmail-conformance: (option|required option|error)/);
      expect(stderr).not.toMatch(/\bat .*:\d+:\d+/);
    }
  });
});
