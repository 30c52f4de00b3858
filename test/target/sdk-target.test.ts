import { DeleteMailboxPermissionsCommand, DeletePersonalAccessTokenCommand, EntityNotFoundException, WorkMailClient } from '@aws-sdk/client-workmail';
import type { ServiceInputTypes, ServiceOutputTypes, WorkMailClientResolvedConfig } from '@aws-sdk/client-workmail';
import { mockClient, type AwsStub } from 'aws-sdk-client-mock';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createSdkTarget } from '../../src/target/sdk-target.ts';
import { startLoopbackServer, type LoopbackServer } from './loopback-server.ts';
import { mailboxPermissionsInput, targetRequest, testCredentials } from './target-fixtures.ts';

let client: WorkMailClient;
let mockedClient: AwsStub<ServiceInputTypes, ServiceOutputTypes, WorkMailClientResolvedConfig>;
let server: LoopbackServer | undefined;

afterEach(async () => {
  await server?.close();
  server = undefined;
});

describe('the SDK transport with a user-supplied WorkMailClient', () => {
  beforeEach(() => {
    client = new WorkMailClient({ region: 'us-east-1', credentials: testCredentials });
    mockedClient = mockClient(client);
  });
  afterEach(() => {
  });

  it('gives a response observation with the type and status of a mocked service exception', async () => {
    mockedClient.on(DeleteMailboxPermissionsCommand).rejects(new EntityNotFoundException({ message: 'x', $metadata: { httpStatusCode: 400 } }));
    const target = createSdkTarget({ client });

    const observation = await target.send(targetRequest('DeleteMailboxPermissions', mailboxPermissionsInput), { timeoutMs: 1000 });

    expect(observation).toMatchObject({ kind: 'response', status: 400, errorType: 'EntityNotFoundException', message: 'x', errorTypeSource: undefined });
  });

  it('sends the input through the command class named after the operation', async () => {
    mockedClient.on(DeletePersonalAccessTokenCommand).resolves({ $metadata: { httpStatusCode: 200 } });
    const target = createSdkTarget({ client });
    const input = { OrganizationId: mailboxPermissionsInput.OrganizationId, PersonalAccessTokenId: 'token-1' };

    const observation = await target.send(targetRequest('DeletePersonalAccessToken', input), { timeoutMs: 1000 });

    expect(observation).toMatchObject({ kind: 'response', status: 200, errorType: undefined, body: '' });
    expect(mockedClient.commandCalls(DeletePersonalAccessTokenCommand)[0]?.args[0].input).toEqual(input);
  });

  it('gives a networkError for a failure without an HTTP status', async () => {
    mockedClient.on(DeleteMailboxPermissionsCommand).rejects(Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }));
    const target = createSdkTarget({ client });

    const observation = await target.send(targetRequest('DeleteMailboxPermissions', mailboxPermissionsInput), { timeoutMs: 1000 });

    expect(observation).toMatchObject({ kind: 'networkError', code: 'ECONNREFUSED' });
  });

  it('declines raw bodies instead of sending something else', async () => {
    const target = createSdkTarget({ client });

    const observation = await target.send(targetRequest('DeleteMailboxPermissions', '{"EntityId":'), { timeoutMs: 1000 });

    expect(target.capabilities.rawBodies).toBe(false);
    expect(observation).toMatchObject({ kind: 'networkError', code: 'UNSUPPORTED_BY_TRANSPORT' });
    expect(mockedClient.calls()).toHaveLength(0);
  });

  it('throws a one-line error for an operation the SDK has no command for', async () => {
    const target = createSdkTarget({ client });

    const sending = target.send({ ...targetRequest('DeleteMailboxPermissions', mailboxPermissionsInput), operation: 'FlyToTheMoon' }, { timeoutMs: 1000 });

    await expect(sending).rejects.toThrow('@aws-sdk/client-workmail has no FlyToTheMoonCommand');
  });
});

