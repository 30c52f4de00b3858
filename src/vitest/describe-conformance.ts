import { beforeAll, describe, it } from 'vitest';
import { allChecks } from '../checks/all-checks.ts';
import { describeValue, OptionChecker } from '../check-options.ts';
import { ConfigError } from '../config-error.ts';
import { liveLimits } from '../live/live-session.ts';
import { liveSafetyProblems } from '../report/live-safety-problems.ts';
import { verdictCaveats } from '../report/verdict.ts';
import { checkFailureMessage, checkSkipReason, checkWarningMessage } from '../report/check-messages.ts';
import type { ConformanceReport } from '../report/conformance-report.ts';
import { runConformance, type LiveRunOptions, type RunOptions } from '../runner/run-conformance.ts';
import { validateRunOptions } from '../runner/validate-run-options.ts';
import { loadOperationSpecs } from '../spec/load-spec.ts';
import type { OperationSpec } from '../spec/spec-schema.ts';
import type { Target } from '../target/target.ts';

/**
 * Options of {@link describeConformance}: those of `runConformance`, with the target given as a factory (called once, in
 * `beforeAll`); or, for a live run against the real service or a stand-in, `live` instead of a target.
 */
export type ConformanceSuiteOptions = (
  | (Omit<RunOptions, 'target' | 'live'> & { readonly target: () => Target | Promise<Target>; readonly live?: undefined })
  | (LiveRunOptions & { readonly target?: undefined })
) & {
  /**
   * Milliseconds the run may take (by default 120 s, and for a live run at least twice the time its request budget takes at its rate). Then it stops as at Ctrl-C: no case
   * starts, the cases in flight finish (a live run puts back what they deleted and reads the organizations again), and the
   * suite fails its "the run was complete" test. The suite's hook allows 300 s more for that.
   */
  readonly runTimeoutMs?: number | undefined;
  /**
   * Also fail where a verdict rests on less than it says (the CLI's `--strict`): no real delete exercised or read back (a
   * target that serves no List, a fixture with nothing to delete), no state sequence judged. Off by default.
   */
  readonly strict?: boolean | undefined;
};

/**
 * How long a suite's run may take: `runTimeoutMs` when given; else 120 s, and for a live run at least twice the time its
 * request budget takes at its rate (the reads that put back and the end read are not counted in the budget), so that a
 * live suite with the default settings is not cut short: 600 s against the real service (600 requests at 2 a second).
 *
 * @example
 * suiteRunTimeoutMs({ live: { region: 'us-east-1' } }); // 600000
 * suiteRunTimeoutMs({ target: () => createMswTarget(handlers) }); // 120000
 */
export function suiteRunTimeoutMs(options: ConformanceSuiteOptions): number {
  if (options.runTimeoutMs !== undefined) return options.runTimeoutMs;
  if (options.live === undefined) return 120_000;
  const { maxRps, maxRequests } = liveLimits(options.live);
  // A rate or budget out of range is runConformance's to refuse, in its own words; a timer takes at most 2^31 - 1 ms.
  if (!(maxRps > 0 && maxRequests > 0)) return 120_000;
  return Math.min(2 ** 31 - 1, Math.max(120_000, Math.ceil((2 * maxRequests * 1000) / maxRps)));
}

/** How long a suite's hook waits, after `runTimeoutMs`, for a stopped run to finish its cases in flight, put back and read again. */
export const stopGraceMs = 300_000;

/**
 * The run a suite makes: its target made and closed (or the live run), stopped softly once `runTimeoutMs` has passed (or
 * at the caller's own `signal`), so that a test runner's timeout never leaves a live run between a delete and its put back.
 *
 * @example
 * const report = await runWithinDeadline({ target: () => createMswTarget(handlers), fixture, runTimeoutMs: 60_000 }, loadOperationSpecs());
 * report.summary.incomplete; // undefined: it ended in time
 */
