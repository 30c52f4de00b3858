// `npm run bench`: the kit's throughput beside bare loops, memory across run lengths, and the main command's wall time.
import { fork, spawn } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { availableParallelism, cpus } from 'node:os';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { createWorkMailMock } from '../src/mock/create-work-mail-mock.ts';
import { createHandlerTarget } from '../src/target/handler-target.ts';
import { createHttpTarget } from '../src/target/http-target.ts';
import { createSdkTarget } from '../src/target/sdk-target.ts';
import type { Target } from '../src/target/target.ts';
import { bareHandleLoop } from './bare-handle-loop.ts';
import { bareHttpLoop, presignRequests, type LoopResult } from './bare-http-loop.ts';
import { bareSdkLoop } from './bare-sdk-loop.ts';
import { benchConcurrency, benchCredentials, benchRegion } from './bench-settings.ts';
import { captureRequests, measureKit, type KitResult } from './measure-kit.ts';
import { startMockServerProcess } from './start-mock-server-process.ts';

const rounds = Number(process.env.BENCH_ROUNDS ?? 3);
const secondsPerRun = Number(process.env.BENCH_SECONDS ?? 4);
/** Which measurements to take (`BENCH_ONLY=a,e`); all by default. */
const only = new Set((process.env.BENCH_ONLY ?? 'a,b,c,d,e').split(','));
const memoryRunLengths = [10_000, 50_000, 100_000];
const memoryLimitBytes = 200 * 1024 * 1024;
/** Flat: the peak RSS of the longest run exceeds the shortest run's by less than this (0.2 KB per extra case). */
const flatToleranceBytes = 20 * 1024 * 1024;
const mainCommandLimitSeconds = 5;
const root = fileURLToPath(new URL('..', import.meta.url));

interface Timed<T> {
  readonly value: T;
  /** CPU time of this process (user + system) per request, in microseconds. */
  readonly cpuMicrosPerRequest: number;
}

interface Throughput {
  readonly kitPerSecond: number;
  readonly barePerSecond: number;
  readonly ratio: number;
  readonly kitCpuMicros: number;
  readonly bareCpuMicros: number;
  readonly requests: number;
  readonly kitConformant: boolean;
}

async function timed<T extends { readonly requests: number }>(work: () => Promise<T>): Promise<Timed<T>> {
  const before = process.cpuUsage();
  const value = await work();
  const cpu = process.cpuUsage(before);
  return { value, cpuMicrosPerRequest: (cpu.user + cpu.system) / Math.max(1, value.requests) };
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] as number;
}

function log(line: string): void {
  process.stderr.write(`${line}\n`);
}

/** Picks numRuns so that one kit run lasts about `secondsPerRun`, from a short run that also warms the JIT up. */
async function calibrate(makeTarget: () => Target, probeRuns: number, reset: () => Promise<void>): Promise<number> {
  await reset();
  const target = makeTarget();
  const probe = await measureKit(target, probeRuns, benchConcurrency);
  await target.close();
  const perSecond = probe.requests / probe.seconds;
  return Math.max(probeRuns, Math.round((perSecond * secondsPerRun) / 4));
}

/** Runs the kit and its bare loop `rounds` times, alternating, and keeps the median of each. */
async function compare(
  label: string,
  makeTarget: () => Target,
  numRuns: number,
  reset: () => Promise<void>,
  bare: (requests: number) => Promise<LoopResult>,
): Promise<Throughput> {
  const kitRates: number[] = [];
  const bareRates: number[] = [];
  const kitCpu: number[] = [];
  const bareCpu: number[] = [];
  let requests = 0;
  let conformant = true;
  for (let round = 0; round < rounds; round += 1) {
    await reset();
    const target = makeTarget();
    const kit: Timed<KitResult> = await timed(() => measureKit(target, numRuns, benchConcurrency));
    await target.close();
    conformant &&= kit.value.conformant;
    requests = kit.value.requests;
    await reset();
    const loop = await timed(() => bare(kit.value.requests));
    kitRates.push(kit.value.requests / kit.value.seconds);
    bareRates.push(loop.value.requests / loop.value.seconds);
    kitCpu.push(kit.cpuMicrosPerRequest);
    bareCpu.push(loop.cpuMicrosPerRequest);
    log(`  ${label} round ${round + 1}: kit ${Math.round(kitRates.at(-1) ?? 0)}/s, bare ${Math.round(bareRates.at(-1) ?? 0)}/s (${requests} requests)`);
  }
  const kitPerSecond = median(kitRates);
  const barePerSecond = median(bareRates);
  return { kitPerSecond, barePerSecond, ratio: kitPerSecond / barePerSecond, kitCpuMicros: median(kitCpu), bareCpuMicros: median(bareCpu), requests, kitConformant: conformant };
}

