/**
 * The awsJson1_1 rules for reading an error's type and message from a response, in one place.
 * Order, as the AWS SDK for JavaScript reads it: header `X-Amzn-ErrorType`, else body key `code`
 * (any case), else body key `__type`; then cut at the first `,`, then at the first `:`, then keep what
 * follows the first `#`.
 */

/**
 * Normalises a raw error type: `com.amazonaws.workmail#EntityNotFoundException` and
 * `EntityNotFoundException:http://internal.amazon.com/coral/...` both become `EntityNotFoundException`.
 *
 * @example
 * sanitizeErrorType('aws.protocoltests#FooError:http://x/'); // 'FooError'
 */
export function sanitizeErrorType(raw: string): string {
  let type = raw;
  const comma = type.indexOf(',');
  if (comma >= 0) type = type.slice(0, comma);
  const colon = type.indexOf(':');
  if (colon >= 0) type = type.slice(0, colon);
  const hash = type.indexOf('#');
  if (hash >= 0) type = type.slice(hash + 1);
  return type.trim();
}

function findKeyIgnoringCase(body: Readonly<Record<string, unknown>>, key: string): unknown {
  const match = Object.keys(body).find((candidate) => candidate.toLowerCase() === key);
  return match === undefined ? undefined : body[match];
}

/** Where an error type was read from: the header, the body's `code`, or the body's `__type`. */
export type ErrorTypeSource = 'header' | 'code' | '__type';

/** An error type as a client reads it, with where it came from. */
export interface DecodedErrorType {
  readonly type: string;
  readonly source: ErrorTypeSource;
}

/**
 * Reads the error type of an awsJson response as the AWS SDK for JavaScript does; `undefined` when none is given.
 *
 * @example
 * decodeErrorType({ 'x-amzn-errortype': 'FooError:http://x/' }, {}); // { type: 'FooError', source: 'header' }
 */
export function decodeErrorType(
  headers: Readonly<Record<string, string>>,
  body: unknown,
): DecodedErrorType | undefined {
  const header = headers['x-amzn-errortype'];
  if (header !== undefined && header !== '') return { type: sanitizeErrorType(header), source: 'header' };
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return undefined;
  const record = body as Record<string, unknown>;
  const code = findKeyIgnoringCase(record, 'code');
  if (typeof code === 'string' && code !== '') return { type: sanitizeErrorType(code), source: 'code' };
  const type = record['__type'];
  if (typeof type === 'string' && type !== '') return { type: sanitizeErrorType(type), source: '__type' };
  return undefined;
}

/**
 * Reads the error type as botocore (the AWS CLI, boto3) does for awsJson: only the body's `__type`.
 *
 * @example
 * decodeErrorTypeAsBotocore({ code: 'FooError' }); // undefined: a Python user sees only the status
 */
export function decodeErrorTypeAsBotocore(body: unknown): string | undefined {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return undefined;
  const type = (body as Record<string, unknown>)['__type'];
  return typeof type === 'string' && type !== '' ? sanitizeErrorType(type) : undefined;
}

/**
 * Reads an awsJson error message: body key `message` or `Message`.
 *
 * @example
 * decodeErrorMessage({ Message: 'No such entity' }); // 'No such entity'
 */
export function decodeErrorMessage(body: unknown): string | undefined {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return undefined;
  const record = body as Record<string, unknown>;
  const message = record['message'] ?? record['Message'];
  return typeof message === 'string' ? message : undefined;
}
