import { describe, expect, it } from 'vitest';
import type { Case } from '../../src/cases/case.ts';
import { expectOutcomes } from '../../src/cases/expect-outcomes.ts';
import type { ExpectedOutcome } from '../../src/model/outcome.ts';
import type { FixtureInput } from '../../src/fixture/fixture-schema.ts';
import { parseFixture } from '../../src/fixture/load-fixture.ts';
import { WorkMailState } from '../../src/fixture/workmail-state.ts';
import { findOperationSpec, loadOperationSpecs } from '../../src/spec/load-spec.ts';
import type { OperationSpec, Profile } from '../../src/spec/spec-schema.ts';

const specs = loadOperationSpecs();
const permissions = findOperationSpec(specs, 'DeleteMailboxPermissions');
const tokens = findOperationSpec(specs, 'DeletePersonalAccessToken');

const active = 'm-00000000000000000000000000000001';
const deleted = 'm-00000000000000000000000000000002';
const creating = 'm-00000000000000000000000000000003';
const unknown = 'm-0123456789abcdef0123456789abcdef';
const alice = '00000000-0000-0000-0000-00000000a11c';
const bob = '00000000-0000-0000-0000-000000000b0b';
const carol = '00000000-0000-0000-0000-0000000ca201';
const dave = '00000000-0000-0000-0000-00000000da7e';

const fixtureInput: FixtureInput = {
  organizations: [
    {
      id: active,
      state: 'Active',
      entities: [
        { id: alice, type: 'USER', name: 'alice', email: 'alice@example.com', state: 'ENABLED' },
        { id: bob, type: 'USER', name: 'bob', email: 'bob@example.com', state: 'ENABLED' },
        { id: carol, type: 'USER', name: 'carol', email: 'carol@example.com', state: 'DISABLED' },
        { id: dave, type: 'USER', name: 'dave', state: 'DELETED' },
      ],
      mailboxPermissions: [{ entityId: alice, granteeId: bob, permissionValues: ['FULL_ACCESS'] }],
      personalAccessTokens: [{ id: 'token-1', userId: alice }],
    },
    { id: deleted, state: 'Deleted' },
    { id: creating, state: 'Creating' },
  ],
};

function inputCase(input: Record<string, unknown>): Pick<Case, 'body'> {
  return { body: { kind: 'input', input } };
}

function judge(spec: OperationSpec = permissions, input: Record<string, unknown>, profile: Profile = 'documented', withFixture = true) {
  const state = withFixture ? WorkMailState.fromFixture(parseFixture(fixtureInput)) : undefined;
  return expectOutcomes(spec, inputCase(input), { state, profile });
}

function texts(outcomes: readonly ExpectedOutcome[]): string[] {
  return outcomes.map((outcome) => (outcome.kind === 'success' ? 'success' : outcome.type)).sort();
}

