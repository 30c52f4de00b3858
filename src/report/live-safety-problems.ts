import type { ConformanceReport, OrganizationDifference } from './conformance-report.ts';

/**
 * Whether a difference at the end is something this run removed or changed and did not put back (a deletion the user allowed
 * apart): what a live run must never leave behind.
 *
 * @example
 * report.live.endComparison.differences.filter(isLossByRun); // [] after a safe run
 */
export function isLossByRun(difference: OrganizationDifference): boolean {
  return difference.change !== 'added' && difference.namedByRun.length > 0 && !difference.allowedLoss;
}

/**
 * What may have left an organization other than a live run found it, as lines: a delete it could not put back (with the
 * command that does), a difference at the end that one of its own deletes named, or an end read that failed. Each problem
 * starts an unindented line; the lines under it are indented. Empty after a safe run, and for a run that is not live.
 *
 * @example
 * const problems = liveSafetyProblems(report);
 * if (problems.length > 0) process.exitCode = 1;
 */
export function liveSafetyProblems(report: ConformanceReport): string[] {
  const lines: string[] = [];
  const failed = report.stateChanges?.changes.filter((change) => change.status === 'restoreFailed') ?? [];
  if (failed.length > 0) {
    lines.push('RESTORE FAILED: the organization is not as before the run. Put it back by hand:');
    for (const change of failed) if (change.fixCommand !== undefined) lines.push(`  ${change.fixCommand}`);
  }
  const readFailed = report.live?.endComparison.readFailed;
  if (readFailed !== undefined) {
    lines.push(`the organizations could not be read again at the end (${readFailed}): check them by hand; each delete of something present was put back and read back (see the report)`);
  }
  const named = report.live?.endComparison.differences.filter(isLossByRun) ?? [];
  if (named.length > 0) {
    lines.push('the organization differs at the end where a delete of this run named it:');
    for (const difference of named) lines.push(`  ${difference.organizationId} ${difference.change} ${difference.description}: ${difference.namedByRun.join('; ')}`);
  }
  return lines;
}
