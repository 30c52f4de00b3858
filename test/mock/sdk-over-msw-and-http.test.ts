import { DeleteMailboxPermissionsCommand, DeletePersonalAccessTokenCommand, ListMailboxPermissionsCommand } from '@aws-sdk/client-workmail';
import { setupServer } from 'msw/node';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createWorkMailMock } from '../../src/mock/create-work-mail-mock.ts';
import { demoIds } from '../../src/mock/demo-fixture.ts';
import { workMailHandlers } from '../../src/mock/msw-handlers.ts';
import { startMockServer, type MockServer } from '../../src/mock/start-mock-server.ts';
import { useMockOverMsw } from './mock-over-msw.ts';
import { observe, sdkCases, workMailClient } from './sdk-cases.ts';


describe('the real WorkMailClient against the mock through msw', () => {
  const { mock, server, client } = useMockOverMsw();

  it.each(sdkCases)('$title gives the documented outcome', async ({ send, expected }) => {
    const outcome = await observe(() => send(client) as Promise<{ $metadata: { httpStatusCode?: number } }>);
    expect(outcome).toEqual(expected);
  });

  it('deletes a token idempotently: the repeat is a 200 too', async () => {
    const input = { OrganizationId: demoIds.organizationId, PersonalAccessTokenId: demoIds.daveTokenId };
    const first = await observe(() => client.send(new DeletePersonalAccessTokenCommand(input)));
    const second = await observe(() => client.send(new DeletePersonalAccessTokenCommand(input)));
    expect([first, second]).toEqual([{ ok: true, status: 200 }, { ok: true, status: 200 }]);
    expect(mock.state.listPersonalAccessTokens(demoIds.organizationId, demoIds.daveUserId)).toEqual([]);
  });

  it('only answers requests under the endpoint it was given', async () => {
    const scoped = setupServer(...workMailHandlers(createWorkMailMock(), { endpoint: 'http://workmail.test' }));
    server.close();
    scoped.listen({ onUnhandledRequest: 'bypass' });
    try {
      const output = await workMailClient('http://workmail.test').send(
        new ListMailboxPermissionsCommand({ OrganizationId: demoIds.organizationId, EntityId: 'alice' }),
      );
      expect(output.Permissions?.map((permission) => permission.GranteeId).sort()).toEqual([demoIds.daveUserId, demoIds.salesGroupId].sort());
    } finally {
      scoped.close();
      server.listen({ onUnhandledRequest: 'error' });
    }
  });
});

describe('the real WorkMailClient against the mock over HTTP', () => {
  const mock = createWorkMailMock();
  let server: MockServer;
  beforeAll(async () => {
    server = await startMockServer({ mock, port: 0 });
  });
  afterAll(() => server.close());
  beforeEach(() => mock.reset());

  it.each(sdkCases)('$title gives the documented outcome', async ({ send, expected }) => {
    const outcome = await observe(() => send(workMailClient(server.url)) as Promise<{ $metadata: { httpStatusCode?: number } }>);
    expect(outcome).toEqual(expected);
  });

  it('deletes a mailbox permission idempotently: the repeat is a 200 too', async () => {
    const client = workMailClient(server.url);
    const input = { OrganizationId: demoIds.organizationId, EntityId: 'alice', GranteeId: 'sales' };
    const first = await observe(() => client.send(new DeleteMailboxPermissionsCommand(input)));
    const second = await observe(() => client.send(new DeleteMailboxPermissionsCommand(input)));
    expect([first, second]).toEqual([{ ok: true, status: 200 }, { ok: true, status: 200 }]);
  });

  it('gives the same observation on both paths for every case', async () => {
    // On its own: msw answers only its own endpoint, and lets the requests to the HTTP server through.
    const viaMsw = createWorkMailMock();
    const msw = setupServer(...workMailHandlers(viaMsw, { endpoint: 'http://workmail.test' }));
    msw.listen({ onUnhandledRequest: 'bypass' });
    try {
      for (const { title, send } of sdkCases) {
        mock.reset();
        viaMsw.reset();
        const overHttp = await observe(() => send(workMailClient(server.url)) as Promise<{ $metadata: { httpStatusCode?: number } }>);
        const overMsw = await observe(() => send(workMailClient('http://workmail.test')) as Promise<{ $metadata: { httpStatusCode?: number } }>);
        expect(overMsw, title).toEqual(overHttp);
      }
    } finally {
      msw.close();
    }
  });
});
