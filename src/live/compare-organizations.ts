import type { Entity, Fixture, Organization } from '../fixture/fixture-schema.ts';
import type { OrganizationDifference } from '../report/conformance-report.ts';

/** A difference before the run's requests are matched against it. */
export type Difference = Omit<OrganizationDifference, 'namedByRun' | 'allowedLoss'> & {
  /** The resource's key fields by entity ID: `{ entityId, granteeId }` for a permission, `{ id }` for a token or entity. */
  readonly keys: Readonly<Record<string, string>>;
};

/** What differs between two reads of the same organizations, and what could not be compared. */
export interface Comparison {
  readonly differences: readonly Difference[];
  readonly notCompared: readonly string[];
  /** Of `notCompared`, what the first read listed and the second did not: there the second read proves nothing. */
  readonly unreadAfter: readonly string[];
}

function sameValues(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && [...a].sort().join(',') === [...b].sort().join(',');
}

function label(organization: Organization, entityId: string): string {
  const entity = organization.entities.find((candidate) => candidate.id === entityId);
  return entity === undefined ? entityId : `${entity.name} (${entityId})`;
}

function entitiesComplete(organization: Organization): boolean {
  return organization.listed?.entities ?? true;
}

function permissionsKnown(organization: Organization, entityId: string): boolean {
  return organization.entities.some((entity) => entity.id === entityId) && !(organization.listed?.mailboxPermissionsNotKnownOf ?? []).includes(entityId);
}

function describeEntity(entity: Entity): string {
  return `${entity.type} ${entity.name} (${entity.id}, ${entity.state}${entity.email === undefined ? '' : `, ${entity.email}`})`;
}

function compareOrganization(before: Organization, after: Organization, differences: Difference[], notCompared: string[], unreadAfter: string[]): void {
  const organizationId = before.id;
  const skip = (part: string, readBefore: boolean) => {
    notCompared.push(part);
    if (readBefore) unreadAfter.push(part);
  };
  const push = (difference: Omit<Difference, 'organizationId'>) => differences.push({ organizationId, ...difference });
  if (before.state !== after.state) push({ resource: 'organization', change: 'changed', description: `state ${before.state} -> ${after.state}`, keys: { id: organizationId } });

  if (entitiesComplete(before) && entitiesComplete(after)) {
    for (const entity of before.entities) {
      const now = after.entities.find((candidate) => candidate.id === entity.id);
      if (now === undefined) push({ resource: 'entity', change: 'removed', description: describeEntity(entity), keys: { id: entity.id } });
      else if (describeEntity(now) !== describeEntity(entity)) push({ resource: 'entity', change: 'changed', description: `${describeEntity(entity)} -> ${describeEntity(now)}`, keys: { id: entity.id } });
    }
    for (const entity of after.entities) {
      if (!before.entities.some((candidate) => candidate.id === entity.id)) push({ resource: 'entity', change: 'added', description: describeEntity(entity), keys: { id: entity.id } });
    }
  } else skip(`${organizationId}: the entities (a read did not list them to the end)`, entitiesComplete(before));

  const owners = new Set([...before.entities, ...after.entities].map((entity) => entity.id));
  for (const entityId of owners) {
    const knownBefore = permissionsKnown(before, entityId) || (entitiesComplete(before) && !before.entities.some((entity) => entity.id === entityId));
    const knownAfter = permissionsKnown(after, entityId) || (entitiesComplete(after) && !after.entities.some((entity) => entity.id === entityId));
    if (!knownBefore || !knownAfter) {
      skip(`${organizationId}: the mailbox permissions on ${label(after, entityId)} (a read could not list them)`, knownBefore);
      continue;
    }
    const was = before.mailboxPermissions.filter((permission) => permission.entityId === entityId);
    const is = after.mailboxPermissions.filter((permission) => permission.entityId === entityId);
    for (const permission of was) {
      const now = is.find((candidate) => candidate.granteeId === permission.granteeId);
      const what = `mailbox permission of ${label(after, permission.granteeId)} on ${label(after, entityId)}`;
      const keys = { entityId, granteeId: permission.granteeId };
      if (now === undefined) push({ resource: 'mailboxPermission', change: 'removed', description: `${what} (${permission.permissionValues.join(' ')})`, keys });
      else if (!sameValues(now.permissionValues, permission.permissionValues)) {
        push({ resource: 'mailboxPermission', change: 'changed', description: `${what}: ${permission.permissionValues.join(' ')} -> ${now.permissionValues.join(' ')}`, keys });
      }
    }
    for (const permission of is) {
      if (!was.some((candidate) => candidate.granteeId === permission.granteeId)) {
        push({ resource: 'mailboxPermission', change: 'added', description: `mailbox permission of ${label(after, permission.granteeId)} on ${label(after, entityId)} (${permission.permissionValues.join(' ')})`, keys: { entityId, granteeId: permission.granteeId } });
      }
    }
  }

  if ((before.listed?.personalAccessTokens ?? true) && (after.listed?.personalAccessTokens ?? true)) {
    for (const token of before.personalAccessTokens) {
      if (!after.personalAccessTokens.some((candidate) => candidate.id === token.id)) push({ resource: 'personalAccessToken', change: 'removed', description: `personal access token ${token.id} of ${label(before, token.userId)}`, keys: { id: token.id } });
    }
    for (const token of after.personalAccessTokens) {
      if (!before.personalAccessTokens.some((candidate) => candidate.id === token.id)) push({ resource: 'personalAccessToken', change: 'added', description: `personal access token ${token.id} of ${label(after, token.userId)}`, keys: { id: token.id } });
    }
  } else skip(`${organizationId}: the personal access tokens (a read did not list them to the end)`, before.listed?.personalAccessTokens ?? true);
}

/**
 * Compares two reads of the same organizations by content (the order of a list never counts): organization state, entities,
 * mailbox permissions with their values, personal access tokens. What either read could not list to the end is named in
 * `notCompared`, never reported as changed.
 *
 * @example
 * const { differences } = compareOrganizations(readAtStart, readAtEnd);
 * differences.length === 0; // the organizations are as they were
 */
export function compareOrganizations(before: Fixture, after: Fixture): Comparison {
  const differences: Difference[] = [];
  const notCompared: string[] = [];
  const unreadAfter: string[] = [];
  for (const organization of before.organizations) {
    const now = after.organizations.find((candidate) => candidate.id === organization.id);
    if (now === undefined) {
      notCompared.push(`${organization.id}: not read at the end`);
      unreadAfter.push(`${organization.id}: not read at the end`);
    } else compareOrganization(organization, now, differences, notCompared, unreadAfter);
  }
  return { differences, notCompared, unreadAfter };
}
