import { readdirSync } from 'node:fs';
import { getPriority, setPriority } from 'node:os';

/** How much lower than the main thread the other threads run: nice 10 above it gets about a tenth of a contended core. */
export const backgroundNiceOffset = 10;

/** The highest nice value (the lowest priority) Linux has. */
const lowestPriority = 19;

/** What {@link lowerBackgroundThreadPriority} reads and sets; the running process's own by default (a test gives its own). */
export interface BackgroundThreadPriorityOptions {
  readonly platform?: NodeJS.Platform;
  /** The main thread's ID: on Linux the process ID. */
  readonly mainThreadId?: number;
  /** The IDs of the process's threads now; `/proc/self/task` by default. */
  readonly listThreadIds?: () => readonly string[];
  /** A thread's nice value; `os.getPriority` by default (on Linux it reads one thread). */
  readonly getThreadPriority?: (threadId: number) => number;
  /** Sets a thread's nice value; `os.setPriority` by default (on Linux it sets one thread). */
  readonly setThreadPriority?: (threadId: number, priority: number) => void;
}

/**
 * Lowers, on Linux, the scheduling priority of every thread of the process but the main one (V8's optimizing compiler and
 * garbage-collector helpers, libuv's pool) to 10 nice steps below the main thread; elsewhere does nothing. On a machine with
 * no core to spare (a 2-core CI runner that also runs the server under test), V8's four helper threads otherwise take the
 * cores the run's main thread and the server need, compiling code the run is about to finish with: the main command ran
 * 12-15% faster without them in the way. A thread already lower is left as it is (a user's `nice` is never undone), and one
 * that ended or cannot be changed keeps its priority. Threads started later inherit the main thread's priority. Returns how
 * many threads it lowered.
 *
 * @example
 * lowerBackgroundThreadPriority(); // 10 on Linux (Node's helper threads), 0 elsewhere
 */
export function lowerBackgroundThreadPriority(options: BackgroundThreadPriorityOptions = {}): number {
  if ((options.platform ?? process.platform) !== 'linux') return 0;
  const mainThreadId = options.mainThreadId ?? process.pid;
  const getThreadPriority = options.getThreadPriority ?? getPriority;
  const setThreadPriority = options.setThreadPriority ?? setPriority;
  let threadIds: readonly string[];
  let target: number;
  try {
    threadIds = (options.listThreadIds ?? (() => readdirSync('/proc/self/task')))();
    target = Math.min(lowestPriority, getThreadPriority(mainThreadId) + backgroundNiceOffset);
  } catch {
    // No /proc (a sandbox without it): every thread keeps its priority.
    return 0;
  }
  let lowered = 0;
  for (const id of threadIds) {
    const threadId = Number(id);
    if (!Number.isInteger(threadId) || threadId === mainThreadId) continue;
    try {
      if (getThreadPriority(threadId) >= target) continue;
      setThreadPriority(threadId, target);
      lowered += 1;
    } catch {
      // The thread ended between the listing and now, or the system refused: it keeps its priority.
    }
  }
  return lowered;
}