describe('the SDK transport with a client it builds', () => {
  it('gives a timeout observation for a server that never answers', async () => {
    server = await startLoopbackServer(() => undefined);
    const target = createSdkTarget({ endpoint: server.url, region: 'us-east-1', credentials: testCredentials });

    const observation = await target.send(targetRequest('DeleteMailboxPermissions', mailboxPermissionsInput), { timeoutMs: 150 });
    await target.close();

    expect(observation).toMatchObject({ kind: 'timeout', timeoutMs: 150 });
  });

  it('ends a silent request at the deadline of each send, printing nothing', async () => {
    server = await startLoopbackServer(() => undefined);
    const target = createSdkTarget({ endpoint: server.url, region: 'us-east-1', credentials: testCredentials });
    const warnings: unknown[] = [];
    const warn = vi.spyOn(console, 'warn').mockImplementation((...args: unknown[]) => void warnings.push(args));
    try {
      for (const timeoutMs of [120, 120, 300]) {
        const observation = await target.send(targetRequest('DeleteMailboxPermissions', mailboxPermissionsInput), { timeoutMs });
        expect(observation).toMatchObject({ kind: 'timeout', timeoutMs });
        // Not ended early by an earlier send's deadline.
        expect(observation.kind === 'timeout' && observation.latencyMs).toBeGreaterThanOrEqual(timeoutMs - 5);
        // The client's handler ends the request at the deadline: the socket it held closes before the target does.
        const socket = server.sockets.at(-1);
        await vi.waitFor(() => expect(socket?.destroyed).toBe(true), { timeout: 1000 });
      }
    } finally {
      warn.mockRestore();
      await target.close();
    }
    expect(warnings).toEqual([]);
    expect(server.connectionCount()).toBe(3);
  });

  it('makes a single attempt for a 500 answer (no SDK retries)', async () => {
    server = await startLoopbackServer((_request, response) => {
      response.writeHead(500, { 'content-type': 'application/x-amz-json-1.1' });
      response.end('{"__type":"InternalFailure","message":"boom"}');
    });
    const target = createSdkTarget({ endpoint: server.url, region: 'us-east-1', credentials: testCredentials });

    const observation = await target.send(targetRequest('DeleteMailboxPermissions', mailboxPermissionsInput), { timeoutMs: 5000 });
    await target.close();

    expect(observation).toMatchObject({ kind: 'response', status: 500, errorType: 'InternalFailure' });
    expect(server.received).toHaveLength(1);
  });

  it('probes for a server that serves one connection at a time only where it built the client for an endpoint', async () => {
    server = await startLoopbackServer((_request, response) => void response.writeHead(200, { 'content-type': 'application/x-amz-json-1.1' }).end('{}'));
    const forEndpoint = createSdkTarget({ endpoint: server.url, region: 'us-east-1', credentials: testCredentials });
    const forRealService = createSdkTarget({ region: 'us-east-1', credentials: testCredentials });
    const givenClient = createSdkTarget({ client: new WorkMailClient({ region: 'us-east-1', credentials: testCredentials }) });
    try {
      const list = { method: 'POST', path: '/', headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': 'WorkMailService.ListMailboxPermissions' }, body: '{}' };
      // This server answers every connection at once: the probe says so, and the client keeps its connections.
      expect(await forEndpoint.useOneConnectionIfServedSo(list, 5_000)).toBe(false);
      expect(server.received.map((request) => request.headers.authorization?.startsWith('AWS4-HMAC-SHA256 Credential=AKID'))).toEqual([true, true]);
      expect('useOneConnectionIfServedSo' in forRealService).toBe(false);
      expect('useOneConnectionIfServedSo' in givenClient).toBe(false);
    } finally {
      await Promise.all([forEndpoint.close(), forRealService.close(), givenClient.close()]);
    }
  });
});

describe('a success the SDK cannot parse (trialV #2)', () => {
  it('is a success on the wire, which successResponse fails with what the SDK threw, and which no check takes for an error', async () => {
    server = await startLoopbackServer((_request, response) => {
      // A Python mock's `self.wfile.write(b"\n")` after a 200: botocore reads it as empty; the JavaScript SDK throws.
      response.writeHead(200, { 'content-type': 'application/x-amz-json-1.1', 'content-length': '1' });
      response.end('\n');
    });
    const target = createSdkTarget({ endpoint: server.url, region: 'us-east-1', credentials: testCredentials });
    const { successResponse } = await import('../../src/checks/success-response.ts');

    const observation = await target.send(targetRequest('DeleteMailboxPermissions', mailboxPermissionsInput), { timeoutMs: 5000 });
    await target.close();

    expect(observation).toMatchObject({ kind: 'response', status: 200, errorType: undefined, wireNotSeen: true, unparsedSuccess: expect.stringMatching(/SyntaxError|JSON/) });
    expect(successResponse.run({ observation } as never)).toMatchObject({ status: 'fail', observed: expect.stringMatching(/^200, a body the AWS SDK for JavaScript could not parse: /) });
  });
});

describe('what the SDK transport cannot see of a success', () => {
  it('marks the answer as not seen on the wire, so successResponse judges none over the SDK where it fails the same target over the wire', async () => {
    const { createHttpTarget } = await import('../../src/target/http-target.ts');
    const { runConformance } = await import('../../src/runner/run-conformance.ts');
    const { answerWith } = await import('./loopback-server.ts');
    // Every answer a success that says something in its body, which the operation has no output for.
    const server = await startLoopbackServer(
      answerWith(() => ({ status: 200, headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amzn-requestid': 'abc' }, body: '{"RequestId":"abc","Deleted":true}' })),
    );
    try {
      const options = { operations: ['DeletePersonalAccessToken'], numRuns: 10, seed: 4, stateSequences: 0 };
      const overSdk = await runConformance({ ...options, target: createSdkTarget({ endpoint: server.url, region: 'us-east-1', credentials: testCredentials }) });
      const overWire = await runConformance({ ...options, target: createHttpTarget({ endpoint: server.url, region: 'us-east-1', credentials: testCredentials }) });

      const tally = (report: typeof overSdk) => report.operations[0]?.checks.find((check) => check.name === 'successResponse');
      expect(tally(overSdk)).toMatchObject({ passed: 0, failed: 0 });
      expect(tally(overSdk)?.skipped).toBeGreaterThan(0);
      expect(tally(overWire)?.failed).toBeGreaterThan(0);
      const success = await createSdkTarget({ endpoint: server.url, region: 'us-east-1', credentials: testCredentials }).send(
        targetRequest('DeletePersonalAccessToken', { OrganizationId: 'm-0123456789abcdef0123456789abcdef', PersonalAccessTokenId: 'abc' }),
        { timeoutMs: 5000 },
      );
      expect(success).toMatchObject({ kind: 'response', wireNotSeen: true });
    } finally {
      await server.close();
    }
  });
});
