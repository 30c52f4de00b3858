import { describe, expect, it } from 'vitest';
import { expectOutcomes } from '../../src/cases/expect-outcomes.ts';
import { buildErrorCatalog } from '../../src/checks/error-catalog.ts';
import { exceptionTypeConformance } from '../../src/checks/exception-type-conformance.ts';
import { WorkMailState } from '../../src/fixture/workmail-state.ts';
import { demoFixture, demoIds } from '../../src/mock/demo-fixture.ts';
import { observeResponse } from '../../src/observation/observe-response.ts';
import { findOperationSpec, loadCommonErrors, loadOperationSpecs } from '../../src/spec/load-spec.ts';
import { encodeAwsJsonError } from '../../src/wire/aws-json.ts';

const spec = findOperationSpec(loadOperationSpecs(), 'DeleteMailboxPermissions');
const errors = buildErrorCatalog(spec, loadCommonErrors());

function judge(input: Record<string, unknown>, type: string) {
  const testCase = { operation: spec.operation, phase: 'coverage' as const, description: 'a case', body: { kind: 'input' as const, input }, violation: null };
  const expectation = expectOutcomes(spec, testCase, { state: WorkMailState.fromFixture(demoFixture), profile: 'documented' });
  const observation = observeResponse(encodeAwsJsonError(type, 400, 'no'), 1);
  return exceptionTypeConformance.run({ spec, testCase, expectation, observation, errors, effect: undefined });
}

describe('exceptionTypeConformance', () => {
  it('names the success the model wants beside the rule on error types, where the target rejects a delete the model answers 200', () => {
    // dave holds a permission on alice's mailbox: a real delete, the model's one answer a success.
    const result = judge({ OrganizationId: demoIds.organizationId, EntityId: demoIds.aliceUserId, GranteeId: demoIds.daveUserId }, 'ResourceNotFoundException');

    expect(result).toMatchObject({ status: 'fail', expected: expect.stringMatching(/^200 \(empty body\); a rejection, if any, of one of the operation's documented error types$/) });
  });

  it('names every answer allowed beside the rule on error types where a success is one of them (an open point)', () => {
    // Nobody holds a permission of sales on bob's mailbox: an absent delete, a success or an error as the readings go.
    const result = judge({ OrganizationId: demoIds.organizationId, EntityId: demoIds.bobUserId, GranteeId: demoIds.salesGroupId }, 'ResourceNotFoundException');

    expect(result).toMatchObject({ status: 'fail', expected: expect.stringMatching(/^400 EntityStateException \| 200 \(empty body\); a rejection, if any, of one of the operation's documented error types$/) });
  });

  it('says which documented errors it wanted where the model wants an error', () => {
    const result = judge({ OrganizationId: demoIds.organizationId, EntityId: 'nobody-here', GranteeId: demoIds.salesGroupId }, 'ResourceNotFoundException');

    expect(result).toMatchObject({ status: 'fail', expected: "one of the operation's documented errors (400 EntityNotFoundException)" });
  });
});
