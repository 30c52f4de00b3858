import { parseFixture } from '../../src/fixture/load-fixture.ts';
import { demoFixture, demoIds } from '../../src/mock/demo-fixture.ts';

/** The ID of the new user who took the name `carol` (and her email) after the demo's carol was DELETED. */
export const newCarolId = '1f0e2d3c-4b5a-4678-9a8b-7c6d5e4f3a2b';

/**
 * The demo organizations, with carol's name and email taken again by a new, ENABLED user who holds a permission on alice's
 * mailbox: `carol` finds her under one reading of the open point reused-name and the DELETED carol under the other.
 *
 * @example
 * const mock = createWorkMailMock({ fixture: fixtureWithNewCarol(), readings: { 'reused-name': 'deleted' } });
 */
export function fixtureWithNewCarol() {
  const [exampleCorp, ...others] = demoFixture.organizations;
  return parseFixture({
    organizations: [
      {
        ...exampleCorp!,
        entities: [...exampleCorp!.entities, { id: newCarolId, type: 'USER', name: 'carol', email: 'carol@example.com', state: 'ENABLED' }],
        mailboxPermissions: [...exampleCorp!.mailboxPermissions, { entityId: demoIds.aliceUserId, granteeId: newCarolId, permissionValues: ['FULL_ACCESS'] }],
      },
      ...others,
    ],
  });
}
