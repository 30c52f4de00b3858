import { describe, expect, it } from 'vitest';
import { organizationResources } from '../../src/cases/fixture-values.ts';
import { WorkMailState } from '../../src/fixture/workmail-state.ts';
import { demoFixture } from '../../src/mock/demo-fixture.ts';

const kinds = ['organization', 'entity', 'mailboxPermission', 'personalAccessToken'] as const;

describe('organizationResources', () => {
  it.each(kinds)('lists the %s records of each organization as a state of the fixture does', (kind) => {
    const state = WorkMailState.fromFixture(demoFixture);
    for (const organization of demoFixture.organizations) {
      expect(organizationResources(organization, kind)).toEqual(state.listResources(kind, organization.id));
    }
    expect(demoFixture.organizations.some((organization) => organizationResources(organization, kind).length > 0)).toBe(true);
  });

  it('copies an organization once: later calls read the same records, and an equal copy of it gets its own', () => {
    const organization = demoFixture.organizations[0]!;
    const first = organizationResources(organization, 'personalAccessToken');
    expect(organizationResources(organization, 'personalAccessToken')).toBe(first);
    const copy = structuredClone(organization);
    expect(organizationResources(copy, 'personalAccessToken')).not.toBe(first);
    expect(organizationResources(copy, 'personalAccessToken')).toEqual(first);
  });

  it('never lists the caller\u2019s own records, so nothing the coverage plan reads can change the fixture', () => {
    const organization = structuredClone(demoFixture.organizations[0]!);
    const records = organizationResources(organization, 'personalAccessToken');
    expect(records.length).toBeGreaterThan(0);
    for (const record of records) expect(organization.personalAccessTokens ?? []).not.toContain(record);
  });
});
