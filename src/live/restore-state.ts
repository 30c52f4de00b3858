import type { Fixture, MailboxPermission, Organization } from '../fixture/fixture-schema.ts';
import type { ReferentKind } from '../spec/spec-schema.ts';
import type { StateChange, StateChangeSection } from '../report/conformance-report.ts';
import { discoverFixture } from './discover-fixture.ts';
import type { WorkMailApi } from './work-mail-api.ts';

/** The resource kinds a destructive run can put back after deleting them (there is no API that creates a personal access token). */
export const restorableResources: ReadonlySet<ReferentKind> = new Set<ReferentKind>(['mailboxPermission']);

/** Where the hand-made fix commands point: the region, and the endpoint for a stand-in. */
export interface FixCommandContext {
  readonly region: string;
  readonly endpoint: string | undefined;
}

function sameValues(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && [...a].sort().join(',') === [...b].sort().join(',');
}

function findPermission(organization: Organization | undefined, permission: MailboxPermission): MailboxPermission | undefined {
  return organization?.mailboxPermissions.find((candidate) => candidate.entityId === permission.entityId && candidate.granteeId === permission.granteeId);
}

/**
 * The AWS CLI command that puts one mailbox permission back by hand.
 *
 * @example
 * putMailboxPermissionsCommand('m-…', { entityId: 'u', granteeId: 'g', permissionValues: ['FULL_ACCESS'] }, { region: 'us-east-1', endpoint: undefined });
 * // 'aws workmail put-mailbox-permissions --region us-east-1 --organization-id m-… --entity-id u --grantee-id g --permission-values FULL_ACCESS'
 */
export function putMailboxPermissionsCommand(organizationId: string, permission: MailboxPermission, context: FixCommandContext): string {
  const endpoint = context.endpoint === undefined ? '' : ` --endpoint-url ${context.endpoint}`;
  return `aws workmail put-mailbox-permissions --region ${context.region}${endpoint} --organization-id ${organizationId} --entity-id ${permission.entityId} --grantee-id ${permission.granteeId} --permission-values ${permission.permissionValues.join(' ')}`;
}

/** What differs between two snapshots of the same organizations: permissions gone or changed, tokens gone. */
function differences(before: Fixture, after: Fixture): { permissions: { organizationId: string; permission: MailboxPermission; now: string }[]; tokens: { organizationId: string; id: string; userId: string }[] } {
  const permissions: { organizationId: string; permission: MailboxPermission; now: string }[] = [];
  const tokens: { organizationId: string; id: string; userId: string }[] = [];
  for (const organization of before.organizations) {
    const current = after.organizations.find((candidate) => candidate.id === organization.id);
    for (const permission of organization.mailboxPermissions) {
      const now = findPermission(current, permission);
      if (now === undefined) permissions.push({ organizationId: organization.id, permission, now: 'deleted' });
      else if (!sameValues(now.permissionValues, permission.permissionValues)) permissions.push({ organizationId: organization.id, permission, now: `now ${now.permissionValues.join(' ')}` });
    }
    for (const token of organization.personalAccessTokens) {
      if (current?.personalAccessTokens.some((candidate) => candidate.id === token.id) !== true) tokens.push({ organizationId: organization.id, id: token.id, userId: token.userId });
    }
  }
  return { permissions, tokens };
}

/**
 * After a destructive run: reads the allowed organizations again, puts back every mailbox permission that is gone or changed
 * (PutMailboxPermissions with the values of the snapshot taken before the run), then reads them once more and compares with
 * the snapshot. Tokens cannot be put back; they are listed as changed. A permission still missing is a restore failure, with
 * the AWS CLI command that fixes it by hand.
 *
 * @example
 * const section = await restoreState(api, before, { region: 'us-east-1', endpoint: undefined });
 * section.verified; // true when the organizations are as before (apart from deleted tokens)
 */
export async function restoreState(api: WorkMailApi, before: Fixture, context: FixCommandContext): Promise<StateChangeSection> {
  const organizationIds = before.organizations.map((organization) => organization.id);
  const found = differences(before, await discoverFixture(api, organizationIds));
  const problems: string[] = [];
  for (const { organizationId, permission } of found.permissions) {
    try {
      await api.putMailboxPermissions(organizationId, permission.entityId, permission.granteeId, permission.permissionValues);
    } catch (error) {
      problems.push(`PutMailboxPermissions ${permission.entityId} / ${permission.granteeId}: ${(error as Error)?.name ?? 'error'}: ${(error as Error)?.message ?? String(error)}`);
    }
  }
  const remaining = found.permissions.length === 0 ? found : differences(before, await discoverFixture(api, organizationIds));
  const changes: StateChange[] = [];
  for (const { organizationId, permission, now } of found.permissions) {
    const failed = remaining.permissions.some((left) => left.organizationId === organizationId && left.permission === permission);
    changes.push({
      organizationId,
      resource: 'mailboxPermission',
      description: `mailbox permission of ${permission.granteeId} on ${permission.entityId} (${permission.permissionValues.join(' ')}): ${now}`,
      status: failed ? 'restoreFailed' : 'restored',
      fixCommand: failed ? putMailboxPermissionsCommand(organizationId, permission, context) : undefined,
    });
  }
  for (const token of found.tokens) {
    changes.push({
      organizationId: token.organizationId,
      resource: 'personalAccessToken',
      description: `personal access token ${token.id} of user ${token.userId}: deleted (listed in --fixture; no API creates tokens)`,
      status: 'notRestorable',
      fixCommand: undefined,
    });
  }
  const verified = remaining.permissions.length === 0;
  return { organizations: organizationIds, changes, verified, problems };
}
