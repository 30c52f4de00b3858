import { excerpt } from '../observation/describe-observation.ts';
import { responseBodyObject } from '../wire/aws-json.ts';
import { fail, pass, skip, type Check } from './check.ts';

/**
 * An error is an awsJson error: a JSON object body, a type clients can decode, and a string message if any.
 *
 * @example
 * errorResponseShape.run(input).status; // 'fail' for a 400 with an HTML body
 */
export const errorResponseShape: Check = {
  name: 'errorResponseShape',
  rule: 'An error response is an awsJson error: a JSON object body whose type a client can decode (X-Amzn-ErrorType, code or __type) and whose message, if any, is a string.',
  severity: 'failure',
  run({ observation }) {
    if (observation.kind !== 'response' || observation.status < 400) return skip;
    const expected = 'a JSON object body with an error type (__type, code or X-Amzn-ErrorType) and a string message';
    const body = responseBodyObject(observation);
    const bodyAcceptable = body !== undefined || (observation.body.trim() === '' && observation.errorTypeSource === 'header');
    if (!bodyAcceptable) return fail(expected, `${observation.status}, body ${excerpt(observation.body) || '(empty)'}`);
    if (observation.errorType === undefined || observation.errorType === '') {
      return fail(expected, `${observation.status} with no error type, body ${excerpt(observation.body)}`);
    }
    const message = body?.['message'] ?? body?.['Message'];
    if (message !== undefined && typeof message !== 'string') {
      return fail(expected, `${observation.status} ${observation.errorType} with a message of type ${message === null ? 'null' : typeof message}`);
    }
    return pass;
  },
};
