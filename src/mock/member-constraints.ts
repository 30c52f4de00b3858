import { codePointLength, defaultSemantics, isAbsent, violatedConstraints, type ConstraintKind, type ConstraintSemantics } from '../spec/constraints.ts';
import type { SupportingMemberSpec } from './supporting-spec-schema.ts';

/** A constraint kind of any member the mock checks: the string kinds of src/spec/constraints.ts, plus `range` (integers) and `enum` (list items). */
export type MemberConstraintKind = ConstraintKind | 'range' | 'enum';

function outside(value: number, bounds: { readonly min: number; readonly max: number } | undefined): boolean {
  return bounds !== undefined && (value < bounds.min || value > bounds.max);
}

/**
 * Every constraint a member value breaks; string members are checked by {@link violatedConstraints}, the one definition of their rules.
 *
 * @example
 * violatedMemberConstraints({ type: 'integer', required: false, range: { min: 1, max: 100 }, documentation: '' }, 0); // ['range']
 */
export function violatedMemberConstraints(
  member: SupportingMemberSpec,
  value: unknown,
  semantics: ConstraintSemantics = defaultSemantics,
): MemberConstraintKind[] {
  switch (member.type) {
    case 'string':
      return violatedConstraints(member, value, semantics);
    case 'integer':
      if (isAbsent(value)) return member.required ? ['required'] : [];
      if (typeof value !== 'number' || !Number.isInteger(value)) return ['type'];
      return outside(value, member.range) ? ['range'] : [];
    case 'list': {
      if (isAbsent(value)) return member.required ? ['required'] : [];
      if (!Array.isArray(value) || value.some((item) => typeof item !== 'string')) return ['type'];
      const broken: MemberConstraintKind[] = [];
      if (outside(value.length, member.length)) broken.push('length');
      if (value.some((item) => !member.member.enum.includes(item as string))) broken.push('enum');
      return broken;
    }
  }
}

/**
 * The length of a string member or list value, as its `length` constraint counts it (code points for strings).
 *
 * @example
 * memberLength('a😀'); // 2
 * memberLength(['FULL_ACCESS', 'SEND_AS']); // 2
 */
export function memberLength(value: unknown): number {
  if (typeof value === 'string') return codePointLength(value);
  return Array.isArray(value) ? value.length : 0;
}
