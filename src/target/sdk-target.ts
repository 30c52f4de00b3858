import { Agent as HttpAgent } from 'node:http';
import { Agent as HttpsAgent } from 'node:https';
import { performance } from 'node:perf_hooks';
import * as workmail from '@aws-sdk/client-workmail';
import { WorkMailClient, WorkMailServiceException } from '@aws-sdk/client-workmail';
import { withoutSdkNodeNotice } from './without-sdk-node-notice.ts';
import type { AwsCredentialIdentity, AwsCredentialIdentityProvider } from '@smithy/types';
import { getOrInsertComputed } from '../get-or-insert-computed.ts';
import { builtInCommonErrors } from '../spec/built-in-specs.ts';
import { sharedErrorStatuses } from '../spec/shared-error-statuses.ts';
import { OptionChecker } from '../check-options.ts';
import { looksLikeSdkClient } from './looks-like-sdk-client.ts';
import { ConfigError, isConfigError } from '../config-error.ts';
import type { Observation } from '../observation/observation.ts';
import { describeEndpoint, parseEndpoint, reachesRealService } from './describe-endpoint.ts';
import { keepAliveAgentOptions } from './keep-alive-agent-options.ts';
import { collectingSecrets, resolveCredentials } from './resolve-credentials.ts';
import { describeThrown, settleWithin } from './settle-within.ts';
import { stripSensitiveHeaders } from './strip-sensitive-headers.ts';
import type { OneConnectionProbe, SendOptions, Target, TargetRequest } from './target.ts';
import { createSigV4Signer } from './sigv4-signer.ts';
import { copyHeaders, type HttpRequestMessage } from '../wire/http-message.ts';

/** Options of {@link createSdkTarget}: a ready WorkMailClient (e.g. mocked with aws-sdk-client-mock), or what to build one from. */
export type SdkTargetOptions =
  | { readonly client: WorkMailClient; readonly description?: string | undefined }
  | {
      readonly endpoint?: string | undefined;
      readonly region: string;
      readonly credentials?: AwsCredentialIdentity | AwsCredentialIdentityProvider | undefined;
      readonly awsProfile?: string | undefined;
      readonly maxSockets?: number | undefined;
    };

type SendableCommand = Parameters<WorkMailClient['send']>[0];

/** The SDK's Node request handler (what a client built here has), whose settings can change after it is made. */
interface ConfigurableHandler {
  updateHttpClientConfig(key: 'requestTimeout', value: number): void;
}
type CommandClass = new (input: Readonly<Record<string, unknown>>) => SendableCommand;

interface SdkError {
  readonly name?: unknown;
  readonly message?: unknown;
  readonly code?: unknown;
  readonly $fault?: unknown;
  readonly $metadata?: { readonly httpStatusCode?: unknown };
  readonly $response?: { readonly headers?: Readonly<Record<string, string>> };
}

function findCommandClass(operation: string): CommandClass {
  const candidate: unknown = (workmail as Readonly<Record<string, unknown>>)[`${operation}Command`];
  if (typeof candidate !== 'function') {
    throw new ConfigError(`@aws-sdk/client-workmail has no ${operation}Command: the SDK transport cannot send ${operation}`);
  }
  return candidate as CommandClass;
}

function buildClient(options: Exclude<SdkTargetOptions, { client: WorkMailClient }>, credentials: AwsCredentialIdentityProvider, maxSockets: number | undefined): WorkMailClient {
  const agentOptions = keepAliveAgentOptions(maxSockets, 'createSdkTarget');
  return withoutSdkNodeNotice(() => new WorkMailClient({
    region: options.region,
    ...(options.endpoint === undefined ? {} : { endpoint: options.endpoint }),
    credentials,
    maxAttempts: 1,
    // Nothing changes the middleware stack after this: each command class resolves it once, not at every call.
    cacheMiddleware: true,
    // At the deadline the handler ends the request (and its socket) instead of printing a warning and waiting on.
    requestHandler: { httpAgent: new HttpAgent(agentOptions), httpsAgent: new HttpsAgent(agentOptions), throwOnRequestTimeout: true },
  }));
}

