import type { Observation } from './observation.ts';
import { errorTypeUnderSuccessStatus } from './observe-response.ts';

/**
 * A short text for what a target answered, as open-point findings and replays compare it: `200 success`, `400 EntityNotFoundException`,
 * `timeout`, `200 with the error EntityNotFoundException in it` (an error sent with a success status).
 *
 * @example
 * describeAnswer({ kind: 'timeout', timeoutMs: 10, latencyMs: 10 }); // 'timeout'
 */
export function describeAnswer(observation: Observation): string {
  switch (observation.kind) {
    case 'response': {
      if (observation.status < 200 || observation.status >= 300) return `${observation.status} ${observation.errorType ?? '(no error type)'}`;
      const carried = errorTypeUnderSuccessStatus(observation);
      return carried === undefined ? `${observation.status} success` : `${observation.status} with the error ${carried} in it`;
    }
    case 'timeout':
      return 'timeout';
    case 'networkError':
      return `network error ${observation.code}`;
  }
}
