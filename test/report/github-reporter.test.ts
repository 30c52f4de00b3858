import { describe, expect, it } from 'vitest';
import { createWorkMailMock } from '../../src/mock/create-work-mail-mock.ts';
import { demoFixture } from '../../src/mock/demo-fixture.ts';
import { renderConsoleReport } from '../../src/report/console-reporter.ts';
import { reporters } from '../../src/report/reporters.ts';
import { withStrictVerdict } from '../../src/report/verdict.ts';
import { runConformance } from '../../src/runner/run-conformance.ts';
import { createHandlerTarget } from '../../src/target/handler-target.ts';

describe('--reporter github', () => {
  it('gives the console report, then an ::error per finding whose message keeps its lines escaped, and the verdict as a ::notice', async () => {
    const mock = createWorkMailMock({ fixture: demoFixture });
    // A mock that answers 404 where the page says 400 EntityNotFoundException: statusCodeConformance breaks.
    const target = createHandlerTarget((request) => {
      const answer = mock.handle(request);
      return answer.body.includes('EntityNotFoundException') ? { ...answer, status: 404 } : answer;
    });
    const report = await runConformance({ target, fixture: demoFixture, seed: 1, numRuns: 5, stateSequences: 0 });

    const text = reporters.github(report);

    const consoleText = renderConsoleReport(report);
    expect(text.startsWith(consoleText)).toBe(true);
    const commands = text.slice(consoleText.length).trimEnd().split('\n');
    expect(commands.length).toBe(report.failures.length + report.warnings.length + 1);
    const status = commands.find((line) => line.startsWith('::error title=DeleteMailboxPermissions statusCodeConformance::'));
    expect(status).toMatch(/::.+%0Aexpected: 400 EntityNotFoundException%0Aobserved: 404 .*%0Areproduce: .*DeleteMailboxPermissions\.coverage:\d+/);
    // Each command is one line: the finding's own line breaks are escaped, as GitHub reads them.
    for (const line of commands) expect(line).toMatch(/^::(error|warning|notice) title=[^:\n]*::/);
    expect(commands.at(-1)).toBe(`::notice title=workmail-conformance::${consoleText.trimEnd().split('\n').at(-1) ?? ''}`);
  });

  it('annotates a conformant verdict that --strict fails, where nothing else is an error', async () => {
    const mock = createWorkMailMock({ fixture: demoFixture });
    const report = withStrictVerdict(await runConformance({ target: createHandlerTarget(mock.handle), fixture: { organizations: [] }, seed: 1, numRuns: 2, stateSequences: 0 }));

    const text = reporters.github(report);

    expect(text).toMatch(/\n::error title=workmail-conformance%3A --strict::conformant, but no real delete was exercised for /);
  });
});
