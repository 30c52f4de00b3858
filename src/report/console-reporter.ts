import { liveSafetyStanding, mayStillLand } from './live-safety-problems.ts';
import { verdictCaveats, verdictKind, withCaveats } from './verdict.ts';
import { excerpt, excerptLength } from '../observation/describe-observation.ts';
import { stateSequence } from '../checks/state-sequence.ts';
import type { ConformanceReport, HeldBackTally, Finding, StateChange } from './conformance-report.ts';
import type { NotSentReason } from './run-event.ts';

/** The code points of a member's value kept at each end where it is shown shortened. */
const memberEndLength = 32;

/**
 * A long string member's value with its start and its end, each {@link memberEndLength} code points, and its length between
 * them: where an input breaks a rule near the end of a long value (`..` before an `@`), cutting the input's JSON at one
 * length hid it (trialW #5).
 */
function shownMember(value: unknown): unknown {
  if (typeof value !== 'string') return value;
  const points = [...value];
  if (points.length <= 2 * memberEndLength + 8) return value;
  return `${points.slice(0, memberEndLength).join('')}…(${points.length} characters)…${points.slice(-memberEndLength).join('')}`;
}

function inputText(input: unknown): string {
  if (typeof input === 'string') return excerpt(`(raw body) ${input}`);
  if (input === null || typeof input !== 'object' || Array.isArray(input)) return excerpt(JSON.stringify(input));
  const shown = JSON.stringify(Object.fromEntries(Object.entries(input).map(([member, value]) => [member, shownMember(value)])));
  // Each member is short now; an input of many members is still cut, at four times the length.
  return shown.length <= 4 * excerptLength ? shown : excerpt(shown);
}

function findingLines(finding: Finding, index: number): string[] {
  const lines = [
    `${index + 1}) ${finding.operation} · ${finding.check}`,
    `   rule:      ${finding.rule}`,
    `   case:      ${finding.description} (${finding.phase}${finding.shrunk ? ', shrunk' : ''})`,
    `   input:     ${inputText(finding.input)}`,
    ...(finding.atLengthLimits ?? []).map((note) => `              ${note}`),
    `   expected:  ${finding.expected}`,
    `   observed:  ${finding.observed}`,
    ...(finding.targetMessage === undefined ? [] : [`   message:   ${JSON.stringify(finding.targetMessage)}`]),
    `   why:       ${finding.reason}`,
    `   reproduce: ${finding.reproduce.kit}`,
  ];
  // A sequence reproduces as one AWS CLI command per step, one per line.
  if (finding.reproduce.awsCli !== undefined) for (const command of finding.reproduce.awsCli.split('\n')) lines.push(`              ${command}`);
  return lines;
}

/** One finding per operation and check: a shrunk property example first (it is minimal), else the first found. */
function groupByRule(findings: readonly Finding[]): { example: Finding; count: number }[] {
  const groups = new Map<string, Finding[]>();
  for (const finding of findings) {
    const key = `${finding.operation}\u0000${finding.check}`;
    groups.set(key, [...(groups.get(key) ?? []), finding]);
  }
  return [...groups.values()].map((group) => ({
    example: group.find((finding) => finding.shrunk) ?? group[0] as Finding,
    count: group.length,
  }));
}

function failedCount(report: ConformanceReport, finding: Finding): number {
  const tally = report.operations.find((entry) => entry.operation === finding.operation)?.checks.find((check) => check.name === finding.check);
  return tally?.failed ?? 0;
}

function openPointFindingLines(report: ConformanceReport): string[] {
  const findings = report.openPointFindings;
  if (findings.length === 0) return [];
  const lines = ['Open points of the documentation, as this target reads them'];
  for (const finding of findings) {
    const observed = finding.observed.map((entry) => `${entry.answer} (${entry.count}x)`).join(', ');
    lines.push(`  ${finding.operation} · ${finding.topic}: ${finding.situation}`);
    lines.push(`      observed: ${observed}${finding.expected === undefined ? '' : ` · precedence reading expects ${finding.expected}`}`);
    if (finding.readings !== undefined && finding.readings.length > 0) {
      // Each answer allowed, but not one reading throughout: by member (owner or grantee), or by part of a value, say.
      const mixed = finding.readings.length > 1 ? ' · more than one, each allowed: the target reads this point by member (owner or grantee, say) or from case to case' : '';
      lines.push(`      reading:  ${finding.readings.map((entry) => `${entry.reading} (${entry.count}x)`).join(', ')}${mixed}`);
    }
  }
  return [...lines, ''];
}

