import type { Fixture } from '../fixture/fixture-schema.ts';
import { markValidated } from '../fixture/validated-fixtures.ts';
import type { OperationSpec } from '../spec/spec-schema.ts';

/**
 * The IDs of the built-in demo organizations and everything in them, for tests and examples.
 *
 * @example
 * const input = { OrganizationId: demoIds.organizationId, EntityId: demoIds.aliceUserId, GranteeId: demoIds.salesGroupId };
 */
export const demoIds = Object.freeze({
  /** The Active organization `example-corp`. */
  organizationId: 'm-0f1e2d3c4b5a69788796a5b4c3d2e1f0',
  /** An organization in state `Deleted`. */
  deletedOrganizationId: 'm-5d0c8e1f2a3b4c5d6e7f8091a2b3c4d5',
  /** An organization in state `Creating` (neither Active nor Deleted). */
  creatingOrganizationId: 'm-9a8b7c6d5e4f30211203f4e5d6c7b8a9',
  /** User `alice`, ENABLED, alice@example.com. */
  aliceUserId: '3f2a9c1e-7b4d-4e8a-9f6c-2d1b0a8e7c5f',
  /** User `dave`, ENABLED, dave@example.com. */
  daveUserId: 'd4c3b2a1-0f9e-4d8c-b7a6-5e4f3d2c1b0a',
  /** User `bob`, DISABLED. */
  bobUserId: 'b7e4d2c9-1a3f-4c6b-8e5d-9f0a2b4c6d8e',
  /** User `carol`, DELETED. */
  carolUserId: 'c5a1f3e7-9b2d-4f8c-a6e4-1d3b5f7a9c2e',
  /** Group `sales`, ENABLED, sales@example.com. */
  salesGroupId: 'e8f7a6b5-c4d3-4e2f-9a1b-0c9d8e7f6a5b',
  /** Resource `meeting-room`, ENABLED, meeting-room@example.com. */
  meetingRoomResourceId: 'r-7c6b5a4f3e2d1c0b9a8f7e6d5c4b3a29',
  /** Alice's personal access token. */
  aliceTokenId: '6a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d',
  /** Alice's second personal access token: a delete must remove only the token it names, not every token of its user. */
  aliceSecondTokenId: '9d4e5f6a-7b8c-4d9e-8f0a-2b3c4d5e6f7a',
  /** Dave's personal access token. */
  daveTokenId: '7b2c3d4e-5f6a-4b7c-9d8e-0f1a2b3c4d5e',
  /** A second Active organization, `other-corp`: what a request naming example-corp must never reach. */
  otherOrganizationId: 'm-3c4d5e6f708192a3b4c5d6e7f8091a2b',
  /** User `frank` of other-corp, ENABLED, frank@other.example.com. */
  frankUserId: 'f1a2b3c4-d5e6-4f7a-8b9c-0d1e2f3a4b5c',
  /** Group `support` of other-corp, ENABLED, support@other.example.com. */
  supportGroupId: '0a9b8c7d-6e5f-4a3b-9c2d-1e0f9a8b7c6d',
  /** Frank's personal access token, in other-corp. */
  frankTokenId: '8c3d4e5f-6a7b-4c8d-9e0f-1a2b3c4d5e6f',
});

/**
 * The organizations the mock serves when no fixture is given: `example-corp` (Active) with users, a group, a resource,
 * mailbox permissions and tokens, one organization in state `Deleted`, one in state `Creating`, and a second Active
 * organization `other-corp` (its own user, group, permission and token) that requests naming example-corp must not reach.
 * It is frozen all the way down: a mock or a test of one's own that would change it takes a copy
 * (`structuredClone(demoFixture)`).
 *
 * @example
 * createWorkMailMock({ fixture: demoFixture }).state.findOrganization(demoIds.organizationId)?.state; // 'Active'
 */
