import { Sha256 } from '@aws-crypto/sha256-js';
import { HttpRequest } from '@smithy/protocol-http';
import { SignatureV4 } from '@smithy/signature-v4';
import type { AwsCredentialIdentity } from '@smithy/types';
import { createWorkMailMock, type WorkMailMock } from '../../../src/mock/create-work-mail-mock.ts';
import { encodeAwsJsonError } from '../../../src/wire/aws-json.ts';
import type { HttpRequestMessage, HttpResponseMessage } from '../../../src/wire/http-message.ts';
import { startLoopbackServer } from '../../target/loopback-server.ts';

/** The credentials the stand-in accepts; anything signed otherwise gets a 403. */
export const testCredentials: AwsCredentialIdentity = Object.freeze({
  accessKeyId: 'AKIDLIVETESTKEY00001',
  secretAccessKey: 'live-test-secret-key-0123456789abcdefghij',
  sessionToken: 'live-test-session-token-ZYXWVUTSRQ',
});

/** Options of {@link startStandIn}. */
export interface StandInOptions {
  /** Throttle the first attempt of every n-th distinct request (by operation and body); never twice the same one. 0: never. */
  readonly throttleEvery?: number;
  /** Answers a request instead of the mock (the mock never sees it), to make a broken stand-in. */
  readonly refuse?: (request: HttpRequestMessage) => HttpResponseMessage | undefined;
  /** Rewrites an answer, to make a broken stand-in. */
  readonly rewrite?: (request: HttpRequestMessage, response: HttpResponseMessage) => HttpResponseMessage;
}

/** The reference mock standing in for the real service over loopback HTTP. */
export interface StandIn {
  readonly url: string;
  readonly mock: WorkMailMock;
  /** Every request received, signed or not. */
  readonly received: HttpRequestMessage[];
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
  const mock = createWorkMailMock();
  const throttledKeys = new Set<string>();
  const standIn = { throttled: 0, rejectedSignatures: 0 };
  const handle = async (request: HttpRequestMessage): Promise<HttpResponseMessage> => {
    if (!(await validSignature(request))) {
      standIn.rejectedSignatures += 1;
      return encodeAwsJsonError('InvalidSignatureException', 403, 'The request signature we calculated does not match the signature you provided.');
    }
    const key = `${request.headers['x-amz-target'] ?? ''}\n${request.body}`;
    const every = options.throttleEvery ?? 0;
    if (every > 0 && hash(key) % every === 0 && !throttledKeys.has(key)) {
      throttledKeys.add(key);
      standIn.throttled += 1;
      return encodeAwsJsonError('ThrottlingException', 400, 'Rate exceeded');
    }
    const refused = options.refuse?.(request);
    if (refused !== undefined) return refused;
    const response = mock.handle(request);
    return options.rewrite === undefined ? response : options.rewrite(request, response);
  };
  const server = await startLoopbackServer((request, response) => {
    void handle(request).then((answer) => {
      response.writeHead(answer.status, { ...answer.headers, 'content-length': String(Buffer.byteLength(answer.body)) });
      response.end(answer.body);
    });
  });
  return Object.assign(standIn, { url: server.url, mock, received: server.received, close: () => server.close() });
}
