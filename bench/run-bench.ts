// `npm run bench`: a whole CLI run (process start included) beside the bare loop, the kit's in-run throughput beside bare
// loops, time by phase, memory across run lengths, and the wall time of `--help` and of the main command.
// BENCH_ROUNDS (default 5), BENCH_SECONDS (default 4, per kit run), BENCH_WHOLE_RUNS (default 5000) and BENCH_ONLY
// (e.g. `f,a,d`) tune it. Everything measured is the compiled package (dist/, imported by its own name, and the bin): run
// `npm run build` after changing src/.
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { createHandlerTarget, createHttpTarget, createSdkTarget, createWorkMailMock, demoFixture } from 'workmail-conformance';
import { getOrInsertComputed } from '../src/get-or-insert-computed.ts';
import type { Target } from '../src/target/target.ts';
import type { HttpRequestMessage } from '../src/wire/http-message.ts';
import { bareHandleLoop } from './bare-handle-loop.ts';
import { bareHttpLoop, bareUndiciLoop, presignRequests, type LoopResult } from './bare-http-loop.ts';
import { bareSdkLoop, type SdkCall } from './bare-sdk-loop.ts';
import { benchConcurrency, benchCredentials, benchRegion } from './bench-settings.ts';
import { benchSeed, captureRequests, measureKit, type KitResult } from './measure-kit.ts';
import { median } from './median.ts';
import { hasSchedTime, readSchedTime, since } from './sched-time.ts';
import { startMockServerProcess, type MockServerProcess } from './start-mock-server-process.ts';

// As the CLI does: the AWS SDK's notice about its releases after January 2027 would interleave with the figures.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
const rounds = Number(process.env.BENCH_ROUNDS ?? 5);
const secondsPerRun = Number(process.env.BENCH_SECONDS ?? 4);
const wholeRunNumRuns = Number(process.env.BENCH_WHOLE_RUNS ?? 5000);
const only = new Set((process.env.BENCH_ONLY ?? 'f,a,b,c,d,e,g').split(','));
const memoryRunLengths = [10_000, 50_000, 100_000];
const memoryLimitBytes = 200 * 1024 * 1024;
/** Flat: what a run still holds after a full GC grows by less than this from 10,000 to 100,000 cases. */
const flatToleranceBytes = 5 * 1024 * 1024;
const wholeRunGoal = 0.5;
const inRunGoal = 0.65;
const sdkGoal = 0.85;
const mainCommandLimitSeconds = 0.6;
const helpLimitSeconds = 0.3;
const root = fileURLToPath(new URL('..', import.meta.url));

/** A bare loop the kit is compared with, by name (e.g. `undici`, `node:http`). */
type BareLoops = Readonly<Record<string, (requests: number) => Promise<LoopResult>>>;

interface Throughput {
  readonly kitPerSecond: number;
  /** The floor: the median rate of the fastest bare loop, named by `bareLoop`. */
  readonly barePerSecond: number;
  readonly bareLoop: string;
  /** The median of the rounds' ratios (each round's kit rate over its fastest bare loop), not the ratio of the medians. */
  readonly ratio: number;
  readonly roundRatios: readonly number[];
  /** CPU time of the kit's process (user + system, all threads) per request, in microseconds. */
  readonly kitCpuMicros: number;
  /**
   * The kit's main thread (Linux only): its time on a core per request (median, microseconds), the share of the run it was
   * on one (median), and each round's ceiling: the rate the kit would make were its main thread never off a core, over
   * that round's floor. A ceiling under the goal means the goal needs less work per request on the main thread.
   */
  readonly kitMainThread: { readonly micros: number; readonly busy: number; readonly roundCeilings: readonly number[] } | undefined;
  /** Every bare loop's median rate and CPU per request. */
  readonly bare: Readonly<Record<string, { readonly perSecond: number; readonly cpuMicros: number }>>;
  readonly requests: number;
  readonly kitConformant: boolean;
}

/** One CLI run's memory: peak RSS (the kernel's high-water mark), peak heap (sampled), heap live after a full GC at exit. */
interface MemoryRun {
  readonly cases: number;
  readonly requests: number;
  readonly seconds: number;
  readonly peakRss: number;
  readonly peakHeap: number;
  readonly liveHeap: number;
}

type Row = readonly [measurement: string, kit: string, bare: string, ratio: string, goal: string, result: string];

function log(line: string): void {
  process.stderr.write(`${line}\n`);
}

async function cpuPerRequest<T extends { readonly requests: number }>(work: () => Promise<T>): Promise<{ value: T; micros: number }> {
  const before = process.cpuUsage();
  const value = await work();
  const cpu = process.cpuUsage(before);
  return { value, micros: (cpu.user + cpu.system) / Math.max(1, value.requests) };
}

