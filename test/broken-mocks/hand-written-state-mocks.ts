import type { Entity, Fixture } from '../../src/fixture/fixture-schema.ts';
import { validateInput } from '../../src/spec/constraints.ts';
import { loadOperationSpecs } from '../../src/spec/load-spec.ts';
import type { HttpHandle } from '../../src/target/handler-target.ts';
import type { HttpRequestMessage, HttpResponseMessage } from '../../src/wire/http-message.ts';

/**
 * The state bugs people write into a hand-made WorkMail mock, each in a successful delete (or a lookup) that still answers 200.
 * `none` is the careful version, which must be conformant.
 */
export type StateBug =
  /** DeleteMailboxPermissions answers 200 and removes nothing. */
  | 'permissionKept'
  /** DeleteMailboxPermissions removes every permission on the entity's mailbox, not only the grantee's. */
  | 'wholeMailboxRemoved'
  /** DeleteMailboxPermissions removes the grantee's permission on the entity (the pair swapped): the mirror permission. */
  | 'mirrorRemoved'
  /** DeleteMailboxPermissions removes only the first of the grantee's permission values. */
  | 'someValuesDropped'
  /**
   * DeleteMailboxPermissions of a permission the organization does not hold removes its last permission instead: the mock
   * keeps an array and calls `permissions.splice(permissions.findIndex(…), 1)`, and `findIndex` gave -1.
   */
  | 'lastRemovedWhenAbsent'
  /** DeletePersonalAccessToken answers 200 and keeps the token. */
  | 'tokenKept'
  /** Entities and tokens are looked up, and deleted, in every organization, not only the one the request names. */
  | 'crossOrganizationLookup'
  /**
   * DeleteMailboxPermissions soft-deletes (marks the pair deleted, and List hides marked pairs); PutMailboxPermissions writes
   * the values but never clears the mark, so a pair put again after a delete stays lost.
   */
  | 'putLostAfterDelete'
  /**
   * Not a bug: PutMailboxPermissions grants to an entity in any state (a DELETED or DISABLED one too), as a mock that uses
   * Put only to set up data does. That is a reading of the open points disabled-entity and deleted-entity: this mock must be
   * conformant, with no warning.
   */
  | 'lenientPut'
  /**
   * Not a bug of the operations under test: PutMailboxPermissions looks entities up among the ENABLED ones only, so it
   * answers EntityNotFoundException for a DISABLED one. The kit's model of Put does not allow that answer, but Put is no
   * operation under test: this mock must be conformant, with warnings.
   */
  | 'putHidesDisabled'
  /**
   * Not a bug of the operations under test either: PutMailboxPermissions adds the values given to those the pair holds
   * (a Set per pair) rather than replacing them. Must be conformant.
   */
  | 'putMergesValues'
  /**
   * Not a bug of the operations under test either: ListMailboxPermissions answers EntityNotFoundException for a mailbox
   * that holds no permission (a mock that keeps mailboxes only as entries of its permission map). Must be conformant.
   */
  | 'emptyMailboxNotFound'
  /**
   * Not a bug: the List operations leave the list out when it would be empty (`{}`), as many mocks and services do; output
   * members are optional, and the AWS SDK gives `undefined` for it. Must be conformant.
   */
  | 'emptyListOmitted'
  /**
   * Not a bug of the operations under test: the List operations answer an object where the list would be empty
   * (`{"Permissions": {}}`), a List's own fault. Must be conformant.
   */
  | 'emptyListAsObject'
  /**
   * Not a bug of the operations under test: PutMailboxPermissions answers 200 and stores nothing (a stub that only sets
   * up data nobody reads back). Must be conformant: the stateful phase cannot set up its sequences, and says so.
   */
  | 'putStoresNothing'
  /**
   * Not a bug of the operations under test either: PutMailboxPermissions answers 200 but only changes the values of a pair
   * held, never creating one. Must be conformant.
   */
  | 'putUpdatesOnly'
  /**
   * Not a bug of the operations under test either: PutMailboxPermissions sends its errors with status 200 (an msw
   * `HttpResponse.json({ __type, message })` without its status), so a put refused (a DELETED grantee) reads as a success.
   * Must be conformant: what the target holds after it is not known, and no later List is the delete's fault (trialV #5).
   */
  | 'putErrorsAsSuccess'
  /** Entities found by an identifier their ID starts with (`entity.id.startsWith(identifier)`), a "tolerant" lookup. */
  | 'idPrefixLookup'
  /** Entities found by an identifier that contains their name (`identifier.includes(entity.name)`). */
  | 'nameInIdentifierLookup'
  /** Entities found by an address with their email's local part, at any domain. */
  | 'emailLocalPartLookup'
  /** Organizations found by the first 12 characters of their ID. */
  | 'organizationPrefixLookup'
  /**
   * Not a bug: DeletePersonalAccessToken finds a token by its ID in any letter case (`id.toLowerCase() === given.toLowerCase()`
   * within the organization), a reading of the open point token-id-case. Must be conformant (trialAA #1).
   */
  | 'tokenIdsIgnoreCase'
  /** Tokens found by their ID in any letter case in any organization: a lookup that ignores case, and the OrganizationId. */
  | 'tokenIdsIgnoreCaseAndOrganization'
  /** Tokens deleted by an ID their own starts with. */
  | 'tokenPrefixDelete'
  /** DeletePersonalAccessToken removes every token of the named token's user. */
  | 'tokensOfUserDeleted'
  /** Tokens deleted by their ID or their user's: `tokens.filter((token) => token.id !== id && token.userId !== id)` (bugs3). */
  | 'tokenOrUserIdDelete'
  /** DeleteMailboxPermissions looks the entities up, then deletes by the request's own text: by name or email, nothing (bugs3). */
  | 'deleteByRequestText'
  | 'none';

