import {
  DescribeOrganizationCommand,
  ListGroupsCommand,
  ListMailboxPermissionsCommand,
  ListPersonalAccessTokensCommand,
  ListResourcesCommand,
  ListUsersCommand,
  PutMailboxPermissionsCommand,
  WorkMailClient,
  type PermissionType,
} from '@aws-sdk/client-workmail';
import type { AwsCredentialIdentityProvider } from '@smithy/types';
import { isConfigError } from '../config-error.ts';
import { withoutSdkNodeNotice } from '../target/without-sdk-node-notice.ts';
import type { SupportingRequest } from '../target/supporting-request.ts';
import type { RequestGate } from './request-gate.ts';

/** The kinds of entity WorkMail lists: ListUsers, ListGroups, ListResources. */
export type EntityType = 'USER' | 'GROUP' | 'RESOURCE';

/** One entity as a List call gives it. */
export interface ListedEntity {
  readonly id: string;
  readonly type: EntityType;
  readonly name: string;
  readonly email: string | undefined;
  readonly state: string;
}

/** The supporting WorkMail calls a live run makes around its cases (discovery reads, restoring puts), each through a gate. */
export interface WorkMailApi {
  describeOrganization(organizationId: string): Promise<{ id: string; state: string; alias: string | undefined }>;
  /** Every user, group or resource (by `type`) of an organization, following NextToken. */
  listEntities(organizationId: string, type: EntityType): Promise<ListedEntity[]>;
  listMailboxPermissions(organizationId: string, entityId: string): Promise<{ granteeId: string; permissionValues: string[] }[]>;
  listPersonalAccessTokens(organizationId: string): Promise<{ id: string; userId: string; name: string | undefined }[]>;
  putMailboxPermissions(organizationId: string, entityId: string, granteeId: string, permissionValues: readonly string[]): Promise<void>;
  /** Names the case whose read before (or read after and put back) the calls from now on are, in what they tell `onRequest`; `undefined` for none. */
  tagCalls?(tag: CallTag | undefined): void;
}

/** The case a call reads for: before its delete, or after it (the read after and the put back). */
export type CallTag = { readonly before: string } | { readonly after: string };

/** Options of {@link createWorkMailApi}. */
export interface WorkMailApiOptions {
  readonly region: string;
  readonly endpoint: string | undefined;
  readonly credentials: AwsCredentialIdentityProvider;
  readonly gate: RequestGate;
  readonly transientTypes: ReadonlySet<string>;
  /** A ready client (tests); built from the other options otherwise. */
  readonly client?: WorkMailClient;
  /** Hears each call sent (each attempt), with the SDK's output or the error it threw: what a recording keeps of it. */
  readonly onRequest?: ((request: SupportingRequest) => void) | undefined;
}

/** An input without the members left undefined (a first page's `NextToken`), as the request carried it. */
function sentMembers(input: Readonly<Record<string, unknown>>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(input).filter(([, value]) => value !== undefined));
}

type Settled<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: unknown };

/**
 * Why a thrown SDK error is transient, else `undefined`: a transient error type, a network error code, a 5xx or 429 whatever its
 * body (a load balancer's HTML page; the SDK's own retries take 500, 502, 503 and 504 so), or an answer cut short that is
 * not JSON. Every call here is a read or a put of what was read, so trying again changes nothing.
 */
function sdkTransientReason(error: unknown, types: ReadonlySet<string>): string | undefined {
  const name = (error as { name?: unknown } | undefined)?.name;
  if (typeof name === 'string' && types.has(name)) return name;
  const code = (error as { code?: unknown } | undefined)?.code;
  const status = (error as { $metadata?: { httpStatusCode?: number } } | undefined)?.$metadata?.httpStatusCode;
  // A connection lost mid-answer (ECONNRESET) comes with the status its headers gave.
  if (typeof code === 'string' && (status === undefined || /^E[A-Z0-9_]+$/.test(code))) return code;
  if (status === undefined) return undefined;
  if (status >= 500 || status === 429) return `HTTP ${status}`;
  return name === 'SyntaxError' ? `HTTP ${status} with a body that is not JSON` : undefined;
}

/**
 * A small WorkMail client for discovery and restoring: the SDK's own retries are off, because every attempt goes through the
 * run's gate (rate limit, budget, retries with backoff).
 *
 * @example
 * const api = createWorkMailApi({ region: 'us-east-1', endpoint: 'http://127.0.0.1:8080', credentials, gate, transientTypes });
 * await api.describeOrganization('m-…'); // { id: 'm-…', state: 'Active', alias: 'example-corp' }
 */
