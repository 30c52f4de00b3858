import { describe, expect, it } from 'vitest';
import { allChecks } from '../../src/checks/all-checks.ts';
import { createWorkMailMock } from '../../src/mock/create-work-mail-mock.ts';
import { demoFixture } from '../../src/mock/demo-fixture.ts';
import { runConformance } from '../../src/runner/run-conformance.ts';
import { createHandlerTarget, type HttpHandle } from '../../src/target/handler-target.ts';
import { encodeAwsJsonError } from '../../src/wire/aws-json.ts';
import { createSdkTarget } from '../../src/target/sdk-target.ts';
import { checkFailureMessage, checkSkipReason, checkWarningMessage } from '../../src/report/check-messages.ts';
import { carefulMockedClient, carefulMockFixture } from '../target/sdk-mocks.ts';
import type { HttpRequestMessage } from '../../src/wire/http-message.ts';

describe('checkFailureMessage, the verdict of each describeConformance test, and of a test per check in any runner', () => {
  it('fails the broken check with its finding, and only that check, for a mock that accepts 65-character token IDs', async () => {
    const mock = createWorkMailMock({ fixture: demoFixture });
    const handle = (request: HttpRequestMessage) => {
      const tokenId = (JSON.parse(request.body || '{}') as { PersonalAccessTokenId?: unknown }).PersonalAccessTokenId;
      return typeof tokenId === 'string' && [...tokenId].length === 65 && /^[\w-]+$/.test(tokenId)
        ? { status: 200, headers: {}, body: '' }
        : mock.handle(request);
    };
    const report = await runConformance({ target: createHandlerTarget(handle), fixture: demoFixture, seed: 2, numRuns: 30 });

    const message = checkFailureMessage(report, 'DeletePersonalAccessToken', 'negativeDataRejection', { replayWith: 'describeConformance' });

    expect(message).toMatch(/exchange\(s\) broke this rule/);
    expect(message).toContain('PersonalAccessTokenId');
    expect(checkFailureMessage(report, 'DeletePersonalAccessToken', 'statusCodeConformance')).toBeUndefined();
    expect(checkFailureMessage(report, 'DeleteMailboxPermissions', 'negativeDataRejection')).toBeUndefined();
    // The reproduce line names every option that replays the case, the rest being the suite's own (libusers).
    const reproduce = /reproduce: describeConformance\(…, \{ …the same options, operations: \['DeletePersonalAccessToken'\], seed: 2, path: '([^']+)' \}\) sends this case alone/.exec(message ?? '');
    expect(reproduce).not.toBeNull();
    const replay = await runConformance({ target: createHandlerTarget(handle), fixture: demoFixture, numRuns: 30, operations: ['DeletePersonalAccessToken'], seed: 2, path: reproduce?.[1] as string });
    expect(replay.summary.cases).toBe(1);
    expect(replay.failures.map((finding) => finding.check)).toEqual(['negativeDataRejection']);
    // A drawn case's path replays it and then shrinks again from there, as fast-check replays a path (trialB #3).
    const drawn = { ...report, failures: report.failures.map((finding) => ({ ...finding, phase: 'property' as const, path: 'DeletePersonalAccessToken.invalid:4:0' })) };
    expect(checkFailureMessage(drawn, 'DeletePersonalAccessToken', 'negativeDataRejection')).toContain("path: 'DeletePersonalAccessToken.invalid:4:0' }) sends this case first, then tries to shrink it further");
    // From runConformance in Jest or plain Node (trialE #5), the reproduce line replays with runConformance.
    expect(checkFailureMessage(report, 'DeletePersonalAccessToken', 'negativeDataRejection')).toContain("reproduce: runConformance(…, { …the same options, operations: ['DeletePersonalAccessToken'], seed: 2, path: '");
  });
});

