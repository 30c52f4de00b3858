import type { ResourceEffect } from './work-mail-model.ts';

export type { ResourceEffect };

/**
 * Whether two effects delete the same resource (their keys written in one order: the model's, for one spec).
 *
 * @example
 * sameEffect(expectation.outcomes[0]?.kind === 'success' ? expectation.outcomes[0].effect : undefined, effect);
 */
export function sameEffect(a: ResourceEffect | undefined, b: ResourceEffect | undefined): boolean {
  if (a === b) return true;
  if (a === undefined || b === undefined || a.resource !== b.resource || a.organizationId !== b.organizationId) return false;
  let fields = 0;
  for (const field in a.keys) {
    if (a.keys[field] !== b.keys[field]) return false;
    fields += 1;
  }
  for (const _field in b.keys) fields -= 1;
  return fields === 0;
}

/** One acceptable answer: success (HTTP 200, no body), or an error of a type with its status. */
export type ExpectedOutcome =
  | { readonly kind: 'success'; readonly effect: ResourceEffect | undefined }
  | { readonly kind: 'error'; readonly type: string; readonly status: number };

/** How an expectation was reached, so checks know which rule a case exercises. */
export type ExpectationBasis =
  /** The input breaks a constraint: the outcomes are the validation errors. */
  | 'validation'
  /** The body is not a JSON object: any 4xx awsJson error is acceptable. */
  | 'malformedBody'
  /** The fixture (or the high-entropy rule) determines the outcome. */
  | 'state'
  /** Nothing determines the state: any documented state outcome is acceptable. */
  | 'unknownState';

/** The set of outcomes a conforming target may give for one case, and why. */
export interface Expectation {
  readonly basis: ExpectationBasis;
  readonly outcomes: readonly ExpectedOutcome[];
  /** Open points of the spec that widened the set (their ids). */
  readonly openPoints: readonly string[];
  /**
   * For each open point in {@link Expectation.openPoints}, the outcomes each of its readings allows (the other points left
   * open), so that an observed answer tells which reading a target took. Absent where no open point is in play.
   */
  readonly readingOutcomes?: Readonly<Record<string, Readonly<Record<string, readonly ExpectedOutcome[]>>>>;
  /** One line on why, e.g. `organization m-…: it is not in the fixture, and its ID is high-entropy (a random one names no organization): not found`. */
  readonly reason: string;
}

/**
 * A short text for an outcome, as reports print it.
 *
 * @example
 * describeOutcome({ kind: 'error', type: 'EntityNotFoundException', status: 400 }); // '400 EntityNotFoundException'
 */
export function describeOutcome(outcome: ExpectedOutcome): string {
  return outcome.kind === 'success' ? '200 (empty body)' : `${outcome.status} ${outcome.type}`;
}

/**
 * A short text for an expectation's outcome set, e.g. `400 InvalidParameterException | 400 ValidationException`.
 *
 * @example
 * describeExpectation(expectation);
 */
export function describeExpectation(expectation: Expectation): string {
  if (expectation.basis === 'malformedBody') return 'any 4xx awsJson error';
  const seen = new Set<string>();
  for (const outcome of expectation.outcomes) seen.add(describeOutcome(outcome));
  return [...seen].join(' | ');
}
