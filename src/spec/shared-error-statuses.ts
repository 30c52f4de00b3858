import type { CommonErrors } from './spec-schema.ts';

/**
 * The HTTP status of each error AWS services share (the common errors and the awsJson protocol errors), by type.
 *
 * @example
 * sharedErrorStatuses(loadCommonErrors()).get('ServiceUnavailable'); // 503
 */
export function sharedErrorStatuses(commonErrors: CommonErrors): Map<string, number> {
  return new Map([...commonErrors.commonErrors, ...commonErrors.protocolErrors].map((error) => [error.type, error.status]));
}
