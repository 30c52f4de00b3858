import { describe, expect, it } from 'vitest';
import { createWorkMailMock } from '../../src/mock/create-work-mail-mock.ts';
import { demoFixture } from '../../src/mock/demo-fixture.ts';
import type { ConformanceReport } from '../../src/report/conformance-report.ts';
import { runConformance } from '../../src/runner/run-conformance.ts';
import { createHandlerTarget } from '../../src/target/handler-target.ts';
import type { HttpRequestMessage, HttpResponseMessage } from '../../src/wire/http-message.ts';

const json = 'application/x-amz-json-1.1';

function checksThatFailed(report: ConformanceReport): string[] {
  return [...new Set(report.failures.map((finding) => finding.check))].sort();
}

/** The reference mock behind an error middleware, as a person might add one to a mock server. */
function withErrorMiddleware(middleware: (response: HttpResponseMessage) => HttpResponseMessage): (request: HttpRequestMessage) => HttpResponseMessage {
  const mock = createWorkMailMock({ fixture: demoFixture });
  return (request) => {
    const response = mock.handle(request);
    return response.status >= 400 ? middleware(response) : response;
  };
}

function typeOf(response: HttpResponseMessage): string {
  return (JSON.parse(response.body) as { __type: string }).__type;
}

describe('errorResponseShape fails an answer whose type places disagree, with the evidence', () => {
  it('catches a middleware that stamps one X-Amzn-ErrorType on every error', async () => {
    // Copied from a template and never updated: the body names the real error, the header always the same one.
    const handle = withErrorMiddleware((response) => ({ ...response, headers: { ...response.headers, 'X-Amzn-ErrorType': 'InvalidParameterException' } }));

    const report = await runConformance({ target: createHandlerTarget(handle, 'header-stamping mock'), fixture: demoFixture, seed: 5, numRuns: 20 });

    expect(checksThatFailed(report)).toEqual(['errorResponseShape']);
    const finding = report.failures.find((candidate) => candidate.check === 'errorResponseShape');
    expect(finding?.observed).toMatch(/header x-amzn-errortype "InvalidParameterException" → InvalidParameterException; body __type "\w+" → \w+/);
    expect(finding?.observed).toContain('the AWS SDK for JavaScript reads');
    expect(finding?.observed).toContain('botocore (AWS CLI, boto3) reads');
    expect(finding?.observed).toContain("clients that follow Smithy's protocol text (header first) read InvalidParameterException (from header)");
  });

  it('catches a body that carries code and __type with different types', async () => {
    const handle = withErrorMiddleware((response) => {
      const body = JSON.parse(response.body) as Record<string, unknown>;
      return { ...response, body: JSON.stringify({ ...body, code: 'BadRequest' }) };
    });

    const report = await runConformance({ target: createHandlerTarget(handle), fixture: demoFixture, seed: 6, numRuns: 10 });

    expect(checksThatFailed(report)).toEqual(['errorResponseShape']);
  });

  it('is silent when every place names the same type, however each is written', async () => {
    const handle = withErrorMiddleware((response) => {
      const type = typeOf(response);
      const body = JSON.parse(response.body) as Record<string, unknown>;
      return {
        ...response,
        headers: { ...response.headers, 'x-amzn-errortype': `${type}:http://internal.amazon.com/coral/com.amazonaws.workmail/` },
        body: JSON.stringify({ ...body, __type: `com.amazonaws.workmail#${type}`, code: type }),
      };
    });

    const report = await runConformance({ target: createHandlerTarget(handle), fixture: demoFixture, seed: 7, numRuns: 20 });

    expect(report.failures).toEqual([]);
    expect(report.warnings).toEqual([]);
  });
});

describe('clientCompatibility warns where the JS SDK and botocore part ways, and never fails', () => {
  it('warns for a type botocore cuts differently (several #)', async () => {
    const handle = withErrorMiddleware((response) => ({ ...response, headers: { 'content-type': json }, body: JSON.stringify({ __type: `aws#workmail#${typeOf(response)}`, Message: 'x' }) }));

    const report = await runConformance({ target: createHandlerTarget(handle), fixture: demoFixture, seed: 8, numRuns: 5 });

    const warning = report.warnings.find((candidate) => candidate.check === 'clientCompatibility');
    expect(warning?.observed).toMatch(/the AWS SDK for JavaScript reads workmail \(from __type\); botocore \(AWS CLI, boto3\) reads \w+Exception \(from __type\)/);
  });
});
