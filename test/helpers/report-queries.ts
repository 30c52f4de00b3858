import { everyReadingCombination } from '../../src/model/readings.ts';
import type { ConformanceReport } from '../../src/report/conformance-report.ts';
import type { OperationSpec } from '../../src/spec/spec-schema.ts';

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
export const stateReadings = ['disabled-entity', 'deleted-entity', 'email-case', 'name-case', 'id-case', 'deleted-entity-by-name', 'lookup-order'];

/**
 * Every combination of the {@link stateReadings} (the product of their numbers of readings), each once, the other open points at
 * their first reading.
 *
 * @example
 * for (const readings of stateReadingCombinations(loadOperationSpecs())) createWorkMailMock({ fixture: demoFixture, readings });
 */
export function stateReadingCombinations(specs: readonly OperationSpec[]): Record<string, string>[] {
  const combinations = new Map<string, Record<string, string>>();
  for (const combination of everyReadingCombination(specs)) {
    const picked = Object.fromEntries(stateReadings.map((id) => [id, combination[id] as string]));
    combinations.set(JSON.stringify(picked), picked);
  }
  return [...combinations.values()];
}
