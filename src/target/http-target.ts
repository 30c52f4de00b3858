import { Agent as HttpAgent, request as httpRequest, type ClientRequest, type IncomingMessage } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import { performance } from 'node:perf_hooks';
import type { AwsCredentialIdentity, AwsCredentialIdentityProvider } from '@smithy/types';
import type { Observation } from '../observation/observation.ts';
import { observeResponse } from '../wire/aws-json.ts';
import type { HttpRequestMessage } from '../wire/http-message.ts';
import type { SendOptions, Target, TargetRequest } from './target.ts';
import { describeEndpoint, parseEndpoint } from './describe-endpoint.ts';
import { keepAliveAgentOptions } from './keep-alive-agent-options.ts';
import { resolveCredentials } from './resolve-credentials.ts';
import { createSigV4Signer } from './sigv4-signer.ts';
import { stripSensitiveHeaders } from './strip-sensitive-headers.ts';

/** Options of {@link createHttpTarget}. */
export interface HttpTargetOptions {
  /** The http(s) URL requests go to, e.g. `http://127.0.0.1:4566` or `https://workmail.us-east-1.amazonaws.com`. */
  readonly endpoint: string;
  /** The SigV4 signing region. */
  readonly region: string;
  /** Credentials to sign with; default: the AWS SDK's provider chain, then dummy credentials for a custom endpoint. */
  readonly credentials?: AwsCredentialIdentity | AwsCredentialIdentityProvider;
  readonly profile?: string;
  /** Most connections open at once (default: Node's, unlimited). */
  readonly maxSockets?: number;
  /** The SigV4 service name (default `workmail`, the specs' `service.signingName`). */
  readonly signingName?: string;
}

const evidenceLimit = 200;

type Outcome = Observation | { readonly kind: 'retry' };

function headerText(value: string | string[] | undefined): string {
  return Array.isArray(value) ? value.join(', ') : (value ?? '');
}

function responseHeaders(response: IncomingMessage): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(response.headers)) headers[name] = headerText(value);
  return stripSensitiveHeaders(headers);
}