export async function runWithinDeadline(options: ConformanceSuiteOptions, specs: readonly OperationSpec[]): Promise<ConformanceReport> {
  const runTimeoutMs = suiteRunTimeoutMs(options);
  const { runTimeoutMs: _given, strict: _strict, ...run } = options;
  const deadline = new AbortController();
  const timer = setTimeout(() => deadline.abort(`the run took longer than runTimeoutMs (${runTimeoutMs} ms) and stopped there`), runTimeoutMs);
  const signal = run.signal === undefined ? deadline.signal : AbortSignal.any([run.signal, deadline.signal]);
  try {
    if (run.live !== undefined) return await runConformance({ ...run, specs, signal });
    const target = await run.target();
    try {
      return await runConformance({ ...run, specs, target, signal });
    } finally {
      await target.close();
    }
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Declares a vitest suite that checks a target once and reports one test per operation and check, so a CI run shows exactly which documented rule broke.
 * A check that judged no exchange of an operation is a skipped test, with the reason; a run that stopped early fails "the run
 * was complete".
 *
 * @example
 * describeConformance('my msw handlers', { target: () => createMswTarget(handlers), fixture, numRuns: 50 });
 * describeConformance('the sandbox organization', { live: { region: 'eu-west-1', organizationIds: ['m-0123…'] }, runTimeoutMs: 900_000 });
 * describeConformance('my fake, no List served', { target: () => createMswTarget(handlers), fixture, strict: true }); // fails: no delete read back
 */
export function describeConformance(name: string, options: ConformanceSuiteOptions): void {
  // Every option is checked as the suite is declared, in describeConformance's name: a misspelt one fails the file at
  // once rather than the suite's run after the tests are listed.
  validateRunOptions(options, { name: 'describeConformance', extraOptions: ['runTimeoutMs', 'strict'], targetFactory: true });
  OptionChecker.of('describeConformance', options).integer('runTimeoutMs', 1, 2 ** 31 - 1).boolean('strict');
  if (options.live === undefined && typeof options.target !== 'function') {
    // A Target where its factory is expected is the usual slip: the suite makes (and closes) its own target.
    throw new ConfigError(`describeConformance: target: expected a function that makes the target, such as () => createMswTarget(handlers), or live options; got ${describeValue((options as { target?: unknown }).target)}`);
  }
  const specs = options.specs ?? loadOperationSpecs();
  const operations = options.operations ?? specs.map((spec) => spec.operation);
  const checks = options.checks ?? allChecks;
  describe(name, () => {
    let report: ConformanceReport | undefined;
    beforeAll(async () => {
      report = await runWithinDeadline(options, specs);
    }, suiteRunTimeoutMs(options) + stopGraceMs);
    // A run that stopped early (its deadline, a request budget, a target that stopped answering) judged less than it should.
    it('the run was complete', () => {
      if (report === undefined) throw new Error('the conformance run did not complete (see the beforeAll error)');
      if (report.summary.incomplete !== undefined) throw new Error(`the run stopped before its end: ${report.summary.incomplete}`);
    });
    if (options.strict === true) {
      it('the verdict rests on what it says (strict)', () => {
        if (report === undefined) throw new Error('the conformance run did not complete (see the beforeAll error)');
        const caveats = verdictCaveats(report.summary);
        if (caveats.length > 0) throw new Error(`strict: the verdict rests on less than it says: ${caveats.join('; ')}`);
      });
    }
    // What the command line exits 1 for after a live run: a suite stays green only when the organizations were left as found.
    if (options.live !== undefined) {
      it('the organizations are as the run found them', () => {
        if (report === undefined) throw new Error('the conformance run did not complete (see the beforeAll error)');
        const problems = liveSafetyProblems(report);
        if (problems.length > 0) throw new Error(problems.join('\n'));
      });
    }
    for (const operation of operations) {
      describe(operation, () => {
        for (const check of checks) {
          const warningOnly = check.severity === 'warning';
          it(`${check.name}${warningOnly ? ' (a warning, never a failure)' : ''}: ${check.rule}`, async (context) => {
            if (report === undefined) throw new Error('the conformance run did not complete (see the beforeAll error)');
            if (warningOnly) {
              // Warnings never make a target nonconformant: the test passes, and says what it warned of where every reporter shows it.
              const warning = checkWarningMessage(report, operation, check.name, { replayWith: 'describeConformance' });
              if (warning !== undefined) {
                process.stderr.write(`${name} > ${operation} > ${check.name}: ${warning}\n`);
                await context.annotate(warning, 'warning');
                return;
              }
            } else {
              const failure = checkFailureMessage(report, operation, check.name, { replayWith: 'describeConformance' });
              if (failure !== undefined) throw new Error(failure);
            }
            // A check that judged nothing has not held: it was not tried.
            const skipReason = checkSkipReason(report, operation, check.name);
            if (skipReason !== undefined) context.skip(skipReason);
          });
        }
      });
    }
  });
}
