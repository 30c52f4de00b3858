import { createHash, createHmac, hash } from 'node:crypto';
import { createScope, getCanonicalHeaders, getSigningKey } from '@smithy/signature-v4';
import type { AwsCredentialIdentity, AwsCredentialIdentityProvider, Checksum, SourceData } from '@smithy/types';

/** What is signed: the request line, the headers as they will be sent (host and content-length included) and the body bytes. */
export interface SignableRequest {
  readonly method: string;
  readonly path: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: Buffer;
}

/** Signs requests with AWS Signature Version 4 for one service and region. */
export interface SigV4Signer {
  /** The headers to send: the request's own plus x-amz-date, x-amz-content-sha256, a session token if any, and authorization. */
  sign(request: SignableRequest): Promise<Record<string, string>>;
}

const algorithm = 'AWS4-HMAC-SHA256';

function bytesOf(data: SourceData): string | Buffer {
  if (typeof data === 'string') return data;
  return ArrayBuffer.isView(data) ? Buffer.from(data.buffer, data.byteOffset, data.byteLength) : Buffer.from(data);
}

/** SHA-256 and HMAC-SHA-256 on node:crypto, for the SDK's key derivation. */
class NodeSha256 implements Checksum {
  private hash;

  constructor(private readonly secret?: SourceData) {
    this.hash = this.create();
  }

  update(data: Uint8Array): void {
    this.hash.update(bytesOf(data));
  }

  digest(): Promise<Uint8Array> {
    return Promise.resolve(this.hash.digest());
  }

  reset(): void {
    this.hash = this.create();
  }

  private create() {
    return this.secret === undefined ? createHash('sha256') : createHmac('sha256', bytesOf(this.secret));
  }
}

function escapeUri(text: string): string {
  return encodeURIComponent(text).replace(/[!'()*]/g, (character) => `%${character.charCodeAt(0).toString(16).toUpperCase()}`);
}

/** The canonical URI of SigV4 for services other than S3: dot segments and empty segments removed, each segment escaped twice. */
function canonicalPath(path: string): string {
  const segments: string[] = [];
  for (const segment of path.split('/')) {
    if (segment === '' || segment === '.') continue;
    if (segment === '..') segments.pop();
    else segments.push(segment);
  }
  const normalized = `${path.startsWith('/') ? '/' : ''}${segments.join('/')}${segments.length > 0 && path.endsWith('/') ? '/' : ''}`;
  return escapeUri(normalized).replace(/%2F/g, '/');
}

function isValidCredentials(credentials: unknown): credentials is AwsCredentialIdentity {
  const candidate = credentials as Partial<AwsCredentialIdentity> | null | undefined;
  return typeof candidate === 'object' && candidate !== null && typeof candidate.accessKeyId === 'string' && typeof candidate.secretAccessKey === 'string';
}

/**
 * A SigV4 signer for the hot path, byte-identical to `@smithy/signature-v4`'s `SignatureV4.sign` (with its default
 * `applyChecksum`): headers are canonicalised by the SDK's `getCanonicalHeaders`, and the signing key is derived by the
 * SDK's `getSigningKey` once per day and credentials (not once per request), the rest hashed synchronously on node:crypto.
 *
 * @see https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_sigv-create-signed-request.html
 * @example
 * const signer = createSigV4Signer({ service: 'workmail', region: 'us-east-1', credentials: () => Promise.resolve(credentials) });
 * const headers = await signer.sign({ method: 'POST', path: '/', headers: { host: '127.0.0.1:4566', 'content-length': '2' }, body: Buffer.from('{}') });
 */
export function createSigV4Signer(options: { readonly service: string; readonly region: string; readonly credentials: AwsCredentialIdentityProvider }): SigV4Signer {
  const { service, region } = options;
  const canonicalPaths = new Map<string, string>();
  let dateSecond = -1;
  let longDate = '';
  let shortDate = '';
  let keyFor: { readonly credentials: AwsCredentialIdentity; readonly shortDate: string; readonly key: Uint8Array } | undefined;

  const refreshDate = (): void => {
    const second = Math.floor(Date.now() / 1000);
    if (second === dateSecond) return;
    dateSecond = second;
    longDate = new Date(second * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z').replace(/[-:]/g, '');
    shortDate = longDate.slice(0, 8);
  };

  const deriveKey = async (credentials: AwsCredentialIdentity, day: string): Promise<Uint8Array> => {
    const key = await getSigningKey(NodeSha256, credentials, day, region, service);
    keyFor = { credentials, shortDate: day, key };
    return key;
  };

  const pathOf = (path: string): string => {
    let canonical = canonicalPaths.get(path);
    if (canonical === undefined) {
      canonical = canonicalPath(path);
      canonicalPaths.set(path, canonical);
    }
    return canonical;
  };

  return {
    async sign(request) {
      const credentials: unknown = await options.credentials();
      if (!isValidCredentials(credentials)) throw new Error('Resolved credential object is not valid');
      refreshDate();
      const day = shortDate;
      const date = longDate;
      const cached = keyFor !== undefined && keyFor.credentials === credentials && keyFor.shortDate === day ? keyFor.key : undefined;
      const key = cached ?? (await deriveKey(credentials, day));
      const headers: Record<string, string> = { ...request.headers, 'x-amz-date': date };
      if (credentials.sessionToken) headers['x-amz-security-token'] = credentials.sessionToken;
      let payloadHash: string | undefined;
      for (const name in headers) if (name.toLowerCase() === 'x-amz-content-sha256') payloadHash = headers[name];
      if (payloadHash === undefined) {
        payloadHash = hash('sha256', request.body, 'hex');
        headers['x-amz-content-sha256'] = payloadHash;
      }
      const canonicalHeaders = getCanonicalHeaders({ headers } as Parameters<typeof getCanonicalHeaders>[0]);
      const names = Object.keys(canonicalHeaders).sort();
      let headerLines = '';
      for (const name of names) headerLines += `${name}:${canonicalHeaders[name]}\n`;
      const signedHeaders = names.join(';');
      const canonicalRequest = `${request.method}\n${pathOf(request.path)}\n\n${headerLines}\n${signedHeaders}\n${payloadHash}`;
      const scope = createScope(day, region, service);
      const stringToSign = `${algorithm}\n${date}\n${scope}\n${hash('sha256', canonicalRequest, 'hex')}`;
      const signature = createHmac('sha256', key).update(stringToSign).digest('hex');
      headers['authorization'] = `${algorithm} Credential=${credentials.accessKeyId}/${scope}, SignedHeaders=${signedHeaders}, Signature=${signature}`;
      return headers;
    },
  };
}
