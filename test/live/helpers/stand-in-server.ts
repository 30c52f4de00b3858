import { Sha256 } from '@aws-crypto/sha256-js';
import { HttpRequest } from '@smithy/protocol-http';
import { SignatureV4 } from '@smithy/signature-v4';
import type { AwsCredentialIdentity } from '@smithy/types';
import type { Fixture, MailboxPermission } from '../../../src/fixture/fixture-schema.ts';
import { createWorkMailMock, type WorkMailMock } from '../../../src/mock/create-work-mail-mock.ts';
import { demoIds } from '../../../src/mock/demo-fixture.ts';
import { encodeAwsJsonError } from '../../../src/wire/aws-json.ts';
import type { HttpRequestMessage, HttpResponseMessage } from '../../../src/wire/http-message.ts';
import { startLoopbackServer } from '../../target/loopback-server.ts';

/** The credentials the stand-in accepts; anything signed otherwise gets a 403. */
export const testCredentials: AwsCredentialIdentity = Object.freeze({
  accessKeyId: 'AKIDLIVETESTKEY00001',
  secretAccessKey: 'live-test-secret-key-0123456789abcdefghij',
  sessionToken: 'live-test-session-token-ZYXWVUTSRQ',
});

/** A permission the stand-in grants by itself while a run is under way, as a colleague might. */
export interface MidRunGrant {
  /** Granted just before the stand-in handles its n-th request (1-based). */
  readonly beforeRequest: number;
  /** The demo's Active organization by default. */
  readonly organizationId?: string;
  readonly permission: MailboxPermission;
}

/** A delete request after which the stand-in held less than before it. */
export interface Removal {
  readonly request: string;
  readonly removed: readonly string[];
}

/** Options of {@link startStandIn}. */
export interface StandInOptions {
  /** What the stand-in holds; the demo organizations by default. */
  readonly fixture?: Fixture;
  /** Throttle the first attempt of every n-th distinct request (by operation and body); never twice the same one. 0: never. */
  readonly throttleEvery?: number;
  /** Throttle this share of requests at random (seeded), but never the same request twice in a row. */
  readonly throttleShare?: number;
  /** Page every List answer, cycling through these page sizes (MaxResults), whatever the client asked for. */
  readonly pageSizes?: readonly number[];
  readonly grants?: readonly MidRunGrant[];
  /** Answers a request instead of the mock (the mock never sees it), to make a broken stand-in. */
  readonly refuse?: (request: HttpRequestMessage) => HttpResponseMessage | undefined;
  /**
   * Holds a request until the promise it returns settles, before the stand-in handles it: a request that reaches the service
   * late, after the client gave up waiting (`undefined`: handled at once).
   */
  readonly holdBefore?: (request: HttpRequestMessage) => Promise<void> | undefined;
  /** Rewrites an answer, to make a broken stand-in; or answers later, to act while the client waits for it. */
  readonly rewrite?: (request: HttpRequestMessage, response: HttpResponseMessage) => HttpResponseMessage | Promise<HttpResponseMessage>;
}

/** The reference mock standing in for the real service over loopback HTTP. */
export interface StandIn {
  readonly url: string;
  readonly mock: WorkMailMock;
  /** Every request received, signed or not. */
  readonly received: HttpRequestMessage[];
  /** Every delete after which the stand-in held less than before it. */
  readonly removals: Removal[];
  /** Every permission and token the stand-in held at any moment, as `permission <org> <entity> <grantee>` / `token <org> <id>`. */
  readonly everHeld: Set<string>;
  /** The grants made during the run so far. */
  readonly granted: MailboxPermission[];
  throttled: number;
  rejectedSignatures: number;
  close(): Promise<void>;
}

const authorizationShape = /^AWS4-HMAC-SHA256 Credential=(?<key>[^/]+)\/(?<day>\d{8})\/(?<region>[^/]+)\/(?<service>[^/]+)\/aws4_request, SignedHeaders=(?<signed>[a-z0-9;-]+), Signature=(?<signature>[0-9a-f]{64})$/;

function amzDate(value: string): Date {
  const [, y, mo, d, h, mi, s] = (/^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(value) ?? []).map(Number) as number[];
  return new Date(Date.UTC(y ?? 0, (mo ?? 1) - 1, d ?? 0, h ?? 0, mi ?? 0, s ?? 0));
}

async function validSignature(request: HttpRequestMessage): Promise<boolean> {
  const authorization = request.headers['authorization'] ?? '';
  const parsed = authorizationShape.exec(authorization)?.groups;
  if (parsed === undefined || parsed['key'] !== testCredentials.accessKeyId) return false;
  const signedHeaders: Record<string, string> = {};
  for (const name of (parsed['signed'] ?? '').split(';')) signedHeaders[name] = request.headers[name] ?? '';
  const signer = new SignatureV4({ service: parsed['service'] ?? '', region: parsed['region'] ?? '', credentials: testCredentials, sha256: Sha256 });
  const unsigned = new HttpRequest({ method: request.method, protocol: 'http:', hostname: (request.headers['host'] ?? '').replace(/:\d+$/, ''), path: request.path, headers: signedHeaders, body: request.body });
  const signed = await signer.sign(unsigned, { signingDate: amzDate(request.headers['x-amz-date'] ?? '') });
  return signed.headers['authorization'] === authorization;
}

