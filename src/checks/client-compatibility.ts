import { describeClientReading, readErrorTypeAsBotocore, readErrorTypeAsJsSdk } from '../wire/decode-error-type.ts';
import { responseBodyJson } from '../observation/observe-response.ts';
import { pass, skip, type Check } from './check.ts';

/**
 * Warns where the common clients read an error differently: the AWS SDK for JavaScript (`__type`, then `code`, then the
 * header) and botocore (the AWS CLI, boto3: only `__type`, its own normalisation, and `x-amzn-query-error`).
 *
 * @example
 * clientCompatibility.run(input).status; // 'warn' when the type is only in X-Amzn-ErrorType
 */
export const clientCompatibility: Check = {
  name: 'clientCompatibility',
  rule: 'Common clients read the same error type: the AWS SDK for JavaScript reads __type, then code, then X-Amzn-ErrorType; botocore (AWS CLI, boto3) reads only __type (or x-amzn-query-error), so a type sent only as a header or `code` reaches Python users as the bare status.',
  severity: 'warning',
  judgesTransientAnswers: true,
  run({ observation, errors }) {
    // Without the wire (SDK transport) there is nothing to compare; an unreadable type is errorResponseShape's to report.
    if (observation.kind !== 'response' || observation.status < 400 || observation.errorType === undefined || observation.errorTypePlaces === undefined) return skip;
    const js = readErrorTypeAsJsSdk(observation.headers, observation.body, responseBodyJson(observation));
    const botocore = readErrorTypeAsBotocore(observation.status, observation.headers, observation.body, responseBodyJson(observation));
    if (js.kind === 'type' && botocore.kind === 'type' && js.type === botocore.type) return pass;
    return {
      status: 'warn',
      // A type no AWS page lists (a web framework's own code, such as Fastify's FST_ERR_CTP_INVALID_MEDIA_TYPE) is no fix to suggest.
      expected:
        errors.classify(observation.errorType).category === 'undocumented'
          ? 'the same error type for the AWS SDK for JavaScript and botocore (a __type in the body)'
          : `the same error type for the AWS SDK for JavaScript and botocore (e.g. __type ${observation.errorType} in the body)`,
      observed: `${observation.status}: the AWS SDK for JavaScript reads ${describeClientReading(js)}; botocore (AWS CLI, boto3) reads ${describeClientReading(botocore)}`,
    };
  },
};
