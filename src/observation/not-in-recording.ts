/**
 * The error type `serve --from-recording` answers an input its recording does not hold with: no answer of the recorded
 * target's, which a run must not judge as one.
 *
 * @example
 * observation.errorType === notInRecordingErrorType; // true for a case the recorded run never sent
 */
export const notInRecordingErrorType = 'NotInRecordingException';
