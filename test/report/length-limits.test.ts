import { describe, expect, it } from 'vitest';
import { createWorkMailMock } from '../../src/mock/create-work-mail-mock.ts';
import { demoFixture } from '../../src/mock/demo-fixture.ts';
import { checkFailureMessage } from '../../src/report/check-messages.ts';
import { renderConsoleReport } from '../../src/report/console-reporter.ts';
import { renderJunitReport } from '../../src/report/junit-reporter.ts';
import { runConformance } from '../../src/runner/run-conformance.ts';
import { createHandlerTarget, type HttpHandle } from '../../src/target/handler-target.ts';
import { encodeAwsJsonError } from '../../src/wire/aws-json.ts';

describe('a finding names the members of its input at a documented length limit (trialM #6)', () => {
  it('says the GranteeId a mock with a maximum one short refused is 256 characters, which its excerpt hides', async () => {
    // A mock author's off-by-one: `maxLength: 255` in their validator, where the page says 256.
    const mock = createWorkMailMock({ fixture: demoFixture });
    const handle: HttpHandle = (request) => {
      const input = JSON.parse(request.body || '{}') as { GranteeId?: unknown };
      if (typeof input.GranteeId === 'string' && input.GranteeId.length > 255) return encodeAwsJsonError('InvalidParameterException', 400, 'GranteeId is too long');
      return mock.handle(request);
    };

    const report = await runConformance({ target: createHandlerTarget(handle), fixture: demoFixture, seed: 1, numRuns: 50, operations: ['DeleteMailboxPermissions'], stateSequences: 0 });

    const refused = report.failures.filter((finding) => finding.check === 'positiveDataAcceptance');
    expect(refused.length).toBeGreaterThan(0);
    for (const finding of refused) expect(finding.atLengthLimits).toContain('GranteeId: 256 characters, its documented maximum');
    expect(renderConsoleReport(report)).toMatch(/\n {3}input: {5}.*\n {14}GranteeId: 256 characters, its documented maximum\n/);
    // A long member is shown by its two ends and its length between them, so that what breaks a rule near its end shows too
    // (trialW #5); the count is the member's own (a count of the whole input's JSON beside a member's limit read as its
    // length: trialU #6).
    expect(renderConsoleReport(report)).toMatch(/\n {3}input: {5}\{[^\n]*"GranteeId":"%{32}…\(256 characters\)…%{32}"[^\n]*\}\n {14}GranteeId: 256 characters/);
    expect(renderJunitReport(report)).toContain('GranteeId: 256 characters, its documented maximum');
    expect(checkFailureMessage(report, 'DeleteMailboxPermissions', 'positiveDataAcceptance')).toContain('GranteeId: 256 characters, its documented maximum');
    // The shrunk example keeps the length the failure needs, every character the first of its class (the run's shrinking
    // tries the characters before shorter values, within its 200 requests).
    const shrunk = refused.find((finding) => finding.shrunk);
    expect((shrunk?.input as Record<string, unknown> | undefined)?.['GranteeId']).toBe('%'.repeat(256));
  });

  it('says nothing of members whose length is fixed, or within their limits', async () => {
    const report = await runConformance({ target: createHandlerTarget(() => encodeAwsJsonError('InternalFailure', 500, 'down')), fixture: demoFixture, seed: 2, numRuns: 20, operations: ['DeletePersonalAccessToken'], stateSequences: 0 });
    const notes = report.failures.flatMap((finding) => finding.atLengthLimits ?? []);
    expect(notes.some((note) => note.startsWith('OrganizationId'))).toBe(false);
    for (const finding of report.failures) {
      const input = finding.input as Record<string, unknown>;
      const token = input?.['PersonalAccessTokenId'];
      const atLimit = typeof token === 'string' && ([...token].length === 64 || [...token].length === 1);
      expect(finding.atLengthLimits === undefined, JSON.stringify(input)).toBe(!atLimit);
    }
  });
});