/** The credentials a built client signs with, each identity's secrets added to `signedWith`. */
function credentialsOf(options: Exclude<SdkTargetOptions, { client: WorkMailClient }>, signedWith: string[]): AwsCredentialIdentityProvider {
  return collectingSecrets(
    resolveCredentials({
      ...(options.endpoint === undefined ? {} : { endpoint: options.endpoint }),
      ...(options.awsProfile === undefined ? {} : { awsProfile: options.awsProfile }),
      ...(options.credentials === undefined ? {} : { credentials: options.credentials }),
    }),
    signedWith,
  );
}

/**
 * The probe of a built client's endpoint for a server that serves one connection at a time (see {@link OneConnectionProbe}):
 * the request goes out signed with the client's credentials, over the wire transport's probe; where the server serves so,
 * `useOneConnection` rebuilds the client with one connection.
 */
function oneConnectionProbe(endpoint: string, region: string, credentials: AwsCredentialIdentityProvider, useOneConnection: () => void): OneConnectionProbe {
  const url = parseEndpoint(endpoint, 'createSdkTarget: endpoint');
  const path = url.pathname.replace(/\/+$/, '');
  return {
    async useOneConnectionIfServedSo(request: HttpRequestMessage, timeoutMs: number): Promise<boolean> {
      const body = Buffer.from(request.body, 'utf8');
      const headers = { ...copyHeaders(request.headers), host: url.host, 'content-length': String(body.length) };
      const signed = await createSigV4Signer({ service: 'workmail', region, credentials }).sign({ method: request.method, path: path + request.path, headers, body });
      const { servesOneConnectionAtATime } = await import('./one-connection-at-a-time.ts');
      if (!(await servesOneConnectionAtATime(endpoint, { path: path + request.path, headers: signed, body: request.body }, timeoutMs))) return false;
      useOneConnection();
      return true;
    },
  };
}

function describeClientOptions(options: SdkTargetOptions): string {
  if ('client' in options) return options.description ?? 'user-supplied WorkMailClient (SDK transport)';
  const where = options.endpoint === undefined ? `WorkMail ${options.region}` : describeEndpoint(parseEndpoint(options.endpoint, 'createSdkTarget: endpoint'));
  return `${where} (SDK transport, ${options.region})`;
}

function isTimeoutError(error: SdkError): boolean {
  return error.name === 'AbortError' || error.name === 'TimeoutError';
}

/** Node's system error codes (ECONNREFUSED, ETIMEDOUT, …) and undici's (UND_ERR_…): what a real network failure carries. */
const networkErrorCode = /^(E[A-Z0-9_]+|UND_ERR_[A-Z0-9_]+)$/;

/** The HTTP status a modeled exception's class stands for: Smithy gives a client error 400 and a server error 500 unless `@httpError` says otherwise (WorkMail's errors say nothing). */
function statusOfFault(fault: unknown): number | undefined {
  return fault === 'client' ? 400 : fault === 'server' ? 500 : undefined;
}

/** The fault of the modeled WorkMail exception class with this name, read from an instance; `undefined` when there is no such class. */
const faultsByClassName = new Map<string, unknown>();
function faultOfModeledClass(name: string): unknown {
  return getOrInsertComputed(faultsByClassName, name, () => {
    const candidate: unknown = (workmail as Readonly<Record<string, unknown>>)[name];
    if (typeof candidate !== 'function' || !Object.prototype.isPrototypeOf.call(WorkMailServiceException.prototype, candidate.prototype)) return undefined;
    const instance = new (candidate as new (options: object) => { $fault?: unknown })({ message: '', $metadata: {} });
    return instance.$fault;
  });
}

