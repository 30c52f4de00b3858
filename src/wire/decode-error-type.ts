/**
 * The awsJson1_1 rules for reading an error's type and message from a response, in one place, as each client reads them
 * today (see ../shared/SEMANTICS.md, "The wire: awsJson1_1"):
 *
 * - the AWS SDK for JavaScript v3 as installed (`loadJsonRpcErrorCode` and `sanitizeErrorCode` in
 *   `@smithy/core/protocols`, for a service that is not query-compatible): body `__type`, else a body key `code` in any
 *   case, else the header `X-Amzn-ErrorType`; the value is cut at the first `,`, then at the first `:`, then the part
 *   between the first and the second `#` is kept;
 * - botocore, which the AWS CLI and boto3 use (`BaseJSONParser._do_error_parse`): only the body's `__type`, else the
 *   status as text; the value is cut at the first `:`, then what follows the LAST `#` is kept (no cut at `,`, no trim);
 *   a header `x-amzn-query-error: Code;Type` with exactly one `;` and a non-empty code replaces it.
 */

/** A place where a response can carry its error type. `queryError` is botocore's `x-amzn-query-error` header. */
export type ErrorTypePlace = 'header' | 'code' | '__type' | 'queryError';

/** One place where a response carried an error type: the raw value, and the type it names. */
export interface ErrorTypeEvidence {
  readonly place: ErrorTypePlace;
  /** The header name or body key as sent, e.g. `X-Amzn-ErrorType`, `Code`, `__type`. */
  readonly key: string;
  /** The raw value, as JSON text when it is not a string (e.g. `null`, `42`). */
  readonly raw: string;
  /**
   * The type it names, normalised as the AWS SDK for JavaScript does (the `x-amzn-query-error` code as botocore takes it);
   * `undefined` when it names none.
   */
  readonly type: string | undefined;
}

/**
 * What one client makes of an error response: a type, nothing (the client then shows a stand-in such as `Unknown` or the
 * status), or a failure of the client itself.
 */
export type ClientReading =
  | { readonly kind: 'type'; readonly type: string; readonly place: ErrorTypePlace }
  | { readonly kind: 'none'; readonly shown: string }
  | { readonly kind: 'crash'; readonly reason: string };

/** Where an error type was read from: the header, the body's `code`, or the body's `__type`. */
export type ErrorTypeSource = 'header' | 'code' | '__type';

/** An error type as a client reads it, with where it came from. */
export interface DecodedErrorType {
  readonly type: string;
  readonly source: ErrorTypeSource;
}

type JsonRecord = Readonly<Record<string, unknown>>;

function asRecord(body: unknown): JsonRecord | undefined {
  return typeof body === 'object' && body !== null && !Array.isArray(body) ? (body as JsonRecord) : undefined;
}

/** The first own key equal to `key` (lower-case) but for letter case, in key order; no key list is made (it runs on every error answer). */
function findKeyIgnoringCase(record: Readonly<Record<string, unknown>>, key: string): string | undefined {
  for (const candidate in record) {
    if (Object.hasOwn(record, candidate) && (candidate === key || candidate.toLowerCase() === key)) return candidate;
  }
  return undefined;
}

function rawText(value: unknown): string {
  return typeof value === 'string' ? value : (JSON.stringify(value) ?? String(value));
}

/**
 * Normalises a raw error type as the AWS SDK for JavaScript does: cut at the first `,`, then at the first `:`, then keep
 * the part after the first `#` (up to a second `#`, if any). Nothing is trimmed.
 *
 * @example
 * sanitizeErrorType('aws.protocoltests#FooError:http://x/'); // 'FooError'
 * sanitizeErrorType('a#b#c'); // 'b' (botocore reads 'c')
 */
export function sanitizeErrorType(raw: string): string {
  let type = raw;
  if (type.includes(',')) type = type.split(',')[0] as string;
  if (type.includes(':')) type = type.split(':')[0] as string;
  if (type.includes('#')) type = type.split('#')[1] as string;
  return type;
}

/**
 * Normalises a raw `__type` as botocore does: cut at the first `:`, then keep what follows the last `#`.
 *
 * @example
 * sanitizeErrorTypeAsBotocore('a#b#c:http://x/'); // 'c'
 * sanitizeErrorTypeAsBotocore('FooError, BarError'); // 'FooError, BarError'
 */
export function sanitizeErrorTypeAsBotocore(raw: string): string {
  let type = raw;
  if (type.includes(':')) type = type.slice(0, type.indexOf(':'));
  if (type.includes('#')) type = type.slice(type.lastIndexOf('#') + 1);
  return type;
}

