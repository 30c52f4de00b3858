import { checkMemberSpec } from '../check-options.ts';
import type { MemberSpec } from '../spec/spec-schema.ts';
import { canonicalString } from './_internals/code-point-layout.ts';
import { formLayout } from './_internals/form-layout.ts';
import { allowedLetterCases, inLetterCase, type LetterCase } from './_internals/letter-case.ts';
import { lengthBoundaries } from './_internals/length-boundaries.ts';
import { generatedMaxLength, memberShape } from './_internals/member-shape.ts';
import { getOrInsertComputed } from '../get-or-insert-computed.ts';

/** One deterministic valid value with a short human description. */
export interface CoverageValue {
  readonly value: string;
  readonly description: string;
  /** The identifier form the value was built from, if any. */
  readonly form?: string;
  /** The letter case the value was rewritten in, when it is not the form as documented or built. */
  readonly letterCase?: LetterCase;
}

/**
 * A small, fixed list of valid values of a member: per identifier form, its documented example (when valid) and values at
 * the form's shortest and longest length, each also in every letter case the member's pattern allows for the form (an
 * upper-case UUID where the member takes upper-case letters); then one value per length boundary of the member.
 *
 * @example
 * const specs = loadOperationSpecs();
 * validCoverageValues(findOperationSpec(specs, 'DeletePersonalAccessToken').input.PersonalAccessTokenId!).map((entry) => entry.description);
 * // ['exactly min (1) allowed characters', 'min+1 (2) allowed characters', 'max-1 (63) allowed characters', 'exactly max (64) allowed characters']
 * validCoverageValues(findOperationSpec(specs, 'DeleteMailboxPermissions').input.EntityId!).find((entry) => entry.letterCase === 'upper')?.value; // '05AF49E3-D27C-…' (an upper-case UUID)
 */
export function validCoverageValues(member: MemberSpec): CoverageValue[] {
  checkMemberSpec('validCoverageValues', member);
  // Built once per member (the coverage plan asks on every base input, the invalid values and the properties for the first).
  return [...getOrInsertComputed(valuesByMember, member, frozenValidCoverageValues)];
}

function frozenValidCoverageValues(member: MemberSpec): readonly CoverageValue[] {
  return Object.freeze(buildValidCoverageValues(member).map((entry) => Object.freeze(entry)));
}

const valuesByMember = new WeakMap<MemberSpec, readonly CoverageValue[]>();

function buildValidCoverageValues(member: MemberSpec): CoverageValue[] {
  const shape = memberShape(member, 'validCoverageValues');
  const values: CoverageValue[] = [];
  const seen = new Set<string>();
  const add = (entry: CoverageValue) => {
    if (seen.has(entry.value)) return;
    seen.add(entry.value);
    values.push(entry);
  };
  const forms = (member.forms ?? []).map((form) => formLayout(form, shape, 'validCoverageValues'));
  for (const layout of forms) {
    const origin = layout.exampleIsDocumented ? 'documented example' : 'built from its pattern';
    add({ value: layout.example, description: `form ${layout.form.name} (${origin})`, form: layout.form.name });
  }
  for (const layout of forms) {
    const name = layout.form.name;
    const cases = allowedLetterCases(layout.segments, shape);
    const bases = [{ value: layout.example, what: layout.exampleIsDocumented ? 'documented example' : 'built from its pattern' }];
    for (const [length, which] of [[layout.minLength, 'shortest'], [layout.maxLength, 'longest']] as const) {
      bases.push({ value: canonicalString(layout.segments, length), what: `${which} (${length})` });
    }
    for (const base of bases) add({ value: base.value, description: `form ${name} (${base.what})`, form: name });
    for (const letterCase of cases) {
      for (const base of bases) add({ value: inLetterCase(base.value, letterCase), description: `form ${name} (${base.what}) in ${letterCase} case`, form: name, letterCase });
    }
  }
  const range = { min: shape.validLength.min, max: generatedMaxLength(shape.validLength) };
  for (const [length, names] of lengthBoundaries(range)) {
    const exactly = names.includes('min') || names.includes('max') ? 'exactly ' : '';
    add({ value: canonicalString(shape.segments, length), description: `${exactly}${names.join(' = ')} (${length}) allowed characters` });
  }
  return values;
}
