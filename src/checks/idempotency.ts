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
    return observation.status === 200 && observation.errorType === undefined ? pass : fail('200, as the first time', describeObservation(observation));
  },
};
