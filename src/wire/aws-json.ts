import { decodeErrorMessage, findErrorTypePlaces, readErrorTypeAsJsSdk } from '../observation/decode-error-type.ts';
import type { Observation } from '../observation/observation.ts';
import type { OperationSpec } from '../spec/spec-schema.ts';
import type { HttpRequestMessage, HttpResponseMessage } from './http-message.ts';

/** The awsJson1_1 content type. */
export const awsJsonContentType = 'application/x-amz-json-1.1';

/**
 * Builds the unsigned awsJson1_1 request for an operation: `POST /`, its X-Amz-Target, and a body (an input object, or raw text for malformed-body cases).
 *
 * @example
 * buildAwsJsonRequest(spec, { OrganizationId: 'm-…', PersonalAccessTokenId: 'abc' });
 */
export function buildAwsJsonRequest(
  spec: Pick<OperationSpec, 'protocol'>,
  body: Readonly<Record<string, unknown>> | string,
): HttpRequestMessage {
  return {
    method: spec.protocol.method,
    path: spec.protocol.path,
    headers: { 'content-type': spec.protocol.contentType, 'x-amz-target': spec.protocol.target },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  };
}

/**
 * Encodes an awsJson1_1 error response the way AWS services do: `{"__type": …, "Message": …}` with the JSON content type.
 *
 * @example
 * encodeAwsJsonError('EntityNotFoundException', 400, 'No such entity');
 */
export function encodeAwsJsonError(type: string, status: number, message: string): HttpResponseMessage {
  return {
    status,
    headers: { 'content-type': awsJsonContentType },
    body: JSON.stringify({ __type: type, Message: message }),
  };
}

/**
 * The awsJson1_1 success response of an operation with no output: 200 with an empty body.
 *
 * @example
 * encodeAwsJsonSuccess().status; // 200
 */
export function encodeAwsJsonSuccess(): HttpResponseMessage {
  return { status: 200, headers: { 'content-type': awsJsonContentType }, body: '' };
}

/**
 * Parses text as a JSON object; `undefined` for anything else (invalid JSON, arrays, null, scalars).
 *
 * @example
 * parseJsonObject('{"a":1}'); // { a: 1 }
 * parseJsonObject('[]'); // undefined
 */
export function parseJsonObject(text: string): Record<string, unknown> | undefined {
  const parsed = parseJsonBody(text);
  return typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed) ? (parsed as Record<string, unknown>) : undefined;
}

/** Each response observation's body, parsed once: the observation and several checks read the same body. */
const parsedBodies = new WeakMap<Observation, unknown>();

/**
 * The JSON object in a response observation's body, parsed once per observation; `undefined` when the body is not one.
 * The object is shared by every caller: read it, never change it.
 *
 * @example
 * responseBodyObject(observation)?.['__type']; // 'ValidationException'
 */
export function responseBodyObject(observation: Observation & { kind: 'response' }): Readonly<Record<string, unknown>> | undefined {
  const parsed = responseBodyJson(observation);
  return typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed) ? (parsed as Record<string, unknown>) : undefined;
}

/**
 * The JSON value in a response observation's body (any JSON value), parsed once per observation; `undefined` when the
 * body is empty or not JSON. Shared by every caller: read it, never change it.
 *
 * @example
 * responseBodyJson(observation); // [] for a body "[]"
 */
export function responseBodyJson(observation: Observation & { kind: 'response' }): unknown {
  let parsed = parsedBodies.get(observation);
  if (parsed === undefined && !parsedBodies.has(observation)) {
    parsed = parseJsonBody(observation.body);
    parsedBodies.set(observation, parsed);
  }
  return parsed;
}

function parseJsonBody(text: string): unknown {
  if (text.trim() === '') return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/**
 * Normalises an HTTP response into an {@link Observation}: the error type as the AWS SDK for JavaScript reads it, every
 * place the response carried one, and the message, by the awsJson rules.
 *
 * @example
 * observeResponse({ status: 400, headers: {}, body: '{"__type":"a#B"}' }, 3).errorType; // 'B'
 */
export function observeResponse(response: HttpResponseMessage, latencyMs: number): Observation & { kind: 'response' } {
  const headers: Record<string, string> = {};
  for (const name in response.headers) headers[name.toLowerCase()] = response.headers[name] as string;
  const parsed = parseJsonBody(response.body);
  const isError = response.status >= 300;
  const reading = isError ? readErrorTypeAsJsSdk(headers, response.body, parsed) : undefined;
  const decoded = reading?.kind === 'type' && reading.place !== 'queryError' ? reading : undefined;
  const observation: Observation & { kind: 'response' } = {
    kind: 'response',
    status: response.status,
    headers,
    body: response.body,
    errorType: decoded?.type,
    errorTypeSource: decoded?.place as 'header' | 'code' | '__type' | undefined,
    errorTypePlaces: isError ? findErrorTypePlaces(headers, parsed) : [],
    message: isError ? decodeErrorMessage(parsed) : undefined,
    latencyMs,
  };
  parsedBodies.set(observation, parsed);
  return observation;
}