/** The status of each AWS common and awsJson protocol error (`ValidationException` 400, `ServiceUnavailable` 503, …), read once. */
let sharedStatuses: ReadonlyMap<string, number> | undefined;
function sharedErrorStatus(name: string): number | undefined {
  sharedStatuses ??= sharedErrorStatuses(builtInCommonErrors());
  return sharedStatuses.get(name);
}

function errorResponse(status: number, name: string, error: SdkError, latencyMs: number, statusInferred: string | undefined): Observation {
  const message = typeof error.message === 'string' ? error.message : undefined;
  return {
    kind: 'response',
    status,
    headers: stripSensitiveHeaders(error.$response?.headers ?? {}),
    body: JSON.stringify({ __type: name, message }),
    errorType: name,
    errorTypeSource: undefined,
    ...(statusInferred === undefined ? {} : { statusInferred }),
    message,
    wireNotSeen: true,
    latencyMs,
  };
}

/**
 * An observation of what a client threw. A modeled exception without `$metadata.httpStatusCode` (what a mocked client
 * throws) is judged by its class, its status inferred from the model; an error named after one of AWS's common or protocol
 * errors, by that name, its status the one AWS lists; with `mocked`, anything else that is not a network failure is the
 * mock's own bug.
 */
function observeThrown(error: SdkError, timeoutMs: number, latencyMs: number, mocked: boolean): Observation {
  const status = error.$metadata?.httpStatusCode;
  const name = typeof error.name === 'string' && error.name !== '' ? error.name : undefined;
  // A 2xx the SDK could not deserialize (its SyntaxError): the target answered success, which the client's users never get.
  if (typeof status === 'number' && status >= 200 && status < 300) {
    return { kind: 'response', status, headers: stripSensitiveHeaders(error.$response?.headers ?? {}), body: '', errorType: undefined, errorTypeSource: undefined, message: undefined, wireNotSeen: true, unparsedSuccess: describeThrown(error), latencyMs };
  }
  if (typeof status === 'number') return errorResponse(status, name ?? 'Error', error, latencyMs, undefined);
  if (isTimeoutError(error)) return { kind: 'timeout', timeoutMs, latencyMs };
  if (name !== undefined && WorkMailServiceException.isInstance(error)) {
    const inferred = statusOfFault(error.$fault);
    if (inferred !== undefined) {
      return errorResponse(inferred, name, error, latencyMs, `${inferred} inferred from the model: ${name} is a ${String(error.$fault)} error, thrown without $metadata.httpStatusCode`);
    }
  }
  const modeledFault = name === undefined ? undefined : faultOfModeledClass(name);
  const modeledStatus = statusOfFault(modeledFault);
  if (name !== undefined && modeledStatus !== undefined) {
    return errorResponse(modeledStatus, name, error, latencyMs, `${modeledStatus} inferred from the model: a plain error named ${name} (not an instance of its class), thrown without $metadata.httpStatusCode`);
  }
  // An error the WorkMail model has no class for, but that AWS services answer (a real client throws it as a
  // WorkMailServiceException by that name): a mock that throws `ValidationException` means that answer.
  const sharedStatus = name === undefined ? undefined : sharedErrorStatus(name);
  if (name !== undefined && sharedStatus !== undefined) {
    return errorResponse(sharedStatus, name, error, latencyMs, `${sharedStatus} inferred from AWS's common errors: a plain error named ${name}, thrown without $metadata.httpStatusCode`);
  }
  const code = typeof error.code === 'string' && error.code !== '' ? error.code : undefined;
  if (!mocked || (code !== undefined && networkErrorCode.test(code))) {
    return { kind: 'networkError', code: code ?? name ?? 'Error', message: describeThrown(error), latencyMs };
  }
  // aws-sdk-client-mock's `rejects('EntityNotFoundException')` makes an Error with that message, not that name: say how to
  // throw what a client would (the whole hint within the 160 characters a report keeps of a message).
  const named = exceptionNamedByMessage(error);
  if (named !== undefined) {
    const fix = faultOfModeledClass(named) === undefined ? `give it that name (Object.assign(new Error(message), { name: '${named}' }))` : `reject with new ${named}({ message: '…', $metadata: {} })`;
    return { kind: 'networkError', code: 'MOCK_THREW', message: `an Error whose message, not name, is ${named}: ${fix}`, latencyMs };
  }
  return {
    kind: 'networkError',
    code: 'MOCK_THREW',
    // Why first: a report cuts a long message, and what was thrown may be long.
    message: `a bug of the mock, not of the network: the client threw neither a modeled WorkMail exception nor a network failure, but ${describeThrown(error)}`,
    latencyMs,
  };
}

