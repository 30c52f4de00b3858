import { describe, expect, it } from 'vitest';
import { parseFixture } from '../../src/fixture/load-fixture.ts';
import { createWorkMailMock } from '../../src/mock/create-work-mail-mock.ts';
import { runConformance } from '../../src/runner/run-conformance.ts';
import { createHandlerTarget, type HttpHandle } from '../../src/target/handler-target.ts';

const home = 'm-11112222333344445555666677778888';
const other = 'm-99990000aaaabbbbccccddddeeeeffff';
const user = (id: string, name: string, domain: string) => ({ id, type: 'USER', name, email: `${name}@${domain}`, state: 'ENABLED' });

/** Two organizations whose users have the same names, each holding ann's mailbox for ben: as two tenants of one product do. */
const fixture = parseFixture({
  organizations: [
    {
      id: home,
      state: 'Active',
      entities: [user('0a1b2c3d-0000-4000-8000-00000000000a', 'ann', 'home.test'), user('0a1b2c3d-0000-4000-8000-00000000000b', 'ben', 'home.test')],
      mailboxPermissions: [{ entityId: '0a1b2c3d-0000-4000-8000-00000000000a', granteeId: '0a1b2c3d-0000-4000-8000-00000000000b', permissionValues: ['FULL_ACCESS'] }],
    },
    {
      id: other,
      state: 'Active',
      entities: [user('9f8e7d6c-0000-4000-8000-00000000000a', 'ann', 'other.test'), user('9f8e7d6c-0000-4000-8000-00000000000b', 'ben', 'other.test')],
      mailboxPermissions: [{ entityId: '9f8e7d6c-0000-4000-8000-00000000000a', granteeId: '9f8e7d6c-0000-4000-8000-00000000000b', permissionValues: ['SEND_AS'] }],
    },
  ],
});

/**
 * A mock whose DeleteMailboxPermissions checks the organization it is given, then removes the pair wherever entities of
 * those names are: a directory of names shared by every tenant (trialI's "ignoresOrg").
 */
function sharedDirectoryMock(): HttpHandle {
  const mock = createWorkMailMock({ fixture });
  return async (request) => {
    const response = await mock.handle(request);
    if (request.headers['x-amz-target'] !== 'WorkMailService.DeleteMailboxPermissions' || response.status !== 200) return response;
    const { EntityId: entity, GranteeId: grantee } = JSON.parse(request.body) as Record<string, string>;
    for (const organization of mock.state.listOrganizations()) {
      const find = (value: string | undefined) => organization.entities.find((candidate) => [candidate.id, candidate.name, candidate.email].includes(value))?.id;
      const [entityId, granteeId] = [find(entity), find(grantee)];
      if (entityId !== undefined && granteeId !== undefined) mock.state.deleteResource('mailboxPermission', organization.id, { entityId, granteeId });
    }
    return response;
  };
}

describe('a mock that deletes a permission in every organization whose entities have the names the request gives (trialI)', () => {
  it.each([1, 2, 7])('is caught by deleteEffect in the coverage phase, whatever the seed (seed %i)', async (seed) => {
    const report = await runConformance({ target: createHandlerTarget(sharedDirectoryMock()), fixture, seed, numRuns: 10, operations: ['DeleteMailboxPermissions'], stateSequences: 0 });

    const caught = report.failures.filter((finding) => finding.check === 'deleteEffect' && finding.phase === 'coverage');
    expect(caught.length).toBeGreaterThan(0);
    expect(caught.some((finding) => finding.description.includes(`which ${other} holds by the same names`) && finding.observed.includes(other))).toBe(true);
    expect(report.contractCoverage[0]?.items.find((item) => item.name === 'tenantIsolation')?.exchanges).toBeGreaterThan(0);
  });

  it('leaves the reference mock conformant on the same fixture', async () => {
    const report = await runConformance({ target: createHandlerTarget(createWorkMailMock({ fixture }).handle), fixture, seed: 2, numRuns: 10, operations: ['DeleteMailboxPermissions'] });

    expect(report.failures).toEqual([]);
    expect(report.summary.conformant).toBe(true);
  });
});
