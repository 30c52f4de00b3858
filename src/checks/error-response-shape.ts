import {
  describeClientReading,
  readErrorTypeAsBotocore,
  readErrorTypeAsJsSdk,
  type ErrorTypeEvidence,
} from '../wire/decode-error-type.ts';
import { excerpt } from '../observation/describe-observation.ts';
import type { Observation } from '../observation/observation.ts';
import { responseBodyJson, responseBodyObject } from '../observation/observe-response.ts';
import { fail, pass, skip, type Check } from './check.ts';
import { serverSetupHint } from './server-setup-hint.ts';

const placeNames: Readonly<Record<ErrorTypeEvidence['place'], string>> = {
  header: 'header',
  code: 'body',
  __type: 'body',
  queryError: 'header',
};

function describePlace(evidence: ErrorTypeEvidence): string {
  return `${placeNames[evidence.place]} ${evidence.key} ${JSON.stringify(evidence.raw)} → ${evidence.type ?? '(no type)'}`;
}

/** The first type in Smithy's protocol text order (header, then `code`, then `__type`), as older JS SDK v3 releases read it. */
function readAsSmithyText(places: readonly ErrorTypeEvidence[]): string {
  for (const place of ['header', 'code', '__type'] as const) {
    const found = places.find((evidence) => evidence.place === place && evidence.type !== undefined);
    if (found !== undefined) return `${found.type as string} (from ${place})`;
  }
  return 'no type';
}

/**
 * The evidence and each client's reading when the places that carry an error type name different types; `undefined` when they agree.
 *
 * @example
 * describeDisagreement(observation); // 'header x-amzn-errortype "A" → A; body __type "B" → B; AWS SDK for JavaScript reads B (from __type); …'
 */
export function describeDisagreement(observation: Observation & { kind: 'response' }): string | undefined {
  const places = observation.errorTypePlaces;
  if (places === undefined) return undefined;
  const named = places.filter((evidence) => evidence.type !== undefined);
  if (new Set(named.map((evidence) => evidence.type)).size <= 1) return undefined;
  const js = readErrorTypeAsJsSdk(observation.headers, observation.body, responseBodyJson(observation));
  const botocore = readErrorTypeAsBotocore(observation.status, observation.headers, observation.body, responseBodyJson(observation));
  return [
    `${observation.status} with types that disagree: ${named.map(describePlace).join('; ')}`,
    `the AWS SDK for JavaScript reads ${describeClientReading(js)}`,
    `botocore (AWS CLI, boto3) reads ${describeClientReading(botocore)}`,
    `clients that follow Smithy's protocol text (header first) read ${readAsSmithyText(places)}`,
  ].join('; ');
}

/**
 * An error is an awsJson error: a JSON object body, one error type that clients can decode (the same in every place that
 * carries one), and a string message if any.
 *
 * @example
 * errorResponseShape.run(input).status; // 'fail' for a 400 with an HTML body, or with X-Amzn-ErrorType A and __type B
 */
export const errorResponseShape: Check = {
  name: 'errorResponseShape',
  rule: 'An error response is an awsJson error: a JSON object body, one error type a client can decode (X-Amzn-ErrorType, code or __type; the same type wherever it is given) and a message, if any, that is a string.',
  severity: 'failure',
  judgesTransientAnswers: true,
  run({ observation }) {
    if (observation.kind !== 'response' || observation.status < 400) return skip;
    // A type read by the SDK comes with a body the transport rebuilt: there is no wire shape to judge.
    if (observation.errorType !== undefined && observation.errorTypeSource === undefined && observation.errorTypePlaces === undefined) return skip;
    const expected = 'a JSON object body with one error type (__type, code or X-Amzn-ErrorType, the same wherever given) and a message, if any, that is a string';
    const body = responseBodyObject(observation);
    const bodyAcceptable = body !== undefined || (observation.body === '' && observation.errorTypeSource === 'header');
    if (!bodyAcceptable) {
      // A web framework's own page for a request no route took (Express's "Cannot POST /"): the mock's set-up, not its errors.
      return fail(expected, `${observation.status}, body ${excerpt(observation.body) || '(empty)'}${serverSetupHint(observation.status)}`);
    }
    const disagreement = describeDisagreement(observation);
    if (disagreement !== undefined) return fail('one error type, the same in every place that carries one', disagreement);
    if (observation.errorType === undefined || observation.errorType === '') {
      const js = observation.errorTypePlaces === undefined ? undefined : readErrorTypeAsJsSdk(observation.headers, observation.body, responseBodyJson(observation));
      // Fastify's own JSON for a route it lacks has no type either.
      return fail(expected, `${observation.status} with no error type the AWS SDK for JavaScript can read${js === undefined ? '' : ` (it reads ${describeClientReading(js)})`}, body ${excerpt(observation.body) || '(empty)'}${serverSetupHint(observation.status)}`);
    }
    const message = body?.['message'] ?? body?.['Message'];
    if (message !== undefined && typeof message !== 'string') {
      return fail(expected, `${observation.status} ${observation.errorType} with a message of type ${message === null ? 'null' : typeof message}`);
    }
    return pass;
  },
};
