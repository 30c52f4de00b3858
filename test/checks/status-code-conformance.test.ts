import { describe, expect, it } from 'vitest';
import { createWorkMailMock } from '../../src/mock/create-work-mail-mock.ts';
import { demoFixture } from '../../src/mock/demo-fixture.ts';
import { reporters } from '../../src/report/reporters.ts';
import { runConformance } from '../../src/runner/run-conformance.ts';
import { createHandlerTarget, type HttpHandle } from '../../src/target/handler-target.ts';

describe('a statusCodeConformance finding', () => {
  it('says the status goes with the error type, where it said why the model expected the case\'s outcomes (trialZ #4)', async () => {
    // A hand-written mock's not-found errors at 404, as a REST habit has them.
    const mock = createWorkMailMock({ fixture: demoFixture });
    const notFound404: HttpHandle = (request) => {
      const answer = mock.handle(request);
      return answer.status === 400 && answer.body.includes('NotFoundException') ? { ...answer, status: 404 } : answer;
    };

    const report = await runConformance({ target: createHandlerTarget(notFound404), fixture: demoFixture, seed: 1, numRuns: 10, stateSequences: 0 });

    const findings = report.failures.filter((finding) => finding.check === 'statusCodeConformance');
    expect(findings.length).toBeGreaterThan(0);
    for (const finding of findings) {
      const type = /^400 (\w+)$/.exec(finding.expected)?.[1];
      expect(type).toMatch(/NotFoundException$/);
      expect(finding.reason).toBe(`${type} is documented with HTTP 400, whatever the case that draws it`);
    }
    expect(reporters.console(report)).toMatch(/why: {7}\w+NotFoundException is documented with HTTP 400, whatever the case that draws it/);
    // The other checks' findings still say why the model expected what it did.
    expect(report.failures.filter((finding) => finding.check !== 'statusCodeConformance').every((finding) => !finding.reason.includes('whatever the case that draws it'))).toBe(true);
  });
});
