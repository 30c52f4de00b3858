import type { Observation } from '../observation/observation.ts';
import type { CommonErrors } from '../spec/spec-schema.ts';

/**
 * The error types a retry may cure, as specs/common-errors.json marks them (`transient: true`).
 *
 * @example
 * transientErrorTypes(loadCommonErrors()).has('ThrottlingException'); // true
 */
export function transientErrorTypes(commonErrors: CommonErrors): ReadonlySet<string> {
  return new Set([...commonErrors.commonErrors, ...commonErrors.protocolErrors].filter((error) => error.transient).map((error) => error.type));
}

/** The statuses the AWS SDKs retry whatever the body (a load balancer's HTML page has no error type); 429 as throttling. */
const retriedStatuses: ReadonlySet<number> = new Set([429, 500, 502, 503, 504]);

/**
 * Why an observation is worth trying again (its transient error type, a 429, 500, 502, 503 or 504 whatever its body, or the network
 * error's code), or `undefined` when it is a real answer. Timeouts are not retried: the runner counts them to stop a
 * hanging run. An answer that stays so past the retries is judged as it is.
 *
 * @example
 * transientReason({ kind: 'networkError', code: 'ECONNRESET', message: '', latencyMs: 1 }, types); // 'ECONNRESET'
 */
export function transientReason(observation: Observation, types: ReadonlySet<string>): string | undefined {
  switch (observation.kind) {
    case 'networkError':
      return observation.code;
    case 'timeout':
      return undefined;
    case 'response':
      if (observation.errorType !== undefined && types.has(observation.errorType)) return observation.errorType;
      return retriedStatuses.has(observation.status) ? `HTTP ${observation.status}` : undefined;
  }
}
