import { describe, expect, it } from 'vitest';
import { describeCallError, discoverOrganizations } from '../../src/live/discover-fixture.ts';
import type { WorkMailApi } from '../../src/live/work-mail-api.ts';

const organizationId = 'm-0f1e2d3c4b5a69788796a5b4c3d2e1f0';
const alice = '3f2a9c1e-7b4d-4e8a-9f6c-2d1b0a8e7c5f';
const dave = 'd4c3b2a1-0f9e-4d8c-b7a6-5e4f3d2c1b0a';

/** An organization as an odd service lists it: its state in capitals, dave twice on alice's mailbox, a value twice on dave's. */
const oddService: WorkMailApi = {
  describeOrganization: () => Promise.resolve({ id: organizationId, state: 'ACTIVE', alias: undefined }),
  listEntities: (_, type) =>
    Promise.resolve(
      type === 'USER'
        ? [
            { id: alice, name: 'alice', email: 'alice@example.com', state: 'ENABLED', type },
            { id: dave, name: 'dave', email: 'dave@example.com', state: 'ENABLED', type },
          ]
        : [],
    ),
  listMailboxPermissions: (_, entityId) =>
    Promise.resolve(
      entityId === alice
        ? [
            { granteeId: dave, permissionValues: ['FULL_ACCESS'] },
            { granteeId: dave, permissionValues: ['SEND_AS'] },
          ]
        : [{ granteeId: alice, permissionValues: ['SEND_AS', 'SEND_AS'] }],
    ),
  listPersonalAccessTokens: () => Promise.resolve([]),
  putMailboxPermissions: () => Promise.reject(new Error('a read never puts')),
};

describe('discoverOrganizations, of a service that lists oddly', () => {
  it('reads a state in capitals as the state the specs name, marks a mailbox listing a grantee twice as not known, and keeps a value once', async () => {
    const { fixture, gaps } = await discoverOrganizations(oddService, [organizationId]);

    const organization = fixture.organizations[0];
    expect(organization?.state).toBe('Active');
    expect(organization?.listed?.mailboxPermissionsNotKnownOf).toEqual([alice]);
    expect(organization?.mailboxPermissions).toEqual([{ entityId: dave, granteeId: alice, permissionValues: ['SEND_AS'] }]);
    expect(gaps).toEqual([{ organizationId, what: `mailbox permissions of ${alice} (USER alice, ENABLED)`, why: `grantee ${dave} is listed twice` }]);
  });
});

describe('describeCallError', () => {
  it('says an answer the SDK could not read as JSON (an HTML error page) is one, with its status, not the parser\'s words', () => {
    const unreadable = Object.assign(new SyntaxError("Unexpected token '<', \"<html><bod\"... is not valid JSON\n  Deserialization error: …"), { $metadata: { httpStatusCode: 503 } });

    expect(describeCallError(unreadable)).toBe('HTTP 503, an answer whose body is not JSON');
    expect(describeCallError(Object.assign(new Error('no such organization'), { name: 'OrganizationNotFoundException' }))).toBe('OrganizationNotFoundException: no such organization');
  });

  it('names a connection reset by its code, where the SDK calls it a TimeoutError (trialC s4d), and a real timeout as one', () => {
    expect(describeCallError(Object.assign(new Error('socket hang up'), { name: 'TimeoutError', code: 'ECONNRESET' }))).toBe('ECONNRESET: socket hang up');
    expect(describeCallError(Object.assign(new Error('connect ETIMEDOUT'), { name: 'TimeoutError', code: 'ETIMEDOUT' }))).toBe('TimeoutError: connect ETIMEDOUT');
  });
});
