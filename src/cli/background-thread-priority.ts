import { readdirSync } from 'node:fs';
import { setPriority } from 'node:os';

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
}

/**
 * Lowers, on Linux, the scheduling priority of every thread of the process but the main one (V8's optimizing compiler and
 * garbage-collector helpers, libuv's pool) to nice 19, the lowest; elsewhere does nothing. On a machine with no core to
 * spare (a 2-core CI runner that also runs the server under test), V8's four helper threads otherwise preempt the run's
 * main thread and the server, compiling code the run is about to finish with. The main thread keeps its priority (a
 * user's `nice` included), and a thread that ended or cannot be changed keeps its own. Threads started later inherit the
 * main thread's priority. Returns how many threads it set.
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
  return lowered;
}
