// The kernel scheduler's figures of a process's threads (Linux only, /proc/<pid>/task/<tid>/schedstat): how long each ran
// on a core, how long it waited runnable for one, and how many times it was put on one.
import { readdirSync, readFileSync } from 'node:fs';

/** A thread's (or threads') scheduler figures: nanoseconds on a core, nanoseconds runnable but waiting, times run. */
export interface SchedTime {
  readonly runNs: number;
  readonly waitNs: number;
  readonly slices: number;
}

/** The scheduler figures of a process's main thread, and of all its other threads summed (those alive at the reading: Node's stay for the process's life). */
export interface ProcessSchedTime {
  readonly main: SchedTime;
  readonly others: SchedTime;
}

const zero: SchedTime = { runNs: 0, waitNs: 0, slices: 0 };

/** Whether this machine has the figures (`/proc/<pid>/task/<tid>/schedstat`). */
export const hasSchedTime = process.platform === 'linux';

/**
 * Ends a script that cannot run without the figures with a one-line error and exit code 2, on a machine without them.
 *
 * @example
 * exitUnlessSchedTime('bench/thread-time.ts');
 */
export function exitUnlessSchedTime(script: string): void {
  if (hasSchedTime) return;
  process.stderr.write(`${script}: reads /proc/<pid>/task/<tid>/schedstat, which ${process.platform} does not have\n`);
  process.exit(2);
}

/**
 * Reads the scheduler figures of a process's threads now.
 *
 * @example
 * const before = readSchedTime(process.pid);
 * await work();
 * const mainThreadNs = since(before.main, readSchedTime(process.pid).main).runNs;
 */
export function readSchedTime(pid: number): ProcessSchedTime {
  let others = zero;
  let main = zero;
  for (const tid of readdirSync(`/proc/${pid}/task`)) {
    let fields: number[];
    try {
      fields = readFileSync(`/proc/${pid}/task/${tid}/schedstat`, 'utf8').trim().split(' ').map(Number);
    } catch {
      continue; // the thread ended between the listing and the read
    }
    const [runNs = 0, waitNs = 0, slices = 0] = fields;
    if (tid === String(pid)) main = { runNs, waitNs, slices };
    else others = { runNs: others.runNs + runNs, waitNs: others.waitNs + waitNs, slices: others.slices + slices };
  }
  return { main, others };
}

/**
 * What a thread's figures grew by between two readings.
 *
 * @example
 * since({ runNs: 10, waitNs: 0, slices: 1 }, { runNs: 25, waitNs: 5, slices: 3 }); // { runNs: 15, waitNs: 5, slices: 2 }
 */
export function since(before: SchedTime, after: SchedTime): SchedTime {
  return { runNs: after.runNs - before.runNs, waitNs: after.waitNs - before.waitNs, slices: after.slices - before.slices };
}
