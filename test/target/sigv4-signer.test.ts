import { Sha256 } from '@aws-crypto/sha256-js';
import { HttpRequest } from '@smithy/protocol-http';
import { SignatureV4 } from '@smithy/signature-v4';
import type { AwsCredentialIdentity } from '@smithy/types';
import { createHmac } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it, vi } from 'vitest';
import { createSigV4Signer, hmacHex, hmacKeyOf, type SignableRequest } from '../../src/target/sigv4-signer.ts';

/** What the AWS SDK's own signer gives for the same request, time and credentials: the reference. */
async function signedBySdk(request: SignableRequest, date: Date, region: string, credentials: AwsCredentialIdentity): Promise<Record<string, string>> {
  const sdk = new SignatureV4({ service: 'workmail', region, credentials, sha256: Sha256 });
  const signed = await sdk.sign(new HttpRequest({ method: request.method, path: request.path, headers: { ...request.headers }, body: request.body }), { signingDate: date });
  return signed.headers;
}

const segment = fc.oneof(fc.constantFrom('', '.', '..', 'v1', 'a b', 'ü', '%2F', "it's(*)!", '~_-'), fc.string({ maxLength: 6 }));
const path = fc.array(segment, { maxLength: 4 }).chain((segments) => fc.constantFrom(`/${segments.join('/')}`, `/${segments.join('/')}/`));
const headerName = fc.oneof(
  fc.constantFrom('content-type', 'x-amz-target', 'user-agent', 'Proxy-Authorization', 'sec-fetch-mode', 'Connection', 'X-Custom-Header'),
  fc.stringMatching(/^[a-z][a-z0-9-]{0,11}$/),
);
const headerValue = fc.stringMatching(/^[ \t]{0,2}[\x21-\x7e]{0,8}([ \t]{1,3}[\x21-\x7e]{1,8}){0,2}[ \t]{0,2}$/);
const headers = fc
  .uniqueArray(fc.tuple(headerName, headerValue), { maxLength: 6, selector: ([name]) => name.toLowerCase() })
  .filter((pairs) => pairs.every(([name]) => !['host', 'content-length', 'x-amz-date', 'x-amz-content-sha256', 'x-amz-security-token', 'authorization'].includes(name.toLowerCase())));
const body = fc.oneof(fc.string(), fc.uint8Array({ maxLength: 64 }).map((bytes) => Buffer.from(bytes).toString('latin1')));
const credentials = fc.record(
  { accessKeyId: fc.stringMatching(/^AKID[A-Z0-9]{4,12}$/), secretAccessKey: fc.string({ minLength: 1, maxLength: 40 }), sessionToken: fc.string({ minLength: 1, maxLength: 30 }) },
  { requiredKeys: ['accessKeyId', 'secretAccessKey'] },
);
/** An expiration less than 5 minutes away: the signer asks the provider again at each request. */
const expiringSoon = (): Date => new Date(Date.now() + 60_000);
const date = fc.date({ min: new Date('2020-01-01T00:00:00Z'), max: new Date('2035-12-31T23:59:59Z'), noInvalidDate: true });