const heldBackWords: Readonly<Record<HeldBackTally['category'], string>> = {
  existing: 'would delete something that exists',
  changed: 'present where the run expected none (changed since it read the organization, or absent from --fixture)',
  notVerifiable: 'no read could show what it names absent',
  notRestorable: 'would delete something no call puts back',
  budget: 'the budget could not hold the read and the delete',
  afterRestoreFailed: 'would delete something that exists after a put back failed',
  afterLoss: 'not sent after a delete removed what it did not name',
};

function liveLines(report: ConformanceReport): string[] {
  const live = report.live;
  if (live === undefined) return [];
  const allowed = live.mode === 'destructive' ? ` in ${live.allowedOrganizations.join(', ')}` : ': a delete is sent only where a read just before shows what it names absent';
  const reasons = Object.entries(live.transient.byReason).map(([reason, count]) => `${reason} ${count}x`).join(', ');
  const absent = live.guardedDeletes.filter((sent) => sent.readShowed === 'absent').length;
  const lines = [
    `Live run (${live.mode}${allowed})`,
    `  fixture: ${live.fixtureSource}`,
    `  ${live.requestsSent} requests sent (budget ${live.maxRequests ?? 'unlimited'}${live.requestsOutsideBudget === 0 ? '' : `, which the ${live.requestsOutsideBudget} of the end read${live.mode === 'destructive' ? ' and of putting back' : ''} are not held to`}, at most ${live.maxRps ?? 'unlimited'} per second)`,
    `  ${live.guardedDeletes.length} delete(s) of something that may exist sent after a read just before (${absent} read absent, ${live.guardedDeletes.length - absent} read present${live.guardedDeletes.length - absent === 0 ? '' : ': see below what was put back'})`,
    `  ${live.heldBack} case(s) held back${live.heldBack === 0 ? '' : ':'}`,
    ...live.heldBackByReason.map((tally) => `      ${tally.count}x ${heldBackWords[tally.category]}, e.g. ${tally.example}`),
    // The reasons count every transient answer, those tried again and those that persisted past the retries.
    `  transient answers: ${live.transient.retried + live.transient.persisted}${reasons === '' ? '' : ` (${reasons})`}: ${live.transient.retried} tried again, ${live.transient.persisted} persisted past the retries`,
    ...(live.readsSeenLate === undefined
      ? []
      : [`  reads that lagged: ${live.readsSeenLate.count} read(s) showed a delete or a put only when read again, up to ${live.readsSeenLate.longestMs} ms later (allowed; each is read again for up to ${live.readsSeenLate.windowMs} ms, --settle-ms)`]),
  ];
  if (live.gaps.length > 0) {
    lines.push(`  not known after the read at the start (${live.gaps.length}): cases naming these were read again before any delete`);
    for (const gap of live.gaps) lines.push(`      ${gap.organizationId} ${gap.what}: ${gap.why}`);
  }
  const comparison = live.endComparison;
  if (comparison.organizations.length === 0) lines.push('  end comparison: no organization was named, so none was read again');
  else if (comparison.readFailed !== undefined) lines.push(`  end comparison: NOT MADE: the organizations could not be read again (${comparison.readFailed}); nothing proves they are as the run found them`);
  else if (comparison.unchanged) {
    // Unchanged as read at the end: a delete that got no answer, or was never seen done, may still land after that read.
    const when = report.stateChanges?.changes.some(mayStillLand) === true ? ' when read at the end, but a delete may still land (below)' : '';
    lines.push(`  end comparison: organization${comparison.organizations.length > 1 ? 's' : ''} unchanged${when} (${comparison.organizations.join(', ')} read again and compared by content with the read at the start)`);
  }
  else if (comparison.differences.length === 0) lines.push('  end comparison: no difference where both reads listed, but the end read could not list all the read at the start did (below)');
  else {
    lines.push(`  end comparison: ${comparison.differences.length} difference(s) from the read at the start`);
    for (const difference of comparison.differences) {
      lines.push(`      ${difference.change} ${difference.resource}: ${difference.organizationId} ${difference.description}`);
      lines.push(
        difference.namedByRun.length === 0
          ? difference.change === 'added'
            ? '        not done by this run: no delete it sent named this (a default run sends no Put)'
            : '        no delete of this run named this: a side effect of one, or a change made by someone else during the run'
          : difference.allowedLoss
            ? '        deleted by this run as allowed (named by --allow-token-delete; no call puts it back)'
            : `        ${difference.change === 'added' ? 'named by this run too (deleted and put back, or read absent before the grant)' : 'NAMED BY THIS RUN'}: ${difference.namedByRun.join('; ')}`,
      );
      if (difference.fixCommand !== undefined) lines.push(`        fix by hand: ${difference.fixCommand}`);
    }
  }
  for (const part of comparison.notCompared) lines.push(`      not compared${comparison.unreadAtEnd?.includes(part) === true ? ', NOT READ AT THE END' : ''}: ${part}`);
  return [...lines, ''];
}

