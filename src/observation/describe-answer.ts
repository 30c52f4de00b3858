import type { Observation } from './observation.ts';

/**
 * A short text for what a target answered, as open-point findings and replays compare it: `200 success`, `400 EntityNotFoundException`, `timeout`.
 *
 * @example
 * describeAnswer({ kind: 'timeout', timeoutMs: 10, latencyMs: 10 }); // 'timeout'
 */
export function describeAnswer(observation: Observation): string {
  switch (observation.kind) {
    case 'response':
      return observation.status >= 200 && observation.status < 300 ? `${observation.status} success` : `${observation.status} ${observation.errorType ?? '(no error type)'}`;
    case 'timeout':
      return 'timeout';
    case 'networkError':
      return `network error ${observation.code}`;
  }
}
