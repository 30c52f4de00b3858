import type { ConformanceReport } from './conformance-report.ts';
import { renderConsoleReport } from './console-reporter.ts';
import { renderGithubReport } from './github-reporter.ts';
import { renderJsonReport } from './json-reporter.ts';
import { renderJunitReport } from './junit-reporter.ts';

/**
 * Reporters by the name `--reporter` takes: each renders a report (as `runConformance` gives it) as text.
 *
 * @example
 * const report = await runConformance({ target, fixture: demoFixture });
 * process.stdout.write(reporters.console(report));
 * writeFileSync('conformance.xml', reporters.junit(report));
 */
export const reporters = {
  console: renderConsoleReport,
  json: renderJsonReport,
  junit: renderJunitReport,
  github: renderGithubReport,
} as const satisfies Record<string, (report: ConformanceReport) => string>;

/** A reporter's name. */
export type ReporterName = keyof typeof reporters;