/** The WorkMail or AWS common error a thrown error's message names (`EntityNotFoundException`, or `EntityNotFoundException: …`). */
function exceptionNamedByMessage(error: SdkError): string | undefined {
  const first = typeof error.message === 'string' ? /^\s*([A-Za-z]+)\s*(?::|$)/.exec(error.message)?.[1] : undefined;
  if (first === undefined || first === 'WorkMailServiceException') return undefined;
  return faultOfModeledClass(first) !== undefined || sharedErrorStatus(first) !== undefined ? first : undefined;
}

/** What a mocked client that resolves `undefined` is said to have answered: aws-sdk-client-mock does so for a command not mocked. */
const resolvedUndefined = 'not observed: the client resolved undefined (a command the mock has no answer for?), read as a success';

/** The status of a resolved output, or why there is none: a mocked client often resolves `{}` without `$metadata`. */
function observeResolved(value: unknown, latencyMs: number): Observation {
  const status = (value as { $metadata?: { httpStatusCode?: unknown } } | undefined)?.$metadata?.httpStatusCode;
  const observed = typeof status === 'number';
  const { $metadata: _metadata, ...output } = (value ?? {}) as Readonly<Record<string, unknown>>;
  return {
    kind: 'response',
    status: observed ? status : 200,
    headers: {},
    body: '',
    errorType: undefined,
    errorTypeSource: undefined,
    ...(observed ? {} : { statusInferred: value === undefined ? resolvedUndefined : 'not observed: the client resolved without $metadata.httpStatusCode, read as a success' }),
    message: undefined,
    wireNotSeen: true,
    // Kept apart from `body` (which stays empty): a List read needs the items.
    ...(Object.keys(output).length === 0 ? {} : { output }),
    latencyMs,
  };
}

/**
 * A target that sends each case's input through `@aws-sdk/client-workmail` (the `<Operation>Command` found by name), as an SDK user would.
 * The SDK hides the raw body: an error's observation carries `error.name` as the type, `error.message`, the
 * `$metadata.httpStatusCode` status and a body rebuilt as `{"__type","message"}`. A built client makes one attempt (no retries).
 * A client you pass (e.g. mocked with aws-sdk-client-mock) is judged whatever its mock does: an output without
 * `$metadata` is a success whose status was not observed; a modeled exception without `$metadata.httpStatusCode` is
 * judged by its class, its status inferred from the model (`statusInferred` says so); anything else it throws that is
 * not a network failure is the mock's own bug (`networkError` with code `MOCK_THREW`). Built for an `endpoint`, it can also
 * find a server that serves one connection at a time (`useOneConnectionIfServedSo`, as the wire transport's target).
 *
 * @example
 * const target = createSdkTarget({ endpoint: 'http://127.0.0.1:4566', region: 'us-east-1' });
 * // A case as a target takes it: the operation, its awsJson request (unsigned) and the input.
 * const spec = findOperationSpec(loadOperationSpecs(), 'DeletePersonalAccessToken');
 * const input = { OrganizationId: demoIds.organizationId, PersonalAccessTokenId: demoIds.aliceTokenId };
 * const request = { operation: spec.operation, request: buildAwsJsonRequest(spec, input), input };
 * await target.send(request, { timeoutMs: 5000 });
 */
