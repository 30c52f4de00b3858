import type { ConformanceReport, Finding } from './conformance-report.ts';
import { renderConsoleReport } from './console-reporter.ts';
import { liveSafetyProblems } from './live-safety-problems.ts';

/** A workflow command's message: GitHub reads `%`, CR and LF in it as escapes. */
function escapeData(text: string): string {
  return text.replaceAll('%', '%25').replaceAll('\r', '%0D').replaceAll('\n', '%0A');
}

/** A workflow command's property value (`title=`): `:` and `,` end it unless escaped. */
function escapeProperty(text: string): string {
  return escapeData(text).replaceAll(':', '%3A').replaceAll(',', '%2C');
}

function annotation(level: 'error' | 'warning' | 'notice', title: string, message: string): string {
  return `::${level} title=${escapeProperty(title)}::${escapeData(message)}\n`;
}

function findingMessage(finding: Finding): string {
  return [finding.description, `expected: ${finding.expected}`, `observed: ${finding.observed}`, `reproduce: ${finding.reproduce.kit}`].join('\n');
}

/**
 * Renders a report for a GitHub Actions job (`--reporter github`): the console report, for the log, then a workflow
 * command per finding (`::error`, `::warning` for a warning-only rule) and per reason the command line exits 1 beside them
 * (a run stopped early, what a live run left of the organizations, an unmet `--strict`), and the verdict line as a
 * `::notice`: GitHub shows them as annotations on the run's summary page.
 *
 * @example
 * process.stdout.write(reporters.github(report)); // '…\n::error title=DeleteMailboxPermissions statusCodeConformance::…\n'
 */
export function renderGithubReport(report: ConformanceReport): string {
  const text = renderConsoleReport(report);
  const lines: string[] = [];
  for (const finding of report.failures) lines.push(annotation('error', `${finding.operation} ${finding.check}`, findingMessage(finding)));
  for (const finding of report.warnings) lines.push(annotation('warning', `${finding.operation} ${finding.check}`, findingMessage(finding)));
  if (report.summary.incomplete !== undefined) lines.push(annotation('error', 'workmail-conformance: the run stopped before its end', report.summary.incomplete));
  const safety = report.live === undefined ? [] : liveSafetyProblems(report);
  if (safety.length > 0) lines.push(annotation('error', 'workmail-conformance: the organizations', safety.join('\n')));
  const unmet = report.summary.strict?.unmet ?? [];
  if (unmet.length > 0) lines.push(annotation('error', 'workmail-conformance: --strict', `conformant, but ${unmet.join(', and ')}`));
  lines.push(annotation('notice', 'workmail-conformance', text.trimEnd().split('\n').at(-1) ?? ''));
  return `${text}${lines.join('')}`;
}
