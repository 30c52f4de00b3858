// Generated member specs for testing the generators beyond the two shipped operations: patterns with structure (literal runs,
// classes with bounded and unbounded quantifiers), odd length bounds, and identifier forms of which some letter cases are valid.
import fc from 'fast-check';
import type { MemberSpec, OperationSpec } from '../../src/spec/spec-schema.ts';
import { loadOperationSpec } from '../../src/spec/load-spec.ts';
import { repoRoot, type RawMember, type RawSpec } from './independent-oracle.ts';

interface Piece {
  readonly source: string;
  readonly min: number;
  readonly max: number;
}

const classes = ['[0-9a-f]', '[a-z]', '[A-Z0-9]', '[0-9]', '[a-zA-Z0-9_-]', '[xyz.]'];
const literals = ['m', 'r', 'S', '-', '_', '\\.', ':', 'ab'];

const quantifier: fc.Arbitrary<{ text: string; min: number; max: number }> = fc.oneof(
  fc.constant({ text: '', min: 1, max: 1 }),
  fc.integer({ min: 1, max: 6 }).map((count) => ({ text: `{${count}}`, min: count, max: count })),
  fc.tuple(fc.integer({ min: 0, max: 3 }), fc.integer({ min: 0, max: 5 })).map(([min, extra]) => ({ text: `{${min},${min + extra}}`, min, max: min + extra })),
  fc.constant({ text: '+', min: 1, max: Infinity }),
  fc.constant({ text: '*', min: 0, max: Infinity }),
  fc.constant({ text: '?', min: 0, max: 1 }),
);

const literalPiece: fc.Arbitrary<Piece> = fc.constantFrom(...literals).map((literal) => {
  const length = literal.startsWith('\\') ? 1 : literal.length;
  return { source: literal, min: length, max: length };
});
const classPiece: fc.Arbitrary<Piece> = fc.tuple(fc.constantFrom(...classes), quantifier).map(([characters, q]) => ({ source: `${characters}${q.text}`, min: q.min, max: q.max }));

/** A pattern of 1-4 pieces, some literal, at least one a class; anchored or not (whole-value matching either way). */
export const structuredPattern: fc.Arbitrary<{ pattern: string; min: number; max: number }> = fc
  .tuple(fc.array(fc.oneof(literalPiece, classPiece), { minLength: 0, maxLength: 3 }), classPiece, fc.nat(3), fc.boolean())
  .map(([pieces, aClass, at, anchored]) => {
    const all = [...pieces.slice(0, at), aClass, ...pieces.slice(at)];
    const body = all.map((piece) => piece.source).join('');
    return {
      pattern: anchored ? `^${body}$` : body,
      min: all.reduce((total, piece) => total + piece.min, 0),
      max: all.reduce((total, piece) => total + piece.max, 0),
    };
  });

/** A required or optional string member with a structured pattern and a length range that some valid value fits. */
export const structuredMember: fc.Arbitrary<RawMember> = fc
  .tuple(structuredPattern, fc.boolean(), fc.nat(), fc.integer({ min: 0, max: 40 }))
  .map(([{ pattern, min, max }, required, lowPick, span]) => {
    const low = lowPick % (min + 1);
    const high = Math.max(min, 1) + span;
    return { type: 'string', required, length: { min: low, max: Number.isFinite(max) ? Math.max(high, low) : high }, pattern };
  });

const formPieces = ['[0-9a-f]{4}', '[a-z]{2,5}', '-', 'r-', '[0-9]{3}', '\\.', '[a-z0-9]+'];

/** A member with identifier forms written in lower case, whose own pattern takes upper-case letters or not. */
export const memberWithForms: fc.Arbitrary<RawMember> = fc
  .tuple(
    fc.constantFrom('[a-zA-Z0-9._%+@-]+', '[a-z0-9._-]+', '[a-fA-F0-9r.-]+'),
    fc.array(fc.array(fc.constantFrom(...formPieces), { minLength: 1, maxLength: 4 }), { minLength: 1, maxLength: 3 }),
  )
  .map(([pattern, forms]) => ({
    type: 'string',
    required: true,
    length: { min: 1, max: 128 },
    pattern,
    forms: forms.map((pieces, index) => ({ name: `form${index}`, pattern: `^${pieces.join('')}$`, example: 'not-an-example!' })),
  }))
  // A form only fits a member whose pattern allows its characters.
  .filter((member) => member.forms!.every((form) => member.pattern !== '[a-fA-F0-9r.-]+' || /^\^(\[0-9a-f\]\{4\}|-|r-|\\\.)+\$$/.test(form.pattern)));

const baseSpec: OperationSpec = loadOperationSpec(`${repoRoot}/specs/DeletePersonalAccessToken.json`);

/**
 * An operation spec with the shipped OrganizationId and one generated member, `Generated`, as the loader would give it, and its raw form.
 *
 * @example
 * const { spec, raw } = operationWith(member);
 */
export function operationWith(member: RawMember): { spec: OperationSpec; raw: RawSpec } {
  const organizationId = baseSpec.input['OrganizationId'] as MemberSpec;
  const generated = { ...member, ...(member.forms === undefined ? {} : { forms: member.forms.map((form) => ({ ...form, highEntropy: false })) }) } as unknown as MemberSpec;
  const spec = { ...baseSpec, input: { OrganizationId: organizationId, Generated: generated } } as OperationSpec;
  const raw: RawSpec = { operation: 'Generated', input: { OrganizationId: { type: 'string', required: true, length: { min: 34, max: 34 }, pattern: '^m-[0-9a-f]{32}$' }, Generated: member } };
  return { spec, raw };
}
