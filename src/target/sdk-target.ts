import { Agent as HttpAgent } from 'node:http';
import { Agent as HttpsAgent } from 'node:https';
import { performance } from 'node:perf_hooks';
import * as workmail from '@aws-sdk/client-workmail';
import { WorkMailClient } from '@aws-sdk/client-workmail';
import { withoutSdkNodeNotice } from './without-sdk-node-notice.ts';
import type { AwsCredentialIdentity, AwsCredentialIdentityProvider } from '@smithy/types';
import { getOrInsertComputed } from '../get-or-insert-computed.ts';
import { ConfigError, isConfigError } from '../config-error.ts';
import type { Observation } from '../observation/observation.ts';
import { describeEndpoint, parseEndpoint } from './describe-endpoint.ts';
import { keepAliveAgentOptions } from './keep-alive-agent-options.ts';
import { resolveCredentials } from './resolve-credentials.ts';
import { describeThrown, settleWithin } from './settle-within.ts';
import { stripSensitiveHeaders } from './strip-sensitive-headers.ts';
import type { SendOptions, Target, TargetRequest } from './target.ts';

/** Options of {@link createSdkTarget}: a ready WorkMailClient (e.g. mocked with aws-sdk-client-mock), or what to build one from. */
export type SdkTargetOptions =
  | { readonly client: WorkMailClient; readonly description?: string }
  | {
      readonly endpoint?: string;
      readonly region: string;
      readonly credentials?: AwsCredentialIdentity | AwsCredentialIdentityProvider;
      readonly profile?: string;
      readonly maxSockets?: number;
    };

type SendableCommand = Parameters<WorkMailClient['send']>[0];
type CommandClass = new (input: Readonly<Record<string, unknown>>) => SendableCommand;

interface SdkError {
  readonly name?: unknown;
  readonly message?: unknown;
  readonly code?: unknown;
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

function buildClient(options: Exclude<SdkTargetOptions, { client: WorkMailClient }>): WorkMailClient {
  if (options.endpoint !== undefined) parseEndpoint(options.endpoint, 'createSdkTarget: endpoint');
  const agentOptions = keepAliveAgentOptions(options.maxSockets, 'createSdkTarget');
  return withoutSdkNodeNotice(() => new WorkMailClient({
    region: options.region,
    ...(options.endpoint === undefined ? {} : { endpoint: options.endpoint }),
    credentials: resolveCredentials({
      ...(options.endpoint === undefined ? {} : { endpoint: options.endpoint }),
      ...(options.profile === undefined ? {} : { profile: options.profile }),
      ...(options.credentials === undefined ? {} : { credentials: options.credentials }),
    }),
    maxAttempts: 1,
    requestHandler: { httpAgent: new HttpAgent(agentOptions), httpsAgent: new HttpsAgent(agentOptions) },
  }));
}

function describeClientOptions(options: SdkTargetOptions): string {
  if ('client' in options) return options.description ?? 'user-supplied WorkMailClient (SDK transport)';
  const where = options.endpoint === undefined ? `WorkMail ${options.region}` : describeEndpoint(parseEndpoint(options.endpoint, 'createSdkTarget: endpoint'));
  return `${where} (SDK transport, ${options.region})`;
}

function isTimeoutError(error: SdkError): boolean {
  return error.name === 'AbortError' || error.name === 'TimeoutError';
}

function observeThrown(error: SdkError, timeoutMs: number, latencyMs: number): Observation {
  const status = error.$metadata?.httpStatusCode;
  if (typeof status === 'number') {
    const name = typeof error.name === 'string' ? error.name : 'Error';
    const message = typeof error.message === 'string' ? error.message : undefined;
    return {
      kind: 'response',
      status,
      headers: stripSensitiveHeaders(error.$response?.headers ?? {}),
      body: JSON.stringify({ __type: name, message }),
      errorType: name,
      errorTypeSource: undefined,
      message,
      latencyMs,
    };
  }
  if (isTimeoutError(error)) return { kind: 'timeout', timeoutMs, latencyMs };
  const code = typeof error.code === 'string' && error.code !== '' ? error.code : typeof error.name === 'string' ? error.name : 'Error';
  return { kind: 'networkError', code, message: describeThrown(error), latencyMs };
}

/**
 * A target that sends each case's input through `@aws-sdk/client-workmail` (the `<Operation>Command` found by name), as an SDK user would.
 * The SDK hides the raw body: an error's observation carries `error.name` as the type, `error.message`, the
 * `$metadata.httpStatusCode` status and a body rebuilt as `{"__type","message"}`. A built client makes one attempt (no retries).
 *
 * @example
 * const target = createSdkTarget({ endpoint: 'http://127.0.0.1:4566', region: 'us-east-1' });
 * await target.send(request, { timeoutMs: 5000 });
 */
export function createSdkTarget(options: SdkTargetOptions): Target {
  const ownsClient = !('client' in options);
  const client = 'client' in options ? options.client : buildClient(options);
  const commandClasses = new Map<string, CommandClass>();
  return {
    description: describeClientOptions(options),
    capabilities: { rawBodies: false },
    async send(target: TargetRequest, sendOptions: SendOptions): Promise<Observation> {
      const input = target.input;
      if (input === undefined) {
        return { kind: 'networkError', code: 'UNSUPPORTED_BY_TRANSPORT', message: 'the SDK transport cannot send a body that is not a JSON object', latencyMs: 0 };
      }
      const Command = getOrInsertComputed(commandClasses, target.operation, findCommandClass);
      const start = performance.now();
      // No AbortController per call (about 3% of a call's CPU in profiles): the handler's requestTimeout ends a silent socket,
      // and settleWithin answers at the deadline whatever the call is still doing.
      const settled = await settleWithin(() => client.send(new Command(input), { requestTimeout: sendOptions.timeoutMs }), sendOptions.timeoutMs);
      const latencyMs = performance.now() - start;
      if (settled.kind === 'timeout') return { kind: 'timeout', timeoutMs: sendOptions.timeoutMs, latencyMs };
      if (settled.kind === 'thrown') {
        if (isConfigError(settled.error)) throw settled.error;
        return observeThrown((settled.error ?? {}) as SdkError, sendOptions.timeoutMs, latencyMs);
      }
      const status = settled.value.$metadata.httpStatusCode ?? 200;
      return { kind: 'response', status, headers: {}, body: '', errorType: undefined, errorTypeSource: undefined, message: undefined, latencyMs };
    },
    close(): Promise<void> {
      if (ownsClient) client.destroy();
      return Promise.resolve();
    },
  };
}
