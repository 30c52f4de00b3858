import { describe, expect, it } from 'vitest';
import { expectOutcomes } from '../../src/cases/expect-outcomes.ts';
import { buildErrorCatalog } from '../../src/checks/error-catalog.ts';
import { exceptionTypeConformance } from '../../src/checks/exception-type-conformance.ts';
import { WorkMailState } from '../../src/fixture/workmail-state.ts';
import { demoFixture, demoIds } from '../../src/mock/demo-fixture.ts';
import { observeResponse } from '../../src/observation/observe-response.ts';
import { findOperationSpec, loadCommonErrors, loadOperationSpecs } from '../../src/spec/load-spec.ts';
import { encodeAwsJsonError } from '../../src/wire/aws-json.ts';
import { judgeAnswer } from '../../src/verdict/judge-answer.ts';

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

describe('what a failure says beside the error type', () => {
  const judged = (input: Record<string, unknown>, status: number, body: string) =>
    judgeAnswer(spec, { body: { kind: 'input', input } }, { status, headers: { 'content-type': 'application/json' }, body }, { state: WorkMailState.fromFixture(demoFixture), profile: 'documented' }).findings;
  const unknownEntity = { OrganizationId: demoIds.organizationId, EntityId: 'nobody', GranteeId: 'sales' };

  it('names the member an invalid input breaks, and how, which the answer alone does not show (trialO #4)', () => {
    const finding = judged({ ...unknownEntity, EntityId: 'alice', GranteeId: '%\n' }, 400, '{"__type":"EntityNotFoundException","message":"no such grantee"}').find((candidate) => candidate.check === 'exceptionTypeConformance');
    expect(finding?.expected).toBe('400 InvalidParameterException (GranteeId breaks pattern: input validation comes first)');
  });

  it('says where an undocumented type differs from a documented one only in its letter case (trialV #4)', () => {
    const finding = judged(unknownEntity, 400, '{"__type":"entitynotfoundexception","message":"no"}').find((candidate) => candidate.check === 'exceptionTypeConformance');
    expect(finding?.observed).toBe('400 entitynotfoundexception (from __type): not a documented error (EntityNotFoundException is: only the letter case differs, and clients match a type exactly)');
  });

  it("asks of a web framework's own 415 whether the server parses awsJson bodies (Fastify's default parser refuses them)", () => {
    const finding = judged(unknownEntity, 415, '{"statusCode":415,"code":"FST_ERR_CTP_INVALID_MEDIA_TYPE","error":"Unsupported Media Type","message":"Unsupported Media Type"}').find((candidate) => candidate.check === 'exceptionTypeConformance');
    expect(finding?.observed).toBe('415 FST_ERR_CTP_INVALID_MEDIA_TYPE (from code): not a documented error (a 415: does the server parse bodies of Content-Type application/x-amz-json-1.1?)');
  });

  it("asks of a web framework's own JSON 404, with no error type, whether the server routes POST / (Fastify's \"Route POST:/ not found\")", () => {
    const finding = judged(unknownEntity, 404, '{"message":"Route POST:/ not found","error":"Not Found","statusCode":404}').find((candidate) => candidate.check === 'errorResponseShape');
    expect(finding?.observed).toMatch(/^404 with no error type .*\(a 404 that is no awsJson error: does the server route POST \/ with X-Amz-Target to its handlers\?\)$/);
  });

  it('says nothing of the set-up where the type is one of the operation’s own, at a wrong status', () => {
    const findings = judged(unknownEntity, 404, '{"__type":"EntityNotFoundException","message":"no such entity"}');
    expect(findings.map((finding) => finding.check)).toEqual(['statusCodeConformance']);
    expect(findings.some((finding) => finding.observed.includes('does the server'))).toBe(false);
  });
});
