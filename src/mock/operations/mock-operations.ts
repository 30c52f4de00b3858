import type { MockOperationSemantics } from '../mock-operation.ts';
import { describeOrganization } from './describe-organization.ts';
import { listGroups, listResources, listUsers } from './list-entities.ts';
import { listMailboxPermissions } from './list-mailbox-permissions.ts';
import { listPersonalAccessTokens } from './list-personal-access-tokens.ts';
import { putMailboxPermissions } from './put-mailbox-permissions.ts';

/**
 * The state semantics of the supporting operations the mock serves (the router pairs each with its spec by operation name);
 * the delete operations need none: their effect is the model's, declared by their specs.
 */
export const mockOperations: readonly MockOperationSemantics[] = [
  putMailboxPermissions,
  listMailboxPermissions,
  listPersonalAccessTokens,
  describeOrganization,
  listUsers,
  listGroups,
  listResources,
];
