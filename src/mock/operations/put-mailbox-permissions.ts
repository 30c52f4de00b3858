import type { PermissionValue } from '../../fixture/fixture-schema.ts';
import { requireEntity, type MockOperationSemantics } from '../mock-operation.ts';

/**
 * PutMailboxPermissions: replaces the grantee's permissions on the entity's mailbox (duplicates collapsed).
 *
 * @example
 * putMailboxPermissions.apply(request); // undefined: 200 with an empty body
 */
export const putMailboxPermissions: MockOperationSemantics = {
  operation: 'PutMailboxPermissions',
  apply(request) {
    const entity = requireEntity(request, 'EntityId');
    const grantee = requireEntity(request, 'GranteeId');
    const values = [...new Set(request.input['PermissionValues'] as PermissionValue[])];
    request.state.putMailboxPermissions(request.organization.id, entity.id, grantee.id, values);
    return undefined;
  },
};
