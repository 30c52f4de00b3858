import { describeObservation } from '../observation/describe-observation.ts';
import { fail, pass, skip, type Check } from './check.ts';

/**
 * Every request gets a complete HTTP response: no reset connection, no truncated body, no close mid-response.
 *
 * @example
 * responseReceived.run(input).status; // 'fail' for ECONNRESET
 */
export const responseReceived: Check = {
  name: 'responseReceived',
  rule: 'Every request gets a complete HTTP response (no reset, no truncated body, no connection closed mid-response).',
  severity: 'failure',
  judgesTransientAnswers: true,
  run({ observation }) {
    if (observation.kind === 'timeout') return skip;
    return observation.kind === 'networkError' ? fail('a complete HTTP response', describeObservation(observation)) : pass;
  },
};