const stateChangeWords: Readonly<Record<StateChange['status'], string>> = {
  restored: 'deleted, put back, verified',
  notRestorable: 'deleted, NOT RESTORABLE',
  restoreFailed: 'deleted, RESTORE FAILED',
  unanswered: 'delete UNANSWERED, may still take effect',
  notSeenDone: 'delete answered success, NOT SEEN DONE, may still take effect',
};

function stateChangeLines(report: ConformanceReport): string[] {
  const section = report.stateChanges;
  if (section === undefined) return [];
  const lines = [`Deletes in ${section.organizations.join(', ')}, each read before and after, put back and read again`];
  if (section.changes.length === 0) lines.push('  nothing was deleted');
  for (const change of section.changes) {
    lines.push(`  ${stateChangeWords[change.status]}: ${change.organizationId} ${change.description}`);
    if (change.problem !== undefined) lines.push(`      problem: ${change.problem}`);
    if (change.fixCommand !== undefined) lines.push(`      fix by hand: ${change.fixCommand}`);
  }
  const unanswered = section.changes.some(mayStillLand);
  lines.push(
    section.verified
      ? '  verified: everything deleted that can be put back was put back and read back as before'
      : unanswered
        ? '  NOT VERIFIED: a delete got no answer or was not seen done, and may take effect after the last read of this run'
        : '  NOT VERIFIED: the organizations differ from the read at the start where this run deleted',
  );
  return [...lines, ''];
}

const effectLabels: Readonly<Record<string, string>> = {
  realDelete: 'real delete',
  realDeleteReadBack: 'read back',
  absentDelete: 'absent delete',
  repeatedDelete: 'repeated delete',
  tenantIsolation: 'tenant isolation',
  deleteThenList: 'delete-then-list sequences',
  deleteThenPutThenList: 'delete-put-list sequences',
  sequenceRepeatedDelete: 'repeated-delete sequences',
};

function contractCoverageLines(report: ConformanceReport): string[] {
  if (report.contractCoverage.length === 0) return [];
  const lines = ['Contract coverage: exchanges that exercised each documented error and effect'];
  for (const operation of report.contractCoverage) {
    lines.push(`  ${operation.operation}: ${operation.items.map((item) => `${effectLabels[item.name] ?? item.name} ${item.exchanges}`).join(' · ')}`);
    for (const item of operation.items) {
      if (item.notExercised !== undefined) lines.push(`    not exercised: ${item.kind === 'error' ? item.name : `${effectLabels[item.name] ?? item.name} (${item.description})`}: ${item.notExercised}`);
    }
  }
  return [...lines, ''];
}

/** `1 case`, `2 cases`. */
function counted(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}

function seconds(milliseconds: number): string {
  return `${(milliseconds / 1000).toFixed(1)} s`;
}

