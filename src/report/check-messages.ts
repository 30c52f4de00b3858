import { describeValue, nearName } from '../check-options.ts';
import { ConfigError } from '../config-error.ts';
import type { CheckTally, ConformanceReport, Finding } from './conformance-report.ts';

/** Options of {@link checkFailureMessage} and {@link checkWarningMessage}. */
export interface CheckMessageOptions {
  /**
   * The call each finding's reproduce line replays it with, the same options as the run's and the finding's operation, seed
   * and path: `runConformance` (the default) or `describeConformance`.
   */
  readonly replayWith?: 'runConformance' | 'describeConformance' | undefined;
}

/** What a replay of a finding's path does: a drawn case (the property phase's) is sent first and then shrunk again from there, as fast-check replays it. */
function replays(finding: Finding): string {
  return finding.phase === 'property' ? 'sends this case first, then tries to shrink it further' : 'sends this case alone';
}

function formatFindings(findings: readonly Finding[], replayWith: string): string {
  return findings
    .map((finding) =>
      [
        `${finding.check}: ${finding.description}`,
        `  input:     ${JSON.stringify(finding.input)}`,
        ...(finding.atLengthLimits ?? []).map((note) => `             ${note}`),
        `  expected:  ${finding.expected}`,
        `  observed:  ${finding.observed}`,
        `  reproduce: ${replayWith}(…, { …the same options, operations: ['${finding.operation}'], seed: ${finding.seed}, path: '${finding.path}' }) ${replays(finding)}`,
      ].join('\n'),
    )
    .join('\n');
}

/**
 * Why one check failed for one operation in a report, with its findings (each with the call that replays it); `undefined`
 * when it held. One test per check, in any test runner, says exactly which documented rule broke. A check or operation the
 * report does not hold (misspelt, or not checked by the run) throws a one-line ConfigError, rather than pass unseen.
 *
 * @example
 * const report = await runConformance({ target, fixture });
 * for (const { operation, checks } of report.operations) {
 *   for (const check of checks) expect(checkFailureMessage(report, operation, check.name)).toBeUndefined(); // Jest, vitest
 * }
 * checkFailureMessage(report, 'DeletePersonalAccessToken', 'negativeDataRejection'); // '4 exchange(s) broke this rule…'
 */
export function checkFailureMessage(report: ConformanceReport, operation: string, check: string, options: CheckMessageOptions = {}): string | undefined {
  return findingsMessage(report, operation, check, 'failed', 'broke this rule', options.replayWith ?? 'runConformance');
}

/**
 * What a warning-only check (clientCompatibility) warned of for one operation in a report, with its findings; `undefined`
 * when it warned of nothing.
 *
 * @example
 * checkWarningMessage(report, 'DeleteMailboxPermissions', 'clientCompatibility'); // '2 exchange(s) drew this warning…'
 */
export function checkWarningMessage(report: ConformanceReport, operation: string, check: string, options: CheckMessageOptions = {}): string | undefined {
  return findingsMessage(report, operation, check, 'warned', 'drew this warning', options.replayWith ?? 'runConformance');
}

/**
 * One check's tally for one operation in a report; `undefined` where the operation judged nothing (a run that stopped before
 * its cases). A name the report does not hold is a mistake in the caller's test (a misspelt check or operation, one the run
 * did not check), where `undefined` would let the test pass having checked nothing (trialZ #2): a one-line ConfigError.
 */
function tallyOf(report: ConformanceReport, operation: string, check: string, caller: string): CheckTally | undefined {
  // From plain JavaScript a Check object (an entry of allChecks) is the usual slip for its name.
  if (typeof report !== 'object' || report === null || !Array.isArray((report as { operations?: unknown }).operations)) throw new ConfigError(`${caller}: report: expected the report runConformance resolved with, got ${describeValue(report)}`);
  if (typeof operation !== 'string') throw new ConfigError(`${caller}: operation: expected an operation's name (such as 'DeleteMailboxPermissions'), got ${describeValue(operation)}`);
  if (typeof check !== 'string') {
    const name = (check as { name?: unknown } | null)?.name;
    throw new ConfigError(`${caller}: check: expected a check's name (such as 'deleteEffect'), got ${describeValue(check)}${typeof name === 'string' ? ` (pass its name: '${name}')` : ''}`);
  }
  const said = (name: string, names: readonly string[]) => {
    const near = nearName(names, name);
    return `'${name}'${near === undefined ? '' : ` (did you mean '${near}'?)`}`;
  };
  const checks = report.operations[0]?.checks.map((tally) => tally.name);
  if (checks !== undefined && !checks.includes(check)) throw new ConfigError(`${caller}: check: ${said(check, checks)} is no check of this report (it holds ${checks.join(', ')})`);
  const entry = report.operations.find((candidate) => candidate.operation === operation);
  // A run that stopped early may hold no tally of an operation it was given (none of its cases was sent).
  if (entry === undefined && report.summary.incomplete === undefined) {
    const operations = report.operations.map((candidate) => candidate.operation);
    throw new ConfigError(`${caller}: operation: ${said(operation, operations)} is no operation of this report (it checked ${operations.join(', ')})`);
  }
  return entry?.checks.find((tally) => tally.name === check);
}

/** How many exchanges of one operation a check failed or warned of, with the report's findings of it; `undefined` for none. */
function findingsMessage(report: ConformanceReport, operation: string, check: string, count: 'failed' | 'warned', what: string, replayWith: string): string | undefined {
  const tally = tallyOf(report, operation, check, count === 'failed' ? 'checkFailureMessage' : 'checkWarningMessage');
  const findings = (count === 'failed' ? report.failures : report.warnings).filter((finding) => finding.operation === operation && finding.check === check);
  if ((tally?.[count] ?? 0) === 0 && findings.length === 0) return undefined;
  return `${tally?.[count] ?? findings.length} exchange(s) ${what}\n${formatFindings(findings, replayWith)}`;
}

/**
 * Why one check judged no exchange of one operation in a report (every exchange was outside what it judges, or none was
 * sent); `undefined` when it judged at least one. describeConformance makes such a check's test a skipped one, with this
 * reason, never a passed one; do the same in your own runner (`it.skip`, `test.skip`).
 *
 * @example
 * checkSkipReason(report, 'DeletePersonalAccessToken', 'statusCodeConformance'); // 'judged none of the 349 exchanges …'
 */
export function checkSkipReason(report: ConformanceReport, operation: string, check: string): string | undefined {
  const tally = tallyOf(report, operation, check, 'checkSkipReason');
  if (tally === undefined) return `no exchange of ${operation} was judged (none was sent)`;
  if (tally.passed + tally.failed + tally.warned > 0) return undefined;
  // Why the run could not check it at all (the target serves no List, a live run's choice), as the other reports say it.
  if (tally.notChecked !== undefined) return `not checked: ${tally.notChecked}`;
  const inferred = report.inferredStatuses?.some((entry) => entry.operation === operation) === true ? ' (the wire was not seen, as through a mocked SDK client: no status or body shape to judge; see inferredStatuses)' : '';
  // A run that stopped early (another operation's answers, say) may have sent none of the cases this check judges yet.
  const stopped = report.summary.incomplete === undefined ? '' : `; the run stopped early, before its other cases were sent (${report.summary.incomplete})`;
  return `judged none of the ${tally.skipped} exchange(s) of ${operation}: each was outside what this check judges${inferred}${stopped}`;
}
