import { describe, expect, it } from 'vitest';
import { createWorkMailMock } from '../../src/mock/create-work-mail-mock.ts';
import { demoFixture } from '../../src/mock/demo-fixture.ts';
import { renderConsoleReport } from '../../src/report/console-reporter.ts';
import type { ConformanceReport } from '../../src/report/conformance-report.ts';
import { runConformance } from '../../src/runner/run-conformance.ts';
import { createHandlerTarget } from '../../src/target/handler-target.ts';
import { encodeAwsJsonError } from '../../src/wire/aws-json.ts';
import type { HttpRequestMessage, HttpResponseMessage } from '../../src/wire/http-message.ts';

function checksThatFailed(report: ConformanceReport): string[] {
  return [...new Set(report.failures.map((finding) => finding.check))].sort();
}

/**
 * The reference mock behind a request limiter, as people put one in front of a mock server to test their retries: every
 * `every`-th request is refused with `status` and a ThrottlingException body, before the mock sees it.
 */
function behindLimiter(every: number, status: number): (request: HttpRequestMessage) => HttpResponseMessage {
  const mock = createWorkMailMock({ fixture: demoFixture });
  // Counted per operation: a count across both, as the two operations' requests interleave, could throttle every request of
  // one of them (and the run would rightly stop, having judged nothing of it).
  const seen = new Map<string, number>();
  return (request) => {
    const operation = request.headers['x-amz-target'] ?? '';
    const count = (seen.get(operation) ?? 0) + 1;
    seen.set(operation, count);
    return count % every === 0 ? encodeAwsJsonError('ThrottlingException', status, 'Rate exceeded') : mock.handle(request);
  };
}

/**
 * The reference mock behind a limiter that refuses, with a ThrottlingException, the first List read after each real delete:
 * the read that would have shown the delete shows nothing.
 */
function throttlingTheReadAfterEachDelete(): (request: HttpRequestMessage) => HttpResponseMessage {
  const mock = createWorkMailMock({ fixture: demoFixture });
  const held = () => JSON.stringify(mock.state.toFixture()).length;
  let deletedSinceRead = false;
  return (request) => {
    const operation = request.headers['x-amz-target'] ?? '';
    if (operation.includes('.List') && deletedSinceRead) {
      deletedSinceRead = false;
      return encodeAwsJsonError('ThrottlingException', 400, 'Rate exceeded');
    }
    const before = held();
    const response = mock.handle(request);
    if (operation.includes('.Delete') && held() < before) deletedSinceRead = true;
    return response;
  };
}

