import type { Entity } from '../../fixture/fixture-schema.ts';
import type { MockOperationSemantics } from '../mock-operation.ts';

function summary(entity: Entity): Record<string, string> {
  return { Id: entity.id, Name: entity.name, ...(entity.email === undefined ? {} : { Email: entity.email }), State: entity.state };
}

function listEntities(operation: string, type: Entity['type'], items: string): MockOperationSemantics {
  return {
    operation,
    apply: ({ organization }) => ({ [items]: organization.entities.filter((entity) => entity.type === type).map(summary) }),
  };
}

/**
 * ListUsers: the organization's users as `Users: [{ Id, Name, Email?, State }]`, DELETED ones included.
 *
 * @example
 * listUsers.apply(request); // { Users: [{ Id: '…', Name: 'alice', Email: 'alice@example.com', State: 'ENABLED' }, …] }
 */
export const listUsers = listEntities('ListUsers', 'USER', 'Users');

/**
 * ListGroups: the organization's groups as `Groups: [{ Id, Name, Email?, State }]`.
 *
 * @example
 * listGroups.apply(request); // { Groups: [{ Id: '…', Name: 'sales', Email: 'sales@example.com', State: 'ENABLED' }] }
 */
export const listGroups = listEntities('ListGroups', 'GROUP', 'Groups');

/**
 * ListResources: the organization's resources as `Resources: [{ Id, Name, Email?, State }]`.
 *
 * @example
 * listResources.apply(request); // { Resources: [{ Id: 'r-…', Name: 'meeting-room', State: 'ENABLED' }] }
 */
export const listResources = listEntities('ListResources', 'RESOURCE', 'Resources');
