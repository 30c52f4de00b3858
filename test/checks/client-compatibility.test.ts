import { describe, expect, it } from 'vitest';
import { WorkMailState } from '../../src/fixture/workmail-state.ts';
import { demoFixture, demoIds } from '../../src/mock/demo-fixture.ts';
import { findOperationSpec, loadOperationSpecs } from '../../src/spec/load-spec.ts';
import { judgeAnswer } from '../../src/verdict/judge-answer.ts';
import { createWorkMailMock } from '../../src/mock/create-work-mail-mock.ts';
import { reporters } from '../../src/report/reporters.ts';
import { runConformance } from '../../src/runner/run-conformance.ts';
import { createHandlerTarget } from '../../src/target/handler-target.ts';

const spec = findOperationSpec(loadOperationSpecs(), 'DeleteMailboxPermissions');
const unknownEntity = { body: { kind: 'input', input: { OrganizationId: demoIds.organizationId, EntityId: 'nobody', GranteeId: 'sales' } } } as const;
const warningOf = (body: string, status = 400) =>
  judgeAnswer(spec, unknownEntity, { status, headers: { 'content-type': 'application/json' }, body }, { state: WorkMailState.fromFixture(demoFixture), profile: 'documented' }).findings.find(
    (finding) => finding.check === 'clientCompatibility',
  );

describe('clientCompatibility', () => {
  it('suggests sending the documented type as __type where only the AWS SDK for JavaScript reads it (from `code`)', () => {
    const warning = warningOf('{"code":"EntityNotFoundException","message":"no such entity"}');
    expect(warning?.severity).toBe('warning');
    expect(warning?.expected).toBe('the same error type for the AWS SDK for JavaScript and botocore (e.g. __type EntityNotFoundException in the body)');
    expect(warning?.observed).toContain('botocore (AWS CLI, boto3) reads');
  });

  it("suggests no web framework's own code as an error type (trialM: Fastify's 415 for a body type it does not parse)", () => {
    const warning = warningOf('{"statusCode":415,"code":"FST_ERR_CTP_INVALID_MEDIA_TYPE","error":"Unsupported Media Type","message":"Unsupported Media Type: application/x-amz-json-1.1"}', 415);
    expect(warning?.expected).toBe('the same error type for the AWS SDK for JavaScript and botocore (a __type in the body)');
  });
});

describe('the verdict line of a run with warnings only (trialV #3)', () => {
  it('says how many warnings and of which check, beside CONFORMANT', async () => {
    const mock = createWorkMailMock({ fixture: demoFixture });
    // The error type in the X-Amzn-ErrorType header alone: the JavaScript SDK reads it, botocore shows a bare status.
    const target = createHandlerTarget((request) => {
      const answer = mock.handle(request);
      if (answer.status < 400) return answer;
      const type = (JSON.parse(answer.body) as { __type: string }).__type;
      return { ...answer, headers: { ...answer.headers, 'x-amzn-errortype': type }, body: JSON.stringify({ message: 'no' }) };
    });

    const report = await runConformance({ target, fixture: demoFixture, seed: 2, numRuns: 5, stateSequences: 0 });

    expect(report.summary.conformant).toBe(true);
    const warned = report.operations.flatMap((operation) => operation.checks).reduce((total, check) => total + check.warned, 0);
    expect(warned).toBeGreaterThan(0);
    expect(reporters.console(report).trimEnd().split('\n').at(-1)).toMatch(new RegExp(`^CONFORMANT: no failures(, but [^·]+)?, with ${warned} warning\\(s\\) of clientCompatibility \\(see above\\) · \\d+ cases sent`));
  });
});
