import { http, HttpResponse, type HttpHandler } from 'msw';
import { decodeRequestBody } from '../wire/decode-aws-json-request.ts';
import type { HttpRequestMessage, HttpResponseMessage } from '../wire/http-message.ts';
import type { WorkMailMock } from './create-work-mail-mock.ts';

/** Options of {@link workMailHandlers}. */
export interface WorkMailHandlersOptions {
  /** Answer every request under this URL (e.g. `http://workmail.test`); by default WorkMail requests to any host. */
  readonly endpoint?: string | undefined;
}

const workMailHost = /^workmail(?:-fips)?\.[a-z0-9-]+\.amazonaws\.com(?:\.cn)?$/;
const workMailTargetPrefix = 'WorkMailService.';

function matcherFor(endpoint: string | undefined): (request: Request) => boolean {
  if (endpoint === undefined) {
    return (request) => workMailHost.test(new URL(request.url).hostname) || (request.headers.get('x-amz-target') ?? '').startsWith(workMailTargetPrefix);
  }
  const base = new URL(endpoint);
  const prefix = base.pathname.endsWith('/') ? base.pathname : `${base.pathname}/`;
  return (request) => {
    const url = new URL(request.url);
    return url.origin === base.origin && (url.pathname === base.pathname || url.pathname.startsWith(prefix));
  };
}

async function toMessage(request: Request): Promise<HttpRequestMessage | HttpResponseMessage> {
  const headers: Record<string, string> = {};
  request.headers.forEach((value, name) => {
    headers[name.toLowerCase()] = value;
  });
  const url = new URL(request.url);
  // request.text() would turn bytes that are not UTF-8 into U+FFFD: decode them the way the protocol says instead.
  const decoded = decodeRequestBody(new Uint8Array(await request.arrayBuffer()));
  if (decoded.kind === 'rejected') return decoded.response;
  return { method: request.method, path: url.pathname + url.search, headers, body: decoded.text };
}

/**
 * msw request handlers that answer WorkMail requests from the mock in-process, for `setupServer(...workMailHandlers(mock))` from 'msw/node'.
 * By default they take requests to `workmail.<region>.amazonaws.com` or carrying a `WorkMailService.*` X-Amz-Target, any method; with `endpoint`, every request under it.
 *
 * @example
 * const server = setupServer(...workMailHandlers(createWorkMailMock()));
 * server.listen();
 * await new WorkMailClient({ region: 'us-east-1', credentials }).send(new DeletePersonalAccessTokenCommand(input));
 */
export function workMailHandlers(mock: WorkMailMock, options: WorkMailHandlersOptions = {}): HttpHandler[] {
  const matches = matcherFor(options.endpoint);
  return [
    http.all(
      ({ request }) => matches(request),
      async ({ request }) => {
        const message = await toMessage(request);
        const response = 'status' in message ? message : mock.handle(message);
        return new HttpResponse(response.body === '' ? null : response.body, { status: response.status, headers: response.headers });
      },
    ),
  ];
}

export { createWorkMailMock, type WorkMailMock, type WorkMailMockOptions } from './create-work-mail-mock.ts';
export { demoFixture, demoIds } from './demo-fixture.ts';
