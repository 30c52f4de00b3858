import { describeObservation } from '../observation/describe-observation.ts';
import { fail, pass, skip, type Check } from './check.ts';
import { isCommonTransient } from './error-catalog.ts';

/**
 * No input, valid or not, makes the target answer with a 5xx server error. A common error of every WorkMail action that only
 * asks to try again, at its own status (503 ServiceUnavailable, 500 InternalFailure), fails only where it came again when
 * the request was sent again (the run does so for a case that changes nothing): a real service gives it now and then.
 *
 * @example
 * noServerErrors.run(input).status; // 'fail' for a 500 InternalFailure
 */
export const noServerErrors: Check = {
  name: 'noServerErrors',
  rule: 'No request, valid or invalid, gets a 5xx server error.',
  severity: 'failure',
  judgesTransientAnswers: true,
  run({ observation, errors }) {
    if (observation.kind !== 'response') return skip;
    if (observation.status < 500) return pass;
    // A common error of every WorkMail action that asks to try again, at its own status (503 ServiceUnavailable, 500
    // InternalFailure), is no breach once: a real service gives it now and then. Given again when sent again, it is one.
    const persisted = observation.retriedAfter !== undefined && observation.retriedAfter.includes(observation.errorType ?? '');
    if (isCommonTransient(observation, errors) && !persisted) {
      return {
        status: 'warn',
        expected: 'a 2xx or 4xx answer, or now and then a common error that asks to try again',
        observed: `${describeObservation(observation)}, not sent again (a real service gives it now and then; a target that gives it to an input each time hides a failure there)`,
      };
    }
    return fail('a 2xx or 4xx answer', `${describeObservation(observation)}${persisted ? `, again each time it was sent again (${observation.retriedAfter?.length ?? 0})` : ''}`);
  },
};
