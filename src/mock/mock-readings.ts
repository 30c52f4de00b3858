import { checkReadings, defaultReading, type ChosenReadings } from '../model/readings.ts';
import { readingName } from '../spec/reading-name.ts';
import type { OperationSpec } from '../spec/spec-schema.ts';

/**
 * How the mock answers the points the documentation leaves open: one reading per open point of the specs, by open point id
 * (e.g. `{ 'disabled-entity': 'success', 'email-case': 'case-sensitive' }`); the names are the specs' readings.
 */
export type MockReadings = ChosenReadings;

/**
 * The default reading of every open point of some specs: the first reading of the `documented` profile.
 *
 * @example
 * defaultReadingsOf(loadOperationSpecs())['disabled-entity']; // 'EntityStateException'
 */
export function defaultReadingsOf(specs: readonly Pick<OperationSpec, 'openPoints'>[]): MockReadings {
  const readings: Record<string, string> = {};
  for (const spec of specs) for (const point of spec.openPoints) readings[point.id] ??= readingName(defaultReading(point));
  return Object.freeze(readings);
}

/**
 * Completes chosen readings with the defaults, rejecting an unknown open point or reading with a one-line error.
 *
 * @example
 * resolveReadings(loadOperationSpecs(), { 'constraint-violation-error': 'ValidationException' })['wrong-type-error']; // 'InvalidParameterException'
 */
export function resolveReadings(specs: readonly Pick<OperationSpec, 'openPoints'>[], readings: MockReadings = {}, where = 'createWorkMailMock: readings'): MockReadings {
  checkReadings(specs, readings, where);
  return Object.freeze({ ...defaultReadingsOf(specs), ...readings });
}
