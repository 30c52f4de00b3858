import { createHmac, hash } from 'node:crypto';
import type { AwsCredentialIdentity, AwsCredentialIdentityProvider } from '@smithy/types';
import { getOrInsertComputed } from '../get-or-insert-computed.ts';
import { copyHeaders } from '../wire/http-message.ts';

/** What is signed: the request line, the headers as they will be sent (host and content-length included) and the body bytes. */
export interface SignableRequest {
  readonly method: string;
  /** The path as sent, without a query string. */
  readonly path: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: Buffer;
}

/** Signs requests with AWS Signature Version 4 for one service and region. */
export interface SigV4Signer {
  /**
   * The headers to send: the request's own plus x-amz-date, x-amz-content-sha256, a session token if any, and authorization.
   * `signingDate` is now unless given (tests sign at fixed times). They come at once while the credentials last (see
   * {@link createSigV4Signer}), and through a promise when the credential provider must be asked.
   */
  sign(request: SignableRequest, signingDate?: Date): Record<string, string> | Promise<Record<string, string>>;
}

// SigV4's names, as the AWS SDK's @smithy/signature-v4 spells them (its SignatureV4 is the tests' oracle, byte for byte);
// importing that package costs as much start-up as the rest of the wire transport, for a few constants.
const algorithmIdentifier = 'AWS4-HMAC-SHA256';
const keyTypeIdentifier = 'aws4_request';
const amzDateHeader = 'x-amz-date';
const sha256Header = 'x-amz-content-sha256';
const tokenHeader = 'x-amz-security-token';
const authHeader = 'authorization';
/** Headers a proxy or the client may change in flight: never signed. */
const alwaysUnsignableHeaders: ReadonlySet<string> = new Set([
  'authorization',
  'cache-control',
  'connection',
  'expect',
  'from',
  'keep-alive',
  'max-forwards',
  'pragma',
  'referer',
  'te',
  'trailer',
  'transfer-encoding',
  'upgrade',
  'user-agent',
  'x-amzn-trace-id',
]);
const proxyHeaderPattern = /^proxy-/;
const secHeaderPattern = /^sec-/;

/** The SDK's canonical URI: dot segments resolved, empty segments dropped, each segment URI-escaped twice (SigV4 for non-S3 services). */
function canonicalPathOf(path: string): string {
  const segments: string[] = [];
  for (const segment of path.split('/')) {
    if (segment === '' || segment === '.') continue;
    if (segment === '..') segments.pop();
    else segments.push(segment);
  }
  const normalized = `${path.startsWith('/') ? '/' : ''}${segments.join('/')}${segments.length > 0 && path.endsWith('/') ? '/' : ''}`;
  return escapeUri(normalized).replace(/%2F/g, '/');
}

