import { describeObservation } from '../observation/describe-observation.ts';
import { describeExpectation } from '../model/outcome.ts';
import { fail, pass, skip, type Check } from './check.ts';

/**
 * Input that satisfies every documented constraint must not be rejected as invalid.
 *
 * @example
 * positiveDataAcceptance.run(input).status; // 'fail' when an email-form EntityId gets InvalidParameterException
 */
export const positiveDataAcceptance: Check = {
  name: 'positiveDataAcceptance',
  rule: 'Input that satisfies every documented constraint (every identifier form, every length in range) is not rejected as invalid.',
  severity: 'failure',
  run({ expectation, observation, errors }) {
    if (expectation.basis !== 'state' && expectation.basis !== 'unknownState') return skip;
    if (observation.kind !== 'response') return skip;
    if (observation.errorType !== undefined && errors.validationTypes.has(observation.errorType)) {
      return fail(describeExpectation(expectation), describeObservation(observation));
    }
    return pass;
  },
};