describe('an answer that only asks to try again (ThrottlingException and the like)', () => {
  it('to the read after a delete leaves the next case unjudged by deleteEffect, never blamed for that delete', async () => {
    const report = await runConformance({ target: createHandlerTarget(throttlingTheReadAfterEachDelete(), 'mock throttling the read after each delete'), fixture: demoFixture, seed: 3, numRuns: 0 });

    expect(report.failures).toEqual([]);
    const judged = report.operations.map((operation) => operation.checks.find((tally) => tally.name === 'deleteEffect')?.passed ?? 0);
    for (const passed of judged) expect(passed).toBeGreaterThan(0);
  });

  it('is not judged against what the case should get, and the report counts it apart', async () => {
    const report = await runConformance({ target: createHandlerTarget(behindLimiter(5, 400), 'mock behind a limiter'), fixture: demoFixture, seed: 3, numRuns: 30 });

    expect(report.failures).toEqual([]);
    expect(report.summary.conformant).toBe(true);
    expect(report.summary.transientAnswers).toBeGreaterThan(50);
    expect(report.transientAnswers?.map((entry) => `${entry.operation} ${entry.type}`).sort()).toEqual(['DeleteMailboxPermissions ThrottlingException', 'DeletePersonalAccessToken ThrottlingException']);
    expect(report.transientAnswers?.reduce((total, entry) => total + entry.count, 0)).toBe(report.summary.transientAnswers);
    const console = renderConsoleReport(report);
    expect(console).toContain(`Not judged: ${report.summary.transientAnswers} answer(s) that only asked to try again (`);
    expect(console).toMatch(/DeletePersonalAccessToken ThrottlingException \d+x/);
    expect(console).toMatch(/CONFORMANT: .* sent, \d+ answered only "try again", not judged/);
  });

  it('is still judged by the form of the answer: a throttle sent with 429 instead of the documented 400 is caught by statusCodeConformance alone', async () => {
    const report = await runConformance({ target: createHandlerTarget(behindLimiter(5, 429), 'mock behind a 429 limiter'), fixture: demoFixture, seed: 3, numRuns: 30 });

    expect(checksThatFailed(report)).toEqual(['statusCodeConformance']);
    expect(report.failures[0]?.observed).toContain('429 ThrottlingException');
  });

  it('stops, incomplete, where one operation is always throttled, however the other operation answers (no fixture)', async () => {
    const mock = createWorkMailMock();
    const tokensThrottled = (request: HttpRequestMessage) =>
      request.headers['x-amz-target'] === 'WorkMailService.DeletePersonalAccessToken' ? encodeAwsJsonError('ThrottlingException', 400, 'Rate exceeded') : mock.handle(request);

    const report = await runConformance({ target: createHandlerTarget(tokensThrottled, 'tokens always throttled'), seed: 3, numRuns: 30 });

    expect(report.summary.conformant).toBe(false);
    expect(report.summary.incomplete).toBe('the target answered only "try again" (ThrottlingException) to 20 requests of DeletePersonalAccessToken in a row, which judges nothing; the run stopped sending');
  });

  it('exercises nothing of the contract when every request is throttled: the run stops after 20 in a row, incomplete, never conformant', async () => {
    const report = await runConformance({ target: createHandlerTarget(behindLimiter(1, 400), 'always throttled'), fixture: demoFixture, seed: 3, numRuns: 10 });

    expect(report.summary.transientAnswers).toBe(report.summary.cases);
    expect(report.summary.conformant).toBe(false);
    expect(report.summary.incomplete).toMatch(/^the target answered only "try again" \(ThrottlingException\) to 20 requests of \w+ in a row, which judges nothing; the run stopped sending$/);
    expect(report.summary.cases).toBeLessThan(40);
    expect(renderConsoleReport(report)).toMatch(/\nINCOMPLETE: the run stopped before its end \(see Incomplete\); what it judged broke no rule · /);
    for (const operation of report.operations) {
      for (const tally of operation.checks) {
        if (!['statusCodeConformance', 'errorResponseShape', 'responseReceived', 'noServerErrors', 'responseTime', 'clientCompatibility'].includes(tally.name)) expect(tally.passed + tally.failed).toBe(0);
      }
    }
    expect(report.contractCoverage.flatMap((operation) => operation.items).every((item) => item.exchanges === 0)).toBe(true);
  });
});

describe('a 503 ServiceUnavailable (a common error of every action that asks to try again)', () => {
  /** The reference mock behind a front end that answers each distinct request 503 the first time it sees it. */
  function unavailableOnce(): (request: HttpRequestMessage) => HttpResponseMessage {
    const mock = createWorkMailMock({ fixture: demoFixture });
    const seen = new Set<string>();
    return (request) => {
      const key = `${request.headers['x-amz-target'] ?? ''} ${request.body}`;
      if (seen.has(key)) return mock.handle(request);
      seen.add(key);
      return encodeAwsJsonError('ServiceUnavailable', 503, 'Service unavailable');
    };
  }

  it('given once fails nothing: a case that changes nothing is sent again, and one that deletes is warned of (readings3)', async () => {
    const report = await runConformance({ target: createHandlerTarget(unavailableOnce()), fixture: demoFixture, seed: 5, numRuns: 30 });

    expect(report.failures.map((finding) => `${finding.check}: ${finding.observed}`)).toEqual([]);
    expect(report.summary.incomplete).toBeUndefined();
    const warned = report.warnings.filter((finding) => finding.check === 'noServerErrors');
    expect(warned.length).toBeGreaterThan(0);
    expect(warned[0]?.observed).toMatch(/^503 ServiceUnavailable.*, not sent again \(a real service gives it now and then/);
  });

  it('given each time an input is sent fails noServerErrors, saying it came again each of the 3 times it was sent again', async () => {
    const mock = createWorkMailMock({ fixture: demoFixture });
    const handle = (request: HttpRequestMessage): HttpResponseMessage => (request.body.includes('+') ? encodeAwsJsonError('ServiceUnavailable', 503, 'Broke') : mock.handle(request));

    const report = await runConformance({ target: createHandlerTarget(handle), fixture: demoFixture, seed: 5, numRuns: 50 });

    const failed = report.failures.filter((finding) => finding.check === 'noServerErrors');
    expect(failed.length).toBeGreaterThan(0);
    expect(failed[0]?.observed).toMatch(/^503 ServiceUnavailable.*, again each time it was sent again \(3\)$/);
  });
});
