import {
  DeleteMailboxPermissionsCommand,
  DeletePersonalAccessTokenCommand,
  DescribeOrganizationCommand,
  ListGroupsCommand,
  ListMailboxPermissionsCommand,
  ListPersonalAccessTokensCommand,
  ListResourcesCommand,
  ListUsersCommand,
  PutMailboxPermissionsCommand,
} from '@aws-sdk/client-workmail';
import { setupServer } from 'msw/node';
import { describe, expect, it } from 'vitest';
import type { FixtureInput } from '../../src/fixture/fixture-schema.ts';
import { createWorkMailMock } from '../../src/mock/create-work-mail-mock.ts';
import { demoIds } from '../../src/mock/demo-fixture.ts';
import { workMailHandlers } from '../../src/mock/msw-handlers.ts';
import { useMockOverMsw } from './mock-over-msw.ts';
import { observe } from './sdk-cases.ts';

const organizationId = demoIds.organizationId;
const { server, client } = useMockOverMsw();

async function granteesOf(entityId: string): Promise<string[]> {
  const output = await client.send(new ListMailboxPermissionsCommand({ OrganizationId: organizationId, EntityId: entityId }));
  return (output.Permissions ?? []).map((permission) => permission.GranteeId ?? '').sort();
}

describe('state changes are visible through the List operations', () => {
  it('no longer lists a mailbox permission after DeleteMailboxPermissions', async () => {
    expect(await granteesOf('alice')).toContain(demoIds.salesGroupId);
    await client.send(new DeleteMailboxPermissionsCommand({ OrganizationId: organizationId, EntityId: 'alice', GranteeId: 'sales@example.com' }));
    expect(await granteesOf('alice')).toEqual([demoIds.daveUserId]);
  });

  it('lists a permission granted by PutMailboxPermissions with its values and grantee type', async () => {
    await client.send(new PutMailboxPermissionsCommand({ OrganizationId: organizationId, EntityId: 'dave', GranteeId: 'sales', PermissionValues: ['SEND_AS', 'FULL_ACCESS'] }));
    const output = await client.send(new ListMailboxPermissionsCommand({ OrganizationId: organizationId, EntityId: demoIds.daveUserId }));
    // Dave's mailbox already grants alice SEND_AS (the demo's mirror permission); the new grant is listed beside it.
    expect(output.Permissions).toEqual([
      { GranteeId: demoIds.aliceUserId, GranteeType: 'USER', PermissionValues: ['SEND_AS'] },
      { GranteeId: demoIds.salesGroupId, GranteeType: 'GROUP', PermissionValues: ['SEND_AS', 'FULL_ACCESS'] },
    ]);
  });

  it('refuses PutMailboxPermissions with a value outside the enum', async () => {
    const outcome = await observe(() =>
      client.send(new PutMailboxPermissionsCommand({ OrganizationId: organizationId, EntityId: 'dave', GranteeId: 'sales', PermissionValues: ['READ' as 'SEND_AS'] })),
    );
    expect(outcome).toEqual({ ok: false, name: 'InvalidParameterException', status: 400 });
  });

  it('no longer lists a token after DeletePersonalAccessToken, for the organization and for its user', async () => {
    await client.send(new DeletePersonalAccessTokenCommand({ OrganizationId: organizationId, PersonalAccessTokenId: demoIds.aliceTokenId }));
    const all = await client.send(new ListPersonalAccessTokensCommand({ OrganizationId: organizationId }));
    const alices = await client.send(new ListPersonalAccessTokensCommand({ OrganizationId: organizationId, UserId: 'alice' }));
    // Only the token named goes: alice's other token stays, for the organization and for her.
    expect(all.PersonalAccessTokenSummaries?.map((token) => token.PersonalAccessTokenId)).toEqual([demoIds.aliceSecondTokenId, demoIds.daveTokenId]);
    expect(alices.PersonalAccessTokenSummaries?.map((token) => token.PersonalAccessTokenId)).toEqual([demoIds.aliceSecondTokenId]);
  });

  it('describes a Deleted organization with its state instead of refusing it', async () => {
    const output = await client.send(new DescribeOrganizationCommand({ OrganizationId: demoIds.deletedOrganizationId }));
    expect([output.OrganizationId, output.State, output.Alias]).toEqual([demoIds.deletedOrganizationId, 'Deleted', 'old-corp']);
  });

  it('lists users, groups and resources with the SDK member names', async () => {
    const users = await client.send(new ListUsersCommand({ OrganizationId: organizationId }));
    const groups = await client.send(new ListGroupsCommand({ OrganizationId: organizationId }));
    const resources = await client.send(new ListResourcesCommand({ OrganizationId: organizationId }));
    expect(users.Users?.map((user) => `${user.Name}:${user.State}`)).toEqual(['alice:ENABLED', 'dave:ENABLED', 'bob:DISABLED', 'carol:DELETED']);
    expect(groups.Groups).toEqual([{ Id: demoIds.salesGroupId, Name: 'sales', Email: 'sales@example.com', State: 'ENABLED' }]);
    expect(resources.Resources?.map((resource) => resource.Id)).toEqual([demoIds.meetingRoomResourceId]);
  });
});