export function createWorkMailApi(options: WorkMailApiOptions): WorkMailApi {
  const client =
    options.client ??
    withoutSdkNodeNotice(
      () =>
        new WorkMailClient({
          region: options.region,
          credentials: options.credentials,
          maxAttempts: 1,
          ...(options.endpoint === undefined ? {} : { endpoint: options.endpoint }),
        }),
    );
  async function call<T>(run: () => Promise<T>): Promise<T> {
    const settled = await options.gate.send(
      (): Promise<Settled<T>> => run().then((value) => ({ ok: true, value }), (error: unknown) => {
        if (isConfigError(error)) throw error;
        return { ok: false, error };
      }),
      (answer) => (answer.ok ? undefined : sdkTransientReason(answer.error, options.transientTypes)),
    );
    if (!settled.ok) throw settled.error;
    return settled.value;
  }
  async function paged<Item>(page: (nextToken: string | undefined) => Promise<{ items: Item[] | undefined; nextToken: string | undefined }>): Promise<Item[]> {
    const items: Item[] = [];
    let nextToken: string | undefined;
    do {
      const result = await call(() => page(nextToken));
      items.push(...(result.items ?? []));
      nextToken = result.nextToken;
    } while (nextToken !== undefined && nextToken !== '');
    return items;
  }
  const { onRequest } = options;
  let tag: CallTag | undefined;
  /** Sends one command, telling `onRequest` (where given) what it was and what came back. */
  async function told<Output extends object>(role: 'read' | 'putBack', operation: string, input: Readonly<Record<string, unknown>>, sendCommand: () => Promise<Output>): Promise<Output> {
    if (onRequest === undefined) return sendCommand();
    try {
      const output = await sendCommand();
      const { $metadata: _metadata, ...members } = output as Output & { $metadata?: unknown };
      onRequest({ role, operation, input: sentMembers(input), ...tag, sdkAnswer: { output: members } });
      return output;
    } catch (error) {
      const failure = error as { name?: unknown; message?: unknown; $metadata?: { httpStatusCode?: unknown } } | undefined;
      const status = failure?.$metadata?.httpStatusCode;
      if (!isConfigError(error)) {
        onRequest({ role, operation, input: sentMembers(input), ...tag, sdkAnswer: { error: { type: String(failure?.name ?? 'Error'), ...(typeof status === 'number' ? { status } : {}), message: String(failure?.message ?? error) } } });
      }
      throw error;
    }
  }
  const text = (value: string | undefined) => value ?? '';
  return {
    tagCalls(next) {
      tag = next;
    },
    async describeOrganization(organizationId) {
      const output = await call(() => told('read', 'DescribeOrganization', { OrganizationId: organizationId }, () => client.send(new DescribeOrganizationCommand({ OrganizationId: organizationId }))));
      return { id: text(output.OrganizationId ?? organizationId), state: text(output.State), alias: output.Alias };
    },
    async listEntities(organizationId, type) {
      const entity = (item: { Id?: string | undefined; Name?: string | undefined; Email?: string | undefined; State?: string | undefined }) => ({ id: text(item.Id), type, name: text(item.Name), email: item.Email, state: text(item.State) });
      switch (type) {
        case 'USER':
          return (await paged(async (NextToken) => {
            const input = { OrganizationId: organizationId, NextToken };
            const output = await told('read', 'ListUsers', input, () => client.send(new ListUsersCommand(input)));
            return { items: output.Users, nextToken: output.NextToken };
          })).map(entity);
        case 'GROUP':
          return (await paged(async (NextToken) => {
            const input = { OrganizationId: organizationId, NextToken };
            const output = await told('read', 'ListGroups', input, () => client.send(new ListGroupsCommand(input)));
            return { items: output.Groups, nextToken: output.NextToken };
          })).map(entity);
        case 'RESOURCE':
          return (await paged(async (NextToken) => {
            const input = { OrganizationId: organizationId, NextToken };
            const output = await told('read', 'ListResources', input, () => client.send(new ListResourcesCommand(input)));
            return { items: output.Resources, nextToken: output.NextToken };
          })).map(entity);
      }
    },
    async listMailboxPermissions(organizationId, entityId) {
      const permissions = await paged(async (NextToken) => {
        const input = { OrganizationId: organizationId, EntityId: entityId, NextToken };
        const output = await told('read', 'ListMailboxPermissions', input, () => client.send(new ListMailboxPermissionsCommand(input)));
        return { items: output.Permissions, nextToken: output.NextToken };
      });
      return permissions.map((permission) => ({ granteeId: text(permission.GranteeId), permissionValues: [...(permission.PermissionValues ?? [])] }));
    },
    async listPersonalAccessTokens(organizationId) {
      const tokens = await paged(async (NextToken) => {
        const input = { OrganizationId: organizationId, NextToken };
        const output = await told('read', 'ListPersonalAccessTokens', input, () => client.send(new ListPersonalAccessTokensCommand(input)));
        return { items: output.PersonalAccessTokenSummaries, nextToken: output.NextToken };
      });
      return tokens.map((token) => ({ id: text(token.PersonalAccessTokenId), userId: text(token.UserId), name: token.Name }));
    },
    async putMailboxPermissions(organizationId, entityId, granteeId, permissionValues) {
      const input = { OrganizationId: organizationId, EntityId: entityId, GranteeId: granteeId, PermissionValues: [...permissionValues] as PermissionType[] };
      await call(() => told('putBack', 'PutMailboxPermissions', input, () => client.send(new PutMailboxPermissionsCommand(input))));
    },
  };
}
