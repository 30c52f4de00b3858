import type { IncomingHttpHeaders } from 'node:http';
import { performance } from 'node:perf_hooks';
import type { AwsCredentialIdentity, AwsCredentialIdentityProvider } from '@smithy/types';
import type { Client as UndiciClient, Dispatcher } from 'undici';
import type { Observation } from '../observation/observation.ts';
import { observeResponse } from '../observation/observe-response.ts';
import { copyHeaders, type HttpRequestMessage } from '../wire/http-message.ts';
import type { OneConnectionProbe, SendOptions, Target, TargetRequest } from './target.ts';
import { describeEndpoint, parseEndpoint, reachesRealService } from './describe-endpoint.ts';
import { checkedMaxSockets } from './keep-alive-agent-options.ts';
import { collectingSecrets, resolveCredentials } from './resolve-credentials.ts';
import { createSigV4Signer } from './sigv4-signer.ts';
import { Client, Pool } from './undici-dispatchers.ts';
import { OptionChecker } from '../check-options.ts';
import { ConfigError } from '../config-error.ts';
import { errnoCode } from '../errno-code.ts';
import { getOrInsertComputed } from '../get-or-insert-computed.ts';
import { isSensitiveHeader, redactedHeaderValue } from './strip-sensitive-headers.ts';

/** Options of {@link createHttpTarget}. */
export interface HttpTargetOptions {
  /** The http(s) URL requests go to, e.g. `http://127.0.0.1:4566` or `https://workmail.us-east-1.amazonaws.com`. */
  readonly endpoint: string;
  /**
   * The SigV4 signing region; default `us-east-1` for an endpoint that is not on an AWS host (a mock signs for any region,
   * as the CLI's `--region` defaults there), and required for one that is.
   */
  readonly region?: string | undefined;
  /**
   * Credentials to sign with; default: the AWS SDK's provider chain, then dummy credentials for a custom endpoint. A provider's
   * credentials are held as the SDK's clients hold them: without an expiration for good, else until 5 minutes before it.
   */
  readonly credentials?: AwsCredentialIdentity | AwsCredentialIdentityProvider | undefined;
  /** The AWS credentials profile for the default provider chain (else AWS_PROFILE). */
  readonly awsProfile?: string | undefined;
  /** Most connections open at once (default: unlimited; the runner's concurrency bounds them). */
  readonly maxSockets?: number | undefined;
  /** The SigV4 service name when a request does not carry its spec's `service.signingName` (default `workmail`). */
  readonly signingName?: string | undefined;
}

/** The region a request to a mock is signed for where none is given, as the CLI's `--region` defaults for an endpoint. */
const defaultMockRegion = 'us-east-1';

const evidenceLimit = 200;

/** How long an answer that started may send nothing before the connection closes, and still not count as one that hung. */
const stallMs = 1000;

/** Errors that mean the connection went away under a request, rather than an answer or a refusal. */
const connectionDropCodes = new Set(['ECONNRESET', 'EPIPE', 'UND_ERR_SOCKET']);

/** An attempt's outcome: an observation, or a drop on a reused connection before any answer (its code), to send again. */
type Outcome = Observation | { readonly kind: 'retry'; readonly code: string };

/** An outcome as an observation: a drop to send again (which a new connection, that answered nothing before, never gives) as the network error it is. */
function asDrop(outcome: Outcome): Observation {
  return outcome.kind === 'retry' ? { kind: 'networkError', code: outcome.code, message: `connection closed before any answer (${outcome.code})`, latencyMs: 0, closedBeforeAnswer: true } : outcome;
}

