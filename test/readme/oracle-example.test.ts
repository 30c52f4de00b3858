import fc from 'fast-check';
import { expect, test } from 'vitest';
import { demoFixture, expectOutcomes, findOperationSpec, loadOperationSpecs, propertyCaseArbitrary, WorkMailState, type Fixture } from 'workmail-conformance';

const spec = findOperationSpec(loadOperationSpecs(), 'DeleteMailboxPermissions');

/** Replace with your own code: removes a grantee's permissions on a mailbox, each entity named by its ID, name or email. */
function deleteMailboxPermissions(fixture: Fixture, input: Readonly<Record<string, unknown>>): void {
  const organization = fixture.organizations.find(({ id }) => id === input.OrganizationId);
  if (organization === undefined) return;
  const idOf = (named: unknown) => organization.entities.find(({ id, name, email }) => [id, name, email].includes(named as string))?.id;
  const [entityId, granteeId] = [idOf(input.EntityId), idOf(input.GranteeId)];
  organization.mailboxPermissions = organization.mailboxPermissions.filter((held) => held.entityId !== entityId || held.granteeId !== granteeId);
}

test('a delete removes exactly the permission it names, no more and no less', () => {
  fc.assert(
    fc.property(propertyCaseArbitrary(spec, 'valid', { fixture: demoFixture }), (testCase) => {
      if (testCase.body.kind !== 'input') return;
      const model = WorkMailState.fromFixture(demoFixture);
      const { outcomes } = expectOutcomes(spec, testCase, { state: model, profile: 'documented' });
      const [only] = outcomes;
      // Only where the documentation allows nothing but a success that deletes: elsewhere an error is allowed.
      if (outcomes.length !== 1 || only?.kind !== 'success' || only.effect === undefined) return;
      const mine = structuredClone(demoFixture);
      deleteMailboxPermissions(mine, testCase.body.input);
      model.deleteResource(only.effect.resource, only.effect.organizationId, only.effect.keys);
      expect(mine.organizations.map((organization) => organization.mailboxPermissions)).toEqual(
        model.listOrganizations().map((organization) => organization.mailboxPermissions),
      );
    }),
  );
});
