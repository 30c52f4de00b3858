import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { main } from '../../src/cli/main.ts';
import { demoIds } from '../../src/mock/demo-fixture.ts';

const bin = resolve(import.meta.dirname, '../../bin/workmail-conformance.js');
const started: ChildProcessWithoutNullStreams[] = [];

function serve(...args: string[]): ChildProcessWithoutNullStreams {
  const child = spawn(process.execPath, [bin, 'serve', ...args], { stdio: 'pipe' });
  started.push(child);
  return child;
}

async function firstLine(child: ChildProcessWithoutNullStreams): Promise<string> {
  const lines = createInterface({ input: child.stdout });
  const [line] = (await once(lines, 'line')) as [string];
  return line;
}

async function exitOf(child: ChildProcessWithoutNullStreams): Promise<{ code: number | null; stderr: string }> {
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => {
    stderr += chunk.toString('utf8');
  });
  const [code] = (await once(child, 'exit')) as [number | null];
  return { code, stderr };
}

afterEach(() => {
  for (const child of started.splice(0)) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
});

describe('workmail-conformance serve', () => {
  it('prints where it listens, answers WorkMail calls there, and exits 0 on SIGTERM', async () => {
    const child = serve('--port', '0');
    const exited = exitOf(child);
    const line = await firstLine(child);
    expect(line).toMatch(/^listening on http:\/\/127\.0\.0\.1:\d+$/);
    const url = line.slice('listening on '.length);
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'x-amz-target': 'WorkMailService.DescribeOrganization', 'content-type': 'application/x-amz-json-1.1' },
      body: JSON.stringify({ OrganizationId: demoIds.organizationId }),
    });
    expect(await response.json()).toEqual({ OrganizationId: demoIds.organizationId, Alias: 'example-corp', State: 'Active' });
    child.kill('SIGTERM');
    expect((await exited).code).toBe(0);
  });

  it('exits 0 on SIGINT', async () => {
    const child = serve('--port', '0');
    const exited = exitOf(child);
    await firstLine(child);
    child.kill('SIGINT');
    expect((await exited).code).toBe(0);
  });

  it('serves the organizations of --fixture', async () => {
    const directory = mkdtempSync(join(tmpdir(), 'serve-'));
    const file = join(directory, 'state.json');
    writeFileSync(file, JSON.stringify({ organizations: [{ id: `m-${'a'.repeat(32)}`, state: 'Active', alias: 'fixture-corp' }] }));
    const child = serve('--port', '0', '--fixture', file);
    const exited = exitOf(child);
    const url = (await firstLine(child)).slice('listening on '.length);
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'x-amz-target': 'WorkMailService.DescribeOrganization', 'content-type': 'application/x-amz-json-1.1' },
      body: JSON.stringify({ OrganizationId: `m-${'a'.repeat(32)}` }),
    });
    expect(((await response.json()) as Record<string, unknown>)['Alias']).toBe('fixture-corp');
    child.kill('SIGTERM');
    expect((await exited).code).toBe(0);
  });

  it('answers an open point by the reading --reading names', async () => {
    const child = serve('--port', '0', '--reading', 'email-case=case-sensitive');
    const exited = exitOf(child);
    const url = (await firstLine(child)).slice('listening on '.length);
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'x-amz-target': 'WorkMailService.DeleteMailboxPermissions', 'content-type': 'application/x-amz-json-1.1' },
      body: JSON.stringify({ OrganizationId: demoIds.organizationId, EntityId: 'ALICE@EXAMPLE.COM', GranteeId: 'sales' }),
    });
    expect(((await response.json()) as Record<string, unknown>)['__type']).toBe('EntityNotFoundException');
    child.kill('SIGTERM');
    expect((await exited).code).toBe(0);
  });

  it('refuses an unknown reading or a --reading without = with exit 2 and one line', async () => {
    const stderr: string[] = [];
    const spy = vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => {
      stderr.push(String(chunk));
      return true;
    });
    try {
      expect(await main(['serve', '--port', '0', '--reading', 'email-case=maybe'])).toBe(2);
      expect(await main(['serve', '--port', '0', '--reading', 'email-case'])).toBe(2);
    } finally {
      spy.mockRestore();
    }
    expect(stderr).toEqual([
      "workmail-conformance: createWorkMailMock: readings: 'maybe' is not a reading of open point 'email-case' (case-insensitive | case-sensitive)\n",
      "workmail-conformance: --reading: expected OPEN-POINT=READING (e.g. disabled-entity=success), got 'email-case'\n",
    ]);
  });

  it('refuses a bad fixture with exit 2 and one line naming the file and the JSON path', async () => {
    const directory = mkdtempSync(join(tmpdir(), 'serve-'));
    const file = join(directory, 'bad.json');
    writeFileSync(file, JSON.stringify({ organizations: [{ id: 5, state: 'Active' }] }));
    const { code, stderr } = await exitOf(serve('--port', '0', '--fixture', file));
    expect(code).toBe(2);
    expect(stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(stderr).toContain(`${file}: $.organizations[0].id:`);
  });

  it('refuses a port in use with exit 2 and one line', async () => {
    const blocker = createServer();
    await new Promise<void>((done) => blocker.listen(0, '127.0.0.1', done));
    const { port } = blocker.address() as { port: number };
    try {
      const { code, stderr } = await exitOf(serve('--port', String(port)));
      expect(code).toBe(2);
      expect(stderr.trimEnd().split('\n')).toEqual([`workmail-conformance: cannot listen on 127.0.0.1:${port}: the address is already in use`]);
    } finally {
      blocker.close();
    }
  });
});
