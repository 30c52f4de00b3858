import { describe, expect, it } from 'vitest';
import { createWorkMailMock } from '../../src/mock/create-work-mail-mock.ts';
import { demoFixture } from '../../src/mock/demo-fixture.ts';
import { renderConsoleReport } from '../../src/report/console-reporter.ts';
import { runConformance } from '../../src/runner/run-conformance.ts';
import { createHandlerTarget } from '../../src/target/handler-target.ts';

describe('a --path replay of a property case', () => {
  it('sends that one case when it passes, not the cases after it', async () => {
    const target = createHandlerTarget(createWorkMailMock({ fixture: demoFixture }).handle);
    const paths: string[] = [];
    const report = await runConformance({
      target,
      fixture: demoFixture,
      seed: 3,
      path: 'DeletePersonalAccessToken.valid:3',
      onEvent: (event) => {
        if (event.type === 'judged') paths.push(event.exchange.path);
      },
    });
    expect(paths).toEqual(['DeletePersonalAccessToken.valid:3']);
    expect(report.summary.cases).toBe(1);
    expect(renderConsoleReport(report)).toMatch(/ · 1 case, \d+ requests? in /);
  });
});
