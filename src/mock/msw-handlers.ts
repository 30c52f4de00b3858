import { http, HttpResponse, type HttpHandler } from 'msw';
import type { HttpRequestMessage } from '../wire/http-message.ts';
import type { WorkMailMock } from './create-work-mail-mock.ts';

/** Options of {@link workMailHandlers}. */
export interface WorkMailHandlersOptions {
  /** Answer every request under this URL (e.g. `http://workmail.test`); by default WorkMail requests to any host. */
  readonly endpoint?: string;
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

async function toMessage(request: Request): Promise<HttpRequestMessage> {
  const headers: Record<string, string> = {};
  request.headers.forEach((value, name) => {
    headers[name.toLowerCase()] = value;
  });
  const url = new URL(request.url);
  return { method: request.method, path: url.pathname + url.search, headers, body: await request.text() };
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
        const response = mock.handle(await toMessage(request));
        return new HttpResponse(response.body === '' ? null : response.body, { status: response.status, headers: response.headers });
      },
    ),
  ];
}

export { createWorkMailMock, type WorkMailMock, type WorkMailMockOptions } from './create-work-mail-mock.ts';
export { demoFixture, demoIds } from './demo-fixture.ts';