interface OrganizationState {
  readonly state: string;
  readonly entities: readonly Entity[];
  /** `entityId grantee` → permission values. */
  readonly permissions: Map<string, string[]>;
  /** token ID → user ID. */
  readonly tokens: Map<string, string>;
  /** `entityId grantee` of pairs soft-deleted (the `putLostAfterDelete` bug only). */
  readonly deleted: Set<string>;
}

const json = 'application/x-amz-json-1.1';

function error(type: string, message: string): HttpResponseMessage {
  return { status: 400, headers: { 'content-type': json }, body: JSON.stringify({ __type: type, message }) };
}

function ok(output: Readonly<Record<string, unknown>> = {}): HttpResponseMessage {
  return { status: 200, headers: { 'content-type': json }, body: JSON.stringify(output) };
}

/** What a List shows of an organization: its permissions and tokens (and soft-deleted pairs) as of some moment. */
interface ListedState {
  readonly permissions: ReadonlyMap<string, readonly string[]>;
  readonly tokens: ReadonlyMap<string, string>;
  readonly deleted: ReadonlySet<string>;
}

function listedStateOf(organization: OrganizationState): ListedState {
  return { permissions: new Map([...organization.permissions].map(([key, values]) => [key, [...values]])), tokens: new Map(organization.tokens), deleted: new Set(organization.deleted) };
}

/**
 * A WorkMail mock written the way people write one by hand: a Map per organization, the kit's `validateInput` for the
 * documented constraints, entities found by exact ID, name or email, and the delete, list and put operations a test of
 * delete-then-list code needs. With `bug` it has one of the state bugs above and is otherwise the same.
 *
 * With `listLagMs`, its List operations are eventually consistent, as a replicated service's may be: each shows what a
 * delete or a put did only `listLagMs` after it (a copy of the organization taken at each change becomes what List shows
 * that much later). No AWS page forbids that: with `bug` 'none' it must be conformant.
 */
