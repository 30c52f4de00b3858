import { readdirSync } from 'node:fs';
import { setPriority } from 'node:os';
import v8 from 'node:v8';

/** The nice value the other threads run at: Linux's lowest priority, so that they run on a core no other work wants. */
export const backgroundThreadNice = 19;

/** What {@link lowerBackgroundThreadPriority} reads and sets; the running process's own by default (a test gives its own). */
export interface BackgroundThreadPriorityOptions {
  readonly platform?: NodeJS.Platform;
  /** The main thread's ID: on Linux the process ID. */
  readonly mainThreadId?: number;
  /** The IDs of the process's threads now; `/proc/self/task` by default. */
  readonly listThreadIds?: () => readonly string[];
  /** Sets a thread's nice value; `os.setPriority` by default (on Linux it sets one thread). */
  readonly setThreadPriority?: (threadId: number, priority: number) => void;
  /** The V8 version, as `process.versions.v8` gives it (`13.6.233.17-node.63`); the running one by default. */
  readonly v8Version?: string;
  /** Sets V8 flags at run time; `v8.setFlagsFromString` by default. */
  readonly setV8Flags?: (flags: string) => void;
}

/**
 * V8 12 and later (Node 22 and later) have Maglev, an optimizing compiler on by default, free each finished compilation job
 * on a helper thread. At nice 19 those helpers wait while the run and its server keep both cores busy, and the jobs' memory
 * piles up: on Node 24, 12,500-run CLI runs peaked at 175-206 MB of RSS in five of six runs (V8's malloc at 60-81 MB),
 * against 148-152 MB with the jobs freed on the main thread (bench/README.md, "(d) memory on Node 24"). V8 11 (Node 20)
 * knows no such flag, and a flag it does not know is printed as an error.
 */
const freeMaglevJobsOnMainThread = '--no-maglev-destroy-on-background';
const firstV8MajorWithMaglevJobFreeing = 12;

/**
 * Lowers, on Linux, the scheduling priority of every thread of the process but the main one (V8's optimizing compiler and
 * garbage-collector helpers, libuv's pool) to nice 19, the lowest; elsewhere does nothing. On a machine with no core to
 * spare (a 2-core CI runner that also runs the server under test), V8's four helper threads otherwise preempt the run's
 * main thread and the server, compiling code the run is about to finish with. The main thread keeps its priority (a
 * user's `nice` included), and a thread that ended or cannot be changed keeps its own. Threads started later inherit the
 * main thread's priority. Once it has lowered any, it has V8's Maglev compiler free its finished jobs on the main thread
 * (V8 12 and later), whose helpers would otherwise hold them while they wait. Returns how many threads it set.
 *
 * @example
 * lowerBackgroundThreadPriority(); // on Linux how many helper threads it set (10 for Node 20 on a 2-core machine), 0 elsewhere
 */
export function lowerBackgroundThreadPriority(options: BackgroundThreadPriorityOptions = {}): number {
  if ((options.platform ?? process.platform) !== 'linux') return 0;
  const mainThreadId = options.mainThreadId ?? process.pid;
  const setThreadPriority = options.setThreadPriority ?? setPriority;
  let threadIds: readonly string[];
  try {
    threadIds = (options.listThreadIds ?? (() => readdirSync('/proc/self/task')))();
  } catch {
    // No /proc (a sandbox without it): every thread keeps its priority.
    return 0;
  }
  let lowered = 0;
  for (const id of threadIds) {
    const threadId = Number(id);
    if (!Number.isInteger(threadId) || threadId === mainThreadId) continue;
    try {
      setThreadPriority(threadId, backgroundThreadNice);
      lowered += 1;
    } catch {
      // The thread ended between the listing and now, or the system refused: it keeps its priority.
    }
  }
  const v8Major = Number.parseInt(options.v8Version ?? process.versions.v8, 10);
  if (lowered > 0 && v8Major >= firstV8MajorWithMaglevJobFreeing) {
    (options.setV8Flags ?? ((flags: string) => v8.setFlagsFromString(flags)))(freeMaglevJobsOnMainThread);
  }
  return lowered;
}
