import { Agent, request as httpRequest } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createWorkMailMock } from '../../src/mock/create-work-mail-mock.ts';
import { demoIds } from '../../src/mock/demo-fixture.ts';
import { startMockServer, type MockServer } from '../../src/mock/start-mock-server.ts';

interface Call {
  readonly body: string;
  readonly expected: string;
}

const variants: readonly Call[] = [
  { body: JSON.stringify({ OrganizationId: demoIds.organizationId, EntityId: 'dave', GranteeId: 'meeting-room' }), expected: '200:' },
  { body: JSON.stringify({ OrganizationId: demoIds.organizationId, EntityId: 'nobody', GranteeId: 'sales' }), expected: '400:EntityNotFoundException' },
  { body: JSON.stringify({ OrganizationId: demoIds.organizationId, EntityId: 'a b', GranteeId: 'sales' }), expected: '400:InvalidParameterException' },
  { body: JSON.stringify({ OrganizationId: demoIds.deletedOrganizationId, EntityId: 'erin', GranteeId: 'erin' }), expected: '400:OrganizationStateException' },
];

function send(url: string, agent: Agent, body: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const request = httpRequest(
      `${url}/`,
      { method: 'POST', agent, headers: { 'x-amz-target': 'WorkMailService.DeleteMailboxPermissions', 'content-type': 'application/x-amz-json-1.1' } },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          const type = text === '' ? '' : String((JSON.parse(text) as Record<string, unknown>)['__type']);
          resolve(`${response.statusCode}:${type}`);
        });
      },
    );
    request.on('error', reject);
    request.end(body);
  });
}

describe('the mock server under a burst', () => {
  let server: MockServer;
  const agent = new Agent({ keepAlive: true, maxSockets: 48 });
  beforeAll(async () => {
    server = await startMockServer({ mock: createWorkMailMock(), port: 0 });
  });
  afterAll(async () => {
    agent.destroy();
    await server.close();
  });

  it('answers each of 3000 requests, 48 at a time over keep-alive, correctly', async () => {
    const total = 3000;
    const answers: string[] = new Array<string>(total);
    let next = 0;
    const worker = async () => {
      while (next < total) {
        const index = next;
        next += 1;
        answers[index] = await send(server.url, agent, (variants[index % variants.length] as Call).body);
      }
    };
    await Promise.all(Array.from({ length: 48 }, worker));
    const wrong = answers.filter((answer, index) => answer !== (variants[index % variants.length] as Call).expected);
    expect(wrong).toEqual([]);
    expect(answers.length).toBe(total);
  });
});
