import { performance } from 'node:perf_hooks';
import type { ConformanceReport } from '../src/report/conformance-report.ts';
import { demoFixture } from '../src/mock/demo-fixture.ts';
import { runConformance, type RunEvent } from '../src/runner/run-conformance.ts';
import type { Target } from '../src/target/target.ts';
import type { HttpRequestMessage } from '../src/wire/http-message.ts';
import type { SdkCall } from './bare-sdk-loop.ts';

/** The seed of every benchmark run, so that the kit and the bare loops see the same cases. */
export const benchSeed = 20_240_601;

/** A timed kit run: checked requests (every one judged by every check) over wall time. */
export interface KitResult {
  readonly requests: number;
  readonly cases: number;
  readonly seconds: number;
  readonly conformant: boolean;
  readonly report: ConformanceReport;
}

/**
 * Runs `runConformance` on the demo fixture with a fixed seed and times it end to end (generation, oracle, sending, checks, report).
 *
 * @example
 * const { requests, seconds } = await measureKit(createHttpTarget({ endpoint, region, credentials }), 10_000, 16);
 */
export async function measureKit(target: Target, numRuns: number, concurrency: number, onEvent?: (event: RunEvent) => void): Promise<KitResult> {
  const start = performance.now();
  const report = await runConformance({ target, fixture: demoFixture, seed: benchSeed, numRuns, concurrency, ...(onEvent === undefined ? {} : { onEvent }) });
  const seconds = (performance.now() - start) / 1000;
  return { requests: report.summary.requests, cases: report.summary.cases, seconds, conformant: report.summary.conformant, report };
}

/**
 * Records the awsJson requests (and, for SDK calls, the all-string inputs) of a kit run, for the bare loops to send again.
 *
 * @example
 * const { messages, calls } = await captureRequests(createHandlerTarget(mock.handle), 10_000);
 */
export async function captureRequests(target: Target, numRuns: number): Promise<{ messages: HttpRequestMessage[]; calls: SdkCall[] }> {
  const messages: HttpRequestMessage[] = [];
  const calls: SdkCall[] = [];
  await measureKit(target, numRuns, 16, (event) => {
    if (event.type !== 'exchange') return;
    const { request, testCase } = event.exchange;
    messages.push(request);
    if (testCase.body.kind === 'input' && Object.values(testCase.body.input).every((value) => typeof value === 'string')) {
      calls.push({ operation: testCase.operation, input: testCase.body.input });
    }
  });
  return { messages, calls };
}
