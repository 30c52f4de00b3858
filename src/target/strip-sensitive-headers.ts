const sensitiveHeaders = new Set(['authorization', 'proxy-authorization', 'x-amz-security-token', 'cookie', 'set-cookie']);

/**
 * Whether a lower-case header name can carry credentials or signatures.
 *
 * @example
 * isSensitiveHeader('authorization'); // true
 */
export function isSensitiveHeader(lowerCaseName: string): boolean {
  return sensitiveHeaders.has(lowerCaseName);
}

/** What a header that can carry credentials holds in an observation, a recording or a report: it was sent, its value is not kept. */
export const redactedHeaderValue = '[redacted]';

/**
 * Copies headers with lower-case names, the value of each that can carry credentials or signatures replaced by
 * `[redacted]`: what was sent stays told, what it held does not.
 *
 * @example
 * stripSensitiveHeaders({ Authorization: 'AWS4-HMAC-SHA256 …', 'Content-Type': 'x' }); // { authorization: '[redacted]', 'content-type': 'x' }
 */
export function stripSensitiveHeaders(headers: Readonly<Record<string, string>>): Record<string, string> {
  const kept: Record<string, string> = {};
  for (const name in headers) {
    const lower = name.toLowerCase();
    kept[lower] = isSensitiveHeader(lower) ? redactedHeaderValue : (headers[name] as string);
  }
  return kept;
}