/**
 * Picks numRuns so that one kit run lasts about `secondsPerRun`, from two short runs: the first warms the JIT up, the second
 * (warm, as every measured run is) gives the rate.
 */
async function calibrate(makeTarget: () => Target, probeRuns: number, reset: () => Promise<void>): Promise<number> {
  let probe: KitResult | undefined;
  for (let run = 0; run < 2; run += 1) {
    await reset();
    const target = makeTarget();
    probe = await measureKit(target, probeRuns, benchConcurrency);
    await target.close();
  }
  if (probe === undefined) throw new Error('calibration made no run');
  return Math.max(probeRuns, Math.round(((probe.requests / probe.seconds) * secondsPerRun) / 4));
}

/**
 * Runs the kit and its bare loops `rounds` times, alternating, each from the fixture's state, and keeps the medians; the
 * floor is the fastest bare loop, so that the kit is never compared with a slower way of sending than it could have used.
 */
async function compare(label: string, makeTarget: () => Target, numRuns: number, reset: () => Promise<void>, bareLoops: BareLoops): Promise<Throughput> {
  const kitRates: number[] = [];
  const kitCpu: number[] = [];
  const mainMicros: number[] = [];
  const mainBusy: number[] = [];
  const roundCeilings: number[] = [];
  /** Each round's kit rate over that round's fastest bare loop: the two ran one after the other, on the same machine load. */
  const roundRatios: number[] = [];
  const bareRates = new Map<string, number[]>(Object.keys(bareLoops).map((name) => [name, []]));
  const bareCpu = new Map<string, number[]>(Object.keys(bareLoops).map((name) => [name, []]));
  let requests = 0;
  let kitConformant = true;
  for (let round = 0; round < rounds; round += 1) {
    await reset();
    const target = makeTarget();
    const mainBefore = hasSchedTime ? readSchedTime(process.pid).main : undefined;
    const kit = await cpuPerRequest<KitResult>(() => measureKit(target, numRuns, benchConcurrency));
    const mainRunNs = mainBefore === undefined ? undefined : since(mainBefore, readSchedTime(process.pid).main).runNs;
    await target.close();
    kitConformant &&= kit.value.conformant;
    requests = kit.value.requests;
    kitRates.push(requests / kit.value.seconds);
    kitCpu.push(kit.micros);
    const shown: string[] = [];
    for (const [name, loop] of Object.entries(bareLoops)) {
      await reset();
      const bare = await cpuPerRequest(() => loop(requests));
      const perSecond = bare.value.requests / bare.value.seconds;
      bareRates.get(name)?.push(perSecond);
      bareCpu.get(name)?.push(bare.micros);
      shown.push(`bare ${name} ${Math.round(perSecond)}/s`);
    }
    const roundFloor = Math.max(...[...bareRates.values()].map((rates) => rates.at(-1) ?? 0));
    roundRatios.push((kitRates.at(-1) ?? 0) / roundFloor);
    let mainShown = '';
    if (mainRunNs !== undefined) {
      const micros = mainRunNs / 1000 / requests;
      mainMicros.push(micros);
      mainBusy.push(mainRunNs / 1e9 / kit.value.seconds);
      roundCeilings.push(1e6 / micros / roundFloor);
      mainShown = `; kit main thread ${micros.toFixed(0)} µs a request, on a core ${(100 * (mainBusy.at(-1) ?? 0)).toFixed(0)}% of the run, ceiling ${(roundCeilings.at(-1) ?? 0).toFixed(2)}`;
    }
    log(`  ${label} round ${round + 1}: kit ${Math.round(kitRates.at(-1) ?? 0)}/s, ${shown.join(', ')} (${requests} requests, ${kit.value.caseRequests} of cases): ratio ${(roundRatios.at(-1) ?? 0).toFixed(2)}${mainShown}`);
  }
  const bare = Object.fromEntries(Object.keys(bareLoops).map((name) => [name, { perSecond: median(bareRates.get(name) ?? []), cpuMicros: median(bareCpu.get(name) ?? []) }]));
  const [bareLoop, floor] = Object.entries(bare).reduce((best, entry) => (entry[1].perSecond > best[1].perSecond ? entry : best));
  const kitPerSecond = median(kitRates);
  return {
    kitPerSecond,
    barePerSecond: floor.perSecond,
    bareLoop,
    ratio: median(roundRatios),
    roundRatios,
    kitCpuMicros: median(kitCpu),
    kitMainThread: mainMicros.length === 0 ? undefined : { micros: median(mainMicros), busy: median(mainBusy), roundCeilings },
    bare,
    requests,
    kitConformant,
  };
}

/**
 * One CLI run of about `cases` cases (compiled bin, as a user runs it; the console report rendered) against the mock server
 * process, its memory recorded by the preloaded bench/memory-preload.mjs.
 */
