// Preloaded by the benchmark into a CLI run (`node --import ./bench/phase-marks-preload.mjs bin/workmail-conformance.js run …`):
// when the process exits, writes the run's phase marks (milliseconds since the process started) and the CPU it used to
// BENCH_PHASES_FILE: the whole process's (every thread), and on Linux its main thread's alone.
import { readFileSync, writeFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';

/** The main thread's CPU time in milliseconds, from /proc (utime and stime, in USER_HZ ticks of 10 ms); `undefined` without /proc. */
function mainThreadCpuMs() {
  try {
    const stat = readFileSync(`/proc/self/task/${process.pid}/stat`, 'utf8');
    // The fields after the command name, which may hold spaces, start at field 3 (state): utime is field 14, stime 15.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return undefined;
  }
}

const file = process.env.BENCH_PHASES_FILE;
if (file !== undefined) {
  process.on('exit', () => {
    const marks = performance.getEntriesByName('workmail-conformance:phase', 'mark').map((mark) => ({ phase: mark.detail, at: mark.startTime }));
    const { user, system } = process.cpuUsage();
    writeFileSync(file, JSON.stringify({ marks, exit: performance.now(), cpu: { processMs: (user + system) / 1000, mainThreadMs: mainThreadCpuMs() } }));
  });
}
