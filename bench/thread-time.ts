// Where the wall time of a warm in-run measurement goes, thread by thread and layer by layer (Linux only, from
// /proc/<pid>/task/<tid>/schedstat): `npx tsx bench/thread-time.ts [rounds] [numRuns]`. After three kit runs that warm V8 up,
// each round measures, one after the other:
// - the kit in-process (the reference mock as a handler: generating, the oracle, judging, the mock; no sockets);
// - the wire transport alone (the kit's own requests sent by its wire target: signing, undici, observing the answers);
// - the kit over the wire, as the bench's (a) runs it;
// - the bare undici loop on the same requests, pre-signed.
// For the client's main thread, its other threads and the server's main thread it prints CPU per request, the share of the
// wall time it ran, the time it waited runnable for a core, and how often it was woken (times it started running).
import { createHandlerTarget, createHttpTarget, createWorkMailMock } from 'workmail-conformance';
import { bareUndiciLoop, presignRequests, timeConcurrentLoop, type LoopResult } from './bare-http-loop.ts';
import { benchConcurrency, benchCredentials, benchRegion } from './bench-settings.ts';
import { captureRequests, measureKit } from './measure-kit.ts';
import { exitUnlessSchedTime, readSchedTime, since, type SchedTime } from './sched-time.ts';
import { startMockServerProcess } from './start-mock-server-process.ts';

function describe(who: string, time: SchedTime, result: LoopResult): string {
  const perRequest = time.runNs / 1000 / result.requests;
  const busy = (100 * time.runNs) / 1e9 / result.seconds;
  return `  ${who.padEnd(22)} ${perRequest.toFixed(0).padStart(4)} µs a request, ran ${busy.toFixed(0).padStart(3)}% of the time, waited for a core ${(time.waitNs / 1e6).toFixed(0).padStart(4)} ms, woken ${time.slices} times`;
}

/** Runs `work` and prints the scheduler figures of its threads; the server's only where `work` sent to it. */
async function measure(label: string, serverPid: number | undefined, work: () => Promise<LoopResult>): Promise<void> {
  const clientBefore = readSchedTime(process.pid);
  const serverBefore = serverPid === undefined ? undefined : readSchedTime(serverPid);
  const result = await work();
  const clientAfter = readSchedTime(process.pid);
  const serverAfter = serverPid === undefined ? undefined : readSchedTime(serverPid);
  process.stdout.write(`${label}: ${result.requests} requests in ${(result.seconds * 1000).toFixed(0)} ms (${Math.round(result.requests / result.seconds)}/s)\n`);
  process.stdout.write(`${describe('client main thread', since(clientBefore.main, clientAfter.main), result)}\n`);
  process.stdout.write(`${describe('client other threads', since(clientBefore.others, clientAfter.others), result)}\n`);
  if (serverBefore !== undefined && serverAfter !== undefined) {
    process.stdout.write(`${describe('server main thread', since(serverBefore.main, serverAfter.main), result)}\n`);
  }
}

exitUnlessSchedTime('bench/thread-time.ts');
const [roundsText = '3', numRunsText = '3000'] = process.argv.slice(2);
const rounds = Number(roundsText);
const numRuns = Number(numRunsText);
if (!Number.isInteger(rounds) || rounds < 1 || !Number.isInteger(numRuns) || numRuns < 1) {
  process.stderr.write(`bench/thread-time.ts: expected [rounds] [numRuns] as whole numbers >= 1, got '${roundsText}' '${numRunsText}'\n`);
  process.exit(2);
}
const server = await startMockServerProcess();
const target = createHttpTarget({ endpoint: server.url, region: benchRegion, credentials: benchCredentials });
const mock = createWorkMailMock();
const inProcess = createHandlerTarget(mock.handle);
try {
  const { messages } = await captureRequests(inProcess, numRuns);
  const presigned = await presignRequests(messages, server.url, benchRegion, benchCredentials);
  for (let warmUp = 0; warmUp < 3; warmUp += 1) {
    await server.reset();
    await measureKit(target, numRuns, benchConcurrency);
  }
  for (let round = 1; round <= rounds; round += 1) {
    mock.reset();
    await measure(`round ${round}, kit in-process`, undefined, () => measureKit(inProcess, numRuns, benchConcurrency));
    await server.reset();
    await measure(`round ${round}, wire transport alone`, server.pid, () =>
      timeConcurrentLoop(messages.length, benchConcurrency, (index) => target.send({ operation: '', request: messages[index] as (typeof messages)[number], input: undefined }, { timeoutMs: 10_000 })),
    );
    await server.reset();
    await measure(`round ${round}, kit over the wire`, server.pid, () => measureKit(target, numRuns, benchConcurrency));
    await server.reset();
    await measure(`round ${round}, bare undici loop`, server.pid, () => bareUndiciLoop(server.url, presigned, messages.length, benchConcurrency));
  }
} finally {
  await target.close();
  await server.close();
}
