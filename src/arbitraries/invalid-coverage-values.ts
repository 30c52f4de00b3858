import { defaultSemantics, violatedConstraints, type ConstraintKind, type ConstraintSemantics } from '../spec/constraints.ts';
import type { MemberSpec } from '../spec/spec-schema.ts';
import { invalidKinds } from './_internals/invalid-kinds.ts';
import { memberValue } from './member-value.ts';
import { validCoverageValues } from './valid-coverage-values.ts';

/** One deterministic invalid value of a member (`absent` means the key is left out) with the constraints it breaks. */
export interface InvalidCoverageValue {
  readonly value: unknown;
  readonly description: string;
  readonly absent?: true;
  readonly constraints: ConstraintKind[];
}

/**
 * A small, fixed list of invalid values of a member, one per way of breaking it (missing, null, each wrong JSON type, min-1, max+1,
 * the empty string, each class of foreign character, a full-length pattern break), labelled by `violatedConstraints`.
 *
 * @example
 * invalidCoverageValues(spec.input.OrganizationId!).find((entry) => entry.description.startsWith('exactly min-1'));
 * // { value: 'm-0af4…', description: 'exactly min-1 (33) allowed characters', constraints: ['length', 'pattern'] }
 */
export function invalidCoverageValues(member: MemberSpec, semantics: ConstraintSemantics = defaultSemantics): InvalidCoverageValue[] {
  const validExample = validCoverageValues(member)[0]?.value ?? '';
  const kinds = invalidKinds(member, semantics, memberValue(member), validExample, 'invalidCoverageValues');
  return kinds.map(({ example }) => {
    const constraints = violatedConstraints(member, example.absent ? undefined : example.value, semantics);
    return example.absent
      ? { value: example.value, description: example.description, absent: true, constraints }
      : { value: example.value, description: example.description, constraints };
  });
}
