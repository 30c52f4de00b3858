// What each piece of the kit's per-request work costs its main thread beside real requests, where a tight loop can
// mislead: `npx tsx bench/in-situ-cost.ts [rounds] [variant,…]` (Linux). Each variant is the bare undici loop of the
// bench's floor with that work done before every request, against the reference mock in its own process; the variants
// alternate, round by round, in one process, and each round's cost is read from the scheduler
// (`/proc/<pid>/task/<pid>/schedstat`). It prints each variant's main-thread µs a request, what it added over the bare
// loop of the same round, and what the same work costs in a tight loop; "all" does the kit's five pieces for each request,
// "all in batches" the same for 64 requests at once, "cases and oracle ahead" all but drawing and the oracle once a request
// and those two for 64 requests at once. The kit's internals are imported from src/ (as tsx compiles them),
// its public API from dist/.
import { createHash, createHmac, hash } from 'node:crypto';
import fc from 'fast-check';
import { xorshift128plus } from 'pure-rand/generator/xorshift128plus';
import {
  createHandlerTarget,
  createWorkMailMock,
  demoFixture,
  expectOutcomes,
  findOperationSpec,
  loadCommonErrors,
  loadOperationSpecs,
  propertyCaseArbitrary,
  WorkMailState,
} from 'workmail-conformance';
import { allChecks } from '../src/checks/all-checks.ts';
import { buildErrorCatalog } from '../src/checks/error-catalog.ts';
import { observeResponse } from '../src/observation/observe-response.ts';
import { createSigV4Signer, hmacHex, hmacKeyOf } from '../src/target/sigv4-signer.ts';
import { judgeExchange } from '../src/verdict/judge-exchange.ts';
import { bareUndiciLoop, presignRequests } from './bare-http-loop.ts';
import { benchConcurrency, benchCredentials, benchRegion } from './bench-settings.ts';
import { benchSeed, captureRequests } from './measure-kit.ts';
import { median } from './median.ts';
import { exitUnlessSchedTime, readSchedTime, since } from './sched-time.ts';
import { startMockServerProcess } from './start-mock-server-process.ts';

exitUnlessSchedTime('bench/in-situ-cost.ts');
const [roundsText = '6', only] = process.argv.slice(2);
const rounds = Number(roundsText);
if (!Number.isInteger(rounds) || rounds < 1) {
  process.stderr.write(`bench/in-situ-cost.ts: expected [rounds] as a whole number >= 1, got '${roundsText}'\n`);
  process.exit(2);
}

