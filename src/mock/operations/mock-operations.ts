import type { MockOperationSemantics } from '../mock-operation.ts';
import { deleteMailboxPermissions } from './delete-mailbox-permissions.ts';
import { deletePersonalAccessToken } from './delete-personal-access-token.ts';
import { describeOrganization } from './describe-organization.ts';
import { listGroups, listResources, listUsers } from './list-entities.ts';
import { listMailboxPermissions } from './list-mailbox-permissions.ts';
import { listPersonalAccessTokens } from './list-personal-access-tokens.ts';
import { putMailboxPermissions } from './put-mailbox-permissions.ts';

/** The state semantics of every operation the mock serves; the router pairs each with its spec by operation name. */
export const mockOperations: readonly MockOperationSemantics[] = [
  deletePersonalAccessToken,
  deleteMailboxPermissions,
  putMailboxPermissions,
  listMailboxPermissions,
  listPersonalAccessTokens,
  describeOrganization,
  listUsers,
  listGroups,
  listResources,
];
