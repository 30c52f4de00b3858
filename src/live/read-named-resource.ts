import type { Entity, Fixture } from '../fixture/fixture-schema.ts';
import { describeCallError } from './discover-fixture.ts';
import type { NamedResource } from './live-send-plan.ts';
import type { WorkMailApi } from './work-mail-api.ts';

/** The mailbox permissions listed on one entity's mailbox: what a destructive run puts back after a delete. */
export interface MailboxSnapshot {
  readonly kind: 'mailboxPermission';
  readonly organizationId: string;
  /** The entity as the case names it (ID, name or email): the same value lists, deletes and puts back. */
  readonly entity: string;
  readonly permissions: readonly { readonly granteeId: string; readonly permissionValues: readonly string[] }[];
}

/** One record a List showed: its key (its identity and values, lower-cased) and how a report names it. */
export interface ListedRecord {
  readonly key: string;
  readonly text: string;
  /** A mailbox permission's grantee, as listed. */
  readonly granteeId?: string;
}

/**
 * Everything one read-only call listed of the part a delete could change: the permissions of the mailbox it names, or the
 * tokens of its organization. Read again after the delete, it shows what the delete removed besides what it named.
 */
export interface ScopeListing {
  readonly kind: 'mailboxPermission' | 'personalAccessToken';
  readonly organizationId: string;
  /** The mailbox's entity as the case names it (a mailbox permission's part), or `undefined` for an organization's tokens. */
  readonly entity: string | undefined;
  readonly records: readonly ListedRecord[];
}

/** What a read-only call made just before a delete showed of the resource the delete names. */
export type ResourceRead =
  | { readonly status: 'absent'; readonly evidence: string; readonly listing?: ScopeListing }
  | { readonly status: 'present'; readonly evidence: string; readonly snapshot: MailboxSnapshot | undefined; readonly listing: ScopeListing }
  | { readonly status: 'notVerifiable'; readonly why: string };

function permissionListing(organizationId: string, entity: string, permissions: readonly { readonly granteeId: string; readonly permissionValues: readonly string[] }[]): ScopeListing {
  const records = permissions.map((permission) => {
    const values = [...permission.permissionValues].sort();
    return { key: `${permission.granteeId.toLowerCase()} ${values.join(' ')}`, text: `the mailbox permission of ${permission.granteeId} on ${entity} (${values.join(' ')})`, granteeId: permission.granteeId };
  });
  return { kind: 'mailboxPermission', organizationId, entity, records };
}

function tokenListing(organizationId: string, tokens: readonly { readonly id: string; readonly userId: string }[]): ScopeListing {
  return { kind: 'personalAccessToken', organizationId, entity: undefined, records: tokens.map((token) => ({ key: token.id.toLowerCase(), text: `personal access token ${token.id} of ${token.userId}` })) };
}

/**
 * Lists the same part again (through `api`), or `undefined` where the call fails.
 *
 * @example
 * const after = await readScopeAgain(restoreApi, before);
 * after === undefined ? 'not read' : goneFrom(before, after).map((record) => record.text);
 */
export async function readScopeAgain(api: WorkMailApi, listing: ScopeListing): Promise<ScopeListing | undefined> {
  try {
    if (listing.kind === 'personalAccessToken') return tokenListing(listing.organizationId, await api.listPersonalAccessTokens(listing.organizationId));
    const entity = listing.entity ?? '';
    return permissionListing(listing.organizationId, entity, await api.listMailboxPermissions(listing.organizationId, entity));
  } catch {
    return undefined;
  }
}

/**
 * The records of `before` that `after` no longer lists as they were (gone, or with other values).
 *
 * @example
 * goneFrom(before, after).map((record) => record.text); // ['the mailbox permission of bob on alice (FULL_ACCESS)']
 */
export function goneFrom(before: ScopeListing, after: ScopeListing): ListedRecord[] {
  const listed = new Set(after.records.map((record) => record.key));
  return before.records.filter((record) => !listed.has(record.key));
}

function errorName(error: unknown): unknown {
  return (error as { name?: unknown } | undefined)?.name;
}

/** Whether an organization's error means it does not exist, so nothing in it can be deleted. */
function organizationMissing(error: unknown): boolean {
  return errorName(error) === 'OrganizationNotFoundException';
}

const entityTypes = ['USER', 'GROUP', 'RESOURCE'] as const;

/**
 * After ListMailboxPermissions found no entity by `entity` (it takes users and resources; a delete also takes groups), reads
 * every entity list: absent when no user, group or resource could be the one named, so no permission on it can exist.
 */
