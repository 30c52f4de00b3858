import { stripSensitiveHeaders } from '../target/strip-sensitive-headers.ts';

const redacted = '[redacted]';
const signaturePatterns: readonly [RegExp, string][] = [
  [/Signature=[0-9a-fA-F]+/g, `Signature=${redacted}`],
  [/Credential=[^,\s"]+/g, `Credential=${redacted}`],
  [/X-Amz-Security-Token=[^&\s"]+/gi, `X-Amz-Security-Token=${redacted}`],
];

function isPlainObject(value: object): boolean {
  const prototype: unknown = Object.getPrototypeOf(value);
  return prototype === Object.prototype || prototype === null;
}

/**
 * Builds a function that removes secrets from any JSON-like value: each given secret (secret key, session token, access key ID)
 * wherever it appears in a string, SigV4 signatures and credential scopes, and headers that carry credentials.
 *
 * @example
 * const scrub = createScrubber(['s3cret']);
 * scrub({ message: 'key s3cret, Signature=abc123' }); // { message: 'key [redacted], Signature=[redacted]' }
 */
export function createScrubber(secrets: readonly string[]): <T>(value: T) => T {
  const known = secrets.filter((secret) => secret.length >= 4).sort((a, b) => b.length - a.length);
  const scrubText = (text: string) => {
    let result = text;
    for (const secret of known) result = result.split(secret).join(redacted);
    for (const [pattern, replacement] of signaturePatterns) result = result.replace(pattern, replacement);
    return result;
  };
  const scrub = (value: unknown, key: string | undefined): unknown => {
    if (typeof value === 'string') return scrubText(value);
    if (Array.isArray(value)) return value.map((item) => scrub(item, undefined));
    // Plain objects only: a Date, a Map or a class instance is kept as it is, never turned into `{}`.
    if (typeof value === 'object' && value !== null && isPlainObject(value)) {
      const source = key === 'headers' ? stripSensitiveHeaders(value as Record<string, string>) : (value as Record<string, unknown>);
      return Object.fromEntries(Object.entries(source).map(([name, member]) => [name, scrub(member, name)]));
    }
    return value;
  };
  return <T>(value: T) => scrub(value, undefined) as T;
}