const variantNames = ['bare', 'one-shot hash', 'createHmac', 'hmacHex', 'the signer', 'a timer', 'a case', 'the oracle', 'an answer', 'judging', 'all', 'all in batches', 'cases and oracle ahead'] as const;
type VariantName = (typeof variantNames)[number];
const isVariantName = (name: string): name is VariantName => (variantNames as readonly string[]).includes(name);
const chosen = only === undefined ? [...variantNames] : ['bare', ...only.split(',').filter((name) => name !== 'bare')];
const unknown = chosen.find((name) => !isVariantName(name));
if (unknown !== undefined) {
  process.stderr.write(`bench/in-situ-cost.ts: no variant '${unknown}'; the variants: ${variantNames.join(', ')}\n`);
  process.exit(2);
}
const names = chosen.filter(isVariantName);
const requestsPerRun = 15_000;
/** A send timeout longer than this script runs (the runner's default is 10 s; the cost does not depend on it). */
const timerMs = 3_600_000;
const onTimeout = (): void => {
  throw new Error('bench/in-situ-cost.ts: a timer fired');
};
const server = await startMockServerProcess();
const inFlightTimers = Array.from({ length: benchConcurrency }, () => setTimeout(onTimeout, timerMs));
try {
  const { messages } = await captureRequests(createHandlerTarget(createWorkMailMock().handle), 3_000);
  const presigned = await presignRequests(messages, server.url, benchRegion, benchCredentials);
  const host = new URL(server.url).host;
  // A signing key as SigV4 derives it (a SHA-256 digest), and a string to sign of the usual length.
  const key = createHash('sha256').update('in-situ-cost').digest();
  const paddedKey = hmacKeyOf(key);
  const stringToSign = (index: number): string => `AWS4-HMAC-SHA256\n20261130T120000Z\n20261130/${benchRegion}/workmail/aws4_request\n${index.toString(16).padStart(64, '0')}`;
  const signer = createSigV4Signer({ service: 'workmail', region: benchRegion, credentials: benchCredentials });
  // The kit's logic on DeleteMailboxPermissions' property cases against the demo organizations, answered with a typical error.
  const spec = findOperationSpec(loadOperationSpecs(), 'DeleteMailboxPermissions');
  const arbitraries = (['valid', 'invalid'] as const).map((kind) => propertyCaseArbitrary(spec, kind, { fixture: demoFixture }));
  // The generator fast-check's own runner draws with (its default `randomType`).
  const random = new fc.Random(xorshift128plus(benchSeed));
  const cases = arbitraries.flatMap((arbitrary, offset) => fc.sample(arbitrary, { numRuns: 2_000, seed: benchSeed + offset }));
  const state = WorkMailState.fromFixture(demoFixture);
  const expectations = cases.map((testCase) => expectOutcomes(spec, testCase, { state, profile: 'documented' }));
  const errors = buildErrorCatalog(spec, loadCommonErrors());
  const answerHeaders = { 'content-type': 'application/x-amz-json-1.1', 'x-amzn-requestid': '5f0c…', 'content-length': '84' };
  const answerBody = '{"__type":"com.amazonaws.workmail#EntityNotFoundException","Message":"The entity was not found."}';
  const answer = () => observeResponse({ status: 400, headers: { ...answerHeaders }, body: answerBody }, 1, true);
  const observations = cases.map(answer);
  const work: Readonly<Record<VariantName, ((index: number) => void) | undefined>> = {
    bare: undefined,
    'one-shot hash': (index) => void hash('sha256', stringToSign(index), 'hex'),
    createHmac: (index) => void createHmac('sha256', key).update(stringToSign(index)).digest('hex'),
    hmacHex: (index) => void hmacHex(paddedKey, stringToSign(index)),
    'the signer': (index) => {
      const message = messages[index % messages.length] as (typeof messages)[number];
      const body = Buffer.from(message.body, 'utf8');
      void signer.sign({ method: 'POST', path: message.path, headers: { ...message.headers, host, 'content-length': String(body.length) }, body });
    },
    // As the wire transport times each attempt: a timer set per request and cleared when it ends, beside others of the same
    // duration (the requests in flight), so that node:timers' list for that duration is never emptied and made again.
    'a timer': () => clearTimeout(setTimeout(onTimeout, timerMs)),
    'a case': (index) => void arbitraries[index % 2]?.generate(random, undefined),
    'the oracle': (index) => void expectOutcomes(spec, cases[index % cases.length] as (typeof cases)[number], { state, profile: 'documented' }),
    'an answer': () => void answer(),
    judging: (index) => {
      const at = index % cases.length;
      const [testCase, expectation, observation] = [cases[at], expectations[at], observations[at]] as [(typeof cases)[number], (typeof expectations)[number], (typeof observations)[number]];
      void judgeExchange(allChecks, { spec, testCase, expectation, observation, errors, effect: undefined });
    },
    // Every piece above as the kit does it, once a request; then the same work for 64 requests at once, every 64th request,
    // which tells what drawing, signing and judging in batches, away from the sends, would save.
    all: (index) => doAll(index),
    'all in batches': (index) => {
      if (index % batchSize !== 0) return;
      for (let offset = 0; offset < batchSize; offset += 1) doAll(index + offset);
    },
    // What a run could batch without touching the transport or the order of judging: drawing the cases and working out their
    // expected outcomes ahead, 64 at a time; signing, observing and judging stay with each request.
    'cases and oracle ahead': (index) => {
      if (index % batchSize === 0) {
        for (let offset = 0; offset < batchSize; offset += 1) for (const piece of aheadPieces) piece(index + offset);
      }
      for (const piece of perRequestPieces) piece(index);
    },
  };
  const batchSize = 64;
  const kitPieces = (['the signer', 'a case', 'the oracle', 'an answer', 'judging'] as const).map((name) => work[name]).filter((piece) => piece !== undefined);
  const aheadPieces = (['a case', 'the oracle'] as const).map((name) => work[name]).filter((piece) => piece !== undefined);
  const perRequestPieces = (['the signer', 'an answer', 'judging'] as const).map((name) => work[name]).filter((piece) => piece !== undefined);
  const doAll = (index: number): void => {
    for (const piece of kitPieces) piece(index);
  };
  const costs = new Map<string, number[]>(names.map((name) => [name, []]));
  // Round 0 warms every variant up and is not counted.
  for (let round = 0; round <= rounds; round += 1) {
    const order = round % 2 === 0 ? names : [...names].reverse();
    const micros = new Map<string, number>();
    for (const name of order) {
      await server.reset();
      const before = readSchedTime(process.pid).main;
      await bareUndiciLoop(server.url, presigned, requestsPerRun, benchConcurrency, work[name]);
      micros.set(name, since(before, readSchedTime(process.pid).main).runNs / 1000 / requestsPerRun);
    }
    if (round === 0) continue;
    for (const name of names) costs.get(name)?.push(micros.get(name) ?? Number.NaN);
    const bare = micros.get('bare') ?? Number.NaN;
    process.stdout.write(`round ${round}: ${names.map((name) => (name === 'bare' ? `bare ${bare.toFixed(1)} µs` : `${name} +${((micros.get(name) ?? Number.NaN) - bare).toFixed(1)}`)).join(', ')}\n`);
  }
  const tightMicros = (piece: ((index: number) => void) | undefined): number => {
    if (piece === undefined) return 0;
    for (let index = 0; index < 20_000; index += 1) piece(index);
    const start = performance.now();
    for (let index = 0; index < 50_000; index += 1) piece(index);
    return ((performance.now() - start) * 1000) / 50_000;
  };
  const bareCosts = costs.get('bare') ?? [];
  process.stdout.write(`\nmain thread a request, median of ${rounds} rounds (each added cost against the bare loop of its own round; tight: the same work alone in a loop):\n`);
  for (const name of names) {
    const own = costs.get(name) ?? [];
    const added = own.map((value, round) => value - (bareCosts[round] ?? Number.NaN));
    const shown = name === 'bare' ? '' : `, added ${median(added).toFixed(1)} µs (rounds ${Math.min(...added).toFixed(1)} to ${Math.max(...added).toFixed(1)}), tight ${tightMicros(work[name]).toFixed(1)} µs`;
    process.stdout.write(`  ${name.padEnd(14)} ${median(own).toFixed(1).padStart(6)} µs${shown}\n`);
  }
} finally {
  for (const timer of inFlightTimers) clearTimeout(timer);
  await server.close();
}
