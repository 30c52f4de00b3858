import { excerpt } from '../observation/describe-observation.ts';
import type { ConformanceReport, Finding } from './conformance-report.ts';

function inputText(input: unknown): string {
  return excerpt(typeof input === 'string' ? `(raw body) ${input}` : JSON.stringify(input));
}

function findingLines(finding: Finding, index: number): string[] {
  const lines = [
    `${index + 1}) ${finding.operation} · ${finding.check}`,
    `   rule:      ${finding.rule}`,
    `   case:      ${finding.description} (${finding.phase}${finding.shrunk ? ', shrunk' : ''})`,
    `   input:     ${inputText(finding.input)}`,
    `   expected:  ${finding.expected}`,
    `   observed:  ${finding.observed}`,
    `   why:       ${finding.reason}`,
    `   reproduce: ${finding.reproduce.kit}`,
  ];
  if (finding.reproduce.awsCli !== undefined) lines.push(`              ${finding.reproduce.awsCli}`);
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
  const findings = report.openPointFindings ?? [];
  if (findings.length === 0) return [];
  const lines = ['Findings on the documentation\'s open points'];
  for (const finding of findings) {
    const observed = finding.observed.map((entry) => `${entry.answer} (${entry.count}x)`).join(', ');
    lines.push(`  ${finding.operation} · ${finding.topic}: ${finding.situation}`);
    lines.push(`      observed: ${observed}${finding.expected === undefined ? '' : ` · precedence reading expects ${finding.expected}`}`);
    if (finding.readings !== undefined && finding.readings.length > 0) lines.push(`      reading:  ${finding.readings.map((entry) => `${entry.reading} (${entry.count}x)`).join(', ')}`);
  }
  return [...lines, ''];
}

function liveLines(report: ConformanceReport): string[] {
  const live = report.live;
  if (live === undefined) return [];
  const allowed = live.mode === 'destructive' ? ` in ${live.allowedOrganizations.join(', ')}` : ': nothing that may change state was sent';
  const reasons = Object.entries(live.transient.byReason).map(([reason, count]) => `${reason} ${count}x`).join(', ');
  return [
    `Live run (${live.mode}${allowed})`,
    `  fixture: ${live.fixtureSource}`,
    `  ${live.requestsSent} requests sent (budget ${live.maxRequests ?? 'unlimited'}, at most ${live.maxRps ?? 'unlimited'} per second), ${live.heldBack} case(s) held back`,
    `  transient answers: ${live.transient.retried} retried, ${live.transient.persisted} persisted past the retries${reasons === '' ? '' : ` (${reasons})`}`,
    '',
  ];
}

function stateChangeLines(report: ConformanceReport): string[] {
  const section = report.stateChanges;
  if (section === undefined) return [];
  const lines = [`Changes to ${section.organizations.join(', ')} and their restoration`];
  if (section.changes.length === 0) lines.push('  nothing was changed');
  for (const change of section.changes) {
    lines.push(`  ${change.status === 'restored' ? 'restored' : change.status === 'notRestorable' ? 'NOT RESTORABLE' : 'RESTORE FAILED'}: ${change.organizationId} ${change.description}`);
    if (change.fixCommand !== undefined) lines.push(`      fix by hand: ${change.fixCommand}`);
  }
  for (const problem of section.problems) lines.push(`  problem: ${problem}`);
  lines.push(section.verified ? '  verified: the organizations match the snapshot taken before the run' : '  NOT VERIFIED: the organizations differ from the snapshot taken before the run');
  return [...lines, ''];
}

function seconds(milliseconds: number): string {
  return `${(milliseconds / 1000).toFixed(1)} s`;
}

/**
 * Renders a report for a terminal: per operation each check with its counts, then every failure with its rule, minimal input, expected versus observed, and how to reproduce it.
 *
 * @example
 * process.stdout.write(renderConsoleReport(report));
 */
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
      if (check.passed + check.failed + check.warned === 0) counts.splice(0, 1, 'not exercised');
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
  if (report.openPointReadings.length > 0) {
    lines.push('Open points of the documentation, as this target reads them');
    for (const reading of report.openPointReadings) {
      lines.push(`  ${reading.operation} · ${reading.openPoint}: ${reading.observed} (${reading.count}x)`);
    }
    lines.push('');
  }
  lines.push(...openPointFindingLines(report), ...liveLines(report), ...stateChangeLines(report));
  const { summary } = report;
  if (summary.incomplete !== undefined) lines.push(`Incomplete: ${summary.incomplete}`);
  const verdict = summary.conformant
    ? `CONFORMANT: no failures`
    : `NOT CONFORMANT: ${summary.failedChecks} rule(s) broken`;
  const skipped = summary.skipped > 0 ? ` (${summary.skipped} not sent)` : '';
  lines.push(`${verdict} · ${summary.cases} cases${skipped}, ${summary.requests} requests in ${seconds(report.durationMs)}`);
  return `${lines.join('\n')}\n`;
}
