import type { MockOperationSemantics } from '../mock-operation.ts';

/**
 * DescribeOrganization: the organization's ID, alias and state, whatever the state (a Deleted organization is still described).
 *
 * @example
 * describeOrganization.apply(request); // { OrganizationId: 'm-…', Alias: 'example-corp', State: 'Active' }
 */
export const describeOrganization: MockOperationSemantics = {
  operation: 'DescribeOrganization',
  apply({ organization }) {
    return {
      OrganizationId: organization.id,
      ...(organization.alias === undefined ? {} : { Alias: organization.alias }),
      State: organization.state,
    };
  },
};
