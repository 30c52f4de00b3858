import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { demoIds } from '../../src/mock/demo-fixture.ts';
import { bin, runMain, startMain, type CliResult } from './helpers/cli-runners.ts';

const started: ChildProcessWithoutNullStreams[] = [];
const stopInProcess: Array<() => Promise<CliResult>> = [];

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

afterEach(async () => {
  for (const child of started.splice(0)) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  for (const stop of stopInProcess.splice(0)) await stop();
});

/**
 * `serve` run in this process until it prints where it listens. `stop` hands the stop signal to the listener serve
 * registered (and to no other: the test process itself must not see a SIGTERM).
 */
async function serveInProcess(...args: string[]): Promise<{ url: string; stop: (signal?: NodeJS.Signals) => Promise<CliResult> }> {
  const before = new Set([...process.listeners('SIGINT'), ...process.listeners('SIGTERM')]);
  const running = startMain(['serve', ...args]);
  const ended = running.done.then((result) => {
    throw new Error(`serve ended before listening: ${JSON.stringify(result)}`);
  });
  const listening = vi.waitFor(
    () => {
      const line = /^listening on (\S+)$/m.exec(running.printed().stdout);
      if (line?.[1] === undefined) throw new Error('not listening yet');
      return line[1];
    },
    { timeout: 10_000, interval: 5 },
  );
  const url = await Promise.race([listening, ended]);
  let stopped: Promise<CliResult> | undefined;
  const stop = (signal: NodeJS.Signals = 'SIGTERM') => {
    if (stopped === undefined) {
      const added = process.listeners(signal).filter((listener) => !before.has(listener));
      expect(added).toHaveLength(1);
      for (const listener of added) (listener as (signal: NodeJS.Signals) => void)(signal);
      stopped = running.done;
    }
    return stopped;
  };
  stopInProcess.push(stop);
  return { url, stop };
}

describe('workmail-conformance serve', () => {
  // The one spawned serve: the command as users start it, from bin/ over dist/, stopped by a real signal.
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

  it('exits 0 on SIGINT, and no longer answers', async () => {
    const { url, stop } = await serveInProcess('--port', '0');

    expect((await stop('SIGINT')).code).toBe(0);

    await expect(fetch(url, { method: 'POST', body: '{}' })).rejects.toThrow();
  });

  it('serves the organizations of --fixture', async () => {
    const directory = mkdtempSync(join(tmpdir(), 'serve-'));
    const file = join(directory, 'state.json');
    writeFileSync(file, JSON.stringify({ organizations: [{ id: `m-${'a'.repeat(32)}`, state: 'Active', alias: 'fixture-corp' }] }));
    const { url, stop } = await serveInProcess('--port', '0', '--fixture', file);
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'x-amz-target': 'WorkMailService.DescribeOrganization', 'content-type': 'application/x-amz-json-1.1' },
      body: JSON.stringify({ OrganizationId: `m-${'a'.repeat(32)}` }),
    });
    expect(((await response.json()) as Record<string, unknown>)['Alias']).toBe('fixture-corp');
    expect((await stop()).code).toBe(0);
  });

  it('serves the operation specs of --specs: a user spec with a tighter length is the contract it answers by', async () => {
    const directory = mkdtempSync(join(tmpdir(), 'serve-specs-'));
    const shipped = JSON.parse(readFileSync(join(import.meta.dirname, '..', '..', 'specs', 'DeletePersonalAccessToken.json'), 'utf8')) as { input: Record<string, { length: { max: number } }> };
    shipped.input['PersonalAccessTokenId']!.length.max = 32;
    writeFileSync(join(directory, 'DeletePersonalAccessToken.json'), JSON.stringify(shipped));
    const { url, stop } = await serveInProcess('--port', '0', '--specs', directory);
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'x-amz-target': 'WorkMailService.DeletePersonalAccessToken', 'content-type': 'application/x-amz-json-1.1' },
      body: JSON.stringify({ OrganizationId: demoIds.organizationId, PersonalAccessTokenId: demoIds.aliceTokenId }),
    });
    expect(response.status).toBe(400);
    expect(((await response.json()) as Record<string, unknown>)['__type']).toBe('InvalidParameterException');
    expect((await stop()).code).toBe(0);
  });

  it('answers an open point by the reading --reading names', async () => {
    const { url, stop } = await serveInProcess('--port', '0', '--reading', 'email-case=case-sensitive');
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'x-amz-target': 'WorkMailService.DeleteMailboxPermissions', 'content-type': 'application/x-amz-json-1.1' },
      body: JSON.stringify({ OrganizationId: demoIds.organizationId, EntityId: 'ALICE@EXAMPLE.COM', GranteeId: 'sales' }),
    });
    expect(((await response.json()) as Record<string, unknown>)['__type']).toBe('EntityNotFoundException');
    expect((await stop()).code).toBe(0);
  });

  it('refuses an empty --host with exit 2 and one line, where it printed a URL that reaches nothing', async () => {
    const result = await runMain(['serve', '--port', '0', '--host', '']);
    expect([result.code, result.stderr]).toEqual([2, "workmail-conformance: --host: needs an address to listen on, such as 127.0.0.1 or 0.0.0.0, got ''\n"]);
  });

  it('refuses an unknown reading or a --reading without = with exit 2 and one line', async () => {
    const unknownReading = await runMain(['serve', '--port', '0', '--reading', 'email-case=maybe']);
    const withoutEquals = await runMain(['serve', '--port', '0', '--reading', 'email-case']);
    expect([unknownReading.code, withoutEquals.code]).toEqual([2, 2]);
    expect([unknownReading.stderr, withoutEquals.stderr]).toEqual([
      "workmail-conformance: --reading: 'maybe' is not a reading of open point 'email-case' (case-insensitive | case-sensitive)\n",
      "workmail-conformance: --reading: expected OPEN-POINT=READING (e.g. disabled-entity=success), got 'email-case'\n",
    ]);
  });

  it('refuses a bad fixture with exit 2 and one line naming the file and the JSON path', async () => {
    const directory = mkdtempSync(join(tmpdir(), 'serve-'));
    const file = join(directory, 'bad.json');
    writeFileSync(file, JSON.stringify({ organizations: [{ id: 5, state: 'Active' }] }));
    const { code, stderr } = await runMain(['serve', '--port', '0', '--fixture', file]);
    expect(code).toBe(2);
    expect(stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(stderr).toContain(`${file}: $.organizations[0].id:`);
  });

  it('refuses a port in use with exit 2 and one line', async () => {
    const blocker = createServer();
    await new Promise<void>((done) => blocker.listen(0, '127.0.0.1', done));
    const { port } = blocker.address() as { port: number };
    try {
      const { code, stderr } = await runMain(['serve', '--port', String(port)]);
      expect(code).toBe(2);
      expect(stderr.trimEnd().split('\n')).toEqual([`workmail-conformance: cannot listen on 127.0.0.1:${port}: the address is already in use`]);
    } finally {
      blocker.close();
    }
  });
});
