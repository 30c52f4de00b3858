import { requireEntity, type MockOperationSemantics } from '../mock-operation.ts';

/**
 * DeleteMailboxPermissions: removes every permission of the grantee on the entity's mailbox; none is already deleted (idempotent 200).
 *
 * @example
 * deleteMailboxPermissions.apply(request); // undefined: 200 with an empty body
 */
export const deleteMailboxPermissions: MockOperationSemantics = {
  operation: 'DeleteMailboxPermissions',
  apply(request) {
    const entity = requireEntity(request, 'EntityId');
    const grantee = requireEntity(request, 'GranteeId');
    request.state.deleteMailboxPermissions(request.organization.id, entity.id, grantee.id);
    return undefined;
  },
};
