import type { ConformanceReport, OrganizationDifference, StateChange } from './conformance-report.ts';

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
 * Whether a difference at the end is a loss: something removed or changed that the user did not allow to be lost, whoever
 * did it. A delete of the run may remove what it did not name (a server that also removes the mirror permission), and a
 * change made by someone else during the run is as lost to the user: a live run ends unverified either way.
 *
 * @example
 * report.live.endComparison.differences.filter(isLoss); // [] after a safe run
 */
export function isLoss(difference: OrganizationDifference): boolean {
  return difference.change !== 'added' && !difference.allowedLoss;
}

/**
 * Whether a delete of the change may still land after the run's last read: it got no answer, or answered success but was
 * never seen done.
 *
 * @example
 * report.stateChanges?.changes.some(mayStillLand); // false after a run whose every delete was seen done
 */
export function mayStillLand(change: StateChange): boolean {
  return change.status === 'unanswered' || change.status === 'notSeenDone';
}

/**
 * Whether what the change removed is still to be put back by hand, or may be: a restore that failed, or a delete that may
 * still land. Its put-back command stays in the restore journal, and the run is not verified.
 *
 * @example
 * report.stateChanges?.changes.filter(isLeftToPutBack).map((change) => change.fixCommand);
 */
export function isLeftToPutBack(change: StateChange): boolean {
  return change.status === 'restoreFailed' || mayStillLand(change);
}

/**
 * Whether the change is something the run put back at its end: a put back it owed (a restore that had failed mid-run, a
 * delete that got no answer or was never seen done, found done at the end). The organization is as the run found it, but
 * the target did what it should not.
 *
 * @example
 * report.stateChanges?.changes.filter(isPutBackAtEnd).map((change) => change.description);
 */
export function isPutBackAtEnd(change: StateChange): boolean {
  return change.status === 'restored' && change.problem !== undefined;
}

/**
 * How the organizations stand after a live run, for its verdict line: `undefined` where nothing is to say (the end comparison
 * showed them unchanged and nothing had to be put back at the end).
 *
 * @example
 * liveSafetyStanding(report); // 'NOT as the run found them' where the end comparison shows a loss
 */
export function liveSafetyStanding(report: ConformanceReport): string | undefined {
  if (report.live === undefined || liveSafetyProblems(report).length === 0) return undefined;
  const lost = report.live.endComparison.differences.some(isLoss) || (report.stateChanges?.changes.some((change) => change.status === 'restoreFailed') ?? false);
  if (lost) return 'NOT as the run found them';
  const putBackOnly = (report.stateChanges?.changes.some(isPutBackAtEnd) ?? false) && report.stateChanges?.verified === true && report.live.endComparison.unchanged;
  return putBackOnly ? 'as the run found them only because its end put back what was lost' : 'NOT shown to be as the run found them';
}

/** The fix commands of some changes, each once (a permission deleted twice, or noted twice, needs one put back). */
function commandsOf(changes: readonly StateChange[]): string[] {
  return [...new Set(changes.flatMap((change) => (change.fixCommand === undefined ? [] : [change.fixCommand])))];
}

/**
 * What may have left an organization other than a live run found it, as lines: a delete it could not put back (with the
 * command that does), a difference at the end (one of its own deletes named it, or none did), with the commands that put
 * back lost mailbox permissions, or an end read that failed. Each problem
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
    for (const command of commandsOf(failed)) lines.push(`  ${command}`);
  }
  const unanswered = report.stateChanges?.changes.filter((change) => change.status === 'unanswered') ?? [];
  if (unanswered.length > 0) {
    lines.push('UNANSWERED DELETES: a delete of something present got no answer, and may take effect after the last read of this run. After a while, check these mailbox permissions, and put back any that is gone:');
    for (const command of commandsOf(unanswered)) lines.push(`  ${command}`);
  }
  const notSeenDone = report.stateChanges?.changes.filter((change) => change.status === 'notSeenDone') ?? [];
  if (notSeenDone.length > 0) {
    lines.push('DELETES NOT SEEN DONE: a delete of something present answered success, but no read showed it done, and it may take effect after the last read of this run. After a while, check these mailbox permissions, and put back any that is gone:');
    for (const command of commandsOf(notSeenDone)) lines.push(`  ${command}`);
  }
  const putBackAtEnd = report.stateChanges?.changes.filter(isPutBackAtEnd) ?? [];
  if (putBackAtEnd.length > 0) {
    // Put back, but the target refused a put back or left a delete unanswered or unseen: a target to fix, and a run to look at.
    lines.push('PUT BACK AT THE END: put backs the run owed (a restore that failed mid-run, a delete that got no answer or was not seen done), made at its end and read back:');
    for (const change of putBackAtEnd) lines.push(`  ${change.organizationId} ${change.description} (${change.problem ?? ''})`);
  }
  const readFailed = report.live?.endComparison.readFailed;
  if (readFailed !== undefined) {
    const changes = report.stateChanges?.changes ?? [];
    const what = changes.some(isLeftToPutBack)
      ? 'what is left to put back is listed above'
      : changes.length === 0
        ? 'this run deleted nothing that a read showed present'
        : 'each delete of something present was put back and read back (see the report)';
    lines.push(`the organizations could not be read again at the end (${readFailed}): check them by hand; ${what}`);
  }
  const unreadAtEnd = report.live?.endComparison.unreadAtEnd ?? [];
  if (unreadAtEnd.length > 0) {
    lines.push('the end read could not list what the read at the start listed, so nothing proves it is as the run found it: check it by hand');
    for (const part of unreadAtEnd) lines.push(`  ${part}`);
  }
  const losses = report.live?.endComparison.differences.filter(isLoss) ?? [];
  const named = losses.filter(isLossByRun);
  if (named.length > 0) {
    lines.push('the organization differs at the end where a delete of this run named it:');
    for (const difference of named) lines.push(`  ${difference.organizationId} ${difference.change} ${difference.description}: ${difference.namedByRun.join('; ')}`);
  }
  const unnamed = losses.filter((difference) => !isLossByRun(difference));
  if (unnamed.length > 0) {
    lines.push('the organization differs at the end where no delete of this run named it (a side effect of one, or a change made by someone else during the run):');
    for (const difference of unnamed) lines.push(`  ${difference.organizationId} ${difference.change} ${difference.description}`);
  }
  // A command the lines above already give is not given again.
  const given = new Set(commandsOf(report.stateChanges?.changes ?? []));
  const fixes = [...new Set(losses.flatMap((difference) => (difference.fixCommand === undefined || given.has(difference.fixCommand) ? [] : [difference.fixCommand])))];
  if (fixes.length > 0) {
    lines.push('The commands that put back, as the start read showed it, what the end comparison shows lost: run those for what this run removed (a delete, or a side effect of one); a change someone else made during the run is theirs, not to undo:');
    for (const fix of fixes) lines.push(`  ${fix}`);
  }
  return lines;
}