function hash(text: string): number {
  let value = 0;
  for (const character of text) value = (value * 31 + (character.codePointAt(0) ?? 0)) >>> 0;
  return value;
}

/**
 * Starts the reference mock over loopback HTTP behind a decorator that requires a SigV4 signature made with {@link testCredentials}
 * and answers ThrottlingException to the first attempt of a share of requests.
 *
 * @example
 * const standIn = await startStandIn({ throttleEvery: 3 });
 */
export async function startStandIn(options: StandInOptions = {}): Promise<StandIn> {
  const mock = createWorkMailMock(options.fixture === undefined ? {} : { fixture: options.fixture });
  const throttledKeys = new Set<string>();
  const standIn = { throttled: 0, rejectedSignatures: 0 };
  const removals: Removal[] = [];
  const everHeld = new Set(held(mock));
  const granted: MailboxPermission[] = [];
  let handled = 0;
  let lastThrottled = '';
  let seed = 0x2f6b_1d3c;
  const random = () => {
    seed = (Math.imul(seed ^ (seed >>> 15), 0x2c1b_3c6d) + 0x6d2b_79f5) >>> 0;
    return seed / 0x1_0000_0000;
  };
  const handle = async (incoming: HttpRequestMessage): Promise<HttpResponseMessage> => {
    handled += 1;
    for (const grant of options.grants ?? []) {
      if (grant.beforeRequest === handled) {
        const { entityId, granteeId, permissionValues } = grant.permission;
        mock.state.putMailboxPermissions(grant.organizationId ?? demoIds.organizationId, entityId, granteeId, permissionValues);
        granted.push(grant.permission);
        held(mock).forEach((item) => everHeld.add(item));
      }
    }
    if (!(await validSignature(incoming))) {
      standIn.rejectedSignatures += 1;
      return encodeAwsJsonError('InvalidSignatureException', 403, 'The request signature we calculated does not match the signature you provided.');
    }
    const target = incoming.headers['x-amz-target'] ?? '';
    const key = `${target}\n${incoming.body}`;
    const every = options.throttleEvery ?? 0;
    if (every > 0 && hash(key) % every === 0 && !throttledKeys.has(key)) {
      throttledKeys.add(key);
      standIn.throttled += 1;
      return encodeAwsJsonError('ThrottlingException', 400, 'Rate exceeded');
    }
    if (options.throttleShare !== undefined && key !== lastThrottled && random() < options.throttleShare) {
      lastThrottled = key;
      standIn.throttled += 1;
      return encodeAwsJsonError('ThrottlingException', 400, 'Rate exceeded');
    }
    if (key === lastThrottled) lastThrottled = '';
    const request = paged(incoming, target, options.pageSizes, handled);
    const holding = options.holdBefore?.(request);
    if (holding !== undefined) await holding;
    const refused = options.refuse?.(request);
    if (refused !== undefined) return refused;
    const before = held(mock);
    const response = mock.handle(request);
    if (target.startsWith('WorkMailService.Delete')) {
      const after = new Set(held(mock));
      const removed = before.filter((item) => !after.has(item));
      if (removed.length > 0) removals.push({ request: `${target} ${request.body}`, removed });
    }
    return options.rewrite === undefined ? response : options.rewrite(request, response);
  };
  const server = await startLoopbackServer((request, response) => {
    void handle(request).then((answer) => {
      response.writeHead(answer.status, { ...answer.headers, 'content-length': String(Buffer.byteLength(answer.body)) });
      response.end(answer.body);
    });
  });
  return Object.assign(standIn, { url: server.url, mock, received: server.received, removals, everHeld, granted, close: () => server.close() });
}

/** Everything the mock holds that a delete could remove, one string each. */
function held(mock: WorkMailMock): string[] {
  return mock.state.listOrganizations().flatMap((organization) => [
    ...organization.mailboxPermissions.map((permission) => `permission ${organization.id} ${permission.entityId} ${permission.granteeId}`),
    ...organization.personalAccessTokens.map((token) => `token ${organization.id} ${token.id}`),
  ]);
}

/** A List request with its MaxResults replaced by the next page size of the cycle, so every answer is paged. */
function paged(request: HttpRequestMessage, target: string, pageSizes: readonly number[] | undefined, count: number): HttpRequestMessage {
  if (pageSizes === undefined || pageSizes.length === 0 || !target.startsWith('WorkMailService.List')) return request;
  const input = JSON.parse(request.body) as Record<string, unknown>;
  return { ...request, body: JSON.stringify({ ...input, MaxResults: pageSizes[count % pageSizes.length] }) };
}