function escapeUri(text: string): string {
  return encodeURIComponent(text).replace(/[!'()*]/g, (character) => `%${character.charCodeAt(0).toString(16).toUpperCase()}`);
}

function isSignable(name: string): boolean {
  return !alwaysUnsignableHeaders.has(name) && !proxyHeaderPattern.test(name) && !secHeaderPattern.test(name);
}

/** `20261121T075501Z` for a time; the last one is kept, since most requests fall in the same second as the one before. */
const amzDateOfSecond = { second: Number.NaN, text: '' };

function amzDate(date: Date): string {
  const second = Math.floor(date.getTime() / 1000);
  if (second !== amzDateOfSecond.second) {
    const iso = date.toISOString();
    amzDateOfSecond.text = `${iso.slice(0, 4)}${iso.slice(5, 7)}${iso.slice(8, 13)}${iso.slice(14, 16)}${iso.slice(17, 19)}Z`;
    amzDateOfSecond.second = second;
  }
  return amzDateOfSecond.text;
}

/** How long before they expire credentials are asked for again: the AWS SDK's `EXPIRATION_MS` (@smithy/core). */
const refreshBeforeExpiryMs = 300_000;

/** Whether credentials the provider gave can still be used without asking it again, by the AWS SDK's `memoizeIdentityProvider` rule. */
function lasting(credentials: AwsCredentialIdentity): boolean {
  const expiration = credentials.expiration;
  return expiration === undefined || expiration.getTime() - Date.now() >= refreshBeforeExpiryMs;
}

/** Which headers are signed and in which order, for one list of header names (the transport sends the same list each time). */
interface HeaderLayout {
  readonly names: readonly string[];
  readonly lowerNames: readonly string[];
  /** Indices into `names` of the signed headers, in canonical (sorted lower-case) order. */
  readonly order: readonly number[];
  readonly signedHeaders: string;
}

/** As the SDK's `getCanonicalHeaders`: lower-cased, unsignable ones left out, the last of names equal but for case kept. */
function headerLayout(names: readonly string[]): HeaderLayout {
  const lowerNames = names.map((name) => name.toLowerCase());
  const byLowerName = new Map<string, number>();
  for (const index of names.map((_, position) => position).sort((a, b) => ((names[a] as string) < (names[b] as string) ? -1 : 1))) {
    const lower = lowerNames[index] as string;
    if (isSignable(lower)) byLowerName.set(lower, index);
  }
  const signed = [...byLowerName.keys()].sort();
  return { names: [...names], lowerNames, order: signed.map((lower) => byLowerName.get(lower) as number), signedHeaders: signed.join(';') };
}

function sameNames(known: readonly string[], names: readonly string[]): boolean {
  if (known.length !== names.length) return false;
  for (let index = 0; index < names.length; index += 1) if (known[index] !== names[index]) return false;
  return true;
}

/** The signing key of one day, derived from a secret (nothing else of the credentials enters it), and that day's scope. */
interface DerivedKey {
  readonly secretAccessKey: string;
  readonly shortDate: string;
  readonly key: HmacKey;
  readonly scope: string;
}

/**
 * An HMAC-SHA256 key as RFC 2104 pads it: the key XOR ipad followed by room for a message, and the key XOR opad followed by
 * room for the inner digest. The message's room grows when one does not fit.
 */
export interface HmacKey {
  innerBlock: Buffer;
  readonly outerBlock: Buffer;
}

const sha256BlockBytes = 64;
const sha256DigestBytes = 32;
/** Room for a message at first: a SigV4 string to sign is about 150 bytes. */
const initialMessageRoom = 256;
/** The most bytes one UTF-16 code unit takes in UTF-8. */
const maxUtf8BytesPerCodeUnit = 3;

/**
 * A key of at most one block (a SigV4 signing key is a 32-byte digest), padded once for {@link hmacHex}.
 *
 * @example
 * const key = hmacKeyOf(createHash('sha256').update('secret').digest());
 */
export function hmacKeyOf(key: Buffer): HmacKey {
  if (key.length > sha256BlockBytes) throw new RangeError(`hmacKeyOf: a key of ${key.length} bytes is longer than a SHA-256 block`);
  const innerBlock = Buffer.alloc(sha256BlockBytes + initialMessageRoom, 0x36);
  const outerBlock = Buffer.alloc(sha256BlockBytes + sha256DigestBytes, 0x5c);
  for (let index = 0; index < key.length; index += 1) {
    innerBlock[index] = (innerBlock[index] as number) ^ (key[index] as number);
    outerBlock[index] = (outerBlock[index] as number) ^ (key[index] as number);
  }
  return { innerBlock, outerBlock };
}

/**
 * HMAC-SHA256 of a message in hex, as `createHmac('sha256', key).update(message).digest('hex')` gives it, from two one-shot
 * hashes: createHmac sets up an OpenSSL MAC context per call, which beside real requests cost the main thread 1-2.7 µs a
 * request more (bench/README.md, "Signing"). The message is written into the key's inner block rather than joined to a copy
 * of it, so a call allocates only the digests. Synchronous, so the key's blocks can be reused for each call.
 *
 * @example
 * hmacHex(hmacKeyOf(key), 'AWS4-HMAC-SHA256\n…') === createHmac('sha256', key).update('AWS4-HMAC-SHA256\n…').digest('hex'); // true
 */
export function hmacHex(key: HmacKey, message: string): string {
  const room = message.length * maxUtf8BytesPerCodeUnit;
  if (key.innerBlock.length < sha256BlockBytes + room) {
    const grown = Buffer.alloc(sha256BlockBytes + room);
    key.innerBlock.copy(grown, 0, 0, sha256BlockBytes);
    key.innerBlock = grown;
  }
  const written = key.innerBlock.write(message, sha256BlockBytes, 'utf8');
  const innerDigest = hash('sha256', key.innerBlock.subarray(0, sha256BlockBytes + written), 'buffer');
  innerDigest.copy(key.outerBlock, sha256BlockBytes);
  return hash('sha256', key.outerBlock, 'hex');
}

/** Whitespace SigV4 rewrites in a header value: at either end, in runs, or other than a plain space (JS `\s`, as the SDK's). */
const rewrittenWhitespace = /^\s|\s$|\s\s|[^\S ]/;

/** A header value as SigV4 signs it: trimmed, each run of whitespace one space; most values are already so and are not copied. */
function canonicalHeaderValue(value: string): string {
  return rewrittenWhitespace.test(value) ? value.trim().replace(/\s+/g, ' ') : value;
}

/**
 * SigV4's signing key: HMAC-SHA256 chained over the date, region, service and `aws4_request`, from `AWS4` + the secret.
 *
 * @see https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_sigv-create-signed-request.html#derive-signing-key
 */
function signingKey(secretAccessKey: string, shortDate: string, region: string, service: string): Buffer {
  let key: string | Buffer = `AWS4${secretAccessKey}`;
  for (const part of [shortDate, region, service, keyTypeIdentifier]) key = createHmac('sha256', key).update(part).digest();
  return key as Buffer;
}

/**
 * A SigV4 signer made once per target, for the requests the wire transport sends (a path without query, a body in bytes).
 * The signing key is derived once per day and secret; each request then costs two SHA-256 hashes and one HMAC (two more
 * one-shot hashes) on node:crypto. Credentials are held as the AWS SDK's clients hold them (`memoizeIdentityProvider`):
 * without an expiration for good, else until 5 minutes before it, when the provider is asked again. While they last, a
 * request is signed at once, with no promise to await. Its output is the AWS SDK `SignatureV4`'s, byte for byte: a property
 * test signs generated requests with both, across days, secrets and session tokens.
 *
 * @see https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_sigv-create-signed-request.html
 * @example
 * const signer = createSigV4Signer({ service: 'workmail', region: 'us-east-1', credentials: () => Promise.resolve(credentials) });
 * const headers = await signer.sign({ method: 'POST', path: '/', headers: { host: '127.0.0.1:4566', 'content-length': '2' }, body: Buffer.from('{}') });
 */
export function createSigV4Signer(options: {
  readonly service: string;
  readonly region: string;
  /** Valid credentials, or a provider of them: as `resolveCredentials` gives them, checked. */
  readonly credentials: AwsCredentialIdentity | AwsCredentialIdentityProvider;
}): SigV4Signer {
  const { service, region } = options;
  const given = options.credentials;
  const provider: AwsCredentialIdentityProvider = typeof given === 'function' ? given : () => Promise.resolve(given);
  const canonicalPaths = new Map<string, string>();
  let derived: DerivedKey | undefined;
  let layout: HeaderLayout | undefined;
  let held: AwsCredentialIdentity | undefined;
  /** The provider's answer awaited by every request signed meanwhile (asked once, as the SDK coalesces). */
  let asking: Promise<AwsCredentialIdentity> | undefined;

  function ask(): Promise<AwsCredentialIdentity> {
    asking ??= provider().then(
      (credentials) => {
        asking = undefined;
        held = credentials;
        return held;
      },
      (error: unknown) => {
        asking = undefined;
        throw error;
      },
    );
    return asking;
  }

  function deriveKey(credentials: AwsCredentialIdentity, shortDate: string): DerivedKey {
    const key = hmacKeyOf(signingKey(credentials.secretAccessKey, shortDate, region, service));
    derived = { secretAccessKey: credentials.secretAccessKey, shortDate, key, scope: `${shortDate}/${region}/${service}/${keyTypeIdentifier}` };
    return derived;
  }

  function signWith(credentials: AwsCredentialIdentity, request: SignableRequest, signingDate: Date): Record<string, string> {
    const longDate = amzDate(signingDate);
    const shortDate = longDate.slice(0, 8);
    const { key, scope } = derived?.shortDate === shortDate && derived.secretAccessKey === credentials.secretAccessKey ? derived : deriveKey(credentials, shortDate);
    const payloadHash = hash('sha256', request.body, 'hex');
    const headers = copyHeaders(request.headers);
    headers[amzDateHeader] = longDate;
    headers[sha256Header] = payloadHash;
    if (credentials.sessionToken) headers[tokenHeader] = credentials.sessionToken;
    const names = Object.keys(headers);
    let known = layout;
    if (known === undefined || !sameNames(known.names, names)) known = layout = headerLayout(names);
    let canonicalHeaders = '';
    for (const index of known.order) {
      canonicalHeaders += `${known.lowerNames[index] as string}:${canonicalHeaderValue(headers[names[index] as string] as string)}\n`;
    }
    const signedHeaders = known.signedHeaders;
    const canonicalRequest = `${request.method}\n${getOrInsertComputed(canonicalPaths, request.path, canonicalPathOf)}\n\n${canonicalHeaders}\n${signedHeaders}\n${payloadHash}`;
    const stringToSign = `${algorithmIdentifier}\n${longDate}\n${scope}\n${hash('sha256', canonicalRequest, 'hex')}`;
    const signature = hmacHex(key, stringToSign);
    headers[authHeader] = `${algorithmIdentifier} Credential=${credentials.accessKeyId}/${scope}, SignedHeaders=${signedHeaders}, Signature=${signature}`;
    return headers;
  }

  return {
    sign(request, signingDate = new Date()) {
      if (held !== undefined && lasting(held)) return signWith(held, request, signingDate);
      return ask().then((credentials) => signWith(credentials, request, signingDate));
    },
  };
}
