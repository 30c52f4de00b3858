import { parseJsonValue } from '../parse-json.ts';
import { decodeErrorMessage, findErrorTypePlaces, readErrorTypeAsJsSdk, sanitizeErrorType } from '../wire/decode-error-type.ts';
import type { HttpResponseMessage } from '../wire/http-message.ts';
import type { Observation } from './observation.ts';

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
    parsed = parseJsonValue(observation.body);
    parsedBodies.set(observation, parsed);
  }
  return parsed;
}

/**
 * The error type a 2xx answer carries in its body's `__type` or its `X-Amzn-ErrorType` header, where the transport saw the
 * wire: an error sent with a success status (an msw `HttpResponse.json({ __type, message })` without its `status`), which
 * every AWS client reads as a success. `undefined` for any other answer.
 *
 * @example
 * errorTypeUnderSuccessStatus(observeResponse({ status: 200, headers: {}, body: '{"__type":"EntityNotFoundException"}' }, 1)); // 'EntityNotFoundException'
 */
export function errorTypeUnderSuccessStatus(observation: Observation): string | undefined {
  if (observation.kind !== 'response' || observation.status < 200 || observation.status >= 300 || observation.wireNotSeen === true) return undefined;
  // An empty body or `{}` (nearly every success) carries no `__type`; an observation's header names are lower-case.
  if (observation.body.length <= 2 && observation.headers['x-amzn-errortype'] === undefined) return undefined;
  // In the order the AWS SDK for JavaScript reads an error's type: the body's `__type`, then the header.
  const bodyType = responseBodyObject(observation)?.['__type'];
  const raw = typeof bodyType === 'string' && bodyType !== '' ? bodyType : observation.headers['x-amzn-errortype'];
  const type = raw === undefined ? '' : sanitizeErrorType(raw);
  return type === '' ? undefined : type;
}

/**
 * Normalises an HTTP response into an {@link Observation}: the error type as the AWS SDK for JavaScript reads it, every
 * place the response carried one, and the message, by the awsJson rules. Header names are lower-cased into a copy, unless
 * `headersOwned` says the response's header object is already lower-case and the caller's to give away (a transport's own).
 *
 * @example
 * observeResponse({ status: 400, headers: {}, body: '{"__type":"a#B"}' }, 3).errorType; // 'B'
 */
export function observeResponse(response: HttpResponseMessage, latencyMs: number, headersOwned = false): Observation & { kind: 'response' } {
  let headers: Record<string, string>;
  if (headersOwned) headers = response.headers as Record<string, string>;
  else {
    headers = {};
    for (const name in response.headers) headers[name.toLowerCase()] = response.headers[name] as string;
  }
  const parsed = parseJsonValue(response.body);
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
