// One kit run to profile: `node --import tsx --cpu-prof --cpu-prof-dir bench/results bench/profile-run.ts <wire|sdk|handler|bare> [numRuns]`.
// With BENCH_SERVER_PROFILE_DIR set, the mock server process is profiled too.
import { createHandlerTarget, createHttpTarget, createSdkTarget, createWorkMailMock } from 'workmail-conformance';
import type { Target } from '../src/target/target.ts';
import { benchConcurrency, benchCredentials, benchRegion } from './bench-settings.ts';
import { bareHttpLoop, presignRequests, timeConcurrentLoop } from './bare-http-loop.ts';
import { captureRequests, measureKit } from './measure-kit.ts';
import { startMockServerProcess, type MockServerProcess } from './start-mock-server-process.ts';

const [kind = 'wire', runsText = '5000'] = process.argv.slice(2);
const serverProfileDir = process.env.BENCH_SERVER_PROFILE_DIR;
let server: MockServerProcess | undefined;
let target: Target;
if (kind === 'bare') {
  const started = await startMockServerProcess(serverProfileDir === undefined ? {} : { cpuProfileDir: serverProfileDir });
  const { messages: sample } = await captureRequests(createHandlerTarget(createWorkMailMock().handle), 100);
  const messages = Array.from({ length: Number(runsText) * 4 }, (_, index) => sample[index % sample.length] as (typeof sample)[number]);
  const presigned = await presignRequests(messages, started.url, benchRegion, benchCredentials);
  const cpuBefore = process.cpuUsage();
  const serverBefore = await started.cpuMicros();
  const loop = await bareHttpLoop(started.url, presigned, messages.length, benchConcurrency);
  const cpu = process.cpuUsage(cpuBefore);
  process.stdout.write(`server CPU: ${(((await started.cpuMicros()) - serverBefore) / messages.length).toFixed(0)} µs per request\n`);
  process.stdout.write(`bare CPU: ${((cpu.user + cpu.system) / messages.length).toFixed(0)} µs per request (user ${(cpu.user / messages.length).toFixed(0)})\n`);
  await started.close();
  process.stdout.write(`bare: ${loop.requests} requests in ${loop.seconds.toFixed(2)} s = ${Math.round(loop.requests / loop.seconds)}/s\n`);
  process.exit(0);
}
if (kind === 'transport') {
  // The wire transport alone: the kit's target.send on the same prebuilt messages, no generation, oracle or checks.
  const started = await startMockServerProcess(serverProfileDir === undefined ? {} : { cpuProfileDir: serverProfileDir });
  const { messages: sample } = await captureRequests(createHandlerTarget(createWorkMailMock().handle), 100);
  const messages = Array.from({ length: Number(runsText) * 4 }, (_, index) => sample[index % sample.length] as (typeof sample)[number]);
  const wire = createHttpTarget({ endpoint: started.url, region: benchRegion, credentials: benchCredentials });
  const cpuBefore = process.cpuUsage();
  const serverBefore = await started.cpuMicros();
  const { seconds } = await timeConcurrentLoop(messages.length, benchConcurrency, (index) =>
    wire.send({ operation: '', request: messages[index] as (typeof messages)[number], input: undefined }, { timeoutMs: 10_000 }),
  );
  const cpu = process.cpuUsage(cpuBefore);
  process.stdout.write(`server CPU: ${(((await started.cpuMicros()) - serverBefore) / messages.length).toFixed(0)} µs per request\n`);
  process.stdout.write(`transport CPU: ${((cpu.user + cpu.system) / messages.length).toFixed(0)} µs per request (user ${(cpu.user / messages.length).toFixed(0)})\n`);
  await wire.close();
  await started.close();
  process.stdout.write(`transport: ${messages.length} requests in ${seconds.toFixed(2)} s = ${Math.round(messages.length / seconds)}/s\n`);
  process.exit(0);
}
if (kind === 'handler') {
  target = createHandlerTarget(createWorkMailMock().handle);
} else {
  server = await startMockServerProcess(serverProfileDir === undefined ? {} : { cpuProfileDir: serverProfileDir });
  target =
    kind === 'sdk'
      ? createSdkTarget({ endpoint: server.url, region: benchRegion, credentials: benchCredentials })
      : createHttpTarget({ endpoint: server.url, region: benchRegion, credentials: benchCredentials });
}
const cpuBefore = process.cpuUsage();
const serverCpuBefore = await server?.cpuMicros();
const result = await measureKit(target, Number(runsText), benchConcurrency);
const cpu = process.cpuUsage(cpuBefore);
if (server !== undefined && serverCpuBefore !== undefined) {
  const answered = await server.answered();
  process.stdout.write(`server CPU: ${(((await server.cpuMicros()) - serverCpuBefore) / answered).toFixed(0)} µs per request (${answered} answered)\n`);
}
process.stdout.write(`${kind} CPU: ${((cpu.user + cpu.system) / result.requests).toFixed(0)} µs per request (user ${(cpu.user / result.requests).toFixed(0)})\n`);
await target.close();
await server?.close();
process.stdout.write(`${kind}: ${result.requests} requests in ${result.seconds.toFixed(2)} s = ${Math.round(result.requests / result.seconds)}/s\n`);
