import { decodeErrorTypeAsBotocore } from '../observation/decode-error-type.ts';
import { responseBodyObject } from '../wire/aws-json.ts';
import { pass, skip, type Check } from './check.ts';

/**
 * Warns where common clients decode an error differently: botocore (the AWS CLI, boto3) reads only `__type` for awsJson.
 *
 * @example
 * clientCompatibility.run(input).status; // 'warn' when the type is only in X-Amzn-ErrorType
 */
export const clientCompatibility: Check = {
  name: 'clientCompatibility',
  rule: 'Common clients decode the error alike: botocore (AWS CLI, boto3) reads only the body\'s __type, so a type sent only as a header or `code` reaches Python users as the bare status.',
  severity: 'warning',
  run({ observation }) {
    if (observation.kind !== 'response' || observation.status < 400 || observation.errorType === undefined) return skip;
    const botocore = decodeErrorTypeAsBotocore(responseBodyObject(observation));
    if (botocore === observation.errorType) return pass;
    return {
      status: 'warn',
      expected: `__type ${observation.errorType} in the body, as botocore reads it`,
      observed: `${observation.errorType} from ${observation.errorTypeSource ?? 'the SDK'}; botocore sees ${botocore ?? `only status ${observation.status}`}`,
    };
  },
};