describe('checkWarningMessage, which a passing warning-only test of describeConformance prints and annotates (libusers)', () => {
  it('gives the findings of a mock that sends the error type only as the X-Amzn-ErrorType header, and nothing for the reference mock', async () => {
    const mock = createWorkMailMock({ fixture: demoFixture });
    const headerOnly: HttpHandle = async (request) => {
      const answer = await mock.handle(request);
      if (answer.status < 400) return answer;
      const type = (JSON.parse(answer.body) as { __type: string }).__type;
      return { status: answer.status, headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amzn-errortype': type }, body: '{"message":"refused"}' };
    };
    const warned = await runConformance({ target: createHandlerTarget(headerOnly), fixture: demoFixture, seed: 3, numRuns: 10, stateSequences: 0 });
    const clean = await runConformance({ target: createHandlerTarget(mock.handle), fixture: demoFixture, seed: 3, numRuns: 10, stateSequences: 0 });

    const message = checkWarningMessage(warned, 'DeletePersonalAccessToken', 'clientCompatibility');
    expect(message).toMatch(/^\d+ exchange\(s\) drew this warning\nclientCompatibility: /);
    expect(message).toContain('botocore (AWS CLI, boto3) reads');
    expect(warned.summary.conformant).toBe(true);
    expect(checkWarningMessage(clean, 'DeletePersonalAccessToken', 'clientCompatibility')).toBeUndefined();
  });
});

describe('checkSkipReason, which makes a check that judged nothing a skipped test', () => {
  it('gives a reason for a check that judged no exchange, and none for a check that judged some', async () => {
    // Through a mocked SDK client no status is seen on the wire, so statusCodeConformance judges nothing.
    const report = await runConformance({ target: createSdkTarget({ client: carefulMockedClient() }), fixture: carefulMockFixture, seed: 2, numRuns: 10 });

    expect(checkSkipReason(report, 'DeletePersonalAccessToken', 'statusCodeConformance')).toMatch(/^judged none of the \d+ exchange\(s\) of DeletePersonalAccessToken: .*the wire was not seen/);
    expect(checkSkipReason(report, 'DeletePersonalAccessToken', 'negativeDataRejection')).toBeUndefined();
    // A check the report does not hold is a mistake in the test, said in one line, never a skip reason (trialZ #2).
    expect(() => checkSkipReason(report, 'DeletePersonalAccessToken', 'noSuchCheck')).toThrow(/^checkSkipReason: check: 'noSuchCheck' is no check of this report/);
  });

  it('gives the reason the run could not check it at all, as the console and JUnit reports do (libusers)', async () => {
    // The target serves no List operation: deleteEffect and stateSequence cannot read what a delete did.
    const mock = createWorkMailMock({ fixture: demoFixture });
    const deletesOnly: HttpHandle = (request) => ((request.headers['x-amz-target'] ?? '').includes('.List') ? encodeAwsJsonError('UnknownOperationException', 400, 'Unknown operation') : mock.handle(request));
    const report = await runConformance({ target: createHandlerTarget(deletesOnly), fixture: demoFixture, seed: 2, numRuns: 10 });

    expect(checkSkipReason(report, 'DeleteMailboxPermissions', 'deleteEffect')).toBe('not checked: the target serves no ListMailboxPermissions (answered 400 UnknownOperationException (from __type))');
  });

  it("says that the run stopped early, where another operation's answers stopped it before this check's cases went out (trialI)", async () => {
    // Every DeletePersonalAccessToken is throttled: the run stops after 20 in a row, whatever DeleteMailboxPermissions was sending.
    const mock = createWorkMailMock({ fixture: demoFixture });
    const throttled: HttpHandle = (request) =>
      request.headers['x-amz-target'] === 'WorkMailService.DeletePersonalAccessToken' ? encodeAwsJsonError('ThrottlingException', 400, 'Rate exceeded') : mock.handle(request);
    const report = await runConformance({ target: createHandlerTarget(throttled), fixture: demoFixture, seed: 2, numRuns: 10 });

    expect(report.summary.incomplete).toBeDefined();
    const reasons = report.operations.flatMap((operation) => operation.checks.map((check) => checkSkipReason(report, operation.operation, check.name))).filter((reason) => reason?.startsWith('judged none') === true);
    expect(reasons.length).toBeGreaterThan(0);
    expect(reasons.every((reason) => reason?.includes(`; the run stopped early, before its other cases were sent (${report.summary.incomplete ?? ''})`))).toBe(true);
  });
});

describe('a check or operation the report does not hold (trialZ #2)', () => {
  it('throws one line naming it, where undefined let a misspelt name pass a test that checked nothing', async () => {
    const mock = createWorkMailMock({ fixture: demoFixture });
    const report = await runConformance({ target: createHandlerTarget(mock.handle), fixture: demoFixture, seed: 1, numRuns: 5, stateSequences: 0, operations: ['DeletePersonalAccessToken'] });

    expect(() => checkFailureMessage(report, 'DeletePersonalAccessToken', 'negativeDataRejections')).toThrow(
      /^checkFailureMessage: check: 'negativeDataRejections' \(did you mean 'negativeDataRejection'\?\) is no check of this report \(it holds .*negativeDataRejection.*\)$/,
    );
    expect(() => checkSkipReason(report, 'DeletePersonalAccessTokens', 'negativeDataRejection')).toThrow(
      "checkSkipReason: operation: 'DeletePersonalAccessTokens' (did you mean 'DeletePersonalAccessToken'?) is no operation of this report (it checked DeletePersonalAccessToken)",
    );
    // An operation the run was not given is no operation of its report either.
    expect(() => checkWarningMessage(report, 'DeleteMailboxPermissions', 'clientCompatibility')).toThrow(/^checkWarningMessage: operation: 'DeleteMailboxPermissions' is no operation of this report/);
    // Names it holds answer as before.
    expect(checkFailureMessage(report, 'DeletePersonalAccessToken', 'negativeDataRejection')).toBeUndefined();
    expect(checkSkipReason(report, 'DeletePersonalAccessToken', 'negativeDataRejection')).toBeUndefined();
  });

  it('throws one line for a check given as an object, not its name, where it crashed with a TypeError (trialAA #6)', async () => {
    const mock = createWorkMailMock({ fixture: demoFixture });
    const report = await runConformance({ target: createHandlerTarget(mock.handle), fixture: demoFixture, seed: 1, numRuns: 5, stateSequences: 0, operations: ['DeletePersonalAccessToken'] });
    const untyped = checkFailureMessage as (report: unknown, operation: unknown, check: unknown) => string | undefined;

    expect(() => untyped(report, 'DeletePersonalAccessToken', allChecks.find((check) => check.name === 'deleteEffect'))).toThrow(
      /^checkFailureMessage: check: expected a check's name \(such as 'deleteEffect'\), got an? .*\(pass its name: 'deleteEffect'\)$/,
    );
    expect(() => untyped(report, 7, 'deleteEffect')).toThrow(/^checkFailureMessage: operation: expected an operation's name/);
    expect(() => untyped(undefined, 'DeletePersonalAccessToken', 'deleteEffect')).toThrow(/^checkFailureMessage: report: expected the report runConformance resolved with, got undefined$/);
  });

  it('still says why an operation judged nothing in a run that stopped before its cases', async () => {
    const mock = createWorkMailMock({ fixture: demoFixture });
    const controller = new AbortController();
    controller.abort();
    const report = await runConformance({ target: createHandlerTarget(mock.handle), fixture: demoFixture, seed: 1, numRuns: 5, signal: controller.signal });

    expect(report.summary.incomplete).toBeDefined();
    expect(checkSkipReason(report, 'DeleteMailboxPermissions', 'negativeDataRejection')).toMatch(/^no exchange of DeleteMailboxPermissions was judged \(none was sent\)$|^judged none of the/);
  });
});
