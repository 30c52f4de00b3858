import { errnoCode } from '../errno-code.ts';
import { ConfigError, isConfigError } from '../config-error.ts';
import type { Entity, Fixture, MailboxPermission, Organization, PersonalAccessToken } from '../fixture/fixture-schema.ts';
import { asWrittenOrganizationState } from '../fixture/organization-facts.ts';
import { isStopSending } from '../target/target.ts';
import type { EntityType, ListedEntity, WorkMailApi } from './work-mail-api.ts';

/** A part of an organization that discovery could not read to the end, and why: what the run then does not know. */
export interface DiscoveryGap {
  readonly organizationId: string;
  /** What is not known, e.g. `groups`, `mailbox permissions of 3f2a… (GROUP sales)`, `personal access tokens`. */
  readonly what: string;
  readonly why: string;
}

/** What discovery read: the organizations as a fixture (whose `listed` says what was read to the end), and each gap. */
export interface Discovery {
  readonly fixture: Fixture;
  readonly gaps: readonly DiscoveryGap[];
}

const entityTypes: readonly { readonly type: EntityType; readonly plural: string }[] = [
  { type: 'USER', plural: 'users' },
  { type: 'GROUP', plural: 'groups' },
  { type: 'RESOURCE', plural: 'resources' },
];

/**
 * One line for an error a List call answered with, as gaps and held-back cases quote it.
 *
 * @example
 * describeCallError(Object.assign(new Error('no'), { name: 'EntityStateException' })); // 'EntityStateException: no'
 */
export function describeCallError(error: unknown): string {
  const name = (error as { name?: unknown } | undefined)?.name;
  const status = (error as { $metadata?: { httpStatusCode?: unknown } } | undefined)?.$metadata?.httpStatusCode;
  // The SDK could not read the answer as JSON (an HTML error page, a body cut short): its parser's words say nothing.
  if (name === 'SyntaxError') return `${typeof status === 'number' ? `HTTP ${status}, ` : ''}an answer whose body is not JSON`;
  const message = error instanceof Error ? (error.message.split('\n')[0] ?? '') : String(error);
  // The SDK names a connection reset or a broken pipe TimeoutError (for its retries): the system's code says what happened.
  const code = errnoCode(error, 'ETIMEDOUT');
  const shown = name === 'TimeoutError' && code !== 'ETIMEDOUT' ? code : name;
  return typeof shown === 'string' && shown !== 'Error' ? `${shown}: ${message}` : message || 'error';
}

/** Runs one read; a user mistake (credentials) or a spent budget ends discovery, any other failure becomes a gap. */
async function attempt<T>(read: () => Promise<T>): Promise<{ ok: true; value: T } | { ok: false; why: string }> {
  try {
    return { ok: true, value: await read() };
  } catch (error) {
    if (isConfigError(error) || isStopSending(error)) throw error;
    return { ok: false, why: describeCallError(error) };
  }
}

function toEntity(listed: ListedEntity): Entity {
  return {
    id: listed.id,
    type: listed.type,
    name: listed.name,
    ...(listed.email === undefined || listed.email === '' ? {} : { email: listed.email }),
    state: listed.state === 'ENABLED' || listed.state === 'DISABLED' ? listed.state : 'DELETED',
  };
}

