import { once } from 'node:events';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { createWorkMailMock } from '../../src/mock/create-work-mail-mock.ts';
import { demoFixture } from '../../src/mock/demo-fixture.ts';
import { servesOneConnectionAtATime, type ProbeRequest } from '../../src/target/one-connection-at-a-time.ts';
import { runMain } from '../cli/helpers/cli-runners.ts';

const probe: ProbeRequest = { path: '/', headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': 'WorkMailService.ListMailboxPermissions' }, body: '{}' };

let servers: Server[] = [];

afterEach(async () => {
  for (const server of servers) {
    server.closeAllConnections();
    server.close();
  }
  servers = [];
});

type Answer = (request: IncomingMessage, body: string, response: ServerResponse) => void;

/**
 * A server with one worker, as Python's `http.server.HTTPServer` on HTTP/1.1 is: it serves the connection it took until the
 * client closes it, and only then reads what came on the next one. `oneAtATime: false` serves every connection at once.
 */
async function startServer(answer: Answer, oneAtATime: boolean): Promise<string> {
  let worker: Socket | undefined;
  const waiting: (() => void)[] = [];
  const server = createServer((request, response) => {
    const serve = () => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => answer(request, Buffer.concat(chunks).toString('utf8'), response));
    };
    const socket = request.socket;
    if (!oneAtATime || worker === undefined || worker === socket) {
      worker = socket;
      serve();
      return;
    }
    waiting.push(serve);
  });
  server.on('connection', (socket: Socket) => {
    socket.on('close', () => {
      if (socket !== worker) return;
      worker = undefined;
      // The next connection's request, read once the worker is free.
      const next = waiting.shift();
      next?.();
    });
  });
  servers.push(server);
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

const answersEmpty: Answer = (_request, _body, response) => void response.writeHead(200, { 'content-type': 'application/x-amz-json-1.1' }).end('{}');

describe('servesOneConnectionAtATime', () => {
  it('is true of a server that answers a second connection only once the first is closed (trialX #1)', async () => {
    expect(await servesOneConnectionAtATime(await startServer(answersEmpty, true), probe, 5_000)).toBe(true);
  });

  it('is false of a server that answers every connection at once', async () => {
    expect(await servesOneConnectionAtATime(await startServer(answersEmpty, false), probe, 5_000)).toBe(false);
  });

  it('is false where the probe tells nothing: a server that answers nothing', async () => {
    const silent = await startServer(() => undefined, false);

    expect(await servesOneConnectionAtATime(silent, probe, 300)).toBe(false);
  });
});

describe('run against a mock that serves one connection at a time', () => {
  it.each(['wire', 'sdk'])(
    'over the %s transport, says so and sends over one connection, where each request on a second connection timed out and failed responseTime (trialX #1)',
    async (transport) => {
      const mock = createWorkMailMock({ fixture: demoFixture });
      const unsigned: string[] = [];
      const endpoint = await startServer((request, body, response) => {
        // The probe too is signed as the run's requests are: a mock that checks signatures answers it as it answers them.
        if (!String(request.headers.authorization).startsWith('AWS4-HMAC-SHA256 ')) unsigned.push(String(request.headers['x-amz-target']));
        const answer = mock.handle({ method: request.method ?? 'POST', path: request.url ?? '/', headers: request.headers as Record<string, string>, body });
        response.writeHead(answer.status, answer.headers).end(answer.body);
      }, true);

      const result = await runMain(['run', '--endpoint', endpoint, '--region', 'us-east-1', '--transport', transport, '--seed', '5', '--num-runs', '10', '--state-sequences', '3', '--timeout', '2000']);

      expect(result.stdout).toContain('CONFORMANT: no failures');
      expect(result.code).toBe(0);
      expect(result.stderr).toContain('it serves one connection at a time (as Python\'s HTTPServer does on HTTP/1.1), so the run sends one request at a time over one connection');
      expect(unsigned).toEqual([]);
    },
  );
});
