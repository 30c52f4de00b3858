import { performance } from 'node:perf_hooks';
import type { AwsCredentialIdentity, AwsCredentialIdentityProvider } from '@smithy/types';
import { describeValue, OptionChecker } from '../check-options.ts';
import { ConfigError } from '../config-error.ts';
import type { RequestHandler } from 'msw';
import type { Observation } from '../observation/observation.ts';
import { observeResponse } from '../observation/observe-response.ts';
import type { HttpRequestMessage, HttpResponseMessage } from '../wire/http-message.ts';
import { getOrInsertComputed } from '../get-or-insert-computed.ts';
import { copyHeaders } from '../wire/http-message.ts';
import { describeEndpoint, parseEndpoint } from './describe-endpoint.ts';
import { dummyCredentials, resolveCredentials } from './resolve-credentials.ts';
import { createSigV4Signer, type SigV4Signer } from './sigv4-signer.ts';
import { describeThrown, settleWithin } from './settle-within.ts';
import type { SendOptions, Target, TargetRequest } from './target.ts';

/**
 * An msw request handler (`http.post(…)`, `workMailHandlers(…)`), typed by the one method every handler has, so that the kit's
 * types need no msw installed: msw is an optional peer, and a strict `tsc` without `skipLibCheck` reads these types too.
 */
export interface MswRequestHandler {
  run(...args: never[]): unknown;
}

/** Options of {@link createMswTarget}. */
export interface MswTargetOptions {
  /** The URL the Fetch requests are addressed to, which handlers match against (default: WorkMail in us-east-1). */
  readonly endpoint?: string | undefined;
  /** The SigV4 signing region (default: the endpoint's, as in `workmail.eu-west-1.amazonaws.com`, else `us-east-1`). */
  readonly region?: string | undefined;
  /**
   * The credentials requests are signed with, or a provider of them (default: the kit's dummy ones, `AKIDWORKMAILCONFORMANCE`:
   * handlers are no real service).
   */
  readonly credentials?: AwsCredentialIdentity | AwsCredentialIdentityProvider | undefined;
}

const defaultEndpoint = 'https://workmail.us-east-1.amazonaws.com/';
const defaultSigningName = 'workmail';

/** The region an AWS endpoint names (`workmail.eu-west-1.amazonaws.com`), else us-east-1. */
function regionOf(base: URL): string {
  return /^[a-z0-9-]+\.([a-z]{2}(?:-[a-z]+)+-\d+)\.amazonaws\.com(?:\.cn)?$/.exec(base.hostname)?.[1] ?? 'us-east-1';
}

/** Where a request goes: the message's path under the endpoint's own. */
function requestUrl(base: URL, message: HttpRequestMessage): URL {
  return new URL(base.pathname.replace(/\/+$/, '') + message.path, base);
}

/** The Fetch request as an SDK client sends it: host, content-length and SigV4's headers beside the message's own. */
async function toFetchRequest(base: URL, message: HttpRequestMessage, signer: SigV4Signer): Promise<Request> {
  const url = requestUrl(base, message);
  const body = Buffer.from(message.body, 'utf8');
  const headers = copyHeaders(message.headers);
  headers['host'] = url.host;
  headers['content-length'] = String(body.length);
  const signed = await signer.sign({ method: message.method, path: url.pathname, headers, body });
  return new Request(url, { method: message.method, headers: signed, body: message.body });
}

async function toResponseMessage(response: Response): Promise<HttpResponseMessage> {
  const headers: Record<string, string> = {};
  response.headers.forEach((value, name) => {
    headers[name.toLowerCase()] = value;
  });
  return { status: response.status, headers, body: await response.text() };
}

/** Credentials as given, or a one-line error naming the option. */
function checkedCredentials(credentials: AwsCredentialIdentity | AwsCredentialIdentityProvider | undefined): AwsCredentialIdentity | AwsCredentialIdentityProvider | undefined {
  // A provider's credentials are checked by the signer when it asks for them.
  if (credentials === undefined || typeof credentials === 'function') return credentials;
  const given = credentials as Partial<Record<keyof AwsCredentialIdentity, unknown>> | null;
  if (typeof given !== 'object' || given === null || typeof given.accessKeyId !== 'string' || typeof given.secretAccessKey !== 'string' || given.accessKeyId === '' || given.secretAccessKey === '') {
    // Never the value itself: it may hold a secret.
    const got = given === null ? 'null' : Array.isArray(given) ? 'an array' : typeof given === 'object' ? 'an object without them' : `a ${typeof given}`;
    throw new ConfigError(`createMswTarget: credentials: expected { accessKeyId, secretAccessKey } (non-empty strings) or a provider of them, got ${got}`);
  }
  return credentials;
}

