import type { MemberSpec } from '../spec/spec-schema.ts';
import { canonicalString } from './_internals/code-point-layout.ts';
import { formLayout } from './_internals/form-layout.ts';
import { lengthBoundaries } from './_internals/length-boundaries.ts';
import { generatedMaxLength, memberShape } from './_internals/member-shape.ts';

/** One deterministic valid value with a short human description. */
export interface CoverageValue {
  readonly value: string;
  readonly description: string;
}

/**
 * A small, fixed list of valid values of a member: one per identifier form (its documented example when valid) and one per length boundary.
 *
 * @example
 * validCoverageValues(spec.input.PersonalAccessTokenId!).map((entry) => entry.description);
 * // ['exactly min (1) allowed characters', 'min+1 (2) allowed characters', 'max-1 (63) allowed characters', 'exactly max (64) allowed characters']
 */
export function validCoverageValues(member: MemberSpec): CoverageValue[] {
  const shape = memberShape(member, 'validCoverageValues');
  const values: CoverageValue[] = (member.forms ?? []).map((form) => {
    const layout = formLayout(form, shape, 'validCoverageValues');
    const origin = layout.exampleIsDocumented ? 'documented example' : 'built from its pattern';
    return { value: layout.example, description: `form ${form.name} (${origin})` };
  });
  const range = { min: shape.validLength.min, max: generatedMaxLength(shape.validLength) };
  for (const [length, names] of lengthBoundaries(range)) {
    const exactly = names.includes('min') || names.includes('max') ? 'exactly ' : '';
    values.push({ value: canonicalString(shape.segments, length), description: `${exactly}${names.join(' = ')} (${length}) allowed characters` });
  }
  return values;
}
