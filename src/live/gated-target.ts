import { isConfigError } from '../config-error.ts';
import type { Observation } from '../observation/observation.ts';
import type { SendOptions, Target, TargetRequest } from '../target/target.ts';
import type { RequestGate } from './request-gate.ts';
import { transientReason } from './transient-errors.ts';

/**
 * Decorates a target so that every attempt goes through a live run's gate: the rate limit, the request budget, and retries of
 * transient answers (the given error types and network errors) with backoff; only an answer that persists past the retries reaches the checks.
 *
 * @example
 * const target = createGatedTarget(createHttpTarget({ endpoint, region }), createRequestGate({ maxPerSecond: 2, maxRequests: 300 }), transientErrorTypes(loadCommonErrors()));
 */
export function createGatedTarget(target: Target, gate: RequestGate, transientTypes: ReadonlySet<string>): Target {
  return {
    description: target.description,
    capabilities: target.capabilities,
    async send(request: TargetRequest, options: SendOptions): Promise<Observation> {
      // Each attempt's transient answer, in order: the evidence of what the target said before the answer judged.
      const transientAnswers: string[] = [];
      const answer = await gate.send<Observation>(
        async () => {
          try {
            return await target.send(request, options);
          } catch (error) {
            if (isConfigError(error)) throw error;
            return { kind: 'networkError', code: 'TARGET_THREW', message: String((error as Error)?.message ?? error), latencyMs: 0 };
          }
        },
        (observation) => {
          // A request the transport itself sent again (a reused connection dropped before any answer) was retried too.
          for (const code of observation.retriedAfter ?? []) {
            transientAnswers.push(code);
            gate.countTransportRetry(code);
          }
          const reason = transientReason(observation, transientTypes);
          if (reason !== undefined) transientAnswers.push(reason);
          return reason;
        },
      );
      // An answer that persisted past the retries is the last of them, not one before it.
      const before = transientReason(answer, transientTypes) === undefined ? transientAnswers : transientAnswers.slice(0, -1);
      return before.length === 0 ? answer : { ...answer, retriedAfter: before };
    },
    ...(target.secrets === undefined ? {} : { secrets: () => target.secrets?.() ?? [] }),
    close: () => target.close(),
  };
}
