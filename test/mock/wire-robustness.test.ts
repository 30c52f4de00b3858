import { request as httpRequest } from 'node:http';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createWorkMailMock } from '../../src/mock/create-work-mail-mock.ts';
import { demoIds } from '../../src/mock/demo-fixture.ts';
import { maxRequestBodyBytes } from '../../src/mock/mock-router.ts';
import { startMockServer, type MockServer } from '../../src/mock/start-mock-server.ts';
import type { HttpRequestMessage, HttpResponseMessage } from '../../src/wire/http-message.ts';

const deleteTarget = 'WorkMailService.DeleteMailboxPermissions';

function post(body: string, target: string | null = deleteTarget, method = 'POST'): HttpRequestMessage {
  const headers: Record<string, string> = { 'content-type': 'application/x-amz-json-1.1' };
  if (target !== null) headers['x-amz-target'] = target;
  return { method, path: '/', headers, body };
}

function errorOf(response: HttpResponseMessage): { status: number; type: unknown; message: unknown } {
  const parsed = JSON.parse(response.body) as Record<string, unknown>;
  return { status: response.status, type: parsed['__type'], message: parsed['Message'] };
}

describe('the mock answers bad wire input with a 4xx awsJson error', () => {
  const mock = createWorkMailMock();
  const badInputs: readonly { title: string; request: HttpRequestMessage; status: number; type: string }[] = [
    { title: 'malformed JSON', request: post('{"OrganizationId": '), status: 400, type: 'SerializationException' },
    { title: 'an array body', request: post('[]'), status: 400, type: 'SerializationException' },
    { title: 'a null body', request: post('null'), status: 400, type: 'SerializationException' },
    { title: 'a string body', request: post('"OrganizationId"'), status: 400, type: 'SerializationException' },
    { title: 'a GET', request: post('{}', deleteTarget, 'GET'), status: 405, type: 'MethodNotAllowedException' },
    { title: 'a PUT', request: post('{}', deleteTarget, 'PUT'), status: 405, type: 'MethodNotAllowedException' },
    { title: 'a missing X-Amz-Target', request: post('{}', null), status: 400, type: 'UnknownOperationException' },
    { title: 'an unknown X-Amz-Target', request: post('{}', 'WorkMailService.DeleteEverything'), status: 400, type: 'UnknownOperationException' },
    { title: 'a target of another service', request: post('{}', 'AmazonSSM.DeleteMailboxPermissions'), status: 400, type: 'UnknownOperationException' },
    { title: 'a body over 1 MiB', request: post(`{"x":"${'a'.repeat(maxRequestBodyBytes)}"}`), status: 413, type: 'RequestEntityTooLargeException' },
    { title: 'a number where a string member belongs', request: post(JSON.stringify({ OrganizationId: demoIds.organizationId, EntityId: 7, GranteeId: 'sales' })), status: 400, type: 'InvalidParameterException' },
    { title: 'an object where a string member belongs', request: post(JSON.stringify({ OrganizationId: {}, EntityId: 'alice', GranteeId: 'sales' })), status: 400, type: 'InvalidParameterException' },
    { title: 'a null required member', request: post(JSON.stringify({ OrganizationId: null, EntityId: 'alice', GranteeId: 'sales' })), status: 400, type: 'InvalidParameterException' },
    { title: 'an empty body (every required member absent)', request: post(''), status: 400, type: 'InvalidParameterException' },
    // What String.prototype.trim removes: tabs, line ends, Unicode spaces and line separators.
    { title: 'a body of white space only (as an empty one)', request: post(' \t\r\n\u00a0\u2028\u3000'), status: 400, type: 'InvalidParameterException' },
  ];

  it.each(badInputs)('answers $title with $status $type', ({ request, status, type }) => {
    const answer = errorOf(mock.handle(request));
    expect(answer).toMatchObject({ status, type });
    expect(typeof answer.message).toBe('string');
  });

  it('names the member and the constraint in an AWS-style validation message', () => {
    const answer = errorOf(mock.handle(post(JSON.stringify({ OrganizationId: demoIds.organizationId, EntityId: 'alice!', GranteeId: 'sales' }))));
    expect(answer.message).toBe(
      "1 validation error detected: Value 'alice!' at 'entityId' failed to satisfy constraint: Member must satisfy regular expression pattern: [a-zA-Z0-9._%+@-]+",
    );
  });

  it('ignores members the operation does not have', () => {
    const body = JSON.stringify({ OrganizationId: demoIds.organizationId, EntityId: 'alice', GranteeId: 'sales', Extra: [1, { deep: true }] });
    expect(mock.handle(post(body)).status).toBe(200);
  });

  it('never answers 5xx and always gives a parseable awsJson error for arbitrary bodies and targets', () => {
    const members = fc.dictionary(fc.constantFrom('OrganizationId', 'EntityId', 'GranteeId', 'PersonalAccessTokenId', 'MaxResults', 'NextToken', 'PermissionValues', 'UserId'), fc.jsonValue());
    const body = fc.oneof(fc.string(), fc.json(), members.map((value) => JSON.stringify(value)), fc.string({ unit: 'binary' }));
    const target = fc.oneof(
      fc.constantFrom('DeleteMailboxPermissions', 'DeletePersonalAccessToken', 'PutMailboxPermissions', 'ListMailboxPermissions', 'ListUsers', 'ListPersonalAccessTokens', 'DescribeOrganization').map((name) => `WorkMailService.${name}`),
      fc.string(),
    );
    const method = fc.constantFrom('POST', 'POST', 'GET', 'DELETE');
    fc.assert(
      fc.property(body, target, method, (text, name, verb) => {
        const fresh = createWorkMailMock();
        const response = fresh.handle(post(text, name, verb));
        expect(response.status).toBeLessThan(500);
        if (response.status >= 400) {
          const parsed = JSON.parse(response.body) as Record<string, unknown>;
          expect(typeof parsed['__type']).toBe('string');
          expect(typeof parsed['Message']).toBe('string');
          expect(response.headers['content-type']).toBe('application/x-amz-json-1.1');
        }
      }),
      { numRuns: 400 },
    );
  });
});