/** One pass over undici's (lower-case) header names: repeated headers joined, the values of credential-bearing ones redacted. */
function responseHeaders(headers: IncomingHttpHeaders): Record<string, string> {
  const flat: Record<string, string> = {};
  for (const name in headers) {
    const value = headers[name];
    if (value !== undefined) flat[name] = isSensitiveHeader(name) ? redactedHeaderValue : Array.isArray(value) ? value.join(', ') : value;
  }
  return flat;
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** What one pooled connection has done: how often it (re)connected, and how many answers it completed since. */
class ConnectionHistory {
  connects = 0;
  answers = 0;
}

/**
 * One attempt in flight, as an undici dispatch handler: its timer, the answer received so far, and the single outcome it
 * settles with.
 */
class PendingAttempt implements Dispatcher.DispatchHandler {
  private settled = false;
  private readonly start = performance.now();
  private readonly timer: NodeJS.Timeout;
  private readonly chunks: Buffer[] = [];
  private controller: Dispatcher.DispatchController | undefined;
  private status: number | undefined;
  private headers: IncomingHttpHeaders = {};
  private connection: ConnectionHistory | undefined;
  private connectsWhenAssigned = 0;
  private answersWhenAssigned = 0;
  /** When the status or the last body bytes came, on `performance.now()`'s scale. */
  private lastDataAt = 0;

  constructor(
    private readonly resolve: (outcome: Outcome) => void,
    private readonly timeoutMs: number,
  ) {
    this.timer = setTimeout(() => this.onTimeout(), timeoutMs);
  }

  /** Told by the pool which connection the attempt goes out on, before it is written. */
  assign(connection: ConnectionHistory): void {
    this.connection = connection;
    this.connectsWhenAssigned = connection.connects;
    this.answersWhenAssigned = connection.answers;
  }

  onRequestStart(controller: Dispatcher.DispatchController): void {
    this.controller = controller;
    if (this.settled) controller.abort(new Error('timed out before it was sent'));
  }

  onResponseStart(_controller: Dispatcher.DispatchController, statusCode: number, headers: IncomingHttpHeaders): void {
    this.status = statusCode;
    this.headers = headers;
    this.lastDataAt = performance.now();
  }

  onResponseData(_controller: Dispatcher.DispatchController, chunk: Buffer): void {
    this.chunks.push(chunk);
    this.lastDataAt = performance.now();
  }

  onResponseEnd(): void {
    if (this.connection !== undefined) this.connection.answers += 1;
    const answer = { status: this.status ?? 0, headers: responseHeaders(this.headers), body: this.received().toString('utf8') };
    // responseHeaders made a lower-case copy of the answer's own: the observation keeps it rather than copying it again.
    this.finish(observeResponse(answer, this.elapsed(), true));
  }

  onResponseError(_controller: Dispatcher.DispatchController, error: Error): void {
    const code = errnoCode(error, 'NETWORK_ERROR');
    if (connectionDropCodes.has(code) && this.status === undefined && this.wentOutOnReusedConnection()) {
      this.finish({ kind: 'retry', code });
      return;
    }
    let message = errorMessage(error);
    const closedBeforeAnswer = this.status === undefined && connectionDropCodes.has(code);
    if (this.status !== undefined) message = `response interrupted (${message}) ${this.describePartialResponse()}`;
    else if (closedBeforeAnswer) message = `connection closed before any answer (${message})`;
    const stalled = this.status !== undefined && performance.now() - this.lastDataAt >= stallMs;
    this.finish({ kind: 'networkError', code, message, latencyMs: this.elapsed(), ...(stalled ? { stalled: true as const } : {}), ...(closedBeforeAnswer ? { closedBeforeAnswer: true as const } : {}) });
  }

  /** A connection that had answered before and did not reconnect for this attempt: one the server may have closed while idle. */
  private wentOutOnReusedConnection(): boolean {
    return this.connection !== undefined && this.connection.connects === this.connectsWhenAssigned && this.answersWhenAssigned > 0;
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

  private describePartialResponse(): string {
    const body = this.received();
    const expected = this.headers['content-length'];
    const size = expected === undefined ? `${body.length} body bytes` : `${body.length} of ${String(expected)} body bytes`;
    const text = body.toString('utf8');
    const shown = text.length > evidenceLimit ? `${text.slice(0, evidenceLimit)}…` : text;
    return `after status ${this.status ?? '?'} and ${size}: ${JSON.stringify(shown)}`;
  }

  private onTimeout(): void {
    this.finish({ kind: 'timeout', timeoutMs: this.timeoutMs, latencyMs: this.elapsed() });
    this.controller?.abort(new Error(`no answer within ${this.timeoutMs} ms`));
  }
}

/** Where the dispatch options of an attempt carry the attempt itself, for the connection it goes out on to find. */
const attemptSlot = Symbol('attempt');

interface AttemptDispatchOptions extends Dispatcher.DispatchOptions {
  readonly [attemptSlot]: PendingAttempt;
}

/** One pooled connection that tells each attempt dispatched on it what it has done so far (see `wentOutOnReusedConnection`). */
class TrackedConnection extends Client {
  private readonly history = new ConnectionHistory();

  constructor(origin: URL | string, options: UndiciClient.Options) {
    super(origin, options);
    this.on('connect', () => {
      this.history.connects += 1;
      this.history.answers = 0;
    });
  }

  override dispatch(options: Dispatcher.DispatchOptions, handler: Dispatcher.DispatchHandler): boolean {
    (options as Partial<AttemptDispatchOptions>)[attemptSlot]?.assign(this.history);
    return super.dispatch(options, handler);
  }
}

/** The wire transport's target, which can also find a server that serves one connection at a time. */
export interface HttpTarget extends Target, OneConnectionProbe {}

/** The signing name of WorkMail's specs, for a request that names none. */
const defaultSigningName = 'workmail';

/**
 * A target that sends each case's awsJson request as is over HTTP(S), SigV4-signed (signing key derived once per day), on
 * one undici keep-alive connection pool. Bodies go out byte for byte (malformed JSON included); answers become
 * observations by the awsJson1_1 rules a real client decodes errors with (the error type from `__type`, `code` or the
 * `x-amzn-ErrorType` header).
 *
 * @see https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_sigv.html
 * @example
 * const target = createHttpTarget({ endpoint: 'http://127.0.0.1:4566', region: 'us-east-1' });
 * // A case as a target takes it: the operation, its awsJson request (unsigned) and the input.
 * const spec = findOperationSpec(loadOperationSpecs(), 'DeletePersonalAccessToken');
 * const input = { OrganizationId: demoIds.organizationId, PersonalAccessTokenId: demoIds.aliceTokenId };
 * const request = { operation: spec.operation, request: buildAwsJsonRequest(spec, input), input };
 * const observation = await target.send(request, { timeoutMs: 5000 });
 * await target.close();
 */
export function createHttpTarget(options: HttpTargetOptions): HttpTarget {
  OptionChecker.of('createHttpTarget', options)
    .only(['endpoint', 'region', 'credentials', 'awsProfile', 'maxSockets', 'signingName'])
    .string('endpoint', undefined, true).string('region').string('awsProfile').string('signingName');
  const url = parseEndpoint(options.endpoint, 'createHttpTarget: endpoint');
  if (options.region === undefined && reachesRealService(url)) {
    throw new ConfigError(`createHttpTarget: region: required for an endpoint on an AWS host (${describeEndpoint(url)}): the region its requests are signed for`);
  }
  const region = options.region ?? defaultMockRegion;
  const basePath = url.pathname.replace(/\/+$/, '');
  const maxSockets = checkedMaxSockets(options.maxSockets, 'createHttpTarget');
  const newPool = (connections: number | null) => new Pool(url.origin, { connections, factory: (origin, clientOptions) => new TrackedConnection(origin, clientOptions) });
  let pool = newPool(maxSockets ?? null);
  const signedWith: string[] = [];
  const credentials = collectingSecrets(
    resolveCredentials({
      endpoint: options.endpoint,
      ...(options.awsProfile === undefined ? {} : { awsProfile: options.awsProfile }),
      ...(options.credentials === undefined ? {} : { credentials: options.credentials }),
    }),
    signedWith,
  );
  // One signer per signing name: each request is signed for its spec's service.signingName.
  const signers = new Map<string, ReturnType<typeof createSigV4Signer>>();
  const signerFor = (service: string) => getOrInsertComputed(signers, service, () => createSigV4Signer({ service, region, credentials }));

  function sign(message: HttpRequestMessage, body: Buffer, signingName: string): Record<string, string> | Promise<Record<string, string>> {
    const headers = copyHeaders(message.headers);
    headers['host'] = url.host;
    headers['content-length'] = String(body.length);
    return signerFor(signingName).sign({ method: message.method, path: basePath + message.path, headers, body });
  }

  function attempt(on: Dispatcher, message: HttpRequestMessage, headers: Record<string, string>, body: Buffer, timeoutMs: number): Promise<Outcome> {
    return new Promise<Outcome>((resolve) => {
      const pending = new PendingAttempt(resolve, timeoutMs);
      const dispatchOptions: AttemptDispatchOptions = { method: message.method, path: basePath + message.path, headers, body, [attemptSlot]: pending };
      on.dispatch(dispatchOptions, pending);
    });
  }

  return {
    description: `${describeEndpoint(url)} (wire transport, ${region})`,
    capabilities: { rawBodies: true, realService: reachesRealService(url) },
    async send(target: TargetRequest, sendOptions: SendOptions): Promise<Observation> {
      const message = target.request;
      const body = Buffer.from(message.body, 'utf8');
      const signed = sign(message, body, target.signingName ?? options.signingName ?? defaultSigningName);
      // Awaited only when the credential provider is asked: while the credentials last, signing makes no promise.
      const headers = signed instanceof Promise ? await signed : signed;
      const first = await attempt(pool, message, headers, body, sendOptions.timeoutMs);
      if (first.kind !== 'retry') return first;
      // A kept-alive connection the server closed while idle: the request most likely never reached it, so it is sent once
      // more, and the observation says so (a proxy may have passed it on before it dropped the connection). It goes out on a
      // new connection of its own: the pool's other idle connections may have been closed as well (a server that closes
      // idle connections after a fifth of a second closes them all after a pause), as a client that checks a pooled
      // connection before reusing it (urllib3, botocore's) would not be misled.
      const fresh = new TrackedConnection(url.origin, {});
      const second = asDrop(await attempt(fresh, message, headers, body, sendOptions.timeoutMs));
      void fresh.destroy();
      const retriedAfter = [first.code];
      if (second.kind !== 'networkError') return { ...second, retriedAfter };
      // Dropped, then not let in again: the server may have closed because of this very request (a mock that crashed of it).
      return { ...second, code: 'ECONNRESET', message: `connection closed before any answer, then ${second.message} on the new connection it was sent again on`, closedBeforeAnswer: true, retriedAfter };
    },
    secrets: () => signedWith,
    async useOneConnectionIfServedSo(request: HttpRequestMessage, timeoutMs: number): Promise<boolean> {
      const body = Buffer.from(request.body, 'utf8');
      const signed = sign(request, body, options.signingName ?? defaultSigningName);
      const headers = signed instanceof Promise ? await signed : signed;
      const { servesOneConnectionAtATime } = await import('./one-connection-at-a-time.ts');
      if (!(await servesOneConnectionAtATime(options.endpoint, { path: basePath + request.path, headers, body: request.body }, timeoutMs))) return false;
      const unused = pool;
      pool = newPool(1);
      await unused.destroy();
      return true;
    },
    close(): Promise<void> {
      return pool.destroy();
    },
  };
}
