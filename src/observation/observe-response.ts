import { parseJsonValue } from '../parse-json.ts';
import { decodeErrorMessage, findErrorTypePlaces, readErrorTypeAsJsSdk } from '../wire/decode-error-type.ts';
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
