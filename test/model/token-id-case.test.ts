import { describe, expect, it } from 'vitest';
import { expectOutcomes } from '../../src/cases/expect-outcomes.ts';
import type { Fixture } from '../../src/fixture/fixture-schema.ts';
import { WorkMailState } from '../../src/fixture/workmail-state.ts';
import { createWorkMailMock } from '../../src/mock/create-work-mail-mock.ts';
import { demoFixture, demoIds } from '../../src/mock/demo-fixture.ts';
import type { ConformanceReport } from '../../src/report/conformance-report.ts';
import { runConformance } from '../../src/runner/run-conformance.ts';
import { findOperationSpec, loadOperationSpecs } from '../../src/spec/load-spec.ts';
import { createHandlerTarget, type HttpHandle } from '../../src/target/handler-target.ts';
import { handWrittenStateMock } from '../broken-mocks/hand-written-state-mocks.ts';

const specs = loadOperationSpecs();
const spec = findOperationSpec(specs, 'DeletePersonalAccessToken');
const [first, , , second] = demoFixture.organizations;
const aliceToken = first!.personalAccessTokens[0]!;

/**
 * Two Active organizations whose tokens differ only in letter case (trialAA #1): the second holds, for its own user, a token
 * whose ID is the first organization's first token's ID in upper case.
 */
const twoTenants: Fixture = {
  organizations: demoFixture.organizations.map((organization) =>
    organization === second
      ? { ...organization, personalAccessTokens: [...organization.personalAccessTokens, { id: aliceToken.id.toUpperCase(), userId: organization.entities[0]!.id }] }
      : organization,
  ),
};

function readingsShown(report: ConformanceReport): string[] {
  return (report.openPointFindings.find((finding) => finding.topic === 'token-id-case')?.readings ?? []).map((entry) => entry.reading);
}

function failedChecks(report: ConformanceReport): string[] {
  return [...new Set(report.failures.map((finding) => `${finding.operation} ${finding.check}`))];
}

describe('a token named by its ID in another letter case (open point token-id-case)', () => {
  it('is expected found and deleted, or not found and absent: both answer 200, and the read after tells which', () => {
    const state = WorkMailState.fromFixture(demoFixture);
    const input = { OrganizationId: demoIds.organizationId, PersonalAccessTokenId: aliceToken.id.toUpperCase() };

    const expectation = expectOutcomes(spec, { body: { kind: 'input', input } }, { state, profile: 'documented' });

    expect(expectation.openPoints).toContain('token-id-case');
    expect(expectation.outcomes).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ kind: 'success', effect: { resource: 'personalAccessToken', organizationId: demoIds.organizationId, keys: { id: aliceToken.id } } }),
        expect.objectContaining({ kind: 'success', effect: undefined }),
      ]),
    );
    expect(expectation.outcomes.every((outcome) => outcome.kind === 'success')).toBe(true);
  });

  it('is not in play where a token has the ID exactly', () => {
    const state = WorkMailState.fromFixture(twoTenants);
    const input = { OrganizationId: second!.id, PersonalAccessTokenId: aliceToken.id.toUpperCase() };

    const expectation = expectOutcomes(spec, { body: { kind: 'input', input } }, { state, profile: 'documented' });

    expect(expectation.openPoints).not.toContain('token-id-case');
    expect(expectation.outcomes).toEqual([expect.objectContaining({ kind: 'success', effect: expect.objectContaining({ keys: { id: aliceToken.id.toUpperCase() } }) })]);
  });

  it('makes the reference mock delete the token under the case-insensitive reading, and not under the default', async () => {
    const body = JSON.stringify({ OrganizationId: demoIds.organizationId, PersonalAccessTokenId: aliceToken.id.toUpperCase() });
    const request = { method: 'POST', path: '/', headers: { 'x-amz-target': 'WorkMailService.DeletePersonalAccessToken', 'content-type': 'application/x-amz-json-1.1' }, body };
    const list = { ...request, headers: { ...request.headers, 'x-amz-target': 'WorkMailService.ListPersonalAccessTokens' }, body: JSON.stringify({ OrganizationId: demoIds.organizationId }) };
    const listed = async (handle: HttpHandle) => (JSON.parse((await handle(list)).body) as { PersonalAccessTokenSummaries: { PersonalAccessTokenId: string }[] }).PersonalAccessTokenSummaries.map((token) => token.PersonalAccessTokenId);

    for (const [reading, kept] of [['case-sensitive', true], ['case-insensitive', false]] as const) {
      const { handle } = createWorkMailMock({ fixture: demoFixture, readings: { 'token-id-case': reading } });
      expect((await handle(request)).status, reading).toBe(200);
      expect((await listed(handle)).includes(aliceToken.id), reading).toBe(kept);
    }
  });

  it('leaves a hand-written stand-in that finds tokens in any letter case conformant, with the demo fixture and with tokens that differ only in case across organizations (trialAA #1)', async () => {
    for (const fixture of [demoFixture, twoTenants]) {
      for (const seed of [1, 2, 3]) {
        const report = await runConformance({ target: createHandlerTarget(handWrittenStateMock(fixture, 'tokenIdsIgnoreCase')), fixture, seed, numRuns: 50 });

        expect(failedChecks(report), `seed ${seed}`).toEqual([]);
        expect(readingsShown(report), `seed ${seed}`).toEqual(['case-insensitive']);
      }
    }
  });

  it('shows the case-sensitive reading of a stand-in that tells token IDs apart', async () => {
    const report = await runConformance({ target: createHandlerTarget(handWrittenStateMock(twoTenants, 'none')), fixture: twoTenants, seed: 1, numRuns: 50 });

    expect(failedChecks(report)).toEqual([]);
    expect(readingsShown(report)).toEqual(['case-sensitive']);
  });

  it('still catches a lookup that ignores both letter case and the organization, by what it deleted in the other organization', async () => {
    for (const seed of [1, 2]) {
      const report = await runConformance({ target: createHandlerTarget(handWrittenStateMock(twoTenants, 'tokenIdsIgnoreCaseAndOrganization')), fixture: twoTenants, seed, numRuns: 50 });

      expect(failedChecks(report), `seed ${seed}`).toContain('DeletePersonalAccessToken deleteEffect');
    }
  });
});