export const demoFixture: Fixture = markValidated(deepFreeze<Fixture>({
  organizations: [
    {
      id: demoIds.organizationId,
      state: 'Active',
      alias: 'example-corp',
      entities: [
        { id: demoIds.aliceUserId, type: 'USER', name: 'alice', email: 'alice@example.com', state: 'ENABLED' },
        { id: demoIds.daveUserId, type: 'USER', name: 'dave', email: 'dave@example.com', state: 'ENABLED' },
        { id: demoIds.bobUserId, type: 'USER', name: 'bob', email: 'bob@example.com', state: 'DISABLED' },
        { id: demoIds.carolUserId, type: 'USER', name: 'carol', state: 'DELETED' },
        { id: demoIds.salesGroupId, type: 'GROUP', name: 'sales', email: 'sales@example.com', state: 'ENABLED' },
        { id: demoIds.meetingRoomResourceId, type: 'RESOURCE', name: 'meeting-room', email: 'meeting-room@example.com', state: 'ENABLED' },
      ],
      mailboxPermissions: [
        { entityId: demoIds.aliceUserId, granteeId: demoIds.salesGroupId, permissionValues: ['FULL_ACCESS'] },
        { entityId: demoIds.aliceUserId, granteeId: demoIds.daveUserId, permissionValues: ['SEND_AS', 'SEND_ON_BEHALF'] },
        // The mirror of dave's permission on alice's mailbox: deleting one must leave the other.
        { entityId: demoIds.daveUserId, granteeId: demoIds.aliceUserId, permissionValues: ['SEND_AS'] },
        { entityId: demoIds.meetingRoomResourceId, granteeId: demoIds.aliceUserId, permissionValues: ['FULL_ACCESS'] },
      ],
      personalAccessTokens: [
        { id: demoIds.aliceTokenId, userId: demoIds.aliceUserId, name: 'alice-laptop' },
        { id: demoIds.aliceSecondTokenId, userId: demoIds.aliceUserId, name: 'alice-phone' },
        { id: demoIds.daveTokenId, userId: demoIds.daveUserId, name: 'dave-ci' },
      ],
    },
    {
      id: demoIds.deletedOrganizationId,
      state: 'Deleted',
      alias: 'old-corp',
      entities: [{ id: 'a1b2c3d4-e5f6-4a7b-8c9d-0e1f2a3b4c5d', type: 'USER', name: 'erin', email: 'erin@old.example.com', state: 'ENABLED' }],
      mailboxPermissions: [],
      personalAccessTokens: [],
    },
    { id: demoIds.creatingOrganizationId, state: 'Creating', alias: 'new-corp', entities: [], mailboxPermissions: [], personalAccessTokens: [] },
    {
      id: demoIds.otherOrganizationId,
      state: 'Active',
      alias: 'other-corp',
      entities: [
        { id: demoIds.frankUserId, type: 'USER', name: 'frank', email: 'frank@other.example.com', state: 'ENABLED' },
        { id: demoIds.supportGroupId, type: 'GROUP', name: 'support', email: 'support@other.example.com', state: 'ENABLED' },
      ],
      mailboxPermissions: [{ entityId: demoIds.frankUserId, granteeId: demoIds.supportGroupId, permissionValues: ['FULL_ACCESS', 'SEND_AS'] }],
      personalAccessTokens: [{ id: demoIds.frankTokenId, userId: demoIds.frankUserId, name: 'frank-phone' }],
    },
  ],
}));

/** `value` frozen all the way down: the demo is shared by every mock and oracle of a process, so a change to it would leak into each. */
function deepFreeze<Value>(value: Value): Value {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    for (const member of Object.values(value)) deepFreeze(member);
    Object.freeze(value);
  }
  return value;
}

/**
 * The demo organizations with the records of each spec's resource kind that the spec declares for the demo
 * (`resourceKind.demo`), in `example-corp`: how a spec of a new kind gives the embedded mock something to delete.
 *
 * @example
 * demoFixtureFor(loadOperationSpecs('my-specs')).organizations[0]?.resources; // { myKind: [{ … }] }
 */
export function demoFixtureFor(specs: readonly Pick<OperationSpec, 'resourceKind'>[]): Fixture {
  const declared = specs.filter((spec) => (spec.resourceKind.demo ?? []).length > 0);
  if (declared.length === 0) return demoFixture;
  // The demo records were validated with their spec; the rest is the demo fixture's own.
  return markValidated({
    organizations: demoFixture.organizations.map((organization) => {
      if (organization.id !== demoIds.organizationId) return organization;
      const resources: Record<string, Record<string, string>[]> = { ...organization.resources };
      for (const spec of declared) resources[spec.resourceKind.name] = [...(resources[spec.resourceKind.name] ?? []), ...(spec.resourceKind.demo ?? [])];
      return { ...organization, resources };
    }),
  });
}
