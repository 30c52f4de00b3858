/**
 * Opaque NextToken values: base64url of the operation, the scope of the listing (its other input members) and the offset.
 * A token is accepted only by the same operation over the same scope, so a token the mock never issued is refused.
 */

/**
 * Encodes a page token.
 *
 * @example
 * encodePageToken('ListUsers', '["m-…"]', 100); // 'WyJMaXN0VXNlcnMiLC…'
 */
export function encodePageToken(operation: string, scope: string, offset: number): string {
  return Buffer.from(JSON.stringify([operation, scope, offset]), 'utf8').toString('base64url');
}

/**
 * Decodes a page token to its offset, or `undefined` when the token was not issued for this operation and scope.
 *
 * @example
 * decodePageToken(encodePageToken('ListUsers', 's', 100), 'ListUsers', 's'); // 100
 */
export function decodePageToken(token: string, operation: string, scope: string): number | undefined {
  if (!/^[A-Za-z0-9_-]+$/.test(token)) return undefined;
  let decoded: unknown;
  try {
    decoded = JSON.parse(Buffer.from(token, 'base64url').toString('utf8'));
  } catch {
    return undefined;
  }
  if (!Array.isArray(decoded) || decoded.length !== 3 || decoded[0] !== operation || decoded[1] !== scope) return undefined;
  const offset: unknown = decoded[2];
  return typeof offset === 'number' && Number.isSafeInteger(offset) && offset > 0 ? offset : undefined;
}