async function memoryRun(server: MockServerProcess, workDir: string, cases: number): Promise<MemoryRun> {
  const fixtureFile = join(workDir, 'fixture.json');
  const memoryFile = join(workDir, 'memory.json');
  const reportFile = join(workDir, 'memory-report.json');
  writeFileSync(fixtureFile, JSON.stringify(demoFixture));
  // Two properties per operation, two operations: four property runs, plus a few hundred coverage cases.
  const numRuns = Math.round(cases / 4);
  const args = ['--expose-gc', '--import', './bench/memory-preload.mjs', 'bin/workmail-conformance.js', 'run', '--endpoint', server.url, '--fixture', fixtureFile];
  // The console report rendered (to standard output, not kept), the JSON report written beside it for the case count.
  args.push('--num-runs', String(numRuns), '--concurrency', String(benchConcurrency), '--seed', String(benchSeed), '--reporter', 'console', '--report', `json=${reportFile}`);
  const env = { ...process.env, BENCH_MEMORY_FILE: memoryFile, AWS_ACCESS_KEY_ID: benchCredentials.accessKeyId, AWS_SECRET_ACCESS_KEY: benchCredentials.secretAccessKey, AWS_REGION: benchRegion };
  const answeredBefore = await server.answered();
  const seconds = await wallSeconds(args, env);
  const requests = (await server.answered()) - answeredBefore;
  const memory = JSON.parse(readFileSync(memoryFile, 'utf8')) as { peakRss: number; peakHeap: number; liveHeap: number };
  const report = JSON.parse(readFileSync(reportFile, 'utf8')) as { summary: { cases: number } };
  return { cases: report.summary.cases, requests, seconds, ...memory };
}

/** Runs a command of this machine's Node (`args` after the executable) and resolves to its wall time in seconds, process start and exit included. */
function wallSeconds(args: readonly string[], env: NodeJS.ProcessEnv = process.env): Promise<number> {
  return new Promise((resolve, reject) => {
    const start = performance.now();
    const child = spawn(process.execPath, args, { cwd: root, env, stdio: ['ignore', 'ignore', 'ignore'] });
    child.on('error', reject);
    child.on('exit', (code) => (code === 0 ? resolve((performance.now() - start) / 1000) : reject(new Error(`node ${args.join(' ')} exited with ${code}`))));
  });
}

/** How many PEM certificates a bundle file holds, as words; says so where the file cannot be read. */
function certificatesIn(file: string): string {
  try {
    return `${readFileSync(file, 'utf8').split('-----BEGIN CERTIFICATE-----').length - 1} certificates`;
  } catch {
    return 'a file that could not be read';
  }
}

/** Time by phase of one CLI run, in seconds: start-up (process start to the first phase), the wall time of each phase kind (see {@link phaseSeconds}), report (rendering to exit). */
type PhaseSeconds = Record<string, number>;

interface WholeRun {
  readonly seconds: number;
  /** Every request the server answered during the run. */
  readonly requests: number;
  /** The cases' requests alone (the report's `summary.requests`). */
  readonly caseRequests: number;
  readonly conformant: boolean;
  readonly phases: PhaseSeconds;
  /** CPU seconds the run used: the kit's process and its main thread (on Linux), and the server's. */
  readonly cpu: RunCpu;
}

/** CPU seconds of one whole run, by who used them. */
interface RunCpu {
  /** The kit's main thread; `undefined` where /proc cannot tell it apart (not Linux). */
  readonly kitMainThread: number | undefined;
  /** The kit's process, every thread. */
  readonly kitProcess: number;
  /** The server process, while the run was sending. */
  readonly server: number;
}

/** The phase marks `run` sets (see `phaseMarkName` in src/cli/commands/run.ts) and the CPU it used, as the preloaded bench/phase-marks-preload.mjs writes them. */
interface PhaseMarks {
  readonly marks: readonly { readonly phase: { readonly phase: string; readonly operation?: string; readonly edge: 'start' | 'end' }; readonly at: number }[];
  readonly exit: number;
  readonly cpu: { readonly processMs: number; readonly mainThreadMs: number | undefined };
}

/** The milliseconds that a union of intervals covers. */
function coveredMs(intervals: readonly (readonly [number, number])[]): number {
  let covered = 0;
  let reached = -Infinity;
  for (const [start, end] of [...intervals].sort((left, right) => left[0] - right[0])) {
    if (end > reached) covered += end - Math.max(start, reached);
    reached = Math.max(reached, end);
  }
  return covered;
}

/**
 * A run's phase marks as seconds per phase kind (`valid` and `invalid` are the property phase): the wall time during which
 * a phase of that kind ran for some operation. Operations run side by side, so kinds overlap and add up to more than the
 * run; `between phases` is the run's time in no phase (reading what the target holds before an operation's cases).
 */
