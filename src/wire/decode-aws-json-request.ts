import { isUtf8 } from 'node:buffer';
import { awsJsonContentType, encodeAwsJsonError } from './aws-json.ts';
import type { HttpRequestMessage, HttpResponseMessage } from './http-message.ts';

/**
 * How a server that follows the awsJson1_1 protocol refuses a request it cannot decode, before it looks at the operation:
 * - a body that is not UTF-8 is not JSON text (RFC 8259 §8.1), so it is a `SerializationException` (400), as Smithy's
 *   malformed-request tests answer any body that cannot be read as JSON; it is never repaired into U+FFFD;
 * - a `Content-Type` that is not `application/x-amz-json-1.1` (parameters such as `; charset=utf-8` aside, which Smithy's
 *   test AwsJson11MustSupportParametersInContentType requires servers to accept), or none at all, is an
 *   `UnsupportedMediaTypeException` (415), as Smithy's malformed-request tests for JSON bodies answer it.
 */

/** The answer to a body that is not UTF-8. */
export const invalidUtf8Response: HttpResponseMessage = encodeAwsJsonError('SerializationException', 400, 'The request body is not valid UTF-8.');

/** The media type of a Content-Type value, without parameters, in lower case; `undefined` when absent. */
function mediaTypeOf(contentType: string | undefined): string | undefined {
  return contentType?.split(';', 1)[0]?.trim().toLowerCase();
}

/**
 * Decodes a request body's bytes as UTF-8, or gives the awsJson answer to bytes that are not UTF-8.
 *
 * @example
 * decodeRequestBody(Buffer.from([0x7b, 0xff, 0x7d])); // { kind: 'rejected', response: invalidUtf8Response }
 */
export function decodeRequestBody(bytes: Uint8Array): { readonly kind: 'text'; readonly text: string } | { readonly kind: 'rejected'; readonly response: HttpResponseMessage } {
  if (!isUtf8(bytes)) return { kind: 'rejected', response: invalidUtf8Response };
  return { kind: 'text', text: Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8') };
}

/**
 * The awsJson answer to a POST request the protocol layer cannot decode (wrong or missing Content-Type, a body with lone
 * surrogates, which no UTF-8 byte sequence gives); `undefined` when it can be handed to the operation. Other methods are
 * left to the router, which refuses them.
 *
 * @example
 * rejectUndecodableRequest({ method: 'POST', path: '/', headers: { 'content-type': 'text/plain' }, body: '{}' })?.status; // 415
 */
export function rejectUndecodableRequest(request: HttpRequestMessage): HttpResponseMessage | undefined {
  if (request.method.toUpperCase() !== 'POST') return undefined;
  const mediaType = mediaTypeOf(request.headers['content-type']);
  if (mediaType !== awsJsonContentType) {
    return encodeAwsJsonError(
      'UnsupportedMediaTypeException',
      415,
      mediaType === undefined || mediaType === '' ? `The request has no Content-Type; awsJson1_1 requests are ${awsJsonContentType}.` : `The Content-Type ${mediaType.slice(0, 100)} is not ${awsJsonContentType}.`,
    );
  }
  if (!(request.body as string & { isWellFormed(): boolean }).isWellFormed()) return invalidUtf8Response;
  return undefined;
}