/** The code botocore takes from `x-amzn-query-error: Code;Type`, or `undefined` when it ignores the header. */
function queryErrorCode(value: string): string | undefined {
  const parts = value.split(';');
  return parts.length === 2 && parts[0] !== '' ? parts[0] : undefined;
}

function parseJsonOrUndefined(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** The name under which a header was sent, found without regard to case. */
function findHeader(headers: Readonly<Record<string, string>>, name: string): string | undefined {
  return findKeyIgnoringCase(headers, name);
}

/**
 * Every place a response carries an error type (header `X-Amzn-ErrorType`, body `code` in any case, body `__type`,
 * header `x-amzn-query-error`), with its raw value and the type it names.
 *
 * @example
 * findErrorTypePlaces({ 'x-amzn-errortype': 'A:http://x/' }, { __type: 'ns#B' });
 * // [{ place: 'header', key: 'x-amzn-errortype', raw: 'A:http://x/', type: 'A' }, { place: '__type', key: '__type', raw: 'ns#B', type: 'B' }]
 */
export function findErrorTypePlaces(headers: Readonly<Record<string, string>>, body: unknown): readonly ErrorTypeEvidence[] {
  const places: ErrorTypeEvidence[] = [];
  const headerKey = findHeader(headers, 'x-amzn-errortype');
  if (headerKey !== undefined) {
    const raw = headers[headerKey] as string;
    places.push({ place: 'header', key: headerKey, raw, type: raw === '' ? undefined : sanitizeErrorType(raw) });
  }
  const record = asRecord(body);
  if (record !== undefined) {
    const codeKey = findKeyIgnoringCase(record, 'code');
    if (codeKey !== undefined && record[codeKey] !== undefined) {
      const value = record[codeKey];
      places.push({ place: 'code', key: codeKey, raw: rawText(value), type: readableType(value) });
    }
    if (record['__type'] !== undefined) {
      const value = record['__type'];
      places.push({ place: '__type', key: '__type', raw: rawText(value), type: readableType(value) });
    }
  }
  const queryKey = findHeader(headers, 'x-amzn-query-error');
  if (queryKey !== undefined) {
    const raw = headers[queryKey] as string;
    places.push({ place: 'queryError', key: queryKey, raw, type: queryErrorCode(raw) });
  }
  return places;
}

/** The type the JS SDK reads from a body value: strings and numbers are read, anything else names no type. */
function readableType(value: unknown): string | undefined {
  if (typeof value === 'number') return sanitizeErrorType(String(value));
  if (typeof value !== 'string' || value === '') return undefined;
  const type = sanitizeErrorType(value);
  return type === '' ? undefined : type;
}

/**
 * What the AWS SDK for JavaScript as installed makes of an awsJson error: `__type`, else `code` (any case), else the
 * header; `Unknown` when none is there. `parsedBody` is `rawBody` parsed as JSON (`undefined` when it is not JSON): a
 * non-empty body that is not JSON, or a type value that is neither a string nor a number, makes the SDK throw an error of
 * its own instead of the service's exception.
 *
 * @example
 * readErrorTypeAsJsSdk({ 'x-amzn-errortype': 'A' }, '{"__type":"B"}', { __type: 'B' }); // { kind: 'type', type: 'B', place: '__type' }
 */
export function readErrorTypeAsJsSdk(headers: Readonly<Record<string, string>>, rawBody: string, parsedBody: unknown): ClientReading {
  if (rawBody !== '' && parsedBody === undefined) return { kind: 'crash', reason: 'the SDK fails to parse the body as JSON' };
  const record = asRecord(parsedBody);
  // The first place that holds a value, in the SDK's order: the body's __type, the body's code (any case), the header.
  let place: ErrorTypePlace;
  let key: string | undefined;
  if (record !== undefined && record['__type'] !== undefined) {
    place = '__type';
    key = '__type';
  } else {
    const codeKey = record === undefined ? undefined : findKeyIgnoringCase(record, 'code');
    if (record !== undefined && codeKey !== undefined && record[codeKey] !== undefined) {
      place = 'code';
      key = codeKey;
    } else {
      place = 'header';
      key = findHeader(headers, 'x-amzn-errortype');
    }
  }
  if (key === undefined) return { kind: 'none', shown: 'Unknown' };
  const value = place === 'header' ? headers[key] : (record as JsonRecord)[key];
  if (typeof value === 'number') return { kind: 'type', type: sanitizeErrorType(String(value)), place };
  if (typeof value !== 'string') return { kind: 'crash', reason: `the SDK fails reading ${key} ${rawText(value)} (a TypeError, or an exception named after the value)` };
  const type = sanitizeErrorType(value);
  // An empty name matches no modeled error: the user gets the service's base exception with an empty name.
  return type === '' ? { kind: 'none', shown: `an unnamed WorkMailServiceException (from ${key} ${JSON.stringify(value)})` } : { kind: 'type', type, place };
}

/**
 * What botocore (the AWS CLI, boto3) makes of an awsJson error, from its `_do_error_parse`: the body's `__type`, else the
 * status as text; `x-amzn-query-error` overrides; a 5xx with an empty or `<html>` body is read as the bare status.
 *
 * @example
 * readErrorTypeAsBotocore(400, { 'x-amzn-errortype': 'A' }, '{}'); // { kind: 'none', shown: '400' }
 * // `parsedBody`, when the caller has parsed `rawBody` already (`undefined` when it is not JSON), saves parsing it again.
 */
export function readErrorTypeAsBotocore(
  status: number,
  headers: Readonly<Record<string, string>>,
  rawBody: string,
  parsedBody: unknown = parseJsonOrUndefined(rawBody),
): ClientReading {
  const statusText = String(status);
  const trimmed = rawBody.trim();
  if (status >= 500 && (trimmed === '' || trimmed.startsWith('<html>'))) return { kind: 'none', shown: statusText };
  // botocore reads an empty body as {}, and a body that is not JSON as {"message": body}.
  const body: unknown = rawBody === '' ? {} : parsedBody === undefined ? { message: rawBody } : parsedBody;
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    return { kind: 'crash', reason: `botocore raises AttributeError on a body that is JSON ${body === null ? 'null' : Array.isArray(body) ? 'array' : typeof body}` };
  }
  const record = body as JsonRecord;
  const hasType = Object.hasOwn(record, '__type');
  const value = hasType ? record['__type'] : statusText;
  if (value === null) return { kind: 'none', shown: '' };
  if (typeof value !== 'string') return { kind: 'crash', reason: `botocore raises TypeError reading __type ${rawText(value)}` };
  let code = sanitizeErrorTypeAsBotocore(value);
  let place: ErrorTypePlace = '__type';
  const queryKey = findHeader(headers, 'x-amzn-query-error');
  const queryCode = queryKey === undefined ? undefined : queryErrorCode(headers[queryKey] as string);
  if (queryCode !== undefined) {
    code = queryCode;
    place = 'queryError';
  } else if (!hasType) {
    return { kind: 'none', shown: code };
  }
  return code === '' ? { kind: 'none', shown: '' } : { kind: 'type', type: code, place };
}

