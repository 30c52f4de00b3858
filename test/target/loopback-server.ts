import { afterEach } from 'vitest';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import type { HttpRequestMessage, HttpResponseMessage } from '../../src/wire/http-message.ts';

/** A request as a loopback server received it: headers lower-case, body as text. */
export interface ReceivedRequest extends HttpRequestMessage {
  readonly rawHeaders: readonly string[];
}

/** A raw node:http server on 127.0.0.1 that records what it receives and counts the connections it accepts. */
export interface LoopbackServer {
  readonly url: string;
  readonly received: ReceivedRequest[];
  readonly sockets: Socket[];
  connectionCount(): number;
  close(): Promise<void>;
}

/** Handles one received request: answer it with `response`, or misbehave with the raw objects. */
export type RawListener = (request: ReceivedRequest, response: ServerResponse, raw: IncomingMessage) => void;

/**
 * Starts a loopback server around a raw listener, reading each request's body before calling it.
 *
 * @example
 * const server = await startLoopbackServer((request, response) => response.end());
 */
export async function startLoopbackServer(listener: RawListener): Promise<LoopbackServer> {
  const received: ReceivedRequest[] = [];
  const sockets: Socket[] = [];
  const server = createServer((raw, response) => {
    const chunks: Buffer[] = [];
    raw.on('data', (chunk: Buffer) => chunks.push(chunk));
    raw.on('end', () => {
      const headers: Record<string, string> = {};
      for (const [name, value] of Object.entries(raw.headers)) headers[name] = Array.isArray(value) ? value.join(', ') : (value ?? '');
      const request = { method: raw.method ?? '', path: raw.url ?? '', headers, body: Buffer.concat(chunks).toString('utf8'), rawHeaders: raw.rawHeaders };
      received.push(request);
      listener(request, response, raw);
    });
  });
  server.on('connection', (socket) => sockets.push(socket));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    received,
    sockets,
    connectionCount: () => sockets.length,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

/**
 * A listener that answers every request with a fixed plain-data response.
 *
 * @example
 * await startLoopbackServer(answerWith(() => ({ status: 200, headers: {}, body: '' })));
 */
export function answerWith(handle: (request: HttpRequestMessage) => HttpResponseMessage): RawListener {
  return (request, response) => {
    const answer = handle(request);
    response.writeHead(answer.status, answer.headers);
    response.end(answer.body);
  };
}

/**
 * A port on 127.0.0.1 that nothing listens on (it was free a moment ago).
 *
 * @example
 * const url = `http://127.0.0.1:${await closedPort()}`;
 */
export async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/**
 * Registers an `afterEach` that closes every loopback server started and every target tracked through the returned object.
 *
 * @example
 * const loopback = useLoopback();
 * const server = await loopback.start(answerWith(() => response));
 * loopback.track(createHttpTarget({ endpoint: server.url, region: 'us-east-1' }));
 */
export function useLoopback(): { start(listener: RawListener): Promise<LoopbackServer>; track<T extends { close(): Promise<void> }>(...targets: T[]): T[] } {
  const servers: LoopbackServer[] = [];
  const targets: { close(): Promise<void> }[] = [];
  afterEach(async () => {
    await Promise.all(targets.splice(0).map((target) => target.close()));
    await Promise.all(servers.splice(0).map((server) => server.close()));
  });
  return {
    async start(listener) {
      const server = await startLoopbackServer(listener);
      servers.push(server);
      return server;
    },
    track(...tracked) {
      targets.push(...tracked);
      return tracked;
    },
  };
}
