import { ConfigError } from '../config-error.ts';
import type { Entity, Fixture, MailboxPermission, Organization, PersonalAccessToken } from '../fixture/fixture-schema.ts';
import { parseFixture } from '../fixture/load-fixture.ts';
import type { WorkMailApi } from './work-mail-api.ts';

const mailboxOwners: ReadonlySet<Entity['type']> = new Set(['USER', 'RESOURCE']);

function describeError(error: unknown): string {
  const name = (error as { name?: unknown } | undefined)?.name;
  const message = error instanceof Error ? error.message.split('\n')[0] : String(error);
  return typeof name === 'string' && name !== 'Error' ? `${name}: ${message}` : (message ?? 'error');
}

async function discoverOrganization(api: WorkMailApi, organizationId: string): Promise<Organization> {
  const described = await api.describeOrganization(organizationId);
  const entities: Entity[] = (await api.listEntities(organizationId))
    .filter((entity) => entity.id !== '' && entity.name !== '')
    .map((entity) => ({
      id: entity.id,
      type: entity.type,
      name: entity.name,
      ...(entity.email === undefined || entity.email === '' ? {} : { email: entity.email }),
      state: entity.state === 'ENABLED' || entity.state === 'DISABLED' ? entity.state : 'DELETED',
    }));
  const ids = new Set(entities.map((entity) => entity.id));
  const mailboxPermissions: MailboxPermission[] = [];
  for (const entity of entities) {
    if (!mailboxOwners.has(entity.type) || entity.state === 'DELETED') continue;
    for (const permission of await api.listMailboxPermissions(organizationId, entity.id)) {
      // The fixture format names grantees by entity ID; a grantee outside the lists cannot be named by a case anyway.
      if (!ids.has(permission.granteeId) || permission.permissionValues.length === 0) continue;
      mailboxPermissions.push({ entityId: entity.id, granteeId: permission.granteeId, permissionValues: permission.permissionValues as MailboxPermission['permissionValues'] });
    }
  }
  const personalAccessTokens: PersonalAccessToken[] = (await api.listPersonalAccessTokens(organizationId))
    .filter((token) => token.id !== '' && ids.has(token.userId))
    .map((token) => ({ id: token.id, userId: token.userId, ...(token.name === undefined || token.name === '' ? {} : { name: token.name }) }));
  return {
    id: described.id,
    state: described.state,
    ...(described.alias === undefined || described.alias === '' ? {} : { alias: described.alias }),
    entities,
    mailboxPermissions,
    personalAccessTokens,
  };
}

/**
 * Builds a fixture from read-only calls (DescribeOrganization, ListUsers, ListGroups, ListResources, ListMailboxPermissions per
 * user and resource, ListPersonalAccessTokens), following NextToken. Any failure is one {@link ConfigError} line: a run never
 * guesses what an organization holds.
 *
 * @example
 * const fixture = await discoverFixture(api, ['m-0f1e2d3c4b5a69788796a5b4c3d2e1f0']);
 */
export async function discoverFixture(api: WorkMailApi, organizationIds: readonly string[]): Promise<Fixture> {
  const organizations: Organization[] = [];
  for (const organizationId of organizationIds) {
    try {
      organizations.push(await discoverOrganization(api, organizationId));
    } catch (error) {
      if (error instanceof ConfigError) throw error;
      throw new ConfigError(`--organization-id ${organizationId}: discovery failed (${describeError(error)}); pass --fixture to describe the organization instead`);
    }
  }
  return parseFixture({ organizations }, 'discovered fixture');
}
