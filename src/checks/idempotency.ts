import { describeObservation } from '../observation/describe-observation.ts';
import { fail, pass, skip, type Check } from './check.ts';

/**
 * Repeating a successful delete succeeds again, as the model marks both operations idempotent.
 *
 * @example
 * idempotency.run(input).status; // 'fail' when the second delete of a permission gets an error
 */
export const idempotency: Check = {
  name: 'idempotency',
  rule: 'A repeated successful delete gets 200 again (the operations are idempotent).',
  severity: 'failure',
  run({ testCase, observation }) {
    if (testCase.phase !== 'repeat' || observation.kind !== 'response') return skip;
    // Which success status is right is statusCodeConformance's rule; this one asks only that the repeat succeeds again.
    const succeeded = observation.status >= 200 && observation.status < 300 && observation.errorType === undefined;
    return succeeded ? pass : fail('a success again, as the first time', describeObservation(observation));
  },
};
