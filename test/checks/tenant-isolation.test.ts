import { describe, expect, it } from 'vitest';
import { coverageCases } from '../../src/cases/coverage-cases.ts';
import { expectOutcomes } from '../../src/cases/expect-outcomes.ts';
import { describeExpectation } from '../../src/model/outcome.ts';
import { WorkMailState } from '../../src/fixture/workmail-state.ts';
import { createWorkMailMock } from '../../src/mock/create-work-mail-mock.ts';
import { demoFixture, demoIds } from '../../src/mock/demo-fixture.ts';
import { runConformance } from '../../src/runner/run-conformance.ts';
import { findOperationSpec, loadOperationSpecs } from '../../src/spec/load-spec.ts';
import type { OperationSpec } from '../../src/spec/spec-schema.ts';
import { createHandlerTarget } from '../../src/target/handler-target.ts';
import { handWrittenStateMock } from '../broken-mocks/hand-written-state-mocks.ts';

const specs = loadOperationSpecs();
const permissions = findOperationSpec(specs, 'DeleteMailboxPermissions');
const tokens = findOperationSpec(specs, 'DeletePersonalAccessToken');

function tenantCases(operation: OperationSpec) {
  return coverageCases(operation, { fixture: demoFixture }).filter((testCase) => testCase.description.startsWith('tenant isolation'));
}

describe('tenant isolation cases', () => {
  it('name, in each Active organization, the other one\'s permissions by entity ID, name and email, and its tokens', () => {
    const inputs = tenantCases(permissions).map((testCase) => (testCase.body.kind === 'input' ? testCase.body.input : {}));

    expect(inputs).toContainEqual({ OrganizationId: demoIds.organizationId, EntityId: demoIds.frankUserId, GranteeId: demoIds.supportGroupId });
    expect(inputs).toContainEqual({ OrganizationId: demoIds.organizationId, EntityId: 'frank', GranteeId: 'support' });
    expect(inputs).toContainEqual({ OrganizationId: demoIds.organizationId, EntityId: 'frank@other.example.com', GranteeId: 'support@other.example.com' });
    expect(inputs).toContainEqual({ OrganizationId: demoIds.otherOrganizationId, EntityId: 'alice', GranteeId: 'sales' });
    // A token of other-corp named in example-corp is already a fixture-value case; the tenant cases add the other direction.
    const tokenInputs = coverageCases(tokens, { fixture: demoFixture }).map((testCase) => (testCase.body.kind === 'input' ? testCase.body.input : {}));
    expect(tokenInputs).toContainEqual({ OrganizationId: demoIds.organizationId, PersonalAccessTokenId: demoIds.frankTokenId });
    expect(tokenInputs).toContainEqual({ OrganizationId: demoIds.otherOrganizationId, PersonalAccessTokenId: demoIds.aliceTokenId });
  });

  it('expect what an unknown entity or an absent token gets, never a delete', () => {
    const state = WorkMailState.fromFixture(demoFixture);
    for (const testCase of tenantCases(permissions)) {
      expect(describeExpectation(expectOutcomes(permissions, testCase, { state, profile: 'documented' })), testCase.description).toBe('400 EntityNotFoundException');
    }
    for (const testCase of tenantCases(tokens)) {
      const expectation = expectOutcomes(tokens, testCase, { state, profile: 'documented' });
      expect(expectation.outcomes, testCase.description).toEqual([{ kind: 'success', effect: undefined }]);
    }
  });

  it('leave the reference mock silent, each judged by deleteEffect', async () => {
    const report = await runConformance({ target: createHandlerTarget(createWorkMailMock().handle), fixture: demoFixture, seed: 8, numRuns: 10 });

    expect(report.failures).toEqual([]);
  });

  it('catch a hand-written mock that looks entities and tokens up in every organization: the answer and the other organization\'s loss', async () => {
    const report = await runConformance({ target: createHandlerTarget(handWrittenStateMock(demoFixture, 'crossOrganizationLookup')), fixture: demoFixture, seed: 8 });

    const otherCorp = new Set([demoIds.frankUserId, 'frank', 'frank@other.example.com', demoIds.supportGroupId, 'support', 'support@other.example.com']);
    const wrongAnswers = report.failures.filter((finding) => {
      const input = finding.input as Record<string, unknown>;
      return finding.check === 'stateConformance' && input['OrganizationId'] === demoIds.organizationId && (otherCorp.has(String(input['EntityId'])) || otherCorp.has(String(input['GranteeId'])));
    });
    expect(wrongAnswers.length).toBeGreaterThan(0);
    expect(wrongAnswers.every((finding) => finding.expected.includes('400 EntityNotFoundException'))).toBe(true);
    const effects = report.failures.filter((finding) => finding.check === 'deleteEffect').map((finding) => `${finding.operation}: ${finding.observed}`);
    expect(effects.some((line) => line.startsWith('DeleteMailboxPermissions') && line.includes(`${demoIds.otherOrganizationId} no longer holds {"entityId":"${demoIds.frankUserId}"`))).toBe(true);
    expect(effects.some((line) => line.startsWith('DeletePersonalAccessToken') && line.includes(`${demoIds.otherOrganizationId} no longer holds {"id":"${demoIds.frankTokenId}"`))).toBe(true);
  });
});
