import { checkMemberSpec } from '../check-options.ts';
import { codePointSetHas } from '../spec/simple-pattern.ts';
import { coverageValuesOnce, type CoverageValuesCache } from './_internals/coverage-values-cache.ts';
import { defaultSemantics, violatedConstraints, type ConstraintSemantics } from '../spec/constraints.ts';
import type { MemberSpec } from '../spec/spec-schema.ts';
import { canonicalString } from './_internals/code-point-layout.ts';
import { memberShape } from './_internals/member-shape.ts';
import type { InvalidCoverageValue } from './invalid-coverage-values.ts';

const firstPrintableAscii = 0x21;
const lastPrintableAscii = 0x7e;

/**
 * One invalid value per printable ASCII character a member's pattern does not allow, each spliced into an otherwise valid
 * value, so that a server allowing a single extra character (a '.' in a token ID) is caught deterministically. Empty in
 * search mode, where one foreign character does not break an unanchored pattern.
 *
 * @example
 * foreignCharacterCoverageValues(spec.input.PersonalAccessTokenId!).map((entry) => entry.value); // ['abc!efgh', 'abc"efgh', …]
 */
export function foreignCharacterCoverageValues(member: MemberSpec, semantics: ConstraintSemantics = defaultSemantics): InvalidCoverageValue[] {
  checkMemberSpec('foreignCharacterCoverageValues', member);
  return coverageValuesOnce(valuesByMember, member, semantics, buildForeignCharacterValues);
}

const valuesByMember: CoverageValuesCache<InvalidCoverageValue> = new WeakMap();

function buildForeignCharacterValues(member: MemberSpec, semantics: ConstraintSemantics): InvalidCoverageValue[] {
  if (member.pattern === undefined || semantics.patternMatching === 'search') return [];
  const shape = memberShape(member, 'foreignCharacterCoverageValues');
  const length = Math.min(Math.max(8, shape.validLength.min, 1), shape.validLength.max);
  const base = [...canonicalString(shape.segments, length)];
  const position = Math.min(3, length - 1);
  const values: InvalidCoverageValue[] = [];
  for (let codePoint = firstPrintableAscii; codePoint <= lastPrintableAscii; codePoint += 1) {
    if (codePointSetHas(shape.allowed, codePoint)) continue;
    const character = String.fromCodePoint(codePoint);
    const value = [...base.slice(0, position), character, ...base.slice(position + 1)].join('');
    const constraints = violatedConstraints(member, value, semantics);
    if (constraints.length > 0) values.push({ value, description: `${JSON.stringify(character)} at position ${position}`, constraints, family: 'foreign' });
  }
  return values;
}
