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

/**
 * Why an observation is transient (its error type, or the network error's code), or `undefined` when it is a real answer.
 * Timeouts are not retried: the runner counts them to stop a hanging run.
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
      return observation.errorType !== undefined && types.has(observation.errorType) ? observation.errorType : undefined;
  }
}
