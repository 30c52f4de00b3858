import { describeObservation } from '../observation/describe-observation.ts';
import { describeExpectation } from '../model/outcome.ts';
import { fail, pass, skip, type Check } from './check.ts';

/**
 * Where the fixture determines the outcome (unknown or non-Active organization, unknown or deleted entity, existing or absent resource), the target gives it.
 *
 * @example
 * stateConformance.run(input).status; // 'fail' for 200 on an organization in state Deleted
 */
export const stateConformance: Check = {
  name: 'stateConformance',
  rule: "Valid input gets the outcome the documented state rules give for what the fixture holds: each referent in the spec's precedence, then the effect.",
  ruleFor: (spec) =>
    `Valid input gets the outcome the documented state rules give for what the fixture holds: ${[...spec.precedence.order.map((member) => `${member} (${spec.input[member]?.refersTo ?? 'value'})`), `the ${spec.effect.action} of the ${spec.effect.resource}`].join(', then ')}.`,
  severity: 'failure',
  run({ testCase, expectation, observation, errors }) {
    if (expectation.basis !== 'state' && expectation.basis !== 'unknownState') return skip;
    if (testCase.phase === 'repeat' || observation.kind !== 'response' || observation.status >= 500) return skip;
    const success = observation.status >= 200 && observation.status < 300;
    const type = observation.errorType;
    if (!success && (type === undefined || errors.validationTypes.has(type) || errors.classify(type).category !== 'documented')) return skip;
    const matches = expectation.outcomes.some((outcome) => (outcome.kind === 'success' ? success : !success && outcome.type === type));
    return matches ? pass : fail(`${describeExpectation(expectation)} (${expectation.reason})`, describeObservation(observation));
  },
};
