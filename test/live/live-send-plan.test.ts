import { describe, expect, it } from 'vitest';
import type { Case } from '../../src/cases/case.ts';
import { parseFixture } from '../../src/fixture/load-fixture.ts';
import { compareOrganizations } from '../../src/live/compare-organizations.ts';
import { planLiveSend } from '../../src/live/live-send-plan.ts';
import { couldName } from '../../src/live/read-named-resource.ts';
import { demoFixture, demoIds } from '../../src/mock/demo-fixture.ts';
import { defaultSemantics } from '../../src/spec/constraints.ts';
import { findOperationSpec, loadOperationSpecs } from '../../src/spec/load-spec.ts';

const specs = loadOperationSpecs();
const permissions = findOperationSpec(specs, 'DeleteMailboxPermissions');
const tokens = findOperationSpec(specs, 'DeletePersonalAccessToken');
const options = { known: [demoFixture], semantics: defaultSemantics };
const organizationId = demoIds.organizationId;

function inputCase(input: Record<string, unknown>): Case {
  return { operation: 'x', phase: 'property', description: 'x', body: { kind: 'input', input }, violation: null };
}

describe('planLiveSend', () => {
  it('reads first whatever names a resource that may exist, by any identifier form', () => {
    for (const [entity, grantee] of [['alice', 'sales'], [demoIds.aliceUserId, 'SALES'], ['nobody', 'sales'], ['alice', 'nobody']]) {
      const plan = planLiveSend(permissions, inputCase({ OrganizationId: organizationId, EntityId: entity, GranteeId: grantee }), options);
      expect(plan).toMatchObject({ kind: 'readFirst', resource: { kind: 'mailboxPermission', organizationId, keys: { entityId: entity, granteeId: grantee } } });
    }
    expect(planLiveSend(tokens, inputCase({ OrganizationId: organizationId, PersonalAccessTokenId: 'any' }), options).kind).toBe('readFirst');
  });

  it('reads first an input that a lax server could act on once trimmed, lower-cased or a number read as text', () => {
    for (const entity of [' alice', 'alice\n', 'alice\0', 12345]) {
      expect(planLiveSend(permissions, inputCase({ OrganizationId: organizationId, EntityId: entity, GranteeId: 'sales' }), options).kind).toBe('readFirst');
    }
    expect(planLiveSend(permissions, inputCase({ OrganizationId: organizationId.toUpperCase().replace('M-', 'm-'), EntityId: 'alice', GranteeId: 'sales' }), options)).toMatchObject({ kind: 'readFirst', resource: { organizationId } });
  });

  it('sends as they are only cases that cannot name anything: rejected by validation however read, a body that is no object, or a fresh random ID', () => {
    const inert = [
      planLiveSend(permissions, inputCase({ OrganizationId: organizationId, EntityId: 'alice!', GranteeId: 'sales' }), options),
      planLiveSend(permissions, inputCase({ OrganizationId: organizationId, GranteeId: 'sales' }), options),
      planLiveSend(permissions, { ...inputCase({}), body: { kind: 'raw', text: '[]' } }, options),
      planLiveSend(permissions, inputCase({ OrganizationId: 'm-9c1d4e7f2a5b8c3d6e9f1a4b7c2d5e8f', EntityId: '5f3e8d2c-9b1a-4c7d-8e6f-0a2b4c6d8e1f', GranteeId: 'sales' }), options),
      planLiveSend(permissions, inputCase({ OrganizationId: organizationId, EntityId: 'alice', GranteeId: '5f3e8d2c-9b1a-4c7d-8e6f-0a2b4c6d8e1f' }), options),
    ];
    expect(inert.map((plan) => plan.kind)).toEqual(['inert', 'inert', 'inert', 'inert', 'inert']);
  });

  it('reads first a case that names, in a fresh random organization, entities the run has seen: a server that ignored the organization would find them', () => {
    const plan = planLiveSend(permissions, inputCase({ OrganizationId: 'm-9c1d4e7f2a5b8c3d6e9f1a4b7c2d5e8f', EntityId: 'alice', GranteeId: 'sales' }), options);

    expect(plan.kind).toBe('readFirst');
  });

  it('holds back a case whose OrganizationId alone fails validation while the rest names what an organization the run read holds', () => {
    const held = [
      planLiveSend(tokens, inputCase({ OrganizationId: { nested: organizationId }, PersonalAccessTokenId: demoIds.aliceTokenId }), options),
      planLiveSend(tokens, inputCase({ OrganizationId: 'm-0F1E!', PersonalAccessTokenId: demoIds.frankTokenId.toUpperCase() }), options),
      planLiveSend(tokens, inputCase({ PersonalAccessTokenId: ` ${demoIds.daveTokenId}` }), options),
      planLiveSend(permissions, inputCase({ OrganizationId: 12, EntityId: 'alice@example.com', GranteeId: 'sales' }), options),
    ];
    const sent = [
      planLiveSend(tokens, inputCase({ OrganizationId: 'm-0F1E!', PersonalAccessTokenId: '5f3e8d2c-9b1a-4c7d-8e6f-0a2b4c6d8e1f' }), options),
      planLiveSend(permissions, inputCase({ OrganizationId: 'm-0F1E!', EntityId: 'dave', GranteeId: 'sales' }), options),
      planLiveSend(tokens, inputCase({ OrganizationId: 'm-0F1E!', PersonalAccessTokenId: `${demoIds.aliceTokenId}!` }), options),
    ];

    expect(held.map((plan) => plan.kind === 'holdBack' && plan.category)).toEqual(['existing', 'existing', 'existing', 'existing']);
    expect(held[0]?.reason).toBe(`its OrganizationId fails validation, but the rest names token ${demoIds.aliceTokenId} of organization ${organizationId}, which a server that checks no OrganizationId would delete`);
    expect(sent.map((plan) => plan.kind)).toEqual(['inert', 'inert', 'inert']);
  });

  it('holds back a valid case of a user spec that names no complete resource: it may delete something no read can name', () => {
    const { refersTo: _organization, ...organizationMember } = permissions.input['OrganizationId']!;
    const withoutOrganization = { ...permissions, input: { ...permissions.input, OrganizationId: organizationMember } };
    const optionalGrantee = { ...permissions, input: { ...permissions.input, GranteeId: { ...permissions.input['GranteeId']!, required: false } } };

    const plans = [
      planLiveSend(withoutOrganization, inputCase({ OrganizationId: organizationId, EntityId: 'alice', GranteeId: 'sales' }), options),
      planLiveSend(optionalGrantee, inputCase({ OrganizationId: organizationId, EntityId: 'alice' }), options),
    ];

    for (const plan of plans) {
      expect(plan).toEqual({ kind: 'holdBack', category: 'notVerifiable', reason: 'it names no complete mailboxPermission (an organization and EntityId, GranteeId), so no read can show what it would delete' });
    }
  });

  it('does not take a seen ID, or a shrunk one with few distinct characters, for a fresh random one', () => {
    const seen = planLiveSend(permissions, inputCase({ OrganizationId: organizationId, EntityId: demoIds.aliceUserId.toUpperCase(), GranteeId: demoIds.salesGroupId }), options);
    const shrunk = planLiveSend(permissions, inputCase({ OrganizationId: 'm-00000000000000000000000000000001', EntityId: 'alice', GranteeId: 'sales' }), options);
    expect([seen.kind, shrunk.kind]).toEqual(['readFirst', 'readFirst']);
  });
});