function phaseSeconds(marks: PhaseMarks, wall: number): PhaseSeconds {
  const first = marks.marks[0]?.at ?? marks.exit;
  const reportAt = marks.marks.find((mark) => mark.phase.phase === 'report')?.at ?? marks.exit;
  const phases: PhaseSeconds = { 'start-up': first / 1000 };
  const open = new Map<string, number>();
  const intervals = new Map<string, [number, number][]>();
  for (const { phase, at } of marks.marks) {
    if (phase.phase === 'report') continue;
    const key = `${phase.operation ?? ''} ${phase.phase}`;
    if (phase.edge === 'start') open.set(key, at);
    else {
      const kind = phase.phase === 'valid' || phase.phase === 'invalid' ? 'property' : phase.phase;
      getOrInsertComputed(intervals, kind, () => []).push([open.get(key) ?? at, at]);
      open.delete(key);
    }
  }
  for (const [kind, spans] of intervals) phases[kind] = coveredMs(spans) / 1000;
  phases['between phases'] = Math.max(0, reportAt - first - coveredMs([...intervals.values()].flat())) / 1000;
  phases.report = (marks.exit - reportAt) / 1000;
  // Creating the process before Node's clock starts, and tearing it down after the exit handlers.
  phases['process creation and exit'] = Math.max(0, wall - marks.exit / 1000);
  return phases;
}

/**
 * One whole `workmail-conformance run` of the compiled bin against the mock server process, timed from spawn to exit; its
 * requests are what the server answered during it (the cases' requests and the List reads and stateful steps that check them).
 */
async function wholeCliRun(server: MockServerProcess, workDir: string, numRuns: number): Promise<WholeRun> {
  const fixtureFile = join(workDir, 'fixture.json');
  const reportFile = join(workDir, 'report.json');
  const marksFile = join(workDir, 'phases.json');
  const args = ['--import', './bench/phase-marks-preload.mjs', 'bin/workmail-conformance.js', 'run', '--endpoint', server.url, '--fixture', fixtureFile];
  args.push('--num-runs', String(numRuns), '--concurrency', String(benchConcurrency), '--seed', String(benchSeed), '--reporter', 'json', '--output', reportFile);
  const env = { ...process.env, BENCH_PHASES_FILE: marksFile, AWS_ACCESS_KEY_ID: benchCredentials.accessKeyId, AWS_SECRET_ACCESS_KEY: benchCredentials.secretAccessKey, AWS_REGION: benchRegion };
  const answeredBefore = await server.answered();
  const serverCpuBefore = await server.cpuMicros();
  const seconds = await wallSeconds(args, env);
  const serverCpu = ((await server.cpuMicros()) - serverCpuBefore) / 1e6;
  const requests = (await server.answered()) - answeredBefore;
  const report = JSON.parse(readFileSync(reportFile, 'utf8')) as { summary: { requests: number; conformant: boolean } };
  const marks = JSON.parse(readFileSync(marksFile, 'utf8')) as PhaseMarks;
  const { processMs, mainThreadMs } = marks.cpu;
  const cpu: RunCpu = {
    kitMainThread: mainThreadMs === undefined ? undefined : mainThreadMs / 1000,
    kitProcess: processMs / 1000,
    server: serverCpu,
  };
  return { seconds, requests, caseRequests: report.summary.requests, conformant: report.summary.conformant, phases: phaseSeconds(marks, seconds), cpu };
}

/**
 * How one run's CPU reads in the log and the table: the kit's threads apart where /proc tells them apart (its other threads,
 * V8's optimizing compiler and garbage collector and libuv's pool, are the process's CPU less the main thread's).
 */
function describeCpu(cpu: RunCpu): [string, string][] {
  const kit: [string, string][] =
    cpu.kitMainThread === undefined
      ? [['kit process', `${cpu.kitProcess.toFixed(2)} s`]]
      : [
          ['kit main thread', `${cpu.kitMainThread.toFixed(2)} s`],
          ['kit other threads', `${Math.max(0, cpu.kitProcess - cpu.kitMainThread).toFixed(2)} s`],
        ];
  return [...kit, ['server', `${cpu.server.toFixed(2)} s`]];
}

/** The median of each CPU figure over rounds (the main thread's `undefined` where a round has none). */
function medianCpu(cpus: readonly RunCpu[]): RunCpu {
  const mainThread = cpus.map((cpu) => cpu.kitMainThread);
  return {
    kitMainThread: mainThread.every((value): value is number => value !== undefined) ? median(mainThread) : undefined,
    kitProcess: median(cpus.map((cpu) => cpu.kitProcess)),
    server: median(cpus.map((cpu) => cpu.server)),
  };
}

