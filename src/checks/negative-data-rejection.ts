import { describeObservation } from '../observation/describe-observation.ts';
import { fail, pass, skip, type Check } from './check.ts';

/**
 * Invalid input (a broken constraint or a malformed body) must be rejected, never answered with a success.
 *
 * @example
 * negativeDataRejection.run(input).status; // 'fail' when a 65-character token ID gets 200
 */
export const negativeDataRejection: Check = {
  name: 'negativeDataRejection',
  rule: 'Input that breaks a documented constraint, or a body that is not a JSON object, is rejected.',
  severity: 'failure',
  run({ expectation, observation }) {
    if (expectation.basis !== 'validation' && expectation.basis !== 'malformedBody') return skip;
    if (observation.kind !== 'response') return skip;
    if (observation.status >= 200 && observation.status < 300) {
      return fail(expectation.basis === 'validation' ? 'a rejection (InvalidParameterException)' : 'a 4xx awsJson error', describeObservation(observation));
    }
    return pass;
  },
};
