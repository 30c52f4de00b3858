import { describeObservation } from '../observation/describe-observation.ts';
import type { Observation } from '../observation/observation.ts';
import { describeExpectation } from '../model/outcome.ts';
import { fail, pass, skip, type Check } from './check.ts';
import type { CatalogEntry } from './error-catalog.ts';
import { serverSetupHint } from './server-setup-hint.ts';

/** What a failing rejection was, worded only for a failure (most error answers pass). */
function describeRejection(observation: Observation, entry: CatalogEntry): string {
  const { category, acceptedForInvalidInput: accepted } = entry;
  // The usual case: the generic ValidationException (or SerializationException, for a member of the wrong JSON type), which
  // the strict documented profile does not take.
  const kind =
    accepted !== undefined
      ? "one of AWS services' generic answers to invalid input, not this operation's documented one"
      : category === 'documented'
        ? 'a documented error of this operation'
        : category === 'undocumented'
          ? `not a documented error${entry.otherCaseOf === undefined ? '' : ` (${entry.otherCaseOf} is: only the letter case differs, and clients match a type exactly)`}`
          : `an AWS ${category} error`;
  const where = accepted === undefined ? '' : `, accepted for invalid input only under the ${accepted.profiles.join(' or ')} profile (open point ${accepted.openPoint}; --profile ${accepted.profiles[0] ?? ''}, or profile: '${accepted.profiles[0] ?? ''}' in code)`;
  // A web framework's own answer (Fastify's FST_ERR_CTP_INVALID_MEDIA_TYPE for a body it does not parse): the mock's set-up.
  const setUp = category === 'undocumented' && observation.kind === 'response' ? serverSetupHint(observation.status) : '';
  return `${describeObservation(observation)}: ${kind}${where}${setUp}`;
}

/**
 * Rejections carry the right exception type: the validation error for invalid input, and only documented errors of the operation otherwise.
 *
 * @example
 * exceptionTypeConformance.run(input).status; // 'fail' for ValidationException under the documented profile
 */
export const exceptionTypeConformance: Check = {
  name: 'exceptionTypeConformance',
  rule: 'Invalid input gets the documented validation error; any other rejection is one of the operation\'s documented errors (AWS common errors and undocumented types are reported apart).',
  severity: 'failure',
  run({ expectation, observation, errors }) {
    if (observation.kind !== 'response' || observation.status < 400 || observation.status >= 500) return skip;
    const type = observation.errorType;
    if (type === undefined || expectation.basis === 'malformedBody') return skip;
    const entry = errors.classify(type);
    if (expectation.basis === 'validation') {
      for (const outcome of expectation.outcomes) if (outcome.kind === 'error' && outcome.type === type) return pass;
      // The reason names the member broken and how ("GranteeId breaks pattern"), which the answer alone does not show.
      return fail(`${describeExpectation(expectation)} (${expectation.reason})`, describeRejection(observation, entry));
    }
    if (errors.validationTypes.has(type)) return skip;
    if (entry.category === 'documented') return pass;
    // Where the model allows a success, a rejection is judged by its type alone, and the answers allowed are named beside it.
    const successAllowed = expectation.outcomes.some((outcome) => outcome.kind === 'success');
    const expected = successAllowed ? `${describeExpectation(expectation)}; a rejection, if any, of one of the operation's documented error types` : `one of the operation's documented errors (${describeExpectation(expectation)})`;
    return fail(expected, describeRejection(observation, entry));
  },
};
