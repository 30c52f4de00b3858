import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../src/config-error.ts';
import { createWorkMailMock } from '../../src/mock/create-work-mail-mock.ts';
import { demoFixture } from '../../src/mock/demo-fixture.ts';
import { runConformance, type RunPhase } from '../../src/runner/run-conformance.ts';
import { createHandlerTarget } from '../../src/target/handler-target.ts';
import type { Target } from '../../src/target/target.ts';

/** The reference mock behind a target that throws `error` on every request from the first phase named `from` on. */
function throwingFrom(from: RunPhase, error: Error): { target: Target; onEvent: (event: { type: string; phase?: RunPhase }) => void } {
  const inner = createHandlerTarget(createWorkMailMock({ fixture: demoFixture }).handle);
  let throwing = false;
  return {
    target: {
      description: `the reference mock, throwing from the ${from} phase on`,
      capabilities: inner.capabilities,
      async send(request, options) {
        if (throwing) throw error;
        return inner.send(request, options);
      },
      close: () => inner.close(),
    },
    onEvent: (event) => {
      if (event.type === 'phaseStarted' && event.phase === from) throwing = true;
    },
  };
}

describe('errors a target throws while the run sends', () => {
  it('a configuration error thrown while the property phase sends cases in parallel ends the run with it', async () => {
    const { target, onEvent } = throwingFrom('invalid', new ConfigError('--aws-profile: the credentials of profile sandbox expired'));
    // The last operation's last phase, and no stateful phase after it: only the pooled sends of that phase can end the run.
    const options = { target, fixture: demoFixture, seed: 3, numRuns: 50, concurrency: 8, onEvent, operations: ['DeletePersonalAccessToken'], stateSequences: 0 };
    await expect(runConformance(options)).rejects.toThrow(
      '--aws-profile: the credentials of profile sandbox expired',
    );
  });

  it('any other error is what the target answered that case: judged as a network error, and the run goes on', async () => {
    const { target, onEvent } = throwingFrom('invalid', new Error('socket hang up'));
    const report = await runConformance({ target, fixture: demoFixture, seed: 3, numRuns: 50, concurrency: 8, onEvent, operations: ['DeletePersonalAccessToken'], stateSequences: 0 });
    expect(report.summary.incomplete).toBeUndefined();
    expect(report.failures.map((finding) => [finding.phase, finding.check, finding.observed])).toEqual([
      ['property', 'responseReceived', 'the target threw (TARGET_THREW): socket hang up'],
    ]);
  });
});
