import { beforeAll, describe, it } from 'vitest';
import { allChecks } from '../checks/all-checks.ts';
import type { ConformanceReport, Finding } from '../report/conformance-report.ts';
import { runConformance, type RunOptions } from '../runner/run-conformance.ts';
import { loadOperationSpecs } from '../spec/load-spec.ts';
import type { Target } from '../target/target.ts';

/** Options of {@link describeConformance}: those of `runConformance`, with the target given as a factory (called once, in `beforeAll`). */
export type ConformanceSuiteOptions = Omit<RunOptions, 'target'> & {
  readonly target: () => Target | Promise<Target>;
  /** Milliseconds the whole run may take; 120 000 by default. */
  readonly runTimeoutMs?: number;
};

function formatFindings(findings: readonly Finding[]): string {
  return findings
    .map((finding) =>
      [
        `${finding.check}: ${finding.description}`,
        `  input:     ${JSON.stringify(finding.input)}`,
        `  expected:  ${finding.expected}`,
        `  observed:  ${finding.observed}`,
        `  reproduce: seed ${finding.seed}, path ${finding.path}`,
      ].join('\n'),
    )
    .join('\n');
}

/**
 * Why one check failed for one operation in a report, with its findings; `undefined` when it held.
 *
 * @example
 * checkFailureMessage(report, 'DeletePersonalAccessToken', 'negativeDataRejection'); // '4 exchange(s) broke this rule…'
 */
export function checkFailureMessage(report: ConformanceReport, operation: string, check: string): string | undefined {
  const tally = report.operations.find((entry) => entry.operation === operation)?.checks.find((entry) => entry.name === check);
  const findings = report.failures.filter((finding) => finding.operation === operation && finding.check === check);
  if ((tally?.failed ?? 0) === 0 && findings.length === 0) return undefined;
  return `${tally?.failed ?? findings.length} exchange(s) broke this rule\n${formatFindings(findings)}`;
}

/**
 * Declares a vitest suite that checks a target once and reports one test per operation and check, so a CI run shows exactly which documented rule broke.
 *
 * @example
 * describeConformance('my msw handlers', { target: () => createMswTarget(handlers), fixture, numRuns: 50 });
 */
export function describeConformance(name: string, options: ConformanceSuiteOptions): void {
  const specs = options.specs ?? loadOperationSpecs();
  const operations = options.operations ?? specs.map((spec) => spec.operation);
  const checks = options.checks ?? allChecks;
  describe(name, () => {
    let report: ConformanceReport | undefined;
    beforeAll(async () => {
      const target = await options.target();
      try {
        report = await runConformance({ ...options, specs, target });
      } finally {
        await target.close();
      }
    }, options.runTimeoutMs ?? 120_000);
    for (const operation of operations) {
      describe(operation, () => {
        // Warnings never make a target nonconformant, so they get no test of their own.
        for (const check of checks.filter((candidate) => candidate.severity === 'failure')) {
          it(`${check.name}: ${check.rule}`, () => {
            if (report === undefined) throw new Error('the conformance run did not complete (see the beforeAll error)');
            const failure = checkFailureMessage(report, operation, check.name);
            if (failure !== undefined) throw new Error(failure);
          });
        }
      });
    }
  });
}
