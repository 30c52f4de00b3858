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
