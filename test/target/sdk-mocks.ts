/**
 * WorkMail clients mocked with aws-sdk-client-mock the way people write them, for the SDK target's tests and the README.
 */
import {
  DeleteMailboxPermissionsCommand,
  DeletePersonalAccessTokenCommand,
  EntityNotFoundException,
  EntityStateException,
  InvalidParameterException,
  OrganizationNotFoundException,
  OrganizationStateException,
  WorkMailClient,
} from '@aws-sdk/client-workmail';
import { mockClient } from 'aws-sdk-client-mock';
import type { FixtureInput } from '../../src/fixture/fixture-schema.ts';

const credentials = { accessKeyId: 'AKIDMOCKED', secretAccessKey: 'mocked' };

/** What the careful mock starts with, and the fixture that describes it to the kit. */
export const carefulMockFixture = {
  organizations: [
    {
      id: 'm-1111111111111111111111111111aaaa',
      state: 'Active',
      entities: [
        { id: '0b6a5c1e-2d3f-4a5b-8c7d-9e0f1a2b3c4d', type: 'USER', name: 'ann', email: 'ann@corp.example', state: 'ENABLED' },
        { id: '1c7b6d2f-3e4a-4b6c-9d8e-0f1a2b3c4d5e', type: 'USER', name: 'ben', email: 'ben@corp.example', state: 'ENABLED' },
        { id: '2d8c7e3a-4f5b-4c7d-8e9f-1a2b3c4d5e6f', type: 'USER', name: 'cy', email: 'cy@corp.example', state: 'DISABLED' },
      ],
      mailboxPermissions: [{ entityId: '0b6a5c1e-2d3f-4a5b-8c7d-9e0f1a2b3c4d', granteeId: '1c7b6d2f-3e4a-4b6c-9d8e-0f1a2b3c4d5e', permissionValues: ['FULL_ACCESS'] }],
      personalAccessTokens: [{ id: '3e9d8f4b-5a6c-4d8e-9f0a-2b3c4d5e6f7a', userId: '0b6a5c1e-2d3f-4a5b-8c7d-9e0f1a2b3c4d' }],
    },
    { id: 'm-2222222222222222222222222222bbbb', state: 'Deleted', entities: [], mailboxPermissions: [], personalAccessTokens: [] },
  ],
} satisfies FixtureInput;

/** The mock most people write first: every call succeeds. */
export function naiveMockedClient(): WorkMailClient {
  const client = new WorkMailClient({ region: 'us-east-1', credentials });
  const workmail = mockClient(client);
  workmail.on(DeletePersonalAccessTokenCommand).resolves({});
  workmail.on(DeleteMailboxPermissionsCommand).resolves({});
  return client;
}

/** A mock that keeps its data in maps, checks the documented constraints, and throws the modeled exceptions as one usually does. */
export function carefulMockedClient(): WorkMailClient {
  const organizations = new Map(carefulMockFixture.organizations.map((organization) => [organization.id, organization]));
  const tokens = new Set(carefulMockFixture.organizations.flatMap((organization) => organization.personalAccessTokens.map((token) => `${organization.id}/${token.id}`)));
  const permissions = new Set(
    carefulMockFixture.organizations.flatMap((organization) => organization.mailboxPermissions.map((permission) => `${organization.id}/${permission.entityId}/${permission.granteeId}`)),
  );

  const invalid = (message: string) => new InvalidParameterException({ message, $metadata: {} });
  const check = (value: unknown, name: string, pattern: RegExp): string => {
    if (typeof value !== 'string' || !pattern.test(value)) throw invalid(`${name} is not valid`);
    return value;
  };
  const activeOrganization = (id: string) => {
    const organization = organizations.get(id);
    if (organization === undefined) throw new OrganizationNotFoundException({ message: `no organization ${id}`, $metadata: {} });
    if (organization.state !== 'Active') throw new OrganizationStateException({ message: `organization ${id} is ${organization.state}`, $metadata: {} });
    return organization;
  };
  const enabledEntity = (organization: (typeof carefulMockFixture.organizations)[number], identifier: string) => {
    const wanted = identifier.toLowerCase();
    const entity = organization.entities.find((candidate) => [candidate.id, candidate.name, candidate.email].some((key) => key.toLowerCase() === wanted));
    if (entity === undefined) throw new EntityNotFoundException({ message: `no entity ${identifier}`, $metadata: {} });
    if (entity.state !== 'ENABLED') throw new EntityStateException({ message: `entity ${identifier} is ${entity.state}`, $metadata: {} });
    return entity;
  };

  const client = new WorkMailClient({ region: 'us-east-1', credentials });
  const workmail = mockClient(client);
  workmail.on(DeletePersonalAccessTokenCommand).callsFake((input: Record<string, unknown>) => {
    const organizationId = check(input['OrganizationId'], 'OrganizationId', /^m-[0-9a-f]{32}$/);
    const tokenId = check(input['PersonalAccessTokenId'], 'PersonalAccessTokenId', /^[a-zA-Z0-9_-]{1,64}$/);
    activeOrganization(organizationId);
    tokens.delete(`${organizationId}/${tokenId}`);
    return {};
  });
  workmail.on(DeleteMailboxPermissionsCommand).callsFake((input: Record<string, unknown>) => {
    const organizationId = check(input['OrganizationId'], 'OrganizationId', /^m-[0-9a-f]{32}$/);
    const entityId = check(input['EntityId'], 'EntityId', /^[a-zA-Z0-9._%+@-]{1,256}$/);
    const granteeId = check(input['GranteeId'], 'GranteeId', /^[a-zA-Z0-9._%+@-]{1,256}$/);
    const organization = activeOrganization(organizationId);
    const entity = enabledEntity(organization, entityId);
    const grantee = enabledEntity(organization, granteeId);
    permissions.delete(`${organizationId}/${entity.id}/${grantee.id}`);
    return {};
  });
  return client;
}
