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

/**
 * Copies headers with lower-case names, leaving out the ones that can carry credentials or signatures.
 *
 * @example
 * stripSensitiveHeaders({ Authorization: 'AWS4-HMAC-SHA256 …', 'Content-Type': 'x' }); // { 'content-type': 'x' }
 */
export function stripSensitiveHeaders(headers: Readonly<Record<string, string>>): Record<string, string> {
  const kept: Record<string, string> = {};
  for (const name in headers) {
    const lower = name.toLowerCase();
    if (!isSensitiveHeader(lower)) kept[lower] = headers[name] as string;
  }
  return kept;
}
