import { describeObservation } from '../observation/describe-observation.ts';
import { errorTypeUnderSuccessStatus } from '../observation/observe-response.ts';
import { fail, pass, skip, type Check } from './check.ts';

/**
 * Each exception comes with its documented HTTP status, a success with 200.
 *
 * @example
 * statusCodeConformance.run(input).status; // 'fail' for EntityNotFoundException with status 404
 */
export const statusCodeConformance: Check = {
  name: 'statusCodeConformance',
  rule: 'Each error type comes with its documented HTTP status and a success with 200.',
  ruleFor: (spec) =>
    `Each error type comes with its documented HTTP status (${[...new Set(spec.errors.map((error) => error.status))].join(' or ')} for ${spec.operation}'s documented errors) and a success with ${spec.output.status}.`,
  severity: 'failure',
  judgesTransientAnswers: true,
  run({ observation, errors }) {
    // A status the transport did not see (a mocked SDK client) judges nothing: it was inferred or assumed.
    if (observation.kind !== 'response' || observation.statusInferred !== undefined) return skip;
    const { status, errorType } = observation;
    if (errorType === undefined) {
      // An error sent with a success status: every AWS client reads it as a success, and the error is lost.
      const carried = errorTypeUnderSuccessStatus(observation);
      if (carried !== undefined) {
        const documentedStatus = errors.classify(carried).status;
        return fail(
          `${documentedStatus ?? 'a 4xx or 5xx status for'} ${carried}`,
          `${describeObservation(observation)} (an error under status ${status}, which every AWS client reads as a success: give the error its status)`,
        );
      }
      if (status >= 200 && status < 300 && status !== 200) return fail('200 on success', describeObservation(observation));
      if (status >= 300 && status < 400) return fail('200 on success or a 4xx/5xx error', describeObservation(observation));
      return status === 200 ? pass : skip;
    }
    const documented = errors.classify(errorType).status;
    if (documented === undefined) return skip;
    // The status goes with the type, whatever the case: why the model expected its outcomes (a state rule) is beside the point.
    return status === documented ? pass : fail(`${documented} ${errorType}`, describeObservation(observation), `${errorType} is documented with HTTP ${documented}, whatever the case that draws it`);
  },
};