/**
 * A target answered by the user's msw request handlers through msw's `getResponse`, without intercepting any traffic;
 * no handler answering (none matches, or the one that matches returns nothing) gives a `networkError` with code `NO_MSW_HANDLER`, `HttpResponse.error()` one with code `NETWORK_ERROR`.
 * Each request carries what an AWS SDK client sends: `host`, `content-length`, and SigV4's `x-amz-date`,
 * `x-amz-content-sha256` and `authorization`, signed with `credentials` (dummy ones by default) for `region`.
 *
 * @see https://mswjs.io/docs/api/get-response
 * @example
 * const target = createMswTarget([http.post('*', () => new HttpResponse(null, { status: 200 }))]);
 * // A case as a target takes it: the operation, its awsJson request (unsigned) and the input.
 * const spec = findOperationSpec(loadOperationSpecs(), 'DeletePersonalAccessToken');
 * const input = { OrganizationId: demoIds.organizationId, PersonalAccessTokenId: demoIds.aliceTokenId };
 * const request = { operation: spec.operation, request: buildAwsJsonRequest(spec, input), input };
 * await target.send(request, { timeoutMs: 1000 }); // { kind: 'response', status: 200, … }
 */
export function createMswTarget(handlers: readonly MswRequestHandler[], options: MswTargetOptions = {}): Target {
  if (!Array.isArray(handlers)) throw new ConfigError(`createMswTarget: handlers: expected an array of msw request handlers, got ${describeValue(handlers)}`);
  // An msw request handler (http.post(…), workMailHandlers(mock)[0]) has a `run` method; an array in the array is a handler list not spread.
  const notHandler = (handlers as readonly unknown[]).findIndex((handler) => typeof (handler as { run?: unknown } | null)?.run !== 'function');
  if (notHandler >= 0) {
    const item: unknown = handlers[notHandler];
    const hint = Array.isArray(item) ? ' (an array of handlers inside the array: spread it, createMswTarget([...handlers]))' : '';
    throw new ConfigError(`createMswTarget: handlers: expected an array of msw request handlers, got ${describeValue(item)} at [${notHandler}]${hint}`);
  }
  OptionChecker.of('createMswTarget: options', options).only(['endpoint', 'region', 'credentials']).string('region');
  const base = parseEndpoint(options.endpoint ?? defaultEndpoint, 'createMswTarget: endpoint');
  // A provider's credentials are checked as it gives them, and its failure ends the run as the user's mistake (ConfigError).
  const given = checkedCredentials(options.credentials);
  const credentials = given === undefined ? dummyCredentials : resolveCredentials({ credentials: given });
  const region = options.region ?? regionOf(base);
  // Signed as the SDK signs (handlers that refuse an unsigned request, as the service does, see what a client sends).
  const signers = new Map<string, SigV4Signer>();
  const signerFor = (service: string) => getOrInsertComputed(signers, service, () => createSigV4Signer({ service, region, credentials }));
  // The handlers are msw's own: getResponse takes them as they are.
  const handlerList = [...handlers] as unknown as RequestHandler[];
  // msw loads on first use, so that the kit's main entry point loads (in Jest too) without msw, an optional peer.
  let msw: Promise<typeof import('msw')> | undefined;
  return {
    description: `msw handlers (${describeEndpoint(base)})`,
    capabilities: { rawBodies: true },
    async send(target: TargetRequest, sendOptions: SendOptions): Promise<Observation> {
      const start = performance.now();
      // Signed before the handlers run: credentials that cannot sign are the user's mistake, never the handlers' fault.
      const request = await toFetchRequest(base, target.request, signerFor(target.signingName ?? defaultSigningName));
      const settled = await settleWithin(async () => {
        const { getResponse } = await (msw ??= import('msw'));
        const response = await getResponse(handlerList, request);
        if (response === undefined || response.type === 'error') return response;
        return toResponseMessage(response);
      }, sendOptions.timeoutMs);
      const latencyMs = performance.now() - start;
      switch (settled.kind) {
        case 'value': {
          const answer = settled.value;
          if (answer === undefined) {
            // msw gives nothing both where no handler matches and where the one that does returns nothing (falls through).
            // The URL in full, and where it comes from: handlers written for another URL are the usual reason.
            const url = requestUrl(base, target.request).href;
            const message = `no msw handler answered ${target.request.method} ${url}: none matches the URL (createMswTarget(handlers, { endpoint })), or one returned nothing`;
            return { kind: 'networkError', code: 'NO_MSW_HANDLER', message, latencyMs };
          }
          if (answer instanceof Response) {
            return { kind: 'networkError', code: 'NETWORK_ERROR', message: 'the msw handler answered with a network error', latencyMs };
          }
          // msw's passthrough() is a 302 marked with this header: the request would go to the network, which this target never reaches.
          if (answer.headers['x-msw-intention'] === 'passthrough') {
            const message = `the msw handler passed ${target.request.headers['x-amz-target'] ?? 'the request'} through (passthrough()), and createMswTarget sends nothing to the network: answer it in the handlers`;
            return { kind: 'networkError', code: 'MSW_PASSTHROUGH', message, latencyMs };
          }
          return observeResponse(answer, latencyMs);
        }
        case 'thrown':
          return { kind: 'networkError', code: 'HANDLER_THREW', message: describeThrown(settled.error), latencyMs };
        case 'timeout':
          return { kind: 'timeout', timeoutMs: sendOptions.timeoutMs, latencyMs };
      }
    },
    close: () => Promise.resolve(),
  };
}
