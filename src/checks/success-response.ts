import { excerpt } from '../observation/describe-observation.ts';
import type { Observation } from '../observation/observation.ts';
import { responseBodyObject } from '../observation/observe-response.ts';
import { fail, pass, skip, type Check } from './check.ts';

function isEmptySuccessBody(observation: Observation & { kind: 'response' }): boolean {
  if (observation.body === '') return true;
  const parsed = responseBodyObject(observation);
  return parsed !== undefined && Object.keys(parsed).length === 0;
}

/** A body of white space only: botocore reads it as empty, the AWS SDK for JavaScript parses it as JSON and throws. */
function isBlankNotEmpty(body: string): boolean {
  return body !== '' && !/\S/.test(body);
}

/**
 * A success has an empty body (or `{}`, which clients accept), as the operation has no output.
 *
 * @example
 * successResponse.run(input).status; // 'fail' for 200 with body {"Deleted":true}
 */
export const successResponse: Check = {
  name: 'successResponse',
  rule: 'A success is HTTP 200 with an empty body; `{}` is accepted, as clients accept it.',
  severity: 'failure',
  run({ observation }) {
    if (observation.kind !== 'response' || observation.status < 200 || observation.status >= 300) return skip;
    // What the SDK client could not parse it says, though it does not show the body.
    if (observation.unparsedSuccess !== undefined) {
      return fail('an empty body or {}', `${observation.status}, a body the AWS SDK for JavaScript could not parse: ${observation.unparsedSuccess.slice(0, 120)}`);
    }
    // An SDK client keeps only the output members its model knows: the body the target sent is not seen.
    if (observation.wireNotSeen === true) return skip;
    if (isEmptySuccessBody(observation)) return pass;
    if (isBlankNotEmpty(observation.body)) {
      return fail('an empty body or {}', `${observation.status}, a body of white space only (${JSON.stringify(observation.body.slice(0, 20))}), which the AWS SDK for JavaScript fails to parse (a SyntaxError on each such success; botocore reads it as empty)`);
    }
    return fail('an empty body or {}', `${observation.status}, body ${excerpt(observation.body)}`);
  },
};
