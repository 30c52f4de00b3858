import { performance } from 'node:perf_hooks';
import { describeValue, OptionChecker } from '../check-options.ts';
import { ConfigError } from '../config-error.ts';
import type { RequestHandler } from 'msw';
import type { Observation } from '../observation/observation.ts';
import { observeResponse } from '../observation/observe-response.ts';
import type { HttpRequestMessage, HttpResponseMessage } from '../wire/http-message.ts';
import { describeEndpoint, parseEndpoint } from './describe-endpoint.ts';
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
}

const defaultEndpoint = 'https://workmail.us-east-1.amazonaws.com/';

/** Where a request goes: the message's path under the endpoint's own. */
function requestUrl(base: URL, message: HttpRequestMessage): URL {
  return new URL(base.pathname.replace(/\/+$/, '') + message.path, base);
}

function toFetchRequest(base: URL, message: HttpRequestMessage): Request {
  return new Request(requestUrl(base, message), { method: message.method, headers: { ...message.headers }, body: message.body });
}

async function toResponseMessage(response: Response): Promise<HttpResponseMessage> {
  const headers: Record<string, string> = {};
  response.headers.forEach((value, name) => {
    headers[name.toLowerCase()] = value;
  });
  return { status: response.status, headers, body: await response.text() };
}

/**
 * A target answered by the user's msw request handlers through msw's `getResponse`, without intercepting any traffic;
 * no handler answering (none matches, or the one that matches returns nothing) gives a `networkError` with code `NO_MSW_HANDLER`, `HttpResponse.error()` one with code `NETWORK_ERROR`.
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
  OptionChecker.of('createMswTarget: options', options).only(['endpoint']);
  const base = parseEndpoint(options.endpoint ?? defaultEndpoint, 'createMswTarget: endpoint');
  // The handlers are msw's own: getResponse takes them as they are.
  const handlerList = [...handlers] as unknown as RequestHandler[];
  // msw loads on first use, so that the kit's main entry point loads (in Jest too) without msw, an optional peer.
  let msw: Promise<typeof import('msw')> | undefined;
  return {
    description: `msw handlers (${describeEndpoint(base)})`,
    capabilities: { rawBodies: true },
    async send(target: TargetRequest, sendOptions: SendOptions): Promise<Observation> {
      const start = performance.now();
      const settled = await settleWithin(async () => {
        const { getResponse } = await (msw ??= import('msw'));
        const response = await getResponse(handlerList, toFetchRequest(base, target.request));
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
