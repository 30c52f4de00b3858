import { OptionChecker } from '../check-options.ts';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { NoAnswer, type HttpResponseMessage } from '../wire/http-message.ts';
import { encodeAwsJsonError } from '../wire/aws-json.ts';
import { decodeRequestBody } from '../wire/decode-aws-json-request.ts';
import type { WorkMailMock } from './create-work-mail-mock.ts';
import { maxRequestBodyBytes } from './mock-router.ts';

/** Options of {@link startMockServer}. */
export interface MockServerOptions {
  readonly mock: WorkMailMock;
  /** The port to listen on; 0 (the default) picks any free port. */
  readonly port?: number | undefined;
  /** The address to listen on; `127.0.0.1` by default. */
  readonly host?: string | undefined;
}

/** A running mock server. */
export interface MockServer {
  /** The base URL, such as `http://127.0.0.1:8080`, to use as the SDK's or the CLI's endpoint. */
  readonly url: string;
  /** Stops listening and closes every connection. */
  close(): Promise<void>;
}

const tooLarge = encodeAwsJsonError('RequestEntityTooLargeException', 413, `The request body is larger than ${maxRequestBodyBytes} bytes.`);

function send(response: ServerResponse, answer: HttpResponseMessage, extraHeaders: Record<string, string> = {}): void {
  const body = Buffer.from(answer.body, 'utf8');
  response.writeHead(answer.status, { ...answer.headers, ...extraHeaders, 'content-length': String(body.length) });
  response.end(body);
}

function headersOf(request: IncomingMessage): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(request.headers)) {
    if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  return headers;
}

function serve(mock: WorkMailMock, request: IncomingMessage, response: ServerResponse): void {
  const declared = Number(request.headers['content-length'] ?? '0');
  if (declared > maxRequestBodyBytes) {
    send(response, tooLarge, { connection: 'close' });
    request.resume();
    return;
  }
  const chunks: Buffer[] = [];
  let size = 0;
  let overflow = false;
  request.on('data', (chunk: Buffer) => {
    if (overflow) return;
    size += chunk.length;
    if (size > maxRequestBodyBytes) {
      overflow = true;
      chunks.length = 0;
    } else {
      chunks.push(chunk);
    }
  });
  request.on('end', () => {
    if (overflow) {
      send(response, tooLarge);
      return;
    }
    const decoded = decodeRequestBody(chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(chunks, size));
    if (decoded.kind === 'rejected') {
      send(response, decoded.response);
      return;
    }
    let answer: HttpResponseMessage;
    try {
      answer = mock.handle({ method: request.method ?? 'GET', path: request.url ?? '/', headers: headersOf(request), body: decoded.text });
    } catch (error) {
      // A handler that gives no answer (a recording of a target that dropped a connection or never answered) is served as such.
      if (!(error instanceof NoAnswer)) throw error;
      if (error.how === 'dropConnection') request.socket.destroy();
      return;
    }
    send(response, answer);
  });
  request.on('error', () => response.destroy());
}

/**
 * Serves the mock over HTTP/1.1 with keep-alive on node:http, reading at most 1 MiB of each body.
 *
 * @example
 * const server = await startMockServer({ mock: createWorkMailMock(), port: 0 });
 * new WorkMailClient({ endpoint: server.url, region: 'us-east-1', credentials });
 * await server.close();
 */
export function startMockServer(options: MockServerOptions): Promise<MockServer> {
  OptionChecker.of('startMockServer', options)
    .only(['mock', 'port', 'host'])
    .objectWith('mock', ['handle'], 'a WorkMailMock (from createWorkMailMock)')
    .integer('port', 0, 65_535)
    .string('host');
  const host = options.host ?? '127.0.0.1';
  const server = createServer({ keepAlive: true, keepAliveTimeout: 30_000 }, (request, response) => serve(options.mock, request, response));
  server.keepAliveTimeout = 30_000;
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => {
      server.off('error', reject);
      const { port } = server.address() as AddressInfo;
      const shownHost = host.includes(':') ? `[${host}]` : host;
      resolve({
        url: `http://${shownHost}:${port}`,
        close: () =>
          new Promise<void>((done) => {
            server.close(() => done());
            server.closeAllConnections();
          }),
      });
    });
  });
}
