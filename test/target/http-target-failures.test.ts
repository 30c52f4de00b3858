import { once } from 'node:events';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { checkEndpointReachable } from '../../src/target/check-endpoint-reachable.ts';
import { createHttpTarget } from '../../src/target/http-target.ts';
import type { Target } from '../../src/target/target.ts';
import { encodeAwsJsonSuccess } from '../../src/wire/aws-json.ts';
import { answerWith, closedPort, startLoopbackServer, type LoopbackServer, type RawListener } from './loopback-server.ts';
import { mailboxPermissionsInput, targetRequest, testCredentials } from './target-fixtures.ts';

const request = targetRequest('DeleteMailboxPermissions', mailboxPermissionsInput);
let server: LoopbackServer | undefined;
let target: Target | undefined;

afterEach(async () => {
  await target?.close();
  await server?.close();
  target = undefined;
  server = undefined;
});

async function wireTargetFor(listener: RawListener): Promise<Target> {
  server = await startLoopbackServer(listener);
  target = createHttpTarget({ endpoint: server.url, region: 'us-east-1', credentials: testCredentials });
  return target;
}

describe('the wire transport turns every failure into an observation', () => {
  it('gives a timeout observation for a server that never answers, and destroys the socket', async () => {
    const hanging = await wireTargetFor(() => undefined);

    const observation = await hanging.send(request, { timeoutMs: 150 });
    const serverSocket = server?.sockets[0];
    if (serverSocket !== undefined && !serverSocket.destroyed) await once(serverSocket, 'close');

    expect(observation).toMatchObject({ kind: 'timeout', timeoutMs: 150 });
    expect(serverSocket?.destroyed).toBe(true);
  });

  it('gives a networkError for a connection reset before any answer', async () => {
    const resetting = await wireTargetFor((_request, response) => response.socket?.resetAndDestroy());

    const observation = await resetting.send(request, { timeoutMs: 5000 });

    expect(observation).toMatchObject({ kind: 'networkError', code: 'ECONNRESET' });
  });

  for (const status of [200, 502]) {
    it(`gives a response observation carrying an HTML body answered with status ${status}`, async () => {
      const html = '<html><body><h1>Bad Gateway</h1></body></html>';
      const htmlServer = await wireTargetFor(answerWith(() => ({ status, headers: { 'content-type': 'text/html' }, body: html })));

      const observation = await htmlServer.send(request, { timeoutMs: 5000 });

      expect(observation).toMatchObject({ kind: 'response', status, body: html, errorType: undefined });
    });
  }

  it('keeps response headers lower-case, joins repeated ones, and leaves out those that can carry credentials', async () => {
    const answering = await wireTargetFor((_request, response) => {
      response.setHeader('X-Amzn-RequestId', 'req-1');
      response.setHeader('Set-Cookie', ['session=secret', 'other=secret']);
      response.setHeader('X-Amz-Security-Token', 'token-secret');
      response.setHeader('Via', ['a', 'b']);
      response.writeHead(400, { 'Content-Type': 'application/x-amz-json-1.1', 'X-Amzn-ErrorType': 'ValidationException' });
      response.end('{}');
    });

    const observation = await answering.send(request, { timeoutMs: 5000 });

    expect(observation).toMatchObject({ kind: 'response', errorType: 'ValidationException' });
    const headers = observation.kind === 'response' ? observation.headers : {};
    expect(headers).toMatchObject({ 'x-amzn-requestid': 'req-1', via: 'a, b', 'content-type': 'application/x-amz-json-1.1' });
    expect(JSON.stringify(headers)).not.toContain('secret');
  });

  it('gives a networkError with the bytes received so far when the body is shorter than its content-length', async () => {
    const truncating = await wireTargetFor((_request, response) => {
      response.writeHead(400, { 'content-type': 'application/x-amz-json-1.1', 'content-length': '120' });
      response.write('{"__type":"EntityNotFound');
      setImmediate(() => response.socket?.destroy());
    });

    const observation = await truncating.send(request, { timeoutMs: 5000 });

    expect(observation.kind).toBe('networkError');
    expect(observation.kind === 'networkError' ? observation.message : '').toContain('25 of 120 body bytes');
    expect(observation.kind === 'networkError' ? observation.message : '').toContain('EntityNotFound');
  });

  it('gives a networkError with capped evidence when the connection closes mid-response', async () => {
    const closing = await wireTargetFor((_request, response) => {
      response.writeHead(200, { 'content-type': 'text/html' });
      response.write(`<html>${'x'.repeat(1000)}`);
      setImmediate(() => response.socket?.destroy());
    });

    const observation = await closing.send(request, { timeoutMs: 5000 });

    expect(observation.kind).toBe('networkError');
    const message = observation.kind === 'networkError' ? observation.message : '';
    expect(message).toContain('<html>xxx');
    expect(message.length).toBeLessThan(400);
  });

  it('gives a networkError ECONNREFUSED when nothing listens', async () => {
    target = createHttpTarget({ endpoint: `http://127.0.0.1:${await closedPort()}`, region: 'us-east-1', credentials: testCredentials });

    const observation = await target.send(request, { timeoutMs: 5000 });

    expect(observation).toMatchObject({ kind: 'networkError', code: 'ECONNREFUSED' });
  });

  it('keeps answering after failures: a later request to a healthy server still gives a response', async () => {
    let calls = 0;
    const flaky = await wireTargetFor((_request, response) => {
      calls += 1;
      if (calls === 1) response.socket?.resetAndDestroy();
      else response.end();
    });

    const first = await flaky.send(request, { timeoutMs: 5000 });
    const second = await flaky.send(request, { timeoutMs: 5000 });

    expect([first.kind, second.kind]).toEqual(['networkError', 'response']);
  });
});

