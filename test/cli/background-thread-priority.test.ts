import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { backgroundThreadNice, lowerBackgroundThreadPriority, type BackgroundThreadPriorityOptions } from '../../src/cli/background-thread-priority.ts';

/** A process of threads with nice values, as the options see it; `set` records each change. */
function fakeThreads(priorities: Record<number, number>, overrides: Partial<BackgroundThreadPriorityOptions> = {}) {
  const set: [number, number][] = [];
  const options: BackgroundThreadPriorityOptions = {
    platform: 'linux',
    mainThreadId: 100,
    listThreadIds: () => Object.keys(priorities),
    setThreadPriority: (threadId, priority) => {
      if (priorities[threadId] === undefined) throw new Error(`ESRCH: no thread ${threadId}`);
      set.push([threadId, priority]);
      priorities[threadId] = priority;
    },
    ...overrides,
  };
  return { options, set, priorities };
}

describe('lowerBackgroundThreadPriority', () => {
  it('puts every thread but the main one at the lowest priority, nice 19, and leaves the main thread as it is', () => {
    const { options, set, priorities } = fakeThreads({ 100: 5, 101: 5, 102: 5, 103: 5 });
    expect(lowerBackgroundThreadPriority(options)).toBe(3);
    expect(set).toEqual([
      [101, 19],
      [102, 19],
      [103, 19],
    ]);
    expect(backgroundThreadNice).toBe(19);
    expect(priorities[100]).toBe(5);
  });

  it('goes on past a thread that ended or cannot be changed', () => {
    const { options, set, priorities } = fakeThreads(
      { 100: 0, 101: 0, 102: 0 },
      {
        listThreadIds: () => ['100', '101', '999', 'not-a-thread', '102'],
        setThreadPriority: (threadId, priority) => {
          if (threadId === 101) throw new Error('EACCES');
          if (priorities[threadId] === undefined) throw new Error(`ESRCH: no thread ${threadId}`);
          set.push([threadId, priority]);
        },
      },
    );
    expect(lowerBackgroundThreadPriority(options)).toBe(1);
    expect(set).toEqual([[102, 19]]);
  });

  it('does nothing where threads cannot be listed (not Linux, or no /proc)', () => {
    const elsewhere = fakeThreads({ 100: 0, 101: 0 }, { platform: 'darwin' });
    expect(lowerBackgroundThreadPriority(elsewhere.options)).toBe(0);
    expect(elsewhere.set).toEqual([]);
    const noProc = fakeThreads(
      { 100: 0, 101: 0 },
      {
        listThreadIds: () => {
          throw new Error("ENOENT: no such file or directory, scandir '/proc/self/task'");
        },
      },
    );
    expect(lowerBackgroundThreadPriority(noProc.options)).toBe(0);
    expect(noProc.set).toEqual([]);
  });

  it('has Maglev free its finished jobs on the main thread once helpers are lowered, on V8 12 and later only', () => {
    const flagsSet = (v8Version: string, priorities: Record<number, number> = { 100: 0, 101: 0 }, overrides: Partial<BackgroundThreadPriorityOptions> = {}) => {
      const flags: string[] = [];
      lowerBackgroundThreadPriority(fakeThreads(priorities, { v8Version, setV8Flags: (given) => flags.push(given), ...overrides }).options);
      return flags;
    };
    // Node 24 and 22: Maglev is on, and frees its jobs on the helpers, which now run last.
    expect(flagsSet('13.6.233.17-node.63')).toEqual(['--no-maglev-destroy-on-background']);
    expect(flagsSet('12.4.254.21-node.57')).toEqual(['--no-maglev-destroy-on-background']);
    // Node 20's V8 knows no such flag, and would print an error for it.
    expect(flagsSet('11.3.244.8-node.38')).toEqual([]);
    // Nothing lowered: the helpers keep their priority, and V8 its way.
    expect(flagsSet('13.6.233.17-node.63', { 100: 0 })).toEqual([]);
    expect(flagsSet('13.6.233.17-node.63', { 100: 0, 101: 0 }, { platform: 'darwin' })).toEqual([]);
  });

  it("sets a flag this Node's V8 knows, exactly where it sets one", () => {
    const flags: string[] = [];
    lowerBackgroundThreadPriority({ ...fakeThreads({ 100: 0, 101: 0 }).options, v8Version: process.versions.v8, setV8Flags: (given) => flags.push(given) });
    const listed = spawnSync(process.execPath, ['--v8-options'], { encoding: 'utf8' }).stdout;
    expect(listed).toContain('--maglev ');
    const known = listed.includes('--maglev-destroy-on-background ');
    expect(flags.length === 1).toBe(known);
    for (const flag of flags) expect(listed).toContain(`${flag.replace(/^--no-/, '--')} `);
  });

  it.runIf(process.platform === 'linux')('lowers the helper threads of the bin as it runs, and not its main thread', () => {
    // A preload records the threads that exist before the CLI starts (Node's own helpers) and, at exit, the nice value of each.
    const dir = mkdtempSync(join(tmpdir(), 'workmail-thread-priority-'));
    const preload = join(dir, 'record-priorities.mjs');
    const out = join(dir, 'priorities.json');
    writeFileSync(
      preload,
      `import { readdirSync, writeFileSync } from 'node:fs';
import { getPriority } from 'node:os';
const before = readdirSync('/proc/self/task').map(Number);
const mainBefore = getPriority(process.pid);
const helpersBefore = before.filter((id) => id !== process.pid).map((id) => getPriority(id));
process.on('exit', () => {
  const alive = new Set(readdirSync('/proc/self/task').map(Number));
  const helpers = before.filter((id) => id !== process.pid && alive.has(id)).map((id) => getPriority(id));
  writeFileSync(${JSON.stringify(out)}, JSON.stringify({ mainBefore, mainAfter: getPriority(process.pid), helpersBefore, helpers }));
});
`,
    );
    const bin = join(import.meta.dirname, '../../bin/workmail-conformance.js');
    const result = spawnSync(process.execPath, ['--import', preload, bin, '--version'], { encoding: 'utf8' });
    expect(result.status).toBe(0);
    // A V8 flag the running Node does not know would be printed here.
    expect(result.stderr).toBe('');
    const recorded = JSON.parse(readFileSync(out, 'utf8')) as { mainBefore: number; mainAfter: number; helpersBefore: number[]; helpers: number[] };
    // Started already at the lowest priority (tests run under `nice -n 19`), nothing here could show the bin lowering anything.
    expect(recorded.mainBefore).toBeLessThan(backgroundThreadNice);
    expect(recorded.mainAfter).toBe(recorded.mainBefore);
    // They started at the main thread's priority, and ended at the lowest.
    expect(recorded.helpersBefore.every((priority) => priority === recorded.mainBefore)).toBe(true);
    expect(recorded.helpers.length).toBeGreaterThan(0);
    expect(recorded.helpers).toEqual(recorded.helpers.map(() => backgroundThreadNice));
  });
});