async function readNoEntityNamed(api: WorkMailApi, organizationId: string, entity: string, answer: string): Promise<ResourceRead> {
  for (const type of entityTypes) {
    let listed: Awaited<ReturnType<WorkMailApi['listEntities']>>;
    try {
      listed = await api.listEntities(organizationId, type);
    } catch (error) {
      return { status: 'notVerifiable', why: `${answer}, and listing ${type} entities answered ${describeCallError(error)}` };
    }
    const named = listed.find((candidate) => isNamedBy(entity, candidate));
    if (named !== undefined) return { status: 'notVerifiable', why: `${answer}, yet ${entity} may name ${type} ${named.name} (${named.id}), whose permissions it does not list` };
  }
  return { status: 'absent', evidence: `${answer}, and no user, group or resource listed now is named ${entity}` };
}

/**
 * The entities of an organization that the run read or was told of, to tell which entity a listed ID is.
 *
 * @example
 * entitiesOf([discovered], 'm-…').map((entity) => entity.name); // ['alice', 'bob', 'sales']
 */
export function entitiesOf(known: readonly Fixture[], organizationId: string): Entity[] {
  return known.flatMap((fixture) => fixture.organizations.filter((organization) => organization.id === organizationId).flatMap((organization) => organization.entities));
}

/**
 * Whether `value` (an ID, name or email as a request gives it) could name the entity with ID `entityId`: the same ID or a
 * name or email of that entity in any letter case, or an entity the run does not know, which could be named anything.
 *
 * @example
 * couldName('SALES', 'e8f7…', [{ id: 'e8f7…', name: 'sales', … }]); // true
 */
export function couldName(value: string, entityId: string, entities: readonly Entity[]): boolean {
  if (entityId.toLowerCase() === value.toLowerCase()) return true;
  const matching = entities.filter((entity) => entity.id === entityId);
  return matching.length === 0 || matching.some((entity) => isNamedBy(value, entity));
}

/**
 * Whether two values a request may name a mailbox by (an ID, a name, an email) could name the same entity: the same value in
 * any letter case, one entity both name, or a value no entity the run knows answers to, which could be any of them.
 *
 * @example
 * mayNameSameEntity('alice', '3f2a…', [{ id: '3f2a…', name: 'alice', … }]); // true
 * mayNameSameEntity('alice', 'bob', [{ id: '3f2a…', name: 'alice', … }, { id: 'd4c3…', name: 'bob', … }]); // false
 */
export function mayNameSameEntity(left: string, right: string, entities: readonly Entity[]): boolean {
  if (left.toLowerCase() === right.toLowerCase()) return true;
  const leftNames = entities.filter((entity) => isNamedBy(left, entity));
  const rightNames = entities.filter((entity) => isNamedBy(right, entity));
  // By ID: the run's read and the user's fixture may each list the same entity.
  return leftNames.length === 0 || rightNames.length === 0 || leftNames.some((entity) => rightNames.some((other) => other.id.toLowerCase() === entity.id.toLowerCase()));
}

/** Whether `value` is the entity's ID, name or email in any letter case. */
function isNamedBy(value: string, entity: { readonly id: string; readonly name: string; readonly email?: string | undefined }): boolean {
  const folded = value.toLowerCase();
  return entity.id.toLowerCase() === folded || entity.name.toLowerCase() === folded || entity.email?.toLowerCase() === folded;
}

/**
 * Reads, with one read-only call, whether the resource a delete names exists right now: ListMailboxPermissions of the entity
 * for a mailbox permission, ListPersonalAccessTokens of the organization for a token. Absent only when the answer rules it out
 * (the organization does not exist, or no listed item could be the one named); an error answer proves nothing.
 *
 * @example
 * const read = await readNamedResource(api, { kind: 'mailboxPermission', organizationId, keys: { entityId: 'alice', granteeId: 'sales' } }, [discovered]);
 * read.status; // 'present'
 */