export function createSdkTarget(options: Extract<SdkTargetOptions, { readonly region: string }> & { readonly endpoint: string }): Target & OneConnectionProbe;
export function createSdkTarget(options: SdkTargetOptions): Target;
export function createSdkTarget(options: SdkTargetOptions): Target {
  if (looksLikeSdkClient(options)) throw new ConfigError('createSdkTarget: got an AWS SDK client where options are expected: give it as createSdkTarget({ client })');
  const check = OptionChecker.of('createSdkTarget', options);
  if ('client' in options) check.only(['client', 'description']).objectWith('client', ['send'], 'a WorkMailClient (or one mocked with aws-sdk-client-mock)');
  else check.only(['endpoint', 'region', 'credentials', 'awsProfile', 'maxSockets']).string('region', undefined, true).string('endpoint').string('awsProfile');
  const ownsClient = !('client' in options);
  // The credentials a built client signed with; a client given by the user signs with its own, which the kit never sees.
  const signedWith: string[] = [];
  const commandClasses = new Map<string, CommandClass>();
  /** The deadline the built client's handler has: set when a send asks for another one (a run asks for the same each time). */
  let handlerTimeoutMs: number | undefined;
  let client: WorkMailClient;
  let probe: OneConnectionProbe | undefined;
  if ('client' in options) client = options.client;
  else {
    // Checked first, so that a wrong endpoint is named as this function's option, not as the credential chain's.
    if (options.endpoint !== undefined) parseEndpoint(options.endpoint, 'createSdkTarget: endpoint');
    const credentials = credentialsOf(options, signedWith);
    client = buildClient(options, credentials, options.maxSockets);
    // Only a client built here, for an endpoint, can be told to keep to one connection (a client given keeps its own).
    if (options.endpoint !== undefined) {
      probe = oneConnectionProbe(options.endpoint, options.region, credentials, () => {
        const unused = client;
        client = buildClient(options, credentials, 1);
        handlerTimeoutMs = undefined;
        unused.destroy();
      });
    }
  }
  return {
    ...probe,
    description: describeClientOptions(options),
    // A client given by the user (mocked, mostly) is not known to reach anything; one built here reaches its endpoint.
    capabilities: { rawBodies: false, realService: !('client' in options) && reachesRealService(options.endpoint === undefined ? undefined : new URL(options.endpoint)) },
    async send(target: TargetRequest, sendOptions: SendOptions): Promise<Observation> {
      const input = target.input;
      if (input === undefined) {
        return { kind: 'networkError', code: 'UNSUPPORTED_BY_TRANSPORT', message: 'the SDK transport cannot send a body that is not a JSON object', latencyMs: 0 };
      }
      const Command = getOrInsertComputed(commandClasses, target.operation, findCommandClass);
      const start = performance.now();
      // No options per call (an AbortController was about 3% of a call's CPU, and any option makes the client resolve its
      // middleware again): a built client's handler holds the deadline and ends a silent socket; a client you pass keeps its
      // own settings. settleWithin answers at the deadline whatever the call is still doing.
      if (ownsClient && handlerTimeoutMs !== sendOptions.timeoutMs) {
        (client.config.requestHandler as ConfigurableHandler).updateHttpClientConfig('requestTimeout', sendOptions.timeoutMs);
        handlerTimeoutMs = sendOptions.timeoutMs;
      }
      const settled = await settleWithin(() => client.send(new Command(input)), sendOptions.timeoutMs);
      const latencyMs = performance.now() - start;
      if (settled.kind === 'timeout') return { kind: 'timeout', timeoutMs: sendOptions.timeoutMs, latencyMs };
      if (settled.kind === 'thrown') {
        if (isConfigError(settled.error)) throw settled.error;
        return observeThrown((settled.error ?? {}) as SdkError, sendOptions.timeoutMs, latencyMs, !ownsClient);
      }
      return observeResolved(settled.value, latencyMs);
    },
    secrets: () => signedWith,
    close(): Promise<void> {
      if (ownsClient) client.destroy();
      return Promise.resolve();
    },
  };
}