describe('the mock server caps request bodies', () => {
  let server: MockServer;
  beforeAll(async () => {
    server = await startMockServer({ mock: createWorkMailMock(), port: 0 });
  });
  afterAll(() => server.close());

  it('answers a declared body over 1 MiB with 413 RequestEntityTooLargeException', async () => {
    const response = await fetch(server.url, { method: 'POST', headers: { 'x-amz-target': deleteTarget }, body: 'a'.repeat(maxRequestBodyBytes + 1) });
    expect(response.status).toBe(413);
    expect(((await response.json()) as Record<string, unknown>)['__type']).toBe('RequestEntityTooLargeException');
  });

  it('answers a chunked body that grows over 1 MiB with 413 and keeps serving', async () => {
    const status = await new Promise<number>((resolve, reject) => {
      const request = httpRequest(`${server.url}/`, { method: 'POST', headers: { 'x-amz-target': deleteTarget } }, (response) => {
        response.resume();
        response.on('end', () => resolve(response.statusCode ?? 0));
      });
      request.on('error', reject);
      const chunk = 'b'.repeat(256 * 1024);
      for (let index = 0; index < 6; index += 1) request.write(chunk);
      request.end();
    });
    expect(status).toBe(413);
    const next = await fetch(server.url, { method: 'POST', headers: { 'x-amz-target': 'WorkMailService.DescribeOrganization', 'content-type': 'application/x-amz-json-1.1' }, body: JSON.stringify({ OrganizationId: demoIds.organizationId }) });
    expect(next.status).toBe(200);
  });

  it('answers a GET over HTTP with 405 MethodNotAllowedException', async () => {
    const response = await fetch(server.url, { headers: { 'x-amz-target': deleteTarget } });
    expect(response.status).toBe(405);
    expect(((await response.json()) as Record<string, unknown>)['__type']).toBe('MethodNotAllowedException');
  });
});
