import type { ConformanceReport } from '../../src/report/conformance-report.ts';

/**
 * The names of the checks that failed on any operation of a report, sorted.
 *
 * @example
 * expect(failedChecks(report)).toEqual(['deleteEffect']);
 */
export function failedChecks(report: ConformanceReport): string[] {
  return [...new Set(report.operations.flatMap((operation) => operation.checks.filter((tally) => tally.failed > 0).map((tally) => tally.name)))].sort();
}

/** The open points whose readings change what a delete or a step of a sequence reaches (lookups, states); the others only change an error's type. */
export const stateReadings = ['disabled-entity', 'email-case', 'name-case', 'id-case', 'deleted-entity-by-name', 'lookup-order'];