const mb = (bytes: number): string => `${(bytes / 1024 / 1024).toFixed(0)} MB`;
const rate = (perSecond: number): string => `${Math.round(perSecond).toLocaleString('en-US')}/s`;
const verdict = (pass: boolean): string => (pass ? 'PASS' : 'FAIL');

function throughputRow(measurement: string, result: Throughput, goal: number | undefined): Row {
  const pass = result.kitConformant && (goal === undefined || result.ratio >= goal);
  // Without a goal there is nothing to pass; a kit that calls the reference mock nonconformant still fails the row.
  const shown = goal === undefined && pass ? '' : verdict(pass);
  return [measurement, rate(result.kitPerSecond), rate(result.barePerSecond), result.ratio.toFixed(2), goal === undefined ? '(none)' : `>= ${goal.toFixed(2)}`, shown];
}

/**
 * The least wall time a whole run's CPU allows: its main thread runs on one core at a time, and the kit's threads and the
 * server share the machine's cores (where /proc cannot tell the main thread apart, only the second bound).
 */
function shortestWall(cpu: RunCpu): number {
  return Math.max(cpu.kitMainThread ?? 0, (cpu.kitProcess + cpu.server) / availableParallelism());
}

const loadBefore = loadavg();
const results: Record<string, unknown> = {};
const rows: Row[] = [];
/** Lines printed after the table. */
const notes: string[] = [];
const server: MockServerProcess = await startMockServerProcess();
try {
  log(`mock server: ${server.url} (pid ${server.pid}, its own process); ${rounds} rounds of ~${secondsPerRun} s per throughput measurement`);
  const resetServer = (): Promise<void> => server.reset();
  const inProcessMock = createWorkMailMock();
  const resetInProcess = (): Promise<void> => {
    inProcessMock.reset();
    return Promise.resolve();
  };
  const wireTarget = (): Target => createHttpTarget({ endpoint: server.url, region: benchRegion, credentials: benchCredentials });
  let captured: { messages: HttpRequestMessage[]; calls: SdkCall[] } | undefined;
  let wireRuns = 0;
  if (only.has('a') || only.has('b') || only.has('c')) {
    wireRuns = await calibrate(wireTarget, 2_000, resetServer);
    captured = await captureRequests(createHandlerTarget(inProcessMock.handle), wireRuns);
  }

  if (only.has('f')) {
    // The headline: what a user waits for. The CLI (compiled bin, a fresh process) and the bare undici loop send to the same server at the same concurrency.
    const workDir = mkdtempSync(join(tmpdir(), 'workmail-bench-'));
    try {
      writeFileSync(join(workDir, 'fixture.json'), JSON.stringify(demoFixture));
      const presigned = await presignRequests((captured ?? (await captureRequests(createHandlerTarget(inProcessMock.handle), 2_000))).messages, server.url, benchRegion, benchCredentials);
      const runs: WholeRun[] = [];
      const bareRates: number[] = [];
      const roundRatios: number[] = [];
      const roundCeilings: number[] = [];
      const bareCpuPerRequest: number[] = [];
      // The server's CPU a request, beside the kit's run and beside the bare loop: the same requests to the same process.
      const serverCpuPerRequest: number[] = [];
      const bareServerCpuPerRequest: number[] = [];
      for (let round = 0; round < rounds; round += 1) {
        await server.reset();
        const run = await wholeCliRun(server, workDir, wholeRunNumRuns);
        await server.reset();
        const bareServerBefore = await server.cpuMicros();
        const bareClientBefore = process.cpuUsage();
        const bare = await bareUndiciLoop(server.url, presigned, run.requests, benchConcurrency);
        const bareClient = process.cpuUsage(bareClientBefore);
        const bareServerCpu = ((await server.cpuMicros()) - bareServerBefore) / 1e6;
        const bareCpu = (bareClient.user + bareClient.system) / 1e6 + bareServerCpu;
        const bareRate = bare.requests / bare.seconds;
        runs.push(run);
        bareRates.push(bareRate);
        bareCpuPerRequest.push((1e6 * bareCpu) / bare.requests);
        serverCpuPerRequest.push((1e6 * run.cpu.server) / run.requests);
        bareServerCpuPerRequest.push((1e6 * bareServerCpu) / bare.requests);
        roundRatios.push(run.requests / run.seconds / bareRate);
        roundCeilings.push(run.requests / shortestWall(run.cpu) / bareRate);
        const phases = Object.entries(run.phases).map(([phase, seconds]) => `${phase} ${seconds.toFixed(2)}`).join(', ');
        const cpu = describeCpu(run.cpu).map(([who, seconds]) => `${who} ${seconds}`).join(', ');
        // Where a round's ceiling allows more than it reached, the main thread spent the rest of the run off a core: waiting for
        // answers, or for a core the server and V8's helpers hold.
        const onCore = run.cpu.kitMainThread === undefined ? '' : `; main thread on a core ${((100 * run.cpu.kitMainThread) / run.seconds).toFixed(0)}% of the run`;
        log(
          `  (f) whole run round ${round + 1}: ${run.requests} requests (${run.caseRequests} of cases) in ${run.seconds.toFixed(2)} s (${Math.round(run.requests / run.seconds)}/s; ${phases}; ` +
            `CPU: ${cpu}), bare undici ${Math.round(bareRate)}/s (CPU, client and server: ${bareCpu.toFixed(2)} s): ratio ${(roundRatios.at(-1) ?? 0).toFixed(2)}, ceiling ${(roundCeilings.at(-1) ?? 0).toFixed(2)}${onCore}; server ${(serverCpuPerRequest.at(-1) ?? 0).toFixed(0)} µs a request beside the kit, ${(bareServerCpuPerRequest.at(-1) ?? 0).toFixed(0)} beside the bare loop`,
        );
      }
      const phaseNames = [...new Set(runs.flatMap((run) => Object.keys(run.phases)))];
      const phases = Object.fromEntries(phaseNames.map((phase) => [phase, median(runs.map((run) => run.phases[phase] ?? 0))]));
      const wholeRun = {
        numRuns: wholeRunNumRuns,
        requests: runs[0]?.requests ?? 0,
        caseRequests: runs[0]?.caseRequests ?? 0,
        seconds: median(runs.map((run) => run.seconds)),
        kitPerSecond: median(runs.map((run) => run.requests / run.seconds)),
        barePerSecond: median(bareRates),
        ratio: median(roundRatios),
        roundRatios,
        phases,
        cpu: medianCpu(runs.map((run) => run.cpu)),
        cpuMicrosPerRequest: median(runs.map((run) => (1e6 * (run.cpu.kitProcess + run.cpu.server)) / run.requests)),
        bareCpuMicrosPerRequest: median(bareCpuPerRequest),
        serverCpuMicrosPerRequest: median(serverCpuPerRequest),
        bareServerCpuMicrosPerRequest: median(bareServerCpuPerRequest),
        roundCeilings,
        conformant: runs.every((run) => run.conformant),
      };
      results.wholeRun = wholeRun;
      const label = `(f) whole CLI run, ${wholeRun.requests.toLocaleString('en-US')} requests, start-up included`;
      rows.push([label, rate(wholeRun.kitPerSecond), rate(wholeRun.barePerSecond), wholeRun.ratio.toFixed(2), `>= ${wholeRunGoal.toFixed(2)}`, verdict(wholeRun.conformant && wholeRun.ratio >= wholeRunGoal)]);
      for (const [phase, seconds] of Object.entries(phases)) rows.push([`    (f) phase: ${phase}`, `${seconds.toFixed(2)} s`, '', '', '', '']);
      for (const [who, seconds] of describeCpu(wholeRun.cpu)) rows.push([`    (f) CPU: ${who}`, seconds, '', '', '', '']);
      // The goal's CPU budget: at the goal the run may take requests / (goal x floor) seconds, so kit and server together may
      // use the machine's cores for that long at most. A run that needs more CPU a request cannot reach it, however scheduled.
      const budget = (1e6 * availableParallelism()) / (wholeRunGoal * wholeRun.barePerSecond);
      notes.push(
        `(f) CPU a request, kit (every thread) and server together: ${wholeRun.cpuMicrosPerRequest.toFixed(0)} µs; the bare loop and the server: ${wholeRun.bareCpuMicrosPerRequest.toFixed(0)} µs. ` +
          `A run takes at least its main thread's CPU, and at least all its CPU over ${availableParallelism()} cores: each round's ratio could be at most ${roundCeilings.map((ceiling) => ceiling.toFixed(2)).join(', ')}. ` +
          `(f)'s goal at the median floor (${rate(wholeRun.barePerSecond)}) allows at most ${budget.toFixed(0)} µs a request. ` +
          // The same server answers the same mix of requests in both; where it spends more a request beside the kit, that is the
          // price of sharing the cores with the kit's threads, and part of the kit's cost.
          `The server's part of the CPU a request: ${wholeRun.serverCpuMicrosPerRequest.toFixed(0)} µs beside the kit, ${wholeRun.bareServerCpuMicrosPerRequest.toFixed(0)} µs beside the bare loop.`,
      );
    } finally {
      rmSync(workDir, { recursive: true, force: true });
    }
  }

  if (only.has('a') && captured !== undefined) {
    const presigned = await presignRequests(captured.messages, server.url, benchRegion, benchCredentials);
    const wire = await compare('(a) wire', wireTarget, wireRuns, resetServer, {
      undici: (count) => bareUndiciLoop(server.url, presigned, count, benchConcurrency),
      'node:http': (count) => bareHttpLoop(server.url, presigned, count, benchConcurrency),
    });
    results.wire = wire;
    rows.push(throughputRow('(a) in-run, wire transport, loopback HTTP', wire, inRunGoal));
  }

  if (only.has('b') && captured !== undefined) {
    const calls = captured.calls;
    const sdkTarget = (): Target => createSdkTarget({ endpoint: server.url, region: benchRegion, credentials: benchCredentials });
    const sdkRuns = await calibrate(sdkTarget, 500, resetServer);
    const sdk = await compare('(b) sdk', sdkTarget, sdkRuns, resetServer, {
      'WorkMailClient.send': (count) => bareSdkLoop(server.url, benchRegion, benchCredentials, calls, count, benchConcurrency),
    });
    results.sdk = sdk;
    rows.push(throughputRow('(b) SDK transport, loopback HTTP', sdk, sdkGoal));
  }

  if (only.has('c') && captured !== undefined) {
    const messages = captured.messages;
    const handlerTarget = (): Target => createHandlerTarget(inProcessMock.handle);
    const handlerRuns = await calibrate(handlerTarget, 2_000, resetInProcess);
    const inProcess = await compare('(c) in-process', handlerTarget, handlerRuns, resetInProcess, {
      'mock.handle': (count) => bareHandleLoop(inProcessMock.handle, messages, count),
    });
    results.inProcess = inProcess;
    rows.push(throughputRow('(c) in-process (mock.handle)', inProcess, undefined));
  }

  if (only.has('d')) {
    const memory: MemoryRun[] = [];
    const workDir = mkdtempSync(join(tmpdir(), 'workmail-bench-memory-'));
    try {
      for (const cases of memoryRunLengths) {
        await server.reset();
        const run = await memoryRun(server, workDir, cases);
        memory.push(run);
        log(`  (d) ${run.cases} cases (${run.requests} requests in ${run.seconds.toFixed(1)} s): peak RSS ${mb(run.peakRss)}, peak heap ${mb(run.peakHeap)}, live heap after GC ${mb(run.liveHeap)}`);
      }
    } finally {
      rmSync(workDir, { recursive: true, force: true });
    }
    results.memory = memory;
    const growth = (memory.at(-1)?.liveHeap ?? 0) - (memory[0]?.liveHeap ?? 0);
    const pass = growth < flatToleranceBytes && memory.every((run) => run.peakRss < memoryLimitBytes);
    for (const run of memory) {
      rows.push([`(d) memory, ${run.cases.toLocaleString('en-US')} cases`, `peak RSS ${mb(run.peakRss)}`, `peak heap ${mb(run.peakHeap)}`, `live ${mb(run.liveHeap)}`, 'flat, < 200 MB', verdict(pass)]);
    }
  }

  // (e) and (g): wall times of the compiled bin, each beside a bare `node -e 0` started in the same round (the floor any Node CLI pays).
  // Where NODE_EXTRA_CA_CERTS is set, both are also timed without it: Node 20 parses that bundle at every start, before any
  // code of the kit runs (Node 22 and later only when a TLS connection needs it), so the note says what it adds.
  const extraCaCerts = process.env['NODE_EXTRA_CA_CERTS'];
  const withoutExtraCaCerts: NodeJS.ProcessEnv = { ...process.env };
  delete withoutExtraCaCerts['NODE_EXTRA_CA_CERTS'];
  const commandWall = async (name: string, args: readonly string[], limit: number): Promise<Row> => {
    const walls: number[] = [];
    const nodeWalls: number[] = [];
    const wallsWithout: number[] = [];
    const nodeWallsWithout: number[] = [];
    for (let round = 0; round < rounds; round += 1) {
      walls.push(await wallSeconds(args));
      nodeWalls.push(await wallSeconds(['-e', '0']));
      if (extraCaCerts === undefined) continue;
      wallsWithout.push(await wallSeconds(args, withoutExtraCaCerts));
      nodeWallsWithout.push(await wallSeconds(['-e', '0'], withoutExtraCaCerts));
    }
    const wall = median(walls);
    const seconds = (figures: readonly number[]): string => figures.map((figure) => figure.toFixed(2)).join(', ');
    results[name] = { seconds: walls, median: wall, bareNodeSeconds: nodeWalls, ...(extraCaCerts === undefined ? {} : { withoutExtraCaCerts: { seconds: wallsWithout, bareNodeSeconds: nodeWallsWithout } }) };
    log(`  ${name}: ${seconds(walls)} s; node -e 0: ${seconds(nodeWalls)} s${extraCaCerts === undefined ? '' : `; without NODE_EXTRA_CA_CERTS ${seconds(wallsWithout)} s, node -e 0 ${seconds(nodeWallsWithout)} s`}`);
    if (extraCaCerts !== undefined) {
      notes.push(
        `(${name === 'help' ? 'g' : 'e'}) without NODE_EXTRA_CA_CERTS (set here to ${extraCaCerts}, ${certificatesIn(extraCaCerts)}): ${median(wallsWithout).toFixed(2)} s, node -e 0 ${median(nodeWallsWithout).toFixed(2)} s ` +
          `(the goal is judged with it, as the machine is set up; Node 20 parses the bundle at every start, Node 22 and later when a TLS connection first needs it)`,
      );
    }
    return [`(${name === 'help' ? 'g' : 'e'}) \`workmail-conformance ${args.slice(1).join(' ')}\`, wall time`, `${wall.toFixed(2)} s`, `node -e 0: ${median(nodeWalls).toFixed(2)} s`, '', `< ${limit} s`, verdict(wall < limit)];
  };
  if (only.has('e')) rows.push(await commandWall('mainCommand', ['bin/workmail-conformance.js', 'run'], mainCommandLimitSeconds));
  if (only.has('g')) rows.push(await commandWall('help', ['bin/workmail-conformance.js', '--help'], helpLimitSeconds));
} finally {
  await server.close();
}