describe('pagination with MaxResults and NextToken', () => {
  const manyUsers: FixtureInput = {
    organizations: [
      {
        id: organizationId,
        state: 'Active',
        entities: Array.from({ length: 250 }, (_, index) => ({
          id: `00000000-0000-4000-8000-${index.toString(16).padStart(12, '0')}`,
          type: 'USER' as const,
          name: `user${index}`,
          state: 'ENABLED' as const,
        })),
      },
    ],
  };

  async function allUserNames(maxResults: number | undefined): Promise<{ names: string[]; pages: number }> {
    const scoped = setupServer(...workMailHandlers(createWorkMailMock({ fixture: manyUsers })));
    server.close();
    scoped.listen({ onUnhandledRequest: 'error' });
    try {
      const names: string[] = [];
      let pages = 0;
      let nextToken: string | undefined;
      do {
        const output = await client.send(new ListUsersCommand({ OrganizationId: organizationId, MaxResults: maxResults, NextToken: nextToken }));
        pages += 1;
        names.push(...(output.Users ?? []).map((user) => user.Name ?? ''));
        nextToken = output.NextToken;
      } while (nextToken !== undefined);
      return { names, pages };
    } finally {
      scoped.close();
      server.listen({ onUnhandledRequest: 'error' });
    }
  }

  it('walks 250 users in pages of MaxResults, each exactly once, in order', async () => {
    const { names, pages } = await allUserNames(7);
    expect(pages).toBe(Math.ceil(250 / 7));
    expect(names).toEqual(Array.from({ length: 250 }, (_, index) => `user${index}`));
  });

  it('uses pages of 100 when MaxResults is omitted', async () => {
    const { names, pages } = await allUserNames(undefined);
    expect([names.length, pages]).toEqual([250, 3]);
  });

  it('refuses a NextToken it never issued', async () => {
    const outcome = await observe(() => client.send(new ListUsersCommand({ OrganizationId: organizationId, NextToken: 'bm90LWEtdG9rZW4' })));
    expect(outcome).toEqual({ ok: false, name: 'InvalidParameterException', status: 400 });
  });

  it('refuses a NextToken issued for another listing', async () => {
    const first = await client.send(new ListUsersCommand({ OrganizationId: organizationId, MaxResults: 1 }));
    const outcome = await observe(() =>
      client.send(new ListMailboxPermissionsCommand({ OrganizationId: organizationId, EntityId: 'alice', NextToken: first.NextToken })),
    );
    expect(first.NextToken).toBeDefined();
    expect(outcome).toEqual({ ok: false, name: 'InvalidParameterException', status: 400 });
  });

  it.each([0, 101])('refuses MaxResults %i outside 1..100', async (maxResults) => {
    const outcome = await observe(() => client.send(new ListUsersCommand({ OrganizationId: organizationId, MaxResults: maxResults })));
    expect(outcome).toEqual({ ok: false, name: 'InvalidParameterException', status: 400 });
  });
});