describe('expectOutcomes', () => {
  it('expects only InvalidParameterException for a constraint violation under the documented profile', () => {
    const expectation = judge(permissions, { OrganizationId: active, EntityId: 'a'.repeat(257), GranteeId: bob });
    expect(expectation.basis).toBe('validation');
    expect(texts(expectation.outcomes)).toEqual(['InvalidParameterException']);
  });

  it('also accepts ValidationException for a constraint violation under the aws profile', () => {
    const expectation = judge(tokens, { OrganizationId: active, PersonalAccessTokenId: 'has space' }, 'aws');
    expect(texts(expectation.outcomes)).toEqual(['InvalidParameterException', 'ValidationException']);
  });

  it('also accepts SerializationException for a wrong JSON type under the aws profile only', () => {
    expect(texts(judge(tokens, { OrganizationId: active, PersonalAccessTokenId: 5 }).outcomes)).toEqual(['InvalidParameterException']);
    expect(texts(judge(tokens, { OrganizationId: active, PersonalAccessTokenId: 5 }, 'aws').outcomes)).toEqual([
      'InvalidParameterException',
      'SerializationException',
      'ValidationException',
    ]);
  });

  it('puts input validation before state: an invalid member with an unknown organization is still InvalidParameterException', () => {
    expect(texts(judge(permissions, { OrganizationId: unknown, EntityId: 'bad id', GranteeId: bob }).outcomes)).toEqual(['InvalidParameterException']);
  });

  it('reads a null member as absent (a required violation)', () => {
    const expectation = judge(tokens, { OrganizationId: null, PersonalAccessTokenId: 'x' });
    expect(expectation.basis).toBe('validation');
    expect(expectation.reason).toContain('OrganizationId breaks required');
  });

  it('accepts any 4xx awsJson error for a body that is not a JSON object', () => {
    const expectation = expectOutcomes(tokens, { body: { kind: 'raw', text: '[]' } }, { state: undefined, profile: 'documented' });
    expect(expectation.basis).toBe('malformedBody');
  });

  it('expects OrganizationNotFoundException for a high-entropy organization ID the fixture does not list, with or without a fixture', () => {
    expect(texts(judge(tokens, { OrganizationId: unknown, PersonalAccessTokenId: 'x' }).outcomes)).toEqual(['OrganizationNotFoundException']);
    expect(texts(judge(tokens, { OrganizationId: unknown, PersonalAccessTokenId: 'x' }, 'documented', false).outcomes)).toEqual(['OrganizationNotFoundException']);
    // Its reason says which: without a fixture it speaks of none (trialN #5).
    expect(judge(tokens, { OrganizationId: unknown, PersonalAccessTokenId: 'x' }).reason).toContain('it is not in the fixture');
    expect(judge(tokens, { OrganizationId: unknown, PersonalAccessTokenId: 'x' }, 'documented', false).reason).toContain(`organization ${unknown}: no fixture was given, and its ID is high-entropy`);
  });

  it('takes no shrunk or boundary organization ID for an absent one: a target may hold m-000…0, and without a fixture nothing says it does not', () => {
    for (const shrunk of ['m-00000000000000000000000000000000', 'm-0000000000000000000000000000000f']) {
      const expectation = judge(tokens, { OrganizationId: shrunk, PersonalAccessTokenId: 'x' }, 'documented', false);
      expect(expectation.basis).toBe('unknownState');
      expect(expectation.reason).toContain(`nothing is known of organization ${shrunk}`);
      // With a fixture, which lists some organizations: what it does not say is said.
      const withFixture = judge(tokens, { OrganizationId: shrunk, PersonalAccessTokenId: 'x' }, 'documented');
      expect(withFixture.basis).toBe('unknownState');
      expect(withFixture.reason).toBe(
        `organization ${shrunk} is not in the fixture, which does not say which other organizations exist, and its ID is not high-entropy enough to be taken as one that exists nowhere: any answer of the state rules`,
      );
    }
  });

  it('accepts both readings of a Deleted organization, and only OrganizationStateException for another non-Active state', () => {
    expect(texts(judge(tokens, { OrganizationId: deleted, PersonalAccessTokenId: 'x' }).outcomes)).toEqual([
      'OrganizationNotFoundException',
      'OrganizationStateException',
    ]);
    expect(texts(judge(tokens, { OrganizationId: creating, PersonalAccessTokenId: 'x' }).outcomes)).toEqual(['OrganizationStateException']);
  });

  it('expects EntityNotFoundException for an entity the fixture organization does not hold, then checks the grantee', () => {
    expect(texts(judge(permissions, { OrganizationId: active, EntityId: 'nobody', GranteeId: bob }).outcomes)).toEqual(['EntityNotFoundException']);
    expect(texts(judge(permissions, { OrganizationId: active, EntityId: alice, GranteeId: 'nobody' }).outcomes)).toEqual(['EntityNotFoundException']);
  });

  it('accepts every reading of a deleted entity, named by ID or otherwise: EntityStateException, not found, or going on to the effect', () => {
    for (const name of [dave, 'dave']) {
      const expectation = judge(permissions, { OrganizationId: active, EntityId: name, GranteeId: bob });
      expect(texts(expectation.outcomes)).toEqual(['EntityNotFoundException', 'EntityStateException', 'success']);
      expect(expectation.openPoints).toContain('deleted-entity');
    }
  });

  it('accepts both readings of a disabled entity: EntityStateException, or going on to the effect', () => {
    expect(texts(judge(permissions, { OrganizationId: active, EntityId: carol, GranteeId: bob }).outcomes)).toEqual(['EntityStateException', 'success']);
  });

  it('finds an entity by ID, name or email as written', () => {
    for (const name of [alice, 'alice', 'alice@example.com']) {
      const expectation = judge(permissions, { OrganizationId: active, EntityId: name, GranteeId: bob });
      expect(expectation.outcomes).toEqual([{ kind: 'success', effect: { resource: 'mailboxPermission', organizationId: active, keys: { entityId: alice, granteeId: bob } } }]);
      expect(expectation.openPoints).toEqual([]);
    }
  });

  it.each([
    ['an email', 'ALICE@EXAMPLE.COM', 'email-case'],
    ['a name', 'ALICE', 'name-case'],
    ['an ID', alice.toUpperCase(), 'id-case'],
  ])('accepts found and not found where %s matches only if case is ignored (the documentation says nothing of case)', (_what, value, point) => {
    const expectation = judge(permissions, { OrganizationId: active, EntityId: value, GranteeId: bob });
    expect(texts(expectation.outcomes)).toEqual(['EntityNotFoundException', 'success']);
    expect(expectation.openPoints).toEqual([point]);
    expect(texts(expectation.readingOutcomes?.[point]?.['case-sensitive'] ?? [])).toEqual(['EntityNotFoundException']);
    expect(texts(expectation.readingOutcomes?.[point]?.['case-insensitive'] ?? [])).toEqual(['success']);
    // Each reading's reasons come under its name, never joined into one sentence that contradicts itself; a lookup order
    // that changes nothing here is not named.
    expect(expectation.reason).toMatch(new RegExp(`; either reading ${point} case-insensitive: .*, or reading ${point} case-sensitive: .*the lookup heeds letter case$`));
    expect(expectation.reason).not.toContain('lookup-order');
  });

  it('accepts either entity where a DELETED one and another share a name: which one a lookup finds is open (trialM #1)', () => {
    // dave's name given up and taken again by a new user, who holds a permission on alice's mailbox.
    const newDave = '00000000-0000-0000-0000-00000000da7f';
    const [organization] = fixtureInput.organizations;
    const reused = {
      organizations: [
        {
          ...organization!,
          entities: [...(organization?.entities ?? []), { id: newDave, type: 'USER' as const, name: 'dave', state: 'ENABLED' as const }],
          mailboxPermissions: [...(organization?.mailboxPermissions ?? []), { entityId: alice, granteeId: newDave, permissionValues: ['FULL_ACCESS' as const] }],
        },
      ],
    };
    const state = WorkMailState.fromFixture(parseFixture(reused));
    const expectation = expectOutcomes(permissions, inputCase({ OrganizationId: active, EntityId: alice, GranteeId: 'dave' }), { state, profile: 'documented' });
    expect(expectation.openPoints).toContain('reused-name');
    // The new dave: his permission deleted. The DELETED dave, looked up by his name: found and refused, not found, or a
    // delete of a permission he does not hold.
    expect(texts(expectation.readingOutcomes?.['reused-name']?.['not-deleted'] ?? [])).toEqual(['success']);
    expect(texts(expectation.readingOutcomes?.['reused-name']?.['deleted'] ?? [])).toEqual(['EntityNotFoundException', 'EntityStateException', 'success']);
    expect(expectation.outcomes).toContainEqual({ kind: 'success', effect: { resource: 'mailboxPermission', organizationId: active, keys: { entityId: alice, granteeId: newDave } } });
    expect(expectation.reason).toContain(`GranteeId dave names both DELETED entity ${dave} and ENABLED entity ${newDave} (open point reused-name)`);
    // By ID each is itself, with no open point of names.
    expect(expectOutcomes(permissions, inputCase({ OrganizationId: active, EntityId: alice, GranteeId: newDave }), { state, profile: 'documented' }).openPoints).not.toContain('reused-name');
  });

  it('accepts either lookup order where EntityId and GranteeId both fail, and names the open point only then', () => {
    const both = judge(permissions, { OrganizationId: active, EntityId: carol, GranteeId: 'nobody' });
    expect(texts(both.outcomes)).toEqual(['EntityNotFoundException', 'EntityStateException']);
    expect(both.openPoints).toContain('lookup-order');
    expect(texts(both.readingOutcomes?.['lookup-order']?.['grantee-first'] ?? [])).toEqual(['EntityNotFoundException']);
    const one = judge(permissions, { OrganizationId: active, EntityId: 'nobody', GranteeId: bob });
    expect(one.openPoints).not.toContain('lookup-order');
  });

  it('expects a success without effect when the permission or token is absent (idempotent delete)', () => {
    expect(judge(permissions, { OrganizationId: active, EntityId: bob, GranteeId: alice }).outcomes).toEqual([{ kind: 'success', effect: undefined }]);
    expect(judge(tokens, { OrganizationId: active, PersonalAccessTokenId: 'no-such-token' }).outcomes).toEqual([{ kind: 'success', effect: undefined }]);
    expect(judge(tokens, { OrganizationId: active, PersonalAccessTokenId: 'token-1' }).outcomes[0]).toMatchObject({ kind: 'success', effect: { keys: { id: 'token-1' } } });
  });

  it('expects OrganizationNotFoundException alone for an organization the fixture does not hold, even when the entity is named by a low-entropy name', () => {
    const expectation = judge(permissions, { OrganizationId: unknown, EntityId: 'alice', GranteeId: 'bob' });
    expect(texts(expectation.outcomes)).toEqual(['OrganizationNotFoundException']);
  });

  describe('with a fixture that says what it listed to the end', () => {
    function judgeListed(spec: OperationSpec, input: Record<string, unknown>, listed: { entities: boolean; personalAccessTokens: boolean; mailboxPermissionsNotKnownOf: string[] }) {
      const organizations = fixtureInput.organizations.map((organization) => (organization.id === active ? { ...organization, listed } : organization));
      const state = WorkMailState.fromFixture(parseFixture({ organizations }));
      return expectOutcomes(spec, inputCase(input), { state, profile: 'documented' });
    }
    const complete = { entities: true, personalAccessTokens: true, mailboxPermissionsNotKnownOf: [] };

    it('accepts a real delete as well as the absent reading where the entity\'s permissions could not be listed', () => {
      const expectation = judgeListed(permissions, { OrganizationId: active, EntityId: bob, GranteeId: alice }, { ...complete, mailboxPermissionsNotKnownOf: [bob] });
      expect(expectation.basis).toBe('state');
      expect(expectation.outcomes).toEqual([
        { kind: 'success', effect: { resource: 'mailboxPermission', organizationId: active, keys: { entityId: bob, granteeId: alice } } },
        { kind: 'success', effect: undefined },
      ]);
    });

    it('keeps "known absent" where the entity\'s permissions were listed to the end', () => {
      expect(judgeListed(permissions, { OrganizationId: active, EntityId: bob, GranteeId: alice }, complete).outcomes).toEqual([{ kind: 'success', effect: undefined }]);
    });

    it('does not call a token absent when the tokens were not listed to the end', () => {
      const expectation = judgeListed(tokens, { OrganizationId: active, PersonalAccessTokenId: 'no-such-token' }, { ...complete, personalAccessTokens: false });
      expect(expectation.outcomes[0]).toMatchObject({ kind: 'success', effect: { keys: { id: 'no-such-token' } } });
    });

    it('knows nothing of an unlisted name when the entity lists were not read to the end, but still of a random high-entropy ID', () => {
      const input = { OrganizationId: active, EntityId: 'zed', GranteeId: alice };
      expect(judgeListed(permissions, input, { ...complete, entities: false }).basis).toBe('unknownState');
      expect(judgeListed(permissions, input, complete).outcomes).toEqual([{ kind: 'error', type: 'EntityNotFoundException', status: 400 }]);
      expect(texts(judgeListed(permissions, { ...input, EntityId: '0f0e0d0c-0b0a-4909-8807-060504030201' }, { ...complete, entities: false }).outcomes)).toEqual(['EntityNotFoundException']);
      // The boundary SID the coverage phase sends, and a shrunk UUID: values a fixture may leave out but a target hold.
      for (const canonical of ['S-1-0-0-0-0-0-0', '00000000-0000-0000-0000-000000000000']) {
        expect(judgeListed(permissions, { ...input, EntityId: canonical }, { ...complete, entities: false }).basis).toBe('unknownState');
      }
    });
  });
});