/** How many of an operation's state sequences deleted a record the target held and then listed; `undefined` where not counted. */
function deleteThenListCount(report: ConformanceReport, operation: string): number | undefined {
  return report.contractCoverage.find((coverage) => coverage.operation === operation)?.items.find((item) => item.name === 'deleteThenList')?.exchanges;
}

/**
 * Renders a report for a terminal: per operation each check with its counts, then every failure with its rule, minimal input, expected versus observed, and how to reproduce it.
 *
 * @example
 * process.stdout.write(reporters.console(report)); // the package exports it as reporters.console
 */
/** Why cases were not sent, for the verdict line: each reason with its count, where any is known. */
function notSentWhy(notSent: ConformanceReport['summary']['notSent']): string {
  if (notSent === undefined) return '';
  const words: Record<NotSentReason, string> = {
    inexpressible: 'that the target cannot express: the SDK transport sends only what a client can, no body that is not JSON, no member of a wrong JSON type',
    heldBack: "held back by the live run's guard",
    stopped: 'after the run stopped',
  };
  const parts = (Object.keys(words) as NotSentReason[]).flatMap((reason) => ((notSent[reason] ?? 0) > 0 ? [`${notSent[reason]} ${words[reason]}`] : []));
  return parts.length === 0 ? '' : ` (${parts.join('; ')})`;
}