const header: Row = ['measurement', 'kit', 'bare', 'ratio', 'goal', 'result'];
const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => row[column]?.length ?? 0)));
const line = (cells: readonly string[]): string => `| ${cells.map((cell, column) => cell.padEnd(widths[column] ?? 0)).join(' | ')} |`;
const machine = { cores: availableParallelism(), cpu: cpus()[0]?.model ?? 'unknown', node: process.version, platform: `${process.platform} ${process.arch}` };
for (const [name, result] of Object.entries(results)) {
  if (typeof result === 'object' && result !== null && 'kitCpuMicros' in result) {
    const { kitCpuMicros, bare } = result as Throughput;
    const bareCpu = Object.entries(bare).map(([loop, figures]) => `bare ${loop} ${figures.cpuMicros.toFixed(0)} µs (${rate(figures.perSecond)})`);
    notes.push(`CPU of the client process per request, ${name}: kit ${kitCpuMicros.toFixed(0)} µs, ${bareCpu.join(', ')}`);
    notes.push(`Ratio of each round, ${name}: ${(result as Throughput).roundRatios.map((ratio) => ratio.toFixed(2)).join(', ')} (the table gives their median)`);
    const { kitMainThread, barePerSecond } = result as Throughput;
    if (kitMainThread !== undefined && name === 'wire') {
      // The goal's budget at 100% on a core: any main thread that needs more per request cannot reach the goal, however the work is scheduled.
      const budget = 1e6 / (inRunGoal * barePerSecond);
      notes.push(
        `Kit main thread per request, ${name}: ${kitMainThread.micros.toFixed(0)} µs, on a core ${(100 * kitMainThread.busy).toFixed(0)}% of the run; ` +
          `were it never off one, each round's ratio would be at most ${kitMainThread.roundCeilings.map((ceiling) => ceiling.toFixed(2)).join(', ')}. ` +
          `(a)'s goal at the median floor (${rate(barePerSecond)}) allows at most ${budget.toFixed(0)} µs.`,
      );
    }
  }
}
process.stdout.write(
  [
    `Machine: ${machine.cores} cores (${machine.cpu}), Node ${machine.node}, ${machine.platform}.`,
    `Server: the reference mock in its own process (loopback HTTP, keep-alive); concurrency ${benchConcurrency}; median of ${rounds} rounds (a ratio is the median of each round's kit/floor).`,
    `Load average before the run: ${loadBefore.map((load) => load.toFixed(2)).join(', ')}; after: ${loadavg().map((load) => load.toFixed(2)).join(', ')} (1, 5, 15 min; ${availableParallelism()} cores).`,
    'Requests: every request the kit sent (the server counts them for (f)): the cases\' own and those that check what they did (List reads after deletes, the stateful phase); the bare loops send as many, of the same mix.',
    'Bare loops: (f) pre-signed (SigV4) awsJson requests on a keep-alive undici Pool, sent from a warm process; (a) the same on an undici Pool and on a node:http agent (the faster is the floor), (b) WorkMailClient.send on one client, (c) mock.handle; the kit\'s requests, captured from a run.',
    '',
    line(header),
    line(widths.map((width) => '-'.repeat(width))),
    ...rows.map(line),
    '',
    ...notes,
    'Written to bench/results/latest.json',
    '',
  ].join('\n'),
);
mkdirSync(new URL('./results/', import.meta.url), { recursive: true });
writeFileSync(new URL('./results/latest.json', import.meta.url), `${JSON.stringify({ date: new Date().toISOString(), machine, concurrency: benchConcurrency, rounds, rows, results }, null, 2)}\n`);
