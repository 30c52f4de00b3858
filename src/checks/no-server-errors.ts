import { describeObservation } from '../observation/describe-observation.ts';
import { fail, pass, skip, type Check } from './check.ts';

/**
 * No input, valid or not, makes the target answer with a 5xx server error.
 *
 * @example
 * noServerErrors.run(input).status; // 'fail' for a 500 InternalFailure
 */
export const noServerErrors: Check = {
  name: 'noServerErrors',
  rule: 'No request, valid or invalid, gets a 5xx server error.',
  severity: 'failure',
  judgesTransientAnswers: true,
  run({ observation }) {
    if (observation.kind !== 'response') return skip;
    return observation.status >= 500 ? fail('a 2xx or 4xx answer', describeObservation(observation)) : pass;
  },
};
