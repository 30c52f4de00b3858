import { getOrInsertComputed } from '../../get-or-insert-computed.ts';
import type { ConstraintSemantics, PatternMatching } from '../../spec/constraints.ts';
import type { MemberSpec } from '../../spec/spec-schema.ts';

/** A member's coverage values by pattern-matching mode (the only field of the semantics they depend on). */
export type CoverageValuesCache<T> = WeakMap<MemberSpec, Map<PatternMatching, readonly T[]>>;

/**
 * A member's coverage values in a matching mode, built once (each entry frozen) and handed out as a list of the caller's
 * own: the coverage plan asks for them on every base input.
 *
 * @example
 * const cache: CoverageValuesCache<InvalidCoverageValue> = new WeakMap();
 * coverageValuesOnce(cache, member, defaultSemantics, buildInvalidCoverageValues); // built on the first call only
 */
export function coverageValuesOnce<T extends object>(cache: CoverageValuesCache<T>, member: MemberSpec, semantics: ConstraintSemantics, build: (member: MemberSpec, semantics: ConstraintSemantics) => T[]): T[] {
  const byMatching = getOrInsertComputed(cache, member, () => new Map<PatternMatching, readonly T[]>());
  const values = getOrInsertComputed(byMatching, semantics.patternMatching, () => Object.freeze(build(member, semantics).map((entry) => Object.freeze(entry))));
  return [...values];
}
