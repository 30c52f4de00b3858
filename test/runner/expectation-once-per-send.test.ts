import { beforeEach, describe, expect, it, vi } from 'vitest';
import { createWorkMailMock } from '../../src/mock/create-work-mail-mock.ts';
import { demoFixture } from '../../src/mock/demo-fixture.ts';
import * as oracle from '../../src/model/oracle.ts';
import { runConformance } from '../../src/runner/run-conformance.ts';
import { createHandlerTarget } from '../../src/target/handler-target.ts';

// The oracle, counted: every expectation of a run goes through expectOutcomesOf.
vi.mock('../../src/model/oracle.ts', async (importOriginal) => {
  const actual = await importOriginal<typeof import('../../src/model/oracle.ts')>();
  return { ...actual, expectOutcomesOf: vi.fn(actual.expectOutcomesOf) };
});

const oracleCalls = () => vi.mocked(oracle.expectOutcomesOf).mock.calls.length;

describe('the coverage phase', () => {
  beforeEach(() => {
    vi.mocked(oracle.expectOutcomesOf).mockClear();
  });

  it.each(['full', 'compact'] as const)('in %s depth computes each expectation once per request, while deletes change the model', async (coverage) => {
    const mock = createWorkMailMock({ fixture: demoFixture });

    const report = await runConformance({ target: createHandlerTarget(mock.handle), fixture: demoFixture, seed: 1, numRuns: 0, coverage, stateSequences: 0 });

    expect(report.summary.conformant).toBe(true);
    // Real deletes happened (and were read back), so the model changed during the phase.
    const effects = report.contractCoverage.flatMap((operation) => operation.items).filter((item) => item.name === 'realDeleteReadBack');
    expect(effects.reduce((sum, item) => sum + item.exchanges, 0)).toBeGreaterThan(0);
    expect(report.summary.requests).toBeGreaterThan(50);
    expect(oracleCalls()).toBe(report.summary.requests);
  });
});

describe('a run aborted when its property phases start', () => {
  beforeEach(() => {
    vi.mocked(oracle.expectOutcomesOf).mockClear();
  });

  it('plans no more cases: it drew and planned every run left, so a deep run took seconds to end after Ctrl-C (trialW #3)', async () => {
    const controller = new AbortController();
    let callsAtAbort = 0;

    const report = await runConformance({
      target: createHandlerTarget(createWorkMailMock({ fixture: demoFixture }).handle),
      fixture: demoFixture,
      seed: 1,
      numRuns: 20_000,
      stateSequences: 0,
      signal: controller.signal,
      onEvent: (event) => {
        if (event.type !== 'phaseStarted' || event.phase !== 'valid' || controller.signal.aborted) return;
        callsAtAbort = oracleCalls();
        controller.abort('stopped by the test');
      },
    });

    expect(report.summary.incomplete).toBe('stopped by the test');
    expect(callsAtAbort).toBeGreaterThan(0);
    // At most the first case of the phase, drawn before the abort was heard.
    expect(oracleCalls() - callsAtAbort).toBeLessThanOrEqual(2);
  });
});
