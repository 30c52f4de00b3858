import { createRequire } from 'node:module';
import type { ConformanceReport } from './conformance-report.ts';
import { liveSafetyProblems } from './live-safety-problems.ts';
import { withCaveats } from './verdict.ts';

/**
 * xmlbuilder2, loaded on the first JUnit report only: it brings a DOM with it (about 19 MB of memory) that other runs never need.
 *
 * @example
 * const root = xmlBuilder().create({ version: '1.0', encoding: 'UTF-8' }).ele('testsuites');
 */
export function xmlBuilder(): typeof import('xmlbuilder2') {
  return createRequire(import.meta.url)('xmlbuilder2') as typeof import('xmlbuilder2');
}

/**
 * Renders a report as JUnit XML for CI (`--reporter junit`): a test suite per operation, a test case per check, a failure per finding;
 * its test "the run was complete" fails for a run that stopped early, so that a dashboard never shows it green; a live run
 * has "the organizations are as the run found them", failed where the command line exits 1 for what the run left; a run
 * with `--strict`, "the verdict rests on what it says (--strict)", failed where a conformant verdict has a "but".
 *
 * @example
 * writeFileSync('conformance.xml', reporters.junit(report)); // the package exports it as reporters.junit
 */
export function renderJunitReport(report: ConformanceReport): string {
  const incomplete = report.summary.incomplete;
  // A live run's safety has a test of its own, as in a live describeConformance suite: failed where the CLI exits 1 for it.
  const safety = report.live === undefined ? undefined : liveSafetyProblems(report);
  // --strict has a test of its own, failed where the command line exits 1 for the verdict's caveats.
  const strict = report.summary.strict;
  const runFailures = (incomplete === undefined ? 0 : 1) + (safety === undefined || safety.length === 0 ? 0 : 1) + (strict === undefined || strict.unmet.length === 0 ? 0 : 1);
  // "the run was complete" is always there, passed or failed, so that a dashboard counts as many tests from run to run.
  const runTests = 1 + (safety === undefined ? 0 : 1) + (strict === undefined ? 0 : 1);
  // The root's totals count every test case the file holds, as CI dashboards add them up: checks, contract coverage, the run.
  const checkSkipped = (checks: ConformanceReport['operations'][number]['checks']) => checks.filter((check) => check.passed + check.failed + check.warned === 0).length;
  const coverageSkipped = (items: ConformanceReport['contractCoverage'][number]['items']) => items.filter((item) => item.notExercised !== undefined).length;
  const root = xmlBuilder().create({ version: '1.0', encoding: 'UTF-8' }).ele('testsuites', {
    name: 'workmail-conformance',
    tests:
      runTests +
      report.operations.reduce((total, operation) => total + operation.checks.length, 0) +
      report.contractCoverage.reduce((total, operation) => total + operation.items.length, 0),
    failures: report.summary.failedChecks + runFailures,
    skipped: report.operations.reduce((total, operation) => total + checkSkipped(operation.checks), 0) + report.contractCoverage.reduce((total, operation) => total + coverageSkipped(operation.items), 0),
    time: (report.durationMs / 1000).toFixed(3),
  });
  {
    const run = root.ele('testsuite', { name: 'run', tests: runTests, failures: runFailures });
    const complete = run.ele('testcase', { classname: 'run', name: 'the run was complete' });
    if (incomplete !== undefined) complete.ele('failure', { message: `the run stopped before its end: ${incomplete}`, type: 'incomplete' });
    if (safety !== undefined) {
      const testcase = run.ele('testcase', { classname: 'run', name: 'the organizations are as the run found them' });
      if (safety.length > 0) testcase.ele('failure', { message: safety[0] ?? '', type: 'liveSafety' }).txt(safety.join('\n'));
    }
    if (strict !== undefined) {
      const testcase = run.ele('testcase', { classname: 'run', name: 'the verdict rests on what it says (--strict)' });
      if (strict.unmet.length > 0) testcase.ele('failure', { message: withCaveats('conformant', strict.unmet), type: 'strict' }).txt(strict.unmet.join('\n'));
    }
  }
  for (const operation of report.operations) {
    const failing = operation.checks.filter((check) => check.severity === 'failure' && check.failed > 0).length;
    const suite = root.ele('testsuite', { name: operation.operation, tests: operation.checks.length, failures: failing, skipped: checkSkipped(operation.checks) });
    suite.ele('properties').ele('property', { name: 'seed', value: String(report.seed) }).up().ele('property', { name: 'target', value: report.target });
    for (const check of operation.checks) {
      const testcase = suite.ele('testcase', { classname: operation.operation, name: check.name });
      const findings = report.failures.filter((finding) => finding.operation === operation.operation && finding.check === check.name);
      if (check.severity === 'failure' && check.failed > 0) {
        const text = findings
          .map((finding) => [`case: ${finding.description}`, `input: ${JSON.stringify(finding.input)}`, ...(finding.atLengthLimits ?? []), `expected: ${finding.expected}`, `observed: ${finding.observed}`, ...(finding.targetMessage === undefined ? [] : [`message: ${JSON.stringify(finding.targetMessage)}`]), `reproduce: ${finding.reproduce.kit}`].join('\n'))
          .join('\n\n');
        testcase.ele('failure', { message: `${check.failed} of ${check.passed + check.failed} exchanges broke: ${check.rule}`, type: check.name }).txt(text);
      } else if (check.passed + check.failed + check.warned === 0) {
        testcase.ele('skipped', { message: check.notChecked === undefined ? 'not exercised by this run' : `not checked: ${check.notChecked}` });
      }
    }
  }
  for (const operation of report.contractCoverage) {
    // What the run did not exercise shows as skipped tests, so that a green CI run says what it rests on.
    const suite = root.ele('testsuite', { name: `${operation.operation} contract coverage`, tests: operation.items.length, failures: 0, skipped: coverageSkipped(operation.items) });
    for (const item of operation.items) {
      const testcase = suite.ele('testcase', { classname: `${operation.operation}.contract`, name: `${item.name}: ${item.description}` });
      if (item.notExercised === undefined) testcase.ele('system-out').txt(`${item.exchanges} exchange(s) exercised it`);
      else testcase.ele('skipped', { message: `not exercised: ${item.notExercised}` });
    }
  }
  return root.end({ prettyPrint: true });
}
