import { describeObservation } from '../observation/describe-observation.ts';
import { fail, pass, skip, type Check } from './check.ts';

/**
 * Repeating a successful delete succeeds again, where the spec marks the operation idempotent (`output.idempotent`).
 *
 * @example
 * idempotency.run(input).status; // 'fail' when the second delete of a permission gets an error
 */
export const idempotency: Check = {
  name: 'idempotency',
  rule: 'A repeated successful delete of an idempotent operation gets 200 again.',
  ruleFor: (spec) =>
    spec.output.idempotent
      ? `A repeated successful ${spec.operation} gets 200 again (the operation is idempotent).`
      : `${spec.operation} is not idempotent: repeats are not judged.`,
  severity: 'failure',
  run({ spec, testCase, observation }) {
    if (!spec.output.idempotent || testCase.phase !== 'repeat' || observation.kind !== 'response') return skip;
    // Which success status is right is statusCodeConformance's rule; this one asks only that the repeat succeeds again.
    const succeeded = observation.status >= 200 && observation.status < 300 && observation.errorType === undefined;
    return succeeded ? pass : fail('a success again, as the first time', describeObservation(observation));
  },
};