export function handWrittenStateMock(fixture: Fixture, bug: StateBug = 'none', listLagMs = 0): HttpHandle {
  const specs = loadOperationSpecs();
  const organizations = new Map<string, OrganizationState>(
    fixture.organizations.map((organization) => [
      organization.id,
      {
        state: organization.state,
        entities: organization.entities,
        permissions: new Map(organization.mailboxPermissions.map((permission) => [`${permission.entityId} ${permission.granteeId}`, [...permission.permissionValues]])),
        tokens: new Map(organization.personalAccessTokens.map((token) => [token.id, token.userId])),
        deleted: new Set<string>(),
      },
    ]),
  );

  // What each organization's List operations show: the state itself, or (with a lag) a copy from listLagMs ago.
  const listed = new Map<string, ListedState>([...organizations].map(([id, organization]) => [id, listLagMs === 0 ? organization : listedStateOf(organization)]));
  const changed = (organizationId: string) => {
    const organization = organizations.get(organizationId);
    if (listLagMs === 0 || organization === undefined) return;
    const copy = listedStateOf(organization);
    setTimeout(() => listed.set(organizationId, copy), listLagMs).unref();
  };

  const findEntity = (organizationId: string, identifier: string): Entity | undefined => {
    const places = bug === 'crossOrganizationLookup' ? [...organizations.values()] : [organizations.get(organizationId)];
    for (const place of places) {
      const localPart = (address: string | undefined) => address?.slice(0, address.lastIndexOf('@'));
      const tolerant = (entity: Entity) =>
        (bug === 'idPrefixLookup' && entity.id.startsWith(identifier)) ||
        (bug === 'nameInIdentifierLookup' && identifier.includes(entity.name)) ||
        (bug === 'emailLocalPartLookup' && identifier.includes('@') && localPart(identifier) === localPart(entity.email));
      const found = place?.entities.find((entity) => entity.id === identifier || entity.name === identifier || entity.email === identifier || tolerant(entity));
      if (found !== undefined) return found;
    }
    return undefined;
  };

  /** The entity a member names, or the error to answer. */
  const entityOf = (organizationId: string, identifier: string): Entity | HttpResponseMessage => {
    const entity = findEntity(organizationId, identifier);
    if (entity === undefined) return error('EntityNotFoundException', `No entity ${identifier}`);
    if (entity.state !== 'ENABLED') return error('EntityStateException', `Entity ${identifier} is ${entity.state}`);
    return entity;
  };

  const handle = (request: HttpRequestMessage): HttpResponseMessage => {
    const operation = (request.headers['x-amz-target'] ?? '').replace('WorkMailService.', '');
    let input: Record<string, unknown>;
    try {
      input = JSON.parse(request.body) as Record<string, unknown>;
    } catch {
      return error('SerializationException', 'Malformed JSON');
    }
    if (input === null || typeof input !== 'object' || Array.isArray(input)) return error('SerializationException', 'Expected a JSON object');
    const spec = specs.find((candidate) => candidate.operation === operation);
    if (spec !== undefined) {
      const violations = validateInput(spec, input);
      if (violations.length > 0) return error('InvalidParameterException', `Invalid ${violations[0]?.member}`);
    }
    const given = String(input['OrganizationId']);
    const organizationId = bug === 'organizationPrefixLookup' ? ([...organizations.keys()].find((id) => id.slice(0, 12) === given.slice(0, 12)) ?? given) : given;
    const organization = organizations.get(organizationId);
    if (organization === undefined) return error('OrganizationNotFoundException', `No organization ${organizationId}`);
    if (organization.state !== 'Active') return error('OrganizationStateException', `Organization is ${organization.state}`);
    switch (operation) {
      case 'DeleteMailboxPermissions':
      case 'PutMailboxPermissions': {
        const found = (identifier: string) => findEntity(organizationId, identifier) ?? error('EntityNotFoundException', `No entity ${identifier}`);
        const enabledOnly = (identifier: string) => {
          const entity = findEntity(organizationId, identifier);
          return entity === undefined || entity.state === 'DISABLED' ? error('EntityNotFoundException', `No entity ${identifier}`) : entityOf(organizationId, identifier);
        };
        const putLookUp = bug === 'lenientPut' ? found : bug === 'putHidesDisabled' ? enabledOnly : undefined;
        const lookUp = putLookUp !== undefined && operation === 'PutMailboxPermissions' ? putLookUp : (identifier: string) => entityOf(organizationId, identifier);
        const entity = lookUp(String(input['EntityId']));
        if ('status' in entity) return entity;
        const grantee = lookUp(String(input['GranteeId']));
        if ('status' in grantee) return grantee;
        const key = `${entity.id} ${grantee.id}`;
        if (operation === 'PutMailboxPermissions' && bug === 'putStoresNothing') return ok();
        if (operation === 'PutMailboxPermissions' && bug === 'putUpdatesOnly' && !organization.permissions.has(key)) return ok();
        if (operation === 'PutMailboxPermissions') {
          const held = bug === 'putMergesValues' ? (organization.permissions.get(key) ?? []) : [];
          organization.permissions.set(key, [...new Set([...held, ...(input['PermissionValues'] as string[])])]);
          return ok();
        }
        if (bug === 'permissionKept') return ok();
        // Looked up as it should be, then deleted by the text the request gave: a name or an email removes nothing.
        if (bug === 'deleteByRequestText') {
          organization.permissions.delete(`${String(input['EntityId'])} ${String(input['GranteeId'])}`);
          return ok();
        }
        if (bug === 'putLostAfterDelete') {
          organization.deleted.add(key);
          return ok();
        }
        if (bug === 'lastRemovedWhenAbsent' && !organization.permissions.has(key)) {
          const last = [...organization.permissions.keys()].at(-1);
          if (last !== undefined) organization.permissions.delete(last);
          return ok();
        }
        // One global map of permissions, as a mock that ignores organizations keeps it.
        if (bug === 'crossOrganizationLookup') for (const place of organizations.values()) place.permissions.delete(key);
        if (bug === 'mirrorRemoved') organization.permissions.delete(`${grantee.id} ${entity.id}`);
        else if (bug === 'someValuesDropped') {
          const values = organization.permissions.get(key);
          if (values !== undefined && values.length > 1) organization.permissions.set(key, values.slice(1));
          else organization.permissions.delete(key);
        } else if (bug === 'wholeMailboxRemoved') {
          for (const other of [...organization.permissions.keys()]) if (other.startsWith(`${entity.id} `)) organization.permissions.delete(other);
        } else organization.permissions.delete(key);
        return ok();
      }
      case 'ListMailboxPermissions': {
        const entity = entityOf(organizationId, String(input['EntityId']));
        if ('status' in entity) return entity;
        const shown = listed.get(organizationId) as ListedState;
        const permissions = [...shown.permissions.entries()]
          .filter(([key]) => key.startsWith(`${entity.id} `) && !shown.deleted.has(key))
          .map(([key, values]) => ({ GranteeId: key.split(' ')[1], GranteeType: findEntity(organizationId, key.split(' ')[1] as string)?.type, PermissionValues: values }));
        if (bug === 'emptyMailboxNotFound' && permissions.length === 0) return error('EntityNotFoundException', `No mailbox permissions for ${entity.id}`);
        if (permissions.length === 0 && bug === 'emptyListAsObject') return ok({ Permissions: {} });
        return ok(bug === 'emptyListOmitted' && permissions.length === 0 ? {} : { Permissions: permissions });
      }
      case 'DeletePersonalAccessToken': {
        const tokenId = String(input['PersonalAccessTokenId']);
        if (bug === 'tokenKept') return ok();
        if (bug === 'crossOrganizationLookup') for (const place of organizations.values()) place.tokens.delete(tokenId);
        else if (bug === 'tokensOfUserDeleted') {
          const userId = organization.tokens.get(tokenId);
          for (const [id, owner] of [...organization.tokens]) if (owner === userId) organization.tokens.delete(id);
        } else if (bug === 'tokenOrUserIdDelete') {
          for (const [id, owner] of [...organization.tokens]) if (id === tokenId || owner === tokenId) organization.tokens.delete(id);
        } else if (bug === 'tokenPrefixDelete') {
          for (const id of [...organization.tokens.keys()]) if (id.startsWith(tokenId)) organization.tokens.delete(id);
        } else if (bug === 'tokenIdsIgnoreCase' || bug === 'tokenIdsIgnoreCaseAndOrganization') {
          const places = bug === 'tokenIdsIgnoreCase' ? [organization] : [...organizations.values()];
          for (const place of places) for (const id of [...place.tokens.keys()]) if (id.toLowerCase() === tokenId.toLowerCase()) place.tokens.delete(id);
        } else organization.tokens.delete(tokenId);
        return ok();
      }
      case 'ListPersonalAccessTokens': {
        const tokens = [...(listed.get(organizationId) as ListedState).tokens.entries()].map(([id, userId]) => ({ PersonalAccessTokenId: id, UserId: userId }));
        if (tokens.length === 0 && bug === 'emptyListAsObject') return ok({ PersonalAccessTokenSummaries: {} });
        return ok(bug === 'emptyListOmitted' && tokens.length === 0 ? {} : { PersonalAccessTokenSummaries: tokens });
      }
      default:
        return error('UnknownOperationException', `Unknown operation ${operation}`);
    }
  };
  return (request) => {
    const response = handle(request);
    if (bug === 'putErrorsAsSuccess' && request.headers['x-amz-target'] === 'WorkMailService.PutMailboxPermissions' && response.status === 400) return { ...response, status: 200 };
    if (listLagMs > 0 && /^WorkMailService\.(Delete|Put)/.test(request.headers['x-amz-target'] ?? '')) for (const id of organizations.keys()) changed(id);
    return response;
  };
}
