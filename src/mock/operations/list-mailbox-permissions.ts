import { requireEntity, type MockOperationSemantics } from '../mock-operation.ts';

/**
 * ListMailboxPermissions: the permissions granted on the entity's mailbox, as `Permissions: [{ GranteeId, GranteeType, PermissionValues }]`.
 *
 * @example
 * listMailboxPermissions.apply(request); // { Permissions: [{ GranteeId: '…', GranteeType: 'GROUP', PermissionValues: ['FULL_ACCESS'] }] }
 */
export const listMailboxPermissions: MockOperationSemantics = {
  operation: 'ListMailboxPermissions',
  apply(request) {
    const entity = requireEntity(request, 'EntityId');
    const organizationId = request.organization.id;
    const permissions = request.state.listMailboxPermissions(organizationId, entity.id).map((permission) => ({
      GranteeId: permission.granteeId,
      GranteeType: request.organization.entities.find((candidate) => candidate.id === permission.granteeId)?.type,
      PermissionValues: [...permission.permissionValues],
    }));
    return { Permissions: permissions };
  },
};
