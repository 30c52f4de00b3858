// What a system call between requests costs the kit's own work: `npx tsx bench/syscall-tax.ts [numRuns] [rounds]` (Linux).
// The kit runs in-process against the reference mock (`createHandlerTarget`, no socket), warm, with 0, 1 or 2 cheap system
// calls (`fstat` of standard output) made before each request, the three variants alternating round by round; each round's
// main-thread CPU is read from the scheduler. On a machine whose kernel flushes the user TLB at each system call (page-table
// isolation without PCID), the kit's work after a call runs with its code and data out of the TLB: what a call adds to a
// request is then much more than the call itself, which the script times alone at the end.
import { fstatSync } from 'node:fs';
import { createHandlerTarget, createWorkMailMock } from 'workmail-conformance';
import type { HttpHandle } from '../src/target/handler-target.ts';
import { benchConcurrency } from './bench-settings.ts';
import { median } from './median.ts';
import { measureKit } from './measure-kit.ts';
import { exitUnlessSchedTime, readSchedTime } from './sched-time.ts';

exitUnlessSchedTime('bench/syscall-tax.ts');
const [runsText = '20000', roundsText = '4'] = process.argv.slice(2);
const numRuns = Number(runsText);
const rounds = Number(roundsText);
const variants = [0, 1, 2];

/** The mock's handler, with `calls` system calls made before each request. */
function withSystemCalls(handle: HttpHandle, calls: number): HttpHandle {
  if (calls === 0) return handle;
  return (request) => {
    for (let call = 0; call < calls; call += 1) fstatSync(1);
    return handle(request);
  };
}

/** The main thread's µs a request of one in-process kit run. */
async function mainThreadMicros(calls: number): Promise<number> {
  const before = readSchedTime(process.pid).main.runNs;
  const result = await measureKit(createHandlerTarget(withSystemCalls(createWorkMailMock().handle, calls)), numRuns, benchConcurrency);
  return (readSchedTime(process.pid).main.runNs - before) / 1000 / result.requests;
}

// A first round of each warms the JIT up; it is not counted.
for (const calls of variants) await mainThreadMicros(calls);
const figures = new Map<number, number[]>(variants.map((calls) => [calls, []]));
for (let round = 0; round < rounds; round += 1) {
  for (const calls of variants) figures.get(calls)?.push(await mainThreadMicros(calls));
}
const alone = 100_000;
const before = readSchedTime(process.pid).main.runNs;
for (let call = 0; call < alone; call += 1) fstatSync(1);
const callMicros = (readSchedTime(process.pid).main.runNs - before) / 1000 / alone;

const base = median(figures.get(0) ?? []);
process.stdout.write(`In-process kit runs of ${numRuns} runs, median of ${rounds} rounds (main thread, µs a request):\n`);
for (const calls of variants) {
  const values = figures.get(calls) ?? [];
  const added = calls === 0 ? '' : `, ${(median(values) - base).toFixed(1)} µs more than with none`;
  process.stdout.write(`  ${calls} system call${calls === 1 ? '' : 's'} a request: ${median(values).toFixed(1)} µs (rounds ${values.map((value) => value.toFixed(1)).join(', ')})${added}\n`);
}
process.stdout.write(`One fstat alone, in a tight loop: ${callMicros.toFixed(2)} µs\n`);
