import { checkMemberSpec } from '../check-options.ts';
import { defaultSemantics, violatedConstraints, type ConstraintKind, type ConstraintSemantics } from '../spec/constraints.ts';
import { coverageValuesOnce, type CoverageValuesCache } from './_internals/coverage-values-cache.ts';
import type { MemberSpec } from '../spec/spec-schema.ts';
import { invalidKinds, type InvalidFamily } from './_internals/invalid-kinds.ts';
import { memberValue } from './member-value.ts';
import { validCoverageValues } from './valid-coverage-values.ts';

/** One deterministic invalid value of a member (`absent` means the key is left out) with the constraints it breaks. */
export interface InvalidCoverageValue {
  readonly value: unknown;
  readonly description: string;
  readonly absent?: true;
  readonly constraints: ConstraintKind[];
  /** The family of breaks the value comes from: `absence`, `type`, `length`, `foreign` (characters), `edge` or `structure`. */
  readonly family: InvalidFamily;
}

/**
 * A small, fixed list of invalid values of a member, one or a few per way of breaking it, labelled by `violatedConstraints`:
 * missing, null, each wrong JSON type, min-1, max+1, the empty string, each class of foreign character, a full-length pattern
 * break; in whole-value matching also each edge break (a leading and a trailing space, tab, line feed, carriage return and
 * NUL on a valid value, a valid value followed by "\n", and the same at full length) and each structure break of allowed
 * characters (each literal run of the pattern dropped, moved and repeated, segments swapped, the value reversed, segments and
 * the whole value at lengths the pattern forbids). Values are distinct.
 *
 * @example
 * invalidCoverageValues(spec.input.OrganizationId!).find((entry) => entry.description.startsWith('exactly min-1'));
 * // { value: 'm-af49e38d27c16b05af49e38d27c16b0', description: 'exactly min-1 (33) allowed characters', constraints: ['length', 'pattern'], family: 'length' }
 */
export function invalidCoverageValues(member: MemberSpec, semantics: ConstraintSemantics = defaultSemantics): InvalidCoverageValue[] {
  checkMemberSpec('invalidCoverageValues', member);
  return coverageValuesOnce(valuesByMember, member, semantics, buildInvalidCoverageValues);
}

const valuesByMember: CoverageValuesCache<InvalidCoverageValue> = new WeakMap();

function buildInvalidCoverageValues(member: MemberSpec, semantics: ConstraintSemantics): InvalidCoverageValue[] {
  const validExample = validCoverageValues(member)[0]?.value ?? '';
  const kinds = invalidKinds(member, semantics, memberValue(member), validExample, 'invalidCoverageValues');
  const values: InvalidCoverageValue[] = [];
  const seen = new Set<string>();
  for (const { family, example } of kinds.flatMap((kind) => kind.examples.map((example) => ({ family: kind.family, example })))) {
    const key = example.absent === true ? 'absent' : `=${JSON.stringify(example.value)}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const constraints = violatedConstraints(member, example.absent ? undefined : example.value, semantics);
    values.push(
      example.absent
        ? { value: example.value, description: example.description, absent: true, constraints, family }
        : { value: example.value, description: example.description, constraints, family },
    );
  }
  return values;
}