interface MemoryRun {
  readonly cases: number;
  readonly requests: number;
  readonly seconds: number;
  readonly peakRss: number;
  readonly peakHeap: number;
}

function memoryRun(url: string, cases: number): Promise<MemoryRun> {
  return new Promise((resolve, reject) => {
    const child = fork(fileURLToPath(new URL('./memory-run-process.ts', import.meta.url)), [url, String(cases)], {
      execArgv: ['--import', 'tsx'],
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    let result: MemoryRun | undefined;
    child.on('message', (message: MemoryRun & { type: string }) => {
      if (message.type === 'memory') result = message;
    });
    child.on('exit', (code) => (result === undefined ? reject(new Error(`memory run exited with ${code}`)) : resolve(result)));
  });
}

function mainCommandSeconds(): Promise<number> {
  return new Promise((resolve, reject) => {
    const start = performance.now();
    const child = spawn(process.execPath, ['bin/workmail-conformance.js', 'run'], { cwd: root, stdio: ['ignore', 'ignore', 'ignore'] });
    child.on('error', reject);
    child.on('exit', (code) => (code === 0 ? resolve((performance.now() - start) / 1000) : reject(new Error(`main command exited with ${code}`))));
  });
}

const mb = (bytes: number): string => `${(bytes / 1024 / 1024).toFixed(0)} MB`;
const rate = (perSecond: number): string => `${Math.round(perSecond).toLocaleString('en-US')}/s`;
const verdict = (pass: boolean): string => (pass ? 'PASS' : 'FAIL');

const server = await startMockServerProcess();
const results: Record<string, unknown> = {};
const rows: string[][] = [];
try {
  log(`mock server: ${server.url} (pid ${server.pid}, separate process); ${rounds} rounds of ~${secondsPerRun} s per measurement`);

  // (a) wire transport over loopback HTTP vs a bare keep-alive node:http loop of the same pre-signed requests
  const wireTarget = (): Target => createHttpTarget({ endpoint: server.url, region: benchRegion, credentials: benchCredentials });
  const wireRuns = await calibrate(wireTarget, 2_000, () => server.reset());
  const inProcessMock = createWorkMailMock();
  const captured = await captureRequests(createHandlerTarget(inProcessMock.handle), wireRuns);
  const presigned = await presignRequests(captured.messages, server.url, benchRegion, benchCredentials);
  if (only.has('a')) {
  const wire = await compare('(a) wire', wireTarget, wireRuns, () => server.reset(), (count) => bareHttpLoop(server.url, presigned, count, benchConcurrency));
  results.wire = wire;
  rows.push(['(a) wire transport, loopback HTTP', rate(wire.kitPerSecond), rate(wire.barePerSecond), wire.ratio.toFixed(2), '>= 0.50', verdict(wire.ratio >= 0.5 && wire.kitConformant)]);
  }

  // (b) SDK transport vs a bare loop of WorkMailClient.send calls with the same inputs
  if (only.has('b')) {
  const sdkTarget = (): Target => createSdkTarget({ endpoint: server.url, region: benchRegion, credentials: benchCredentials });
  const sdkRuns = await calibrate(sdkTarget, 500, () => server.reset());
  const sdk = await compare('(b) sdk', sdkTarget, sdkRuns, () => server.reset(), (count) =>
    bareSdkLoop(server.url, benchRegion, benchCredentials, captured.calls, count, benchConcurrency),
  );
  results.sdk = sdk;
  rows.push(['(b) SDK transport, loopback HTTP', rate(sdk.kitPerSecond), rate(sdk.barePerSecond), sdk.ratio.toFixed(2), '>= 0.85', verdict(sdk.ratio >= 0.85 && sdk.kitConformant)]);
  }

  // (c) in-process: the kit with the mock's handle vs calling handle on the prebuilt requests
  if (only.has('c')) {
  const handlerTarget = (): Target => createHandlerTarget(inProcessMock.handle);
  const resetInProcess = (): Promise<void> => {
    inProcessMock.reset();
    return Promise.resolve();
  };
  const handlerRuns = await calibrate(handlerTarget, 2_000, resetInProcess);
  const inProcess = await compare('(c) in-process', handlerTarget, handlerRuns, resetInProcess, (count) => bareHandleLoop(inProcessMock.handle, captured.messages, count));
  results.inProcess = inProcess;
  rows.push(['(c) in-process (mock.handle)', rate(inProcess.kitPerSecond), rate(inProcess.barePerSecond), inProcess.ratio.toFixed(2), '(no goal)', verdict(inProcess.kitConformant)]);
  }

  // (d) peak memory of a kit process (wire transport) by run length
  if (only.has('d')) {
  const memory: MemoryRun[] = [];
  for (const cases of memoryRunLengths) {
    await server.reset();
    memory.push(await memoryRun(server.url, cases));
    log(`  (d) ${cases} cases: peak RSS ${mb(memory.at(-1)?.peakRss ?? 0)}, heap ${mb(memory.at(-1)?.peakHeap ?? 0)}`);
  }
  results.memory = memory;
  const shortest = memory[0] as MemoryRun;
  const longest = memory.at(-1) as MemoryRun;
  const flat = longest.peakRss - shortest.peakRss < flatToleranceBytes && memory.every((run) => run.peakRss < memoryLimitBytes);
  for (const run of memory) {
    rows.push([`(d) peak memory, ${run.cases.toLocaleString('en-US')} cases`, `RSS ${mb(run.peakRss)}`, `heap ${mb(run.peakHeap)}`, '', 'flat, < 200 MB', verdict(flat)]);
  }
  }

  // (e) the README's main command, end to end in a child process
  if (only.has('e')) {
  const walls: number[] = [];
  for (let round = 0; round < 3; round += 1) walls.push(await mainCommandSeconds());
  const wall = median(walls);
  results.mainCommand = { seconds: walls, median: wall };
  rows.push(['(e) `workmail-conformance run` wall time', `${wall.toFixed(2)} s`, '', '', '< 5 s', verdict(wall < mainCommandLimitSeconds)]);
  }
} finally {
  await server.close();
}

const header = ['measurement', 'kit', 'bare', 'ratio', 'goal', 'result'];
const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => (row[column] ?? '').length)));
const line = (cells: readonly string[]): string => `| ${cells.map((cell, column) => cell.padEnd(widths[column] ?? 0)).join(' | ')} |`;
const machine = { cores: availableParallelism(), cpu: cpus()[0]?.model ?? 'unknown', node: process.version, platform: `${process.platform} ${process.arch}` };
process.stdout.write(
  [
    `Machine: ${machine.cores} cores (${machine.cpu}), Node ${machine.node}, ${machine.platform}. Server: reference mock in a separate process (loopback HTTP).`,
    `Concurrency ${benchConcurrency}; median of ${rounds} rounds; bare HTTP loop sends pre-signed (SigV4) requests on a keep-alive node:http agent.`,
    '',
    line(header),
    line(widths.map((width) => '-'.repeat(width))),
    ...rows.map(line),
    '',
  ].join('\n'),
);
for (const [name, result] of Object.entries(results)) {
  if (typeof result === 'object' && result !== null && 'kitCpuMicros' in result) {
    const { kitCpuMicros, bareCpuMicros } = result as Throughput;
    process.stdout.write(`CPU per request in the kit's process, ${name}: kit ${kitCpuMicros.toFixed(0)} µs, bare ${bareCpuMicros.toFixed(0)} µs\n`);
  }
}
mkdirSync(new URL('./results/', import.meta.url), { recursive: true });
writeFileSync(new URL('./results/latest.json', import.meta.url), `${JSON.stringify({ date: new Date().toISOString(), machine, concurrency: benchConcurrency, rounds, rows, results }, null, 2)}\n`);
process.stdout.write('Written to bench/results/latest.json\n');