function errorCode(error: unknown): string {
  const code = (error as { code?: unknown } | undefined)?.code;
  return typeof code === 'string' && code !== '' ? code : 'NETWORK_ERROR';
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function describePartialResponse(response: IncomingMessage, body: Buffer): string {
  const expected = response.headers['content-length'];
  const size = expected === undefined ? `${body.length} body bytes` : `${body.length} of ${expected} body bytes`;
  const text = body.toString('utf8');
  const shown = text.length > evidenceLimit ? `${text.slice(0, evidenceLimit)}…` : text;
  return `after status ${response.statusCode ?? '?'} and ${size}: ${JSON.stringify(shown)}`;
}

/** One attempt in flight: its timer, the body received so far, and the single outcome it settles with (methods, not per-request closures). */
class PendingAttempt {
  private settled = false;
  private readonly start = performance.now();
  private readonly timer: NodeJS.Timeout;
  private readonly chunks: Buffer[] = [];
  private request: ClientRequest | undefined;

  constructor(
    private readonly resolve: (outcome: Outcome) => void,
    private readonly timeoutMs: number,
  ) {
    this.timer = setTimeout(() => this.onTimeout(), timeoutMs);
  }

  watch(request: ClientRequest): void {
    this.request = request;
    request.on('error', (error) => this.onRequestError(error));
    request.on('response', (response) => this.onResponse(response));
  }

  private finish(outcome: Outcome): void {
    if (this.settled) return;
    this.settled = true;
    clearTimeout(this.timer);
    this.resolve(outcome);
  }

  private elapsed(): number {
    return performance.now() - this.start;
  }

  private received(): Buffer {
    return this.chunks.length === 1 ? (this.chunks[0] as Buffer) : Buffer.concat(this.chunks);
  }

  private onTimeout(): void {
    this.finish({ kind: 'timeout', timeoutMs: this.timeoutMs, latencyMs: this.elapsed() });
    this.request?.destroy();
  }

  private onRequestError(error: Error): void {
    if (this.request?.reusedSocket === true && errorCode(error) === 'ECONNRESET') {
      this.finish({ kind: 'retry' });
      return;
    }
    this.finish({ kind: 'networkError', code: errorCode(error), message: errorMessage(error), latencyMs: this.elapsed() });
  }

  private onResponse(response: IncomingMessage): void {
    response.on('data', (chunk: Buffer) => this.chunks.push(chunk));
    response.on('error', (error) => this.failMidResponse(response, errorCode(error), `response interrupted (${errorMessage(error)})`));
    response.on('close', () => {
      if (!response.complete) this.failMidResponse(response, 'ECONNRESET', 'connection closed mid-response');
    });
    response.on('end', () => {
      if (!response.complete) return;
      const answer = { status: response.statusCode ?? 0, headers: responseHeaders(response), body: this.received().toString('utf8') };
      this.finish(observeResponse(answer, this.elapsed()));
    });
  }

  private failMidResponse(response: IncomingMessage, code: string, reason: string): void {
    const evidence = describePartialResponse(response, this.received());
    this.finish({ kind: 'networkError', code, message: `${reason} ${evidence}`, latencyMs: this.elapsed() });
  }
}

/**
 * A target that sends each case's awsJson request as is over HTTP(S), SigV4-signed (signing key derived once per day), on one keep-alive agent.
 * Bodies go out byte for byte (malformed JSON included); answers become observations by the awsJson rules of `observeResponse`.
 *
 * @see https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_sigv.html
 * @example
 * const target = createHttpTarget({ endpoint: 'http://127.0.0.1:4566', region: 'us-east-1' });
 * const observation = await target.send(request, { timeoutMs: 5000 });
 * await target.close();
 */
export function createHttpTarget(options: HttpTargetOptions): Target {
  const url = parseEndpoint(options.endpoint, '--endpoint');
  const isHttps = url.protocol === 'https:';
  const basePath = url.pathname.replace(/\/+$/, '');
  const agentOptions = keepAliveAgentOptions(options.maxSockets, 'createHttpTarget');
  const agent = isHttps ? new HttpsAgent(agentOptions) : new HttpAgent(agentOptions);
  const sendRequest = isHttps ? httpsRequest : httpRequest;
  const port = url.port === '' ? undefined : Number(url.port);
  const credentials = resolveCredentials({
    endpoint: options.endpoint,
    ...(options.profile === undefined ? {} : { profile: options.profile }),
    ...(options.credentials === undefined ? {} : { credentials: options.credentials }),
  });
  const signer = createSigV4Signer({ service: options.signingName ?? 'workmail', region: options.region, credentials });

  function sign(message: HttpRequestMessage, body: Buffer): Promise<Record<string, string>> {
    return signer.sign({
      method: message.method,
      path: basePath + message.path,
      headers: { ...message.headers, host: url.host, 'content-length': String(body.length) },
      body,
    });
  }

  function attempt(message: HttpRequestMessage, headers: Record<string, string>, body: Buffer, timeoutMs: number): Promise<Outcome> {
    return new Promise<Outcome>((resolve) => {
      const pending = new PendingAttempt(resolve, timeoutMs);
      const request = sendRequest({
        agent,
        method: message.method,
        hostname: url.hostname,
        port,
        path: basePath + message.path,
        headers,
      });
      pending.watch(request);
      request.end(body);
    });
  }

  return {
    description: `${describeEndpoint(url)} (wire transport, ${options.region})`,
    capabilities: { rawBodies: true },
    async send(target: TargetRequest, sendOptions: SendOptions): Promise<Observation> {
      const message = target.request;
      const body = Buffer.from(message.body, 'utf8');
      const headers = await sign(message, body);
      const first = await attempt(message, headers, body, sendOptions.timeoutMs);
      if (first.kind !== 'retry') return first;
      // A kept-alive socket the server closed while idle: the request never reached it, so send it once more on a fresh socket.
      const second = await attempt(message, headers, body, sendOptions.timeoutMs);
      if (second.kind !== 'retry') return second;
      return { kind: 'networkError', code: 'ECONNRESET', message: 'connection reset on two reused sockets', latencyMs: 0 };
    },
    close(): Promise<void> {
      agent.destroy();
      return Promise.resolve();
    },
  };
}