describe('createSigV4Signer', () => {
  it("gives the same headers and signature as the AWS SDK's SignatureV4, for any path, headers, body, time and credentials", async () => {
    // One signer per region across all runs, so that its cached key and header layout meet changing credentials, days and headers.
    // The credentials expire within 5 minutes, so the signer asks for them at every request (see "holds credentials").
    let current: AwsCredentialIdentity = { accessKeyId: 'AKIDUNSET', secretAccessKey: 'unset', expiration: expiringSoon() };
    const signers = new Map(['us-east-1', 'eu-west-1'].map((region) => [region, createSigV4Signer({ service: 'workmail', region, credentials: () => Promise.resolve(current) })]));
    await fc.assert(
      fc.asyncProperty(path, headers, body, date, credentials, fc.constantFrom('us-east-1', 'eu-west-1'), async (requestPath, pairs, text, when, identity, region) => {
        const bytes = Buffer.from(text, 'utf8');
        const request: SignableRequest = {
          method: 'POST',
          path: requestPath,
          headers: { ...Object.fromEntries(pairs), host: 'workmail.example:4566', 'content-length': String(bytes.length) },
          body: bytes,
        };
        current = { ...identity, expiration: expiringSoon() };
        const ours = await signers.get(region)!.sign(request, when);
        expect(ours).toEqual(await signedBySdk(request, when, region, identity));
      }),
      { numRuns: 300 },
    );
  });

  it('derives a new signing key when the day or the credentials change, and reuses it otherwise', async () => {
    let current: AwsCredentialIdentity = { accessKeyId: 'AKIDFIRST', secretAccessKey: 'first-secret', expiration: expiringSoon() };
    const signer = createSigV4Signer({ service: 'workmail', region: 'us-east-1', credentials: () => Promise.resolve(current) });
    const request: SignableRequest = { method: 'POST', path: '/', headers: { host: 'h', 'content-length': '2' }, body: Buffer.from('{}') };
    const days = [new Date('2026-11-21T23:59:59Z'), new Date('2026-11-21T00:00:01Z'), new Date('2026-11-22T00:00:00Z')];

    for (const day of days) expect(await signer.sign(request, day)).toEqual(await signedBySdk(request, day, 'us-east-1', current));
    current = { accessKeyId: 'AKIDFIRST', secretAccessKey: 'rotated-secret', sessionToken: 'session', expiration: expiringSoon() };
    // The last day first: the same day as the key just derived, with another secret.
    for (const day of [...days].reverse()) expect(await signer.sign(request, day)).toEqual(await signedBySdk(request, day, 'us-east-1', current));
  });

  it("holds credentials as the AWS SDK's clients do: without an expiration for good, else until 5 minutes before it", async () => {
    const request: SignableRequest = { method: 'POST', path: '/', headers: { host: 'h', 'content-length': '2' }, body: Buffer.from('{}') };
    const day = new Date('2026-11-21T12:00:00Z');
    let asked = 0;
    let current: AwsCredentialIdentity = { accessKeyId: 'AKIDLASTING', secretAccessKey: 'lasting' };
    const provider = () => {
      asked += 1;
      return Promise.resolve(current);
    };

    // Lasting credentials: asked once, by the two requests signed before the answer came, then signed at once.
    const lastingSigner = createSigV4Signer({ service: 'workmail', region: 'us-east-1', credentials: provider });
    const [first, second] = await Promise.all([lastingSigner.sign(request, day), lastingSigner.sign(request, day)]);
    expect(asked).toBe(1);
    expect(second).toEqual(first);
    const third = lastingSigner.sign(request, day);
    expect(third).not.toBeInstanceOf(Promise);
    expect(third).toEqual(await signedBySdk(request, day, 'us-east-1', current));
    expect(asked).toBe(1);

    // Expiring credentials: held while more than 5 minutes remain, asked for again once fewer do.
    vi.useFakeTimers({ now: new Date('2026-11-21T12:00:00Z'), toFake: ['Date'] });
    try {
      asked = 0;
      current = { accessKeyId: 'AKIDEXPIRING', secretAccessKey: 'expiring', expiration: new Date('2026-11-21T12:10:00Z') };
      const expiringSigner = createSigV4Signer({ service: 'workmail', region: 'us-east-1', credentials: provider });
      await expiringSigner.sign(request, day);
      vi.setSystemTime(new Date('2026-11-21T12:04:59Z'));
      expect(expiringSigner.sign(request, day)).not.toBeInstanceOf(Promise);
      expect(asked).toBe(1);
      const renewed: AwsCredentialIdentity = { accessKeyId: 'AKIDRENEWED', secretAccessKey: 'renewed', expiration: new Date('2026-11-21T13:00:00Z') };
      current = renewed;
      vi.setSystemTime(new Date('2026-11-21T12:05:01Z'));
      const afterRenewal = expiringSigner.sign(request, day);
      expect(afterRenewal).toBeInstanceOf(Promise);
      expect(await afterRenewal).toEqual(await signedBySdk(request, day, 'us-east-1', renewed));
      expect(asked).toBe(2);
    } finally {
      vi.useRealTimers();
    }
  });

  it('passes on a provider that fails, and asks it again at the next request', async () => {
    const request: SignableRequest = { method: 'POST', path: '/', headers: { host: 'h', 'content-length': '2' }, body: Buffer.from('{}') };
    let asked = 0;
    const signer = createSigV4Signer({
      service: 'workmail',
      region: 'us-east-1',
      credentials: () => {
        asked += 1;
        return asked === 1 ? Promise.reject(new Error('no credentials yet')) : Promise.resolve({ accessKeyId: 'AKIDLATER', secretAccessKey: 'later' });
      },
    });
    await expect(Promise.resolve(signer.sign(request))).rejects.toThrow('no credentials yet');
    await expect(signer.sign(request)).resolves.toHaveProperty('authorization');
    expect(asked).toBe(2);
  });
});

describe('hmacHex', () => {
  it("gives node:crypto's HMAC-SHA256 for any key of up to one block and any message, the same key used again and again", () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 64 }), fc.array(fc.string({ unit: 'binary', maxLength: 300 }), { minLength: 1, maxLength: 4 }), (keyBytes, messages) => {
        const key = Buffer.from(keyBytes);
        const padded = hmacKeyOf(key);
        for (const message of messages) expect(hmacHex(padded, message)).toBe(createHmac('sha256', key).update(message).digest('hex'));
      }),
      { numRuns: 300 },
    );
  });

  it('refuses a key longer than one SHA-256 block, which RFC 2104 would hash first', () => {
    expect(() => hmacKeyOf(Buffer.alloc(65))).toThrow('hmacKeyOf: a key of 65 bytes is longer than a SHA-256 block');
  });
});