export async function readNamedResource(api: WorkMailApi, resource: NamedResource, known: readonly Fixture[]): Promise<ResourceRead> {
  const { organizationId, keys } = resource;
  switch (resource.kind) {
    case 'mailboxPermission': {
      const entity = keys['entityId'] ?? '';
      const grantee = keys['granteeId'] ?? '';
      let permissions: Awaited<ReturnType<WorkMailApi['listMailboxPermissions']>>;
      try {
        permissions = await api.listMailboxPermissions(organizationId, entity);
      } catch (error) {
        if (organizationMissing(error)) return { status: 'absent', evidence: `ListMailboxPermissions: organization ${organizationId} does not exist` };
        const answer = `ListMailboxPermissions of ${entity} answered ${describeCallError(error)}`;
        return errorName(error) === 'EntityNotFoundException' ? readNoEntityNamed(api, organizationId, entity, answer) : { status: 'notVerifiable', why: answer };
      }
      const entities = entitiesOf(known, organizationId);
      const candidates = permissions.filter((permission) => couldName(grantee, permission.granteeId, entities));
      const listing = permissionListing(organizationId, entity, permissions);
      if (candidates.length === 0) return { status: 'absent', evidence: `ListMailboxPermissions of ${entity} lists ${permissions.length} grantee(s), none of them ${grantee}`, listing };
      const snapshot: MailboxSnapshot = { kind: 'mailboxPermission', organizationId, entity, permissions };
      return { status: 'present', evidence: `ListMailboxPermissions of ${entity} lists ${candidates.map((permission) => `${permission.granteeId} (${permission.permissionValues.join(' ')})`).join(', ')}, which may be ${grantee}`, snapshot, listing };
    }
    case 'personalAccessToken': {
      const id = (keys['id'] ?? '').toLowerCase();
      let tokens: Awaited<ReturnType<WorkMailApi['listPersonalAccessTokens']>>;
      try {
        tokens = await api.listPersonalAccessTokens(organizationId);
      } catch (error) {
        if (organizationMissing(error)) return { status: 'absent', evidence: `ListPersonalAccessTokens: organization ${organizationId} does not exist` };
        return { status: 'notVerifiable', why: `ListPersonalAccessTokens answered ${describeCallError(error)}` };
      }
      const found = tokens.find((token) => token.id.toLowerCase() === id);
      const listing = tokenListing(organizationId, tokens);
      if (found === undefined) return { status: 'absent', evidence: `ListPersonalAccessTokens lists ${tokens.length} token(s), none of them ${keys['id'] ?? ''}`, listing };
      return { status: 'present', evidence: `ListPersonalAccessTokens lists token ${found.id} of ${found.userId}`, snapshot: undefined, listing };
    }
    default:
      // A kind with no known read is never shown absent: its deletes are held back.
      return { status: 'notVerifiable', why: `no read-only call is known that shows whether a ${resource.kind} would be deleted` };
  }
}

/**
 * Where another organization the run read holds what a delete names: a token with its ID, or a permission between entities
 * its entity and grantee could name. A server that ignores the OrganizationId of a delete would delete that instead, so a
 * live run sends no such delete (the tenant-isolation cases name exactly these). Described for the report; `undefined` when
 * no other organization holds one.
 *
 * @example
 * heldElsewhere({ kind: 'personalAccessToken', organizationId: 'm-a…', keys: { id: 'tok-b' } }, [discovered]);
 * // 'token tok-b of organization m-b…'
 */
export function heldElsewhere(resource: NamedResource, known: readonly Fixture[]): string | undefined {
  return heldIn(resource, known, (organizationId) => organizationId !== resource.organizationId);
}

/**
 * Where the reads the run made at its start (or the user's fixture) show, in the resource's own organization, what a delete
 * names: a read just before it that shows it absent contradicts them (a read that lags behind a put, or drops items), and a
 * live run then holds the delete back. Described for the report; `undefined` when they do not show it.
 *
 * @example
 * heldAtStart({ kind: 'personalAccessToken', organizationId: 'm-a…', keys: { id: 'tok-a' } }, [discovered]);
 * // 'token tok-a of organization m-a…'
 */
export function heldAtStart(resource: NamedResource, known: readonly Fixture[]): string | undefined {
  return heldIn(resource, known, (organizationId) => organizationId === resource.organizationId);
}

function heldIn(resource: NamedResource, known: readonly Fixture[], inScope: (organizationId: string) => boolean): string | undefined {
  const organizations = known.flatMap((fixture) => fixture.organizations).filter((organization) => inScope(organization.id));
  for (const organization of organizations) {
    if (resource.kind === 'personalAccessToken') {
      const id = (resource.keys['id'] ?? '').toLowerCase();
      const token = organization.personalAccessTokens.find((candidate) => candidate.id.toLowerCase() === id);
      if (token !== undefined) return `token ${token.id} of organization ${organization.id}`;
    } else if (resource.kind === 'mailboxPermission') {
      const entity = resource.keys['entityId'] ?? '';
      const grantee = resource.keys['granteeId'] ?? '';
      const permission = organization.mailboxPermissions.find(
        (candidate) => couldName(entity, candidate.entityId, organization.entities) && couldName(grantee, candidate.granteeId, organization.entities),
      );
      if (permission !== undefined) return `the mailbox permission of ${permission.granteeId} on ${permission.entityId} in organization ${organization.id}`;
    }
  }
  return undefined;
}