/**
 * Reads the error type of an awsJson response as the AWS SDK for JavaScript as installed does; `undefined` when it reads none.
 *
 * @example
 * decodeErrorType({ 'x-amzn-errortype': 'FooError:http://x/' }, {}); // { type: 'FooError', source: 'header' }
 */
export function decodeErrorType(headers: Readonly<Record<string, string>>, body: unknown): DecodedErrorType | undefined {
  const reading = readErrorTypeAsJsSdk(headers, body === undefined ? '' : JSON.stringify(body), body);
  if (reading.kind !== 'type' || reading.place === 'queryError') return undefined;
  return { type: reading.type, source: reading.place };
}

/**
 * Describes a client's reading in a few words, e.g. `EntityNotFoundException (from __type)` or `only "400"`.
 *
 * @example
 * describeClientReading({ kind: 'none', shown: '400' }); // 'no type: shows "400"'
 */
export function describeClientReading(reading: ClientReading): string {
  switch (reading.kind) {
    case 'type':
      return `${reading.type} (from ${reading.place === 'queryError' ? 'x-amzn-query-error' : reading.place})`;
    case 'none':
      return `no type: shows "${reading.shown}"`;
    case 'crash':
      return `an error of its own: ${reading.reason}`;
  }
}

/**
 * Reads an awsJson error message: body key `message` or `Message`.
 *
 * @example
 * decodeErrorMessage({ Message: 'No such entity' }); // 'No such entity'
 */
export function decodeErrorMessage(body: unknown): string | undefined {
  const record = asRecord(body);
  if (record === undefined) return undefined;
  const message = record['message'] ?? record['Message'];
  return typeof message === 'string' ? message : undefined;
}
