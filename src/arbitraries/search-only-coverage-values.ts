import { checkMemberSpec } from '../check-options.ts';
import { defaultSemantics, violatedConstraints, type ConstraintSemantics } from '../spec/constraints.ts';
import type { MemberSpec } from '../spec/spec-schema.ts';
import { canonicalString } from './_internals/code-point-layout.ts';
import { coverageValuesOnce, type CoverageValuesCache } from './_internals/coverage-values-cache.ts';
import { allForeignCandidates } from './_internals/foreign-characters.ts';
import { memberShape } from './_internals/member-shape.ts';
import type { CoverageValue } from './valid-coverage-values.ts';

/**
 * Under search matching only: valid values of a member whose pattern they match only somewhere inside (a character the
 * pattern does not allow before and after a match), so that a target that matches whole values is told from one that
 * matches anywhere. Empty under whole-value matching, for a member without a pattern, and for an anchored pattern (which
 * no such value matches in either mode).
 *
 * @example
 * searchOnlyCoverageValues(spec.input.PersonalAccessTokenId!, { patternMatching: 'search' }).map((entry) => entry.value); // ['!a!']
 * searchOnlyCoverageValues(spec.input.PersonalAccessTokenId!); // [] (whole-value matching)
 */
export function searchOnlyCoverageValues(member: MemberSpec, semantics: ConstraintSemantics = defaultSemantics): CoverageValue[] {
  checkMemberSpec('searchOnlyCoverageValues', member);
  return coverageValuesOnce(valuesByMember, member, semantics, buildSearchOnlyValues);
}

const valuesByMember: CoverageValuesCache<CoverageValue> = new WeakMap();

function buildSearchOnlyValues(member: MemberSpec, semantics: ConstraintSemantics): CoverageValue[] {
  if (member.pattern === undefined || semantics.patternMatching !== 'search') return [];
  const shape = memberShape(member, 'searchOnlyCoverageValues');
  // A printable character where one exists: the value is shown in reports and AWS CLI commands.
  const outside = allForeignCandidates(shape.allowed).find((character) => /^[!-~]$/.test(character)) ?? allForeignCandidates(shape.allowed)[0];
  if (outside === undefined) return [];
  const coreLength = Math.min(Math.max((member.length?.min ?? 0) - 2, shape.validLength.min, 1), shape.validLength.max);
  const value = `${outside}${canonicalString(shape.segments, coreLength)}${outside}`;
  // Kept only where it is what it claims: valid under search matching, and not under whole-value matching.
  if (violatedConstraints(member, value, semantics).length > 0 || violatedConstraints(member, value, defaultSemantics).length === 0) return [];
  return [{ value, description: `matches its pattern only inside (${JSON.stringify(outside)} before and after): valid under search matching only` }];
}