async function discoverOrganization(api: WorkMailApi, organizationId: string, gaps: DiscoveryGap[]): Promise<Organization> {
  const gap = (what: string, why: string) => gaps.push({ organizationId, what, why });
  const described = await api.describeOrganization(organizationId);
  let entitiesComplete = true;
  const entities = new Map<string, Entity>();
  for (const { type, plural } of entityTypes) {
    const listed = await attempt(() => api.listEntities(organizationId, type));
    if (!listed.ok) {
      entitiesComplete = false;
      gap(plural, listed.why);
      continue;
    }
    for (const entity of listed.value) {
      if (entity.id === '' || entity.name === '') {
        entitiesComplete = false;
        gap(plural, `one was listed without ${entity.id === '' ? 'an ID' : 'a name'}, so it cannot be described`);
      } else if (!entities.has(entity.id)) entities.set(entity.id, toEntity(entity));
    }
  }
  const mailboxPermissions: MailboxPermission[] = [];
  const mailboxPermissionsNotKnownOf: string[] = [];
  // Every entity of every type and state: nothing documented says which of them can hold permissions on their mailbox.
  for (const entity of entities.values()) {
    const label = `mailbox permissions of ${entity.id} (${entity.type} ${entity.name}, ${entity.state})`;
    const listed = await attempt(() => api.listMailboxPermissions(organizationId, entity.id));
    if (!listed.ok) {
      mailboxPermissionsNotKnownOf.push(entity.id);
      gap(label, listed.why);
      continue;
    }
    const unnamed = listed.value.find((permission) => !entities.has(permission.granteeId) || permission.permissionValues.length === 0);
    const twice = listed.value.find((permission, index) => listed.value.findIndex((other) => other.granteeId === permission.granteeId) !== index);
    if (unnamed !== undefined || twice !== undefined) {
      // The fixture names grantees by the IDs of listed entities, once a mailbox; a list it cannot describe is unknown as a whole.
      mailboxPermissionsNotKnownOf.push(entity.id);
      const why =
        unnamed === undefined
          ? `grantee ${twice?.granteeId ?? ''} is listed twice`
          : unnamed.permissionValues.length === 0
            ? `grantee ${unnamed.granteeId} holds no permission value`
            : `grantee ${unnamed.granteeId} is not among the listed entities`;
      gap(label, why);
      continue;
    }
    for (const permission of listed.value) {
      const values = [...new Set(permission.permissionValues)] as MailboxPermission['permissionValues'];
      mailboxPermissions.push({ entityId: entity.id, granteeId: permission.granteeId, permissionValues: values });
    }
  }
  let tokensComplete = true;
  const personalAccessTokens: PersonalAccessToken[] = [];
  const tokens = await attempt(() => api.listPersonalAccessTokens(organizationId));
  if (!tokens.ok) {
    tokensComplete = false;
    gap('personal access tokens', tokens.why);
  } else {
    for (const token of tokens.value) {
      if (token.id === '' || !entities.has(token.userId)) {
        tokensComplete = false;
        gap('personal access tokens', token.id === '' ? 'one was listed without an ID' : `token ${token.id} belongs to ${token.userId}, who is not among the listed entities`);
      } else if (!personalAccessTokens.some((known) => known.id === token.id)) {
        personalAccessTokens.push({ id: token.id, userId: token.userId, ...(token.name === undefined || token.name === '' ? {} : { name: token.name }) });
      }
    }
  }
  return {
    id: described.id,
    // As the fixture format spells it: a service answering `ACTIVE` is read as the Active state the specs name.
    state: asWrittenOrganizationState(described.state),
    ...(described.alias === undefined || described.alias === '' ? {} : { alias: described.alias }),
    entities: [...entities.values()],
    mailboxPermissions,
    personalAccessTokens,
    listed: { entities: entitiesComplete, personalAccessTokens: tokensComplete, mailboxPermissionsNotKnownOf },
  };
}

/**
 * Reads organizations with read-only calls only (DescribeOrganization; ListUsers, ListGroups, ListResources; ListMailboxPermissions
 * of every entity of every type and state; ListPersonalAccessTokens), following NextToken. A list that cannot be read to the end
 * is a gap, and the fixture's `listed` marks it "not known", never "none". An organization that cannot be described is one
 * {@link ConfigError} line: a run never guesses what an organization holds.
 *
 * @example
 * const { fixture, gaps } = await discoverOrganizations(api, ['m-0f1e2d3c4b5a69788796a5b4c3d2e1f0']);
 * fixture.organizations[0]?.listed; // { entities: true, personalAccessTokens: true, mailboxPermissionsNotKnownOf: [] }
 */
export async function discoverOrganizations(api: WorkMailApi, organizationIds: readonly string[]): Promise<Discovery> {
  const organizations: Organization[] = [];
  const gaps: DiscoveryGap[] = [];
  for (const organizationId of organizationIds) {
    try {
      organizations.push(await discoverOrganization(api, organizationId, gaps));
    } catch (error) {
      if (isConfigError(error)) throw error;
      if (isStopSending(error)) throw new ConfigError(`--max-requests: the budget does not hold the read of ${organizationId} (${error.message})`);
      throw new ConfigError(`organization ${organizationId}: DescribeOrganization failed (${describeCallError(error)})`);
    }
  }
  // Loaded here: a run that discovers nothing (not live) loads no validator (zod) with this module.
  const { parseFixture } = await import('../fixture/load-fixture.ts');
  return { fixture: parseFixture({ organizations }, 'discovered fixture'), gaps };
}