export function renderConsoleReport(report: ConformanceReport): string {
  const lines: string[] = [
    `workmail-conformance ${report.tool.version}: ${report.target}`,
    `profile ${report.profile} · patterns ${report.patternMatching} · seed ${report.seed} · ${report.numRuns} runs per property`,
    '',
  ];
  const width = Math.max(...report.operations.flatMap((operation) => operation.checks.map((check) => check.name.length)), 10);
  for (const operation of report.operations) {
    lines.push(operation.operation);
    for (const check of operation.checks) {
      const mark = check.failed > 0 ? '✗' : check.warned > 0 ? '!' : check.passed > 0 ? '✓' : '-';
      const counts = [`${check.passed} passed`];
      if (check.failed > 0) counts.push(`${check.failed} failed`);
      if (check.warned > 0) counts.push(`${check.warned} warned`);
      if (check.passed + check.failed + check.warned === 0) counts.splice(0, 1, check.notChecked === undefined ? 'not exercised' : `not checked: ${check.notChecked}`);
      // A ✓ of sequences none of which deleted what the target held rests on deletes of what is absent, and Lists (trialX #3).
      if (check.name === stateSequence.name && check.passed > 0 && deleteThenListCount(report, operation.operation) === 0) counts.push('none deleted what the target held (see Contract coverage)');
      lines.push(`  ${mark} ${check.name.padEnd(width)}  ${counts.join(', ')}`);
    }
    lines.push('');
  }
  const broken = groupByRule(report.failures);
  if (broken.length > 0) {
    lines.push(`Broken rules (${broken.length}), each with its smallest example`);
    broken.forEach(({ example, count }, index) => {
      const failed = failedCount(report, example);
      lines.push(...findingLines(example, index));
      if (failed > 1) lines.push(`   ${failed} exchanges broke this rule; ${count} example(s) are in --reporter json`);
      lines.push('');
    });
  }
  if (report.warnings.length > 0) {
    const warned = groupByRule(report.warnings);
    lines.push(`Warnings (${warned.length}): they never make a target nonconformant`);
    warned.forEach(({ example }, index) => lines.push(...findingLines(example, index), ''));
  }
  if (report.inferredStatuses !== undefined) {
    lines.push('Statuses not seen on the wire (statusCodeConformance judged none of them)');
    for (const entry of report.inferredStatuses) lines.push(`  ${entry.operation} · ${entry.answer}: ${entry.how} (${entry.count}x)`);
    lines.push('');
  }
  lines.push(...openPointFindingLines(report), ...contractCoverageLines(report), ...liveLines(report), ...stateChangeLines(report));
  const { summary } = report;
  if (summary.incomplete !== undefined) lines.push(`Incomplete: ${summary.incomplete}`);
  if (report.transientAnswers !== undefined) {
    const byType = report.transientAnswers.map((entry) => `${entry.operation} ${entry.type} ${entry.count}x`).join(', ');
    lines.push(`Not judged: ${summary.transientAnswers} answer(s) that only asked to try again (${byType})`);
  }
  // A live run's own section counts its retries, reads and puts included.
  if (report.sentAgain !== undefined && report.live === undefined) {
    const byReason = report.sentAgain.map((entry) => `${entry.operation} after ${entry.after} ${entry.count}x`).join(', ');
    const times = report.sentAgain.reduce((total, entry) => total + entry.count, 0);
    lines.push(`Sent again: ${times} time(s), a case's request after a connection closed before any answer or an answer that only asked to try again (${byReason}); each case is judged on its last answer`);
  }
  for (const late of report.readsSeenLate ?? []) {
    lines.push(
      `Read late: ${late.list} showed what ${late.count} of ${late.operation}'s steps did only when read again, up to ${late.longestMs} ms later (allowed: no AWS page says a read shows a change at once; each difference is read again for up to ${late.windowMs} ms)`,
    );
  }
  const verdict = {
    // A replayed case that passes did not fail again: said so, since a failure it was reported for may need the state the
    // whole run left the target in before it.
    conformant: () =>
      summary.replayOf === undefined
        ? withCaveats('CONFORMANT: no failures', verdictCaveats(summary))
        : summary.checksNotJudged !== undefined
          ? withCaveats(`CONFORMANT: the replayed case (${summary.replayOf}) broke no rule it was judged by this time`, verdictCaveats(summary))
          : `CONFORMANT: the replayed case (${summary.replayOf}) broke no rule this time; where a run reported it failing, that failure did not happen again: it may need the state the whole run left the target in before it (run the whole seed again)`,
    incomplete: () => 'INCOMPLETE: the run stopped before its end (see Incomplete); what it judged broke no rule',
    notConformant: () => `NOT CONFORMANT: ${summary.failedChecks} rule(s) broken`,
  }[verdictKind(summary)]();
  // Warnings break no rule, but a verdict line that hides them hides, say, that botocore reads every error as a bare status.
  const warnedChecks = [...new Set(report.operations.flatMap((operation) => operation.checks.filter((check) => check.warned > 0).map((check) => check.name)))];
  const warnedExchanges = report.operations.reduce((total, operation) => total + operation.checks.reduce((sum, check) => sum + check.warned, 0), 0);
  // Cases sent and judged; those not sent (held back, not expressible) come on top of them, not out of them.
  const asides = [
    summary.skipped > 0 ? `${summary.skipped} more not sent${notSentWhy(summary.notSent)}` : '',
    summary.transientAnswers > 0 ? `${summary.transientAnswers} answered only "try again", not judged` : '',
    summary.requests !== summary.cases ? counted(summary.requests, 'request') : '',
    // The coverage phase alone judged the run: said where the verdict stands, not only in the header.
    report.numRuns === 0 ? 'no property phase (0 runs per property)' : '',
  ].filter((aside) => aside !== '');
  const skipped = asides.map((aside) => `, ${aside}`).join('');
  // The verdict is on the target; what a live run left of the organizations is said beside it, never hidden behind it, and
  // first where they may have lost something: a line that starts "CONFORMANT" reads as all is well.
  const standing = liveSafetyStanding(report);
  const unsafe = standing === undefined || standing.startsWith('NOT') ? '' : ` · the organizations are ${standing} (see above)`;
  const lead = standing?.startsWith('NOT') === true ? `THE ORGANIZATIONS ARE ${standing.toUpperCase()} (see above) · the target: ` : '';
  // A replayed sequence sends steps, not cases: "0 cases sent" would say nothing was sent.
  const sent = summary.cases === 0 && summary.sequenceSteps > 0 ? `${counted(summary.sequenceSteps, 'sequence step')} judged` : `${counted(summary.cases, 'case')} sent`;
  const warnings = warnedExchanges > 0 ? `, with ${warnedExchanges} warning(s) of ${warnedChecks.join(', ')} (see above)` : '';
  lines.push(`${lead}${verdict}${warnings}${unsafe} · ${sent}${skipped} in ${seconds(report.durationMs)}`);
  return `${lines.join('\n')}\n`;
}
