import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { demoIds } from '../../src/mock/demo-fixture.ts';
import { runMain } from '../cli/helpers/cli-runners.ts';
import { startStandIn, type StandIn } from './helpers/stand-in-server.ts';

/** Writes of recording lines fail with ENOSPC from the 4th exchange on, as a disk that fills up during the run. */
const disk = vi.hoisted(() => ({ exchanges: 0 }));
vi.mock('node:fs', async (importOriginal) => {
  const fs = await importOriginal<typeof import('node:fs')>();
  const writeSync = ((descriptor: number, data: unknown, ...rest: unknown[]) => {
    if (typeof data === 'string' && data.startsWith('{"type":"exchange"') && ++disk.exchanges > 3) throw Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' });
    return (fs.writeSync as (...args: unknown[]) => number)(descriptor, data, ...rest);
  }) as typeof fs.writeSync;
  return { ...fs, writeSync, default: { ...fs, writeSync } };
});

let standIn: StandIn | undefined;
afterEach(async () => {
  await standIn?.close();
  standIn = undefined;
});

describe('a live run whose recording can no longer be written (a full disk)', () => {
  it('starts no case after it, says why, and exits 2', async () => {
    standIn = await startStandIn();
    const directory = mkdtempSync(join(tmpdir(), 'wmc-lost-'));
    const recordFile = join(directory, 'run.ndjson');
    const reportFile = join(directory, 'report.json');

    const result = await runMain(['run', '--live', '--endpoint', standIn.url, '--organization-id', demoIds.organizationId, '--record', recordFile, '--reporter', 'json', '--output', reportFile, '--max-rps', '2000', '--seed', '7', '--settle-ms', '300']);

    const report = JSON.parse(readFileSync(reportFile, 'utf8')) as { summary: { incomplete?: string; cases: number } };
    expect(report.summary.incomplete).toBe(`--record ${recordFile}: writing stopped (ENOSPC at exchange 4), and a live run does not go on without its recording: no case started after it`);
    // The cases already in flight end; a live run sends one at a time.
    expect(report.summary.cases).toBeLessThan(8);
    expect(result.code).toBe(2);
  });
});
