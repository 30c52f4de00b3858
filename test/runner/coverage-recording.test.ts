import { describe, expect, it } from 'vitest';
import { createWorkMailMock } from '../../src/mock/create-work-mail-mock.ts';
import { demoFixture } from '../../src/mock/demo-fixture.ts';
import { runConformance, type RunEvent } from '../../src/runner/run-conformance.ts';
import type { Observation } from '../../src/observation/observation.ts';
import { createHandlerTarget } from '../../src/target/handler-target.ts';
import type { Target } from '../../src/target/target.ts';

/**
 * The reference mock behind a target that answers each request after one or two event-loop turns drawn from `seed`, as a
 * server over the wire answers: never at once, and out of order.
 */
function delayedMock(seed: number): Target {
  const inner = createHandlerTarget(createWorkMailMock({ fixture: demoFixture }).handle);
  let state = seed;
  const nextTurns = () => {
    state = (state * 1_103_515_245 + 12_345) % 2_147_483_648;
    return 1 + (state % 2);
  };
  const afterTurns = (turns: number): Promise<void> => (turns === 0 ? Promise.resolve() : new Promise((resolve) => setImmediate(resolve)).then(() => afterTurns(turns - 1)));
  return {
    description: `the reference mock, answering late (seed ${seed})`,
    capabilities: inner.capabilities,
    async send(request, options): Promise<Observation> {
      await afterTurns(nextTurns());
      return inner.send(request, options);
    },
    close: () => inner.close(),
  };
}

const concurrency = 8;

/**
 * The coverage phase's events of one run, per operation (operations run side by side, their events interleaved): how many
 * judged exchanges of one operation waited at most to be recorded, and the order each operation recorded them in.
 */
async function coverageRecording(target: Target): Promise<{ mostWaiting: number; judgedPaths: Record<string, string[]> }> {
  const phases = new Map<string, string>();
  const judgedNotRecorded = new Map<string, number>();
  let mostWaiting = 0;
  const judgedPaths: Record<string, string[]> = {};
  const onEvent = (event: RunEvent) => {
    if (event.type === 'phaseStarted') phases.set(event.operation, event.phase);
    if (event.type !== 'exchange' && event.type !== 'judged') return;
    const operation = event.spec.operation;
    if (phases.get(operation) !== 'coverage') return;
    let waiting = judgedNotRecorded.get(operation) ?? 0;
    if (event.type === 'exchange' && !event.shrinking) waiting += 1;
    if (event.type === 'judged') {
      waiting -= 1;
      (judgedPaths[operation] ??= []).push(`${event.exchange.path} ${event.exchange.testCase.phase}`);
    }
    judgedNotRecorded.set(operation, waiting);
    mostWaiting = Math.max(mostWaiting, waiting);
  };
  const report = await runConformance({ target, fixture: demoFixture, seed: 9, numRuns: 5, concurrency, onEvent });
  expect(report.summary.conformant).toBe(true);
  return { mostWaiting, judgedPaths };
}

describe('the coverage phase records its exchanges', () => {
  it('as soon as every case started before them is done: no more wait than the cases in flight, with their repeats', async () => {
    const { mostWaiting, judgedPaths } = await coverageRecording(delayedMock(1));

    // While the slowest case in flight waits its two turns, each other one may finish twice, each with its repeat. The cases
    // that run alone (before the others) are recorded as each ends: held until the pooled cases numbered before them were
    // done, several hundred waited.
    expect(Object.values(judgedPaths).flat().length).toBeGreaterThan(1000);
    expect(mostWaiting).toBeLessThanOrEqual(4 * concurrency);
  });

  it('in an order that does not depend on when the target answers', async () => {
    const first = await coverageRecording(delayedMock(1));
    const second = await coverageRecording(delayedMock(77));

    expect(Object.keys(first.judgedPaths)).toHaveLength(2);
    expect(second.judgedPaths).toEqual(first.judgedPaths);
  });
});
