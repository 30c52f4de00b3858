import { performance } from 'node:perf_hooks';
import type { ConformanceReport } from '../src/report/conformance-report.ts';
import type { Target } from '../src/target/target.ts';
import type { HttpRequestMessage } from '../src/wire/http-message.ts';
import type { SdkCall } from './bare-sdk-loop.ts';
import { demoFixture, runConformance, type RunEvent } from 'workmail-conformance';

/** The seed of every benchmark run, so that the kit and the bare loops see the same cases. */
export const benchSeed = 20_240_601;

/** A timed kit run: every request it sent, over wall time. */
export interface KitResult {
  /**
   * Every request the kit sent to the target: the cases' requests (each judged by every check) and the requests that
   * check what they did (List reads after deletes, the stateful phase's steps and reads). The bare loops send as many.
   */
  readonly requests: number;
  /** The cases' requests alone (the report's `summary.requests`). */
  readonly caseRequests: number;
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
  let sent = 0;
  const counted: Target = {
    description: target.description,
    capabilities: target.capabilities,
    send(request, options) {
      sent += 1;
      return target.send(request, options);
    },
    close: () => target.close(),
  };
  const start = performance.now();
  const report = await runConformance({ target: counted, fixture: demoFixture, seed: benchSeed, numRuns, concurrency, ...(onEvent === undefined ? {} : { onEvent }) });
  const seconds = (performance.now() - start) / 1000;
  return { requests: sent, caseRequests: report.summary.requests, cases: report.summary.cases, seconds, conformant: report.summary.conformant, report };
}

/**
 * Records every awsJson request of a kit run (cases, List reads, stateful steps), and for SDK calls the inputs the SDK can
 * send (JSON objects), for the bare loops to send again.
 *
 * @example
 * const { messages, calls } = await captureRequests(createHandlerTarget(mock.handle), 10_000);
 */
export async function captureRequests(target: Target, numRuns: number): Promise<{ messages: HttpRequestMessage[]; calls: SdkCall[] }> {
  const messages: HttpRequestMessage[] = [];
  const calls: SdkCall[] = [];
  const capturing: Target = {
    description: target.description,
    capabilities: target.capabilities,
    send(request, options) {
      messages.push(request.request);
      if (request.input !== undefined && Object.values(request.input).every((value) => typeof value === 'string' || typeof value === 'number')) {
        calls.push({ operation: request.operation, input: request.input });
      }
      return target.send(request, options);
    },
    close: () => target.close(),
  };
  await measureKit(capturing, numRuns, 16);
  return { messages, calls };
}
