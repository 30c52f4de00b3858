import { describe, expect, it } from 'vitest';
import { expectOutcomes } from '../../src/cases/expect-outcomes.ts';
import { buildErrorCatalog } from '../../src/checks/error-catalog.ts';
import { responseReceived } from '../../src/checks/response-received.ts';
import { WorkMailState } from '../../src/fixture/workmail-state.ts';
import { demoFixture, demoIds } from '../../src/mock/demo-fixture.ts';
import type { Observation } from '../../src/observation/observation.ts';
import { findOperationSpec, loadCommonErrors, loadOperationSpecs } from '../../src/spec/load-spec.ts';

const spec = findOperationSpec(loadOperationSpecs(), 'DeletePersonalAccessToken');
const errors = buildErrorCatalog(spec, loadCommonErrors());
const testCase = { operation: spec.operation, phase: 'coverage' as const, description: 'a case', body: { kind: 'input' as const, input: { OrganizationId: demoIds.organizationId, PersonalAccessTokenId: demoIds.aliceTokenId } }, violation: null };
const expectation = expectOutcomes(spec, testCase, { state: WorkMailState.fromFixture(demoFixture), profile: 'documented' });

function judge(observation: Observation) {
  return responseReceived.run({ spec, testCase, expectation, observation, errors, effect: undefined });
}

describe('responseReceived', () => {
  const hint = /a client sends the request again: try --retries 2, or one request at a time \(--concurrency 1, concurrency in code\)$/;

  it('says what takes the failure away where the transport saw the connection close before any answer', () => {
    const result = judge({ kind: 'networkError', code: 'ECONNRESET', message: 'connection closed before any answer (other side closed)', latencyMs: 3, closedBeforeAnswer: true });

    expect(result).toMatchObject({ status: 'fail', observed: expect.stringMatching(hint) });
  });

  it('gives no such hint for a drop the transport did not call one before any answer, whatever its message', () => {
    // The SDK transport's words, or a mock's own networkError: the transport, not the text, tells whether an answer began.
    const result = judge({ kind: 'networkError', code: 'ECONNRESET', message: 'connection closed before any answer (socket hang up)', latencyMs: 3 });

    expect(result).toMatchObject({ status: 'fail' });
    expect(result).not.toMatchObject({ observed: expect.stringMatching(hint) });
  });

  it('gives no such hint where the run itself already sent the request again', () => {
    const result = judge({ kind: 'networkError', code: 'ECONNRESET', message: 'connection closed before any answer (other side closed)', latencyMs: 3, closedBeforeAnswer: true, retriedAfter: ['ECONNRESET', 'ECONNRESET'] });

    expect(result).toMatchObject({ status: 'fail' });
    expect(result).not.toMatchObject({ observed: expect.stringMatching(hint) });
  });
});
