import { stripSensitiveHeaders } from '../target/strip-sensitive-headers.ts';

const redacted = '[redacted]';
// Case-insensitive: a target may quote a request lower-cased (`signature=…`, `credential=akia…`).
const signaturePatterns: readonly [RegExp, string][] = [
  [/Signature=[0-9a-fA-F]+/gi, `Signature=${redacted}`],
  [/Credential=[^,\s"]+/gi, `Credential=${redacted}`],
  [/X-Amz-Security-Token=[^&\s"]+/gi, `X-Amz-Security-Token=${redacted}`],
];
/**
 * The shortest secret removed: shorter values (`test`, `secret`) are a mock's dummy credentials, and removing every `test`
 * in a report, in any letter case, would garble it. An AWS key ID has 20 characters, a secret key 40.
 */
const shortestSecret = 8;
/** The shortest start of a secret redacted where a text was cut inside it, and the shortest secret looked for so. */
const shortestCutSecret = 8;
const shortestSecretCut = 16;

function isPlainObject(value: object): boolean {
  const prototype: unknown = Object.getPrototypeOf(value);
  return prototype === Object.prototype || prototype === null;
}

/**
 * A secret as a target's answer may quote it (each matched in any letter case): as it is; with `/` escaped in JSON (`\/`,
 * `\u002f`) or every character but letters and digits escaped (`\u002b`); URL-encoded.
 */
function quotedForms(secret: string): string[] {
  const escapedAll = secret.replace(/[^A-Za-z0-9]/g, (character) => `\\u${character.charCodeAt(0).toString(16).padStart(4, '0')}`);
  return [...new Set([secret, secret.replaceAll('/', '\\/'), secret.replaceAll('/', '\\u002f'), escapedAll, encodeURIComponent(secret)])];
}

const regExpSpecial = /[.*+?^${}()|[\]\\]/g;

/**
 * Builds a function that removes secrets from any JSON-like value: each given secret (secret key, session token, access key ID)
 * wherever it appears in a string, in any letter case, as it is or as a JSON string or URL escapes it, and the start of one
 * where a text was cut inside it (before a `…`, or at its end); SigV4 signatures and credential scopes; and headers that carry credentials. `secrets` is read again at
 * each call: secrets added to it later (credentials renewed during a run) are removed from then on.
 *
 * @example
 * const scrub = createScrubber(['s3cret']);
 * scrub({ message: 'key s3cret, Signature=abc123' }); // { message: 'key [redacted], Signature=[redacted]' }
 */
export function createScrubber(secrets: readonly string[]): <T>(value: T) => T {
  let known: { readonly forms: readonly string[]; readonly pattern: RegExp | undefined } = { forms: [], pattern: undefined };
  let knownOf = -1;
  const forms = () => {
    if (knownOf !== secrets.length) {
      const all = [...new Set(secrets.filter((secret) => secret.length >= shortestSecret).flatMap(quotedForms))].sort((a, b) => b.length - a.length);
      // One pattern, longest form first, in any letter case: a target may quote a header lower-cased.
      known = { forms: all.filter((form) => form.length >= shortestSecretCut).map((form) => form.toLowerCase()), pattern: all.length === 0 ? undefined : new RegExp(all.map((form) => form.replace(regExpSpecial, '\\$&')).join('|'), 'gi') };
      knownOf = secrets.length;
    }
    return known;
  };
  const scrubText = (text: string) => {
    const secretForms = forms();
    let result = secretForms.pattern === undefined ? text : text.replace(secretForms.pattern, redacted);
    // A text cut inside a secret keeps its start, which no whole secret matches: an excerpt (`AKIAZZZLEAKCHECK00…`), or an
    // answer whose connection closed in the middle of its body.
    if (secretForms.pattern !== undefined) result = result.replace(/[^\s"'…]+(?=…|$)/g, (cut) => redactCutSecret(cut, secretForms.forms));
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

/** `cut` (the text just before a `…`, or at the end) with its end redacted where that end starts some secret (lower-cased), at least 8 characters of it. */
function redactCutSecret(cut: string, secrets: readonly string[]): string {
  // Only where the end is shorter than a secret can it be a secret's start: a long word is looked at in its last part.
  const longest = secrets.reduce((length, secret) => Math.max(length, secret.length), 0);
  const lower = cut.toLowerCase();
  for (let start = Math.max(0, cut.length - longest + 1); start <= cut.length - shortestCutSecret; start += 1) {
    // `secrets` are lower-cased, as a cut secret is matched in any letter case.
    const tail = lower.slice(start);
    if (secrets.some((secret) => secret.length > tail.length && secret.startsWith(tail))) return `${cut.slice(0, start)}${redacted}`;
  }
  return cut;
}
