import { performance } from 'node:perf_hooks';
import type { Dispatcher } from 'undici';
import { parseEndpoint } from './describe-endpoint.ts';
import { settleWithin } from './settle-within.ts';
import { Client } from './undici-dispatchers.ts';

/** A request that changes nothing, as the probe sends it on each connection. */
export interface ProbeRequest {
  readonly path: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
}

/** Sends `request` on `client`; resolves whether a whole answer came, whenever it comes. */
function answer(client: InstanceType<typeof Client>, request: ProbeRequest): Promise<boolean> {
  return new Promise<boolean>((settle) => {
    const handler: Dispatcher.DispatchHandler = {
      onRequestStart: () => undefined,
      onResponseData: () => undefined,
      onResponseEnd: () => settle(true),
      onResponseError: () => settle(false),
    };
    client.dispatch({ method: 'POST', path: request.path, headers: request.headers, body: request.body }, handler);
  });
}

/** Whether `answered` resolved `true` within `waitMs`. */
async function within(answered: Promise<boolean>, waitMs: number): Promise<boolean> {
  const settled = await settleWithin(() => answered, waitMs);
  return settled.kind === 'value' && settled.value;
}

/**
 * Whether a server answers one connection at a time: it answers a request on a first connection, then nothing on a second
 * while the first stays open, and answers the second once the first is closed. Python's `http.server.HTTPServer` on
 * HTTP/1.1 does so (its one thread serves a kept-alive connection until the client closes it), as does any server with one
 * worker and keep-alive. A client that keeps several connections open, as the kit's transports do, gets no answer on all
 * but one of them from such a server: each request there times out, a false alarm of how the server speaks HTTP (trialX
 * #1). `false` also where the probe tells nothing (no answer on the first connection within `timeoutMs`, or none on the
 * second even after the first closed). The wait for the second answer is 1 s or twenty times the first's, whichever is
 * longer, within `timeoutMs`: a server that answers a second connection more slowly than that is taken for one that
 * serves one at a time, which costs only speed.
 *
 * @example
 * const request = { path: '/', headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': 'WorkMailService.ListMailboxPermissions' }, body: '{}' };
 * if (await servesOneConnectionAtATime('http://127.0.0.1:8000', request, 5000)) console.log('send over one connection');
 */
export async function servesOneConnectionAtATime(endpoint: string, request: ProbeRequest, timeoutMs: number): Promise<boolean> {
  const origin = parseEndpoint(endpoint, 'endpoint').origin;
  const first = new Client(origin);
  const second = new Client(origin);
  try {
    const started = performance.now();
    if (!(await within(answer(first, request), timeoutMs))) return false;
    const waitMs = Math.min(timeoutMs, Math.max(1_000, 20 * (performance.now() - started)));
    const onSecond = answer(second, request);
    if (await within(onSecond, waitMs)) return false;
    // Kept alive, the first connection holds the server's one worker; closed, it lets the server take the second.
    await first.close();
    return await within(onSecond, waitMs);
  } catch {
    return false;
  } finally {
    await Promise.allSettled([first.destroy(), second.destroy()]);
  }
}