describe('couldName', () => {
  const entities = demoFixture.organizations[0]?.entities ?? [];

  it('matches an ID, name or email in any letter case, and any entity the run does not know', () => {
    expect(couldName('SALES@example.com', demoIds.salesGroupId, entities)).toBe(true);
    expect(couldName(demoIds.salesGroupId.toUpperCase(), demoIds.salesGroupId, entities)).toBe(true);
    expect(couldName('anyone', 'b0b0b0b0-unknown', entities)).toBe(true);
    expect(couldName('alice', demoIds.salesGroupId, entities)).toBe(false);
  });
});

describe('compareOrganizations', () => {
  const organization = demoFixture.organizations[0]!;

  it('finds nothing when only the order of the lists changed', () => {
    const reordered = parseFixture({ organizations: [{ ...organization, mailboxPermissions: [...organization.mailboxPermissions].reverse().map((permission) => ({ ...permission, permissionValues: [...permission.permissionValues].reverse() })) }] });
    expect(compareOrganizations({ organizations: [organization] }, reordered)).toEqual({ differences: [], notCompared: [], unreadAfter: [] });
  });

  it('names each permission removed, added or changed, and each token removed', () => {
    const [first, second, ...rest] = organization.mailboxPermissions;
    const after = parseFixture({
      organizations: [
        {
          ...organization,
          mailboxPermissions: [{ ...second!, permissionValues: ['FULL_ACCESS'] }, ...rest, { entityId: demoIds.daveUserId, granteeId: demoIds.salesGroupId, permissionValues: ['SEND_AS'] }],
          personalAccessTokens: organization.personalAccessTokens.slice(1),
        },
      ],
    });

    const { differences } = compareOrganizations({ organizations: [organization] }, after);

    expect(differences.map((difference) => `${difference.resource} ${difference.change}`).sort()).toEqual(['mailboxPermission added', 'mailboxPermission changed', 'mailboxPermission removed', 'personalAccessToken removed']);
    expect(differences.find((difference) => difference.change === 'removed' && difference.resource === 'mailboxPermission')?.keys).toEqual({ entityId: first!.entityId, granteeId: first!.granteeId });
  });

  it('compares nothing a read could not list to the end, and says so', () => {
    const unknown = parseFixture({ organizations: [{ ...organization, mailboxPermissions: organization.mailboxPermissions.filter((permission) => permission.entityId !== demoIds.aliceUserId), listed: { entities: true, personalAccessTokens: false, mailboxPermissionsNotKnownOf: [demoIds.aliceUserId] } }] });

    const { differences, notCompared } = compareOrganizations({ organizations: [organization] }, unknown);

    expect(differences).toEqual([]);
    expect(notCompared).toEqual([expect.stringContaining(`mailbox permissions on alice (${demoIds.aliceUserId})`), expect.stringContaining('personal access tokens')]);
  });
});