describe('the wire transport reuses connections', () => {
  it('sends sequential requests over kept-alive connections, not one per request', async () => {
    const keepAlive = await wireTargetFor(answerWith(encodeAwsJsonSuccess));

    for (let index = 0; index < 8; index += 1) await keepAlive.send(request, { timeoutMs: 5000 });

    expect(server?.received).toHaveLength(8);
    // undici's pool may open a second connection while the first is still draining its last answer.
    expect(server?.connectionCount()).toBeLessThanOrEqual(2);
  });

  it('sends once more on a fresh connection when a kept-alive one drops before answering, only once, and says so in the observation', async () => {
    const answeredOn = new WeakSet<object>();
    server = await startLoopbackServer((_request, response) => {
      const socket = response.socket;
      if (socket === null) return;
      // A connection that already answered is dropped unanswered: what a server closing an idle connection looks like.
      if (answeredOn.has(socket)) {
        socket.destroy();
        return;
      }
      answeredOn.add(socket);
      response.end();
    });
    target = createHttpTarget({ endpoint: server.url, region: 'us-east-1', credentials: testCredentials, maxSockets: 1 });

    const first = await target.send(request, { timeoutMs: 5000 });
    const second = await target.send(request, { timeoutMs: 5000 });

    expect([first.kind, second.kind]).toEqual(['response', 'response']);
    expect(first.retriedAfter).toBeUndefined();
    // A proxy may have passed the request on before it dropped the connection: a recording must show it went twice.
    expect(second.retriedAfter).toEqual([expect.stringMatching(/^(ECONNRESET|EPIPE|UND_ERR_SOCKET)$/)]);
    expect(server.received).toHaveLength(3);
    expect(server.connectionCount()).toBe(2);
  });

  it('sends once more on a new connection of its own, not on another kept-alive one the server may have closed as well', async () => {
    const answeredOn = new WeakSet<object>();
    // Connections a server closes while idle: a request on one that already answered is dropped unanswered, here once the
    // held request on the other connection is done, so that the pool then has that one idle (and as dead) to offer.
    server = await startLoopbackServer((incoming, response) => {
      const socket = response.socket;
      if (socket === null) return;
      const held = incoming.headers['x-test-hold'] !== undefined;
      if (answeredOn.has(socket) && !held) {
        setTimeout(() => socket.destroy(), 150);
        return;
      }
      answeredOn.add(socket);
      setTimeout(() => response.end(), held ? 100 : 20);
    });
    target = createHttpTarget({ endpoint: server.url, region: 'us-east-1', credentials: testCredentials, maxSockets: 2 });
    await Promise.all([target.send(request, { timeoutMs: 5000 }), target.send(request, { timeoutMs: 5000 })]);
    const held = { ...request, request: { ...request.request, headers: { ...request.request.headers, 'x-test-hold': '1' } } };

    const [, observation] = await Promise.all([target.send(held, { timeoutMs: 5000 }), target.send(request, { timeoutMs: 5000 })]);

    expect(observation).toMatchObject({ kind: 'response', status: 200, retriedAfter: [expect.stringMatching(/^(ECONNRESET|EPIPE|UND_ERR_SOCKET)$/)] });
  });

  it('keeps answering after the server closed its idle kept-alive connections', async () => {
    const closingIdle = await wireTargetFor(answerWith(encodeAwsJsonSuccess));
    await closingIdle.send(request, { timeoutMs: 5000 });
    for (const socket of server?.sockets ?? []) socket.destroy();

    const observation = await closingIdle.send(request, { timeoutMs: 5000 });

    expect(observation).toMatchObject({ kind: 'response', status: 200 });
  });
});

describe('checkEndpointReachable', () => {
  it('reports a refused port in one line naming the endpoint and the code', async () => {
    const port = await closedPort();

    const problem = await checkEndpointReachable(`http://127.0.0.1:${port}`, 2000);

    expect(problem).toBe(`cannot connect to http://127.0.0.1:${port}/ (ECONNREFUSED)`);
  });

  it('says, where a proxy is set in the environment, that the kit connected directly', async () => {
    const port = await closedPort();
    vi.stubEnv('HTTPS_PROXY', 'http://proxy.example:3128');
    try {
      const problem = await checkEndpointReachable(`http://127.0.0.1:${port}`, 2000);

      expect(problem).toBe(`cannot connect to http://127.0.0.1:${port}/ (ECONNREFUSED); HTTPS_PROXY is set, but the kit connects directly: a proxy is not supported yet`);
    } finally {
      vi.unstubAllEnvs();
    }
  });

  it('reports nothing when a connection opens', async () => {
    server = await startLoopbackServer(answerWith(encodeAwsJsonSuccess));

    const problem = await checkEndpointReachable(server.url, 2000);

    expect(problem).toBeUndefined();
  });

  it('reports an endpoint that is not an http(s) URL', async () => {
    const problem = await checkEndpointReachable('ftp://example.com', 2000);

    expect(problem).toBe("endpoint: 'ftp://example.com' is not an http(s) URL");
  });
});
