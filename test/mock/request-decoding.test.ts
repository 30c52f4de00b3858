import { request as httpRequest } from 'node:http';
import { getResponse } from 'msw';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createWorkMailMock } from '../../src/mock/create-work-mail-mock.ts';
import { demoIds } from '../../src/mock/demo-fixture.ts';
import { workMailHandlers } from '../../src/mock/msw-handlers.ts';
import { startMockServer, type MockServer } from '../../src/mock/start-mock-server.ts';

const json = 'application/x-amz-json-1.1';
const target = 'WorkMailService.DeletePersonalAccessToken';
/** A token ID whose last byte is 0xFF, which no UTF-8 text contains. */
const invalidUtf8Body = Buffer.concat([Buffer.from(`{"OrganizationId":"${demoIds.organizationId}","PersonalAccessTokenId":"ab`), Buffer.from([0xff]), Buffer.from('"}')]);
const validBody = JSON.stringify({ OrganizationId: demoIds.organizationId, PersonalAccessTokenId: demoIds.aliceTokenId });

function typeOf(body: string): unknown {
  return (JSON.parse(body) as Record<string, unknown>)['__type'];
}

describe('the mock server decodes requests as awsJson1_1 servers do', () => {
  let server: MockServer;
  beforeAll(async () => {
    server = await startMockServer({ mock: createWorkMailMock(), port: 0 });
  });
  afterAll(() => server.close());

  function post(body: Buffer, headers: Record<string, string>): Promise<{ status: number; body: string }> {
    return new Promise((resolve, reject) => {
      const request = httpRequest(`${server.url}/`, { method: 'POST', headers: { 'x-amz-target': target, ...headers } }, (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () => resolve({ status: response.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
      });
      request.on('error', reject);
      request.end(body);
    });
  }

  it('answers a body that is not UTF-8 with 400 SerializationException, not a validation error on U+FFFD', async () => {
    const answer = await post(invalidUtf8Body, { 'content-type': json });

    expect(answer.status).toBe(400);
    expect(typeOf(answer.body)).toBe('SerializationException');
  });

  it.each([
    ['text/plain', 'a Content-Type that is not awsJson'],
    ['application/json', 'plain JSON'],
  ])('answers %s (%s) with 415 UnsupportedMediaTypeException', async (contentType) => {
    const answer = await post(Buffer.from(validBody), { 'content-type': contentType });

    expect(answer.status).toBe(415);
    expect(typeOf(answer.body)).toBe('UnsupportedMediaTypeException');
  });

  it('accepts parameters on the awsJson Content-Type (Smithy AwsJson11MustSupportParametersInContentType)', async () => {
    const answer = await post(Buffer.from(validBody), { 'content-type': `${json}; charset=utf-8` });

    expect(answer.status).toBe(200);
  });

  it('still reads valid UTF-8 beyond ASCII as text, and validates it', async () => {
    const answer = await post(Buffer.from(JSON.stringify({ OrganizationId: demoIds.organizationId, PersonalAccessTokenId: 'ab\u00e9' })), { 'content-type': json });

    expect(answer.status).toBe(400);
    expect(typeOf(answer.body)).toBe('InvalidParameterException');
  });
});

describe('the mock decodes requests alike through msw and in process', () => {
  it('answers a body that is not UTF-8 through msw with SerializationException', async () => {
    const handlers = workMailHandlers(createWorkMailMock(), { endpoint: 'http://workmail.test' });

    const response = await getResponse(handlers, new Request('http://workmail.test/', { method: 'POST', headers: { 'content-type': json, 'x-amz-target': target }, body: invalidUtf8Body }));

    expect(response?.status).toBe(400);
    expect(typeOf(await (response as Response).text())).toBe('SerializationException');
  });

  it('answers a text with a lone surrogate (no UTF-8 gives one) in process with SerializationException', () => {
    const answer = createWorkMailMock().handle({ method: 'POST', path: '/', headers: { 'content-type': json, 'x-amz-target': target }, body: `{"OrganizationId":"${demoIds.organizationId}","PersonalAccessTokenId":"ab\ud800"}` });

    expect(answer.status).toBe(400);
    expect(typeOf(answer.body)).toBe('SerializationException');
  });

  it('answers a request without Content-Type in process with 415', () => {
    const answer = createWorkMailMock().handle({ method: 'POST', path: '/', headers: { 'x-amz-target': target }, body: validBody });

    expect(answer.status).toBe(415);
  });
});
