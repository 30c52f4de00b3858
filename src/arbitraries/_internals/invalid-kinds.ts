import fc from 'fast-check';
import { violatedConstraints, type ConstraintSemantics } from '../../spec/constraints.ts';
import type { MemberSpec } from '../../spec/spec-schema.ts';
import { canonicalString, codePointsInLengthRange, codePointsOfLength } from './code-point-layout.ts';
import { allForeignCandidates, foreignCandidates, foreignCharacterClasses } from './foreign-characters.ts';
import { generatedMaxLength, memberShape, type MemberShape } from './member-shape.ts';

/** A member value that breaks the member: the key left out, or a value. */
export type BrokenValue = { readonly absent: true } | { readonly absent: false; readonly value: unknown };

/** One way of breaking a member, as a random arbitrary and as one deterministic example for coverage runs. */
export interface InvalidKind {
  readonly name: string;
  readonly arbitrary: fc.Arbitrary<BrokenValue>;
  readonly example: { readonly value: unknown; readonly absent?: true; readonly description: string };
}

const present = (value: unknown): BrokenValue => ({ absent: false, value });
const join = (codePoints: readonly string[]): string => codePoints.join('');
const objectKey = fc.string({ unit: fc.constantFrom(...'abcdefghijklmnopqrstuvwxyz'), minLength: 1, maxLength: 8 });

function replaced(codePoints: readonly string[], replacements: readonly (readonly [number, string])[]): string {
  const copy = [...codePoints];
  for (const [position, character] of replacements) copy[position % copy.length] = character;
  return copy.join('');
}

function typeKinds(validValue: fc.Arbitrary<string>, validExample: string): InvalidKind[] {
  return [
    {
      name: 'number',
      arbitrary: fc.oneof(fc.integer(), fc.double({ noNaN: true, noDefaultInfinity: true })).map(present),
      example: { value: 12345, description: 'a number (12345)' },
    },
    { name: 'boolean', arbitrary: fc.boolean().map(present), example: { value: true, description: 'a boolean (true)' } },
    {
      name: 'array',
      arbitrary: fc.array(validValue, { maxLength: 3 }).map(present),
      example: { value: [validExample], description: 'an array holding a valid value' },
    },
    {
      name: 'object',
      arbitrary: fc.dictionary(objectKey, validValue, { maxKeys: 3, noNullPrototype: true }).map(present),
      example: { value: { value: validExample }, description: 'an object holding a valid value' },
    },
  ];
}

function lengthKinds(shape: MemberShape): InvalidKind[] {
  const length = shape.member.length;
  if (length === undefined) return [];
  const { segments } = shape;
  const ofLength = (size: number) => codePointsOfLength(segments, size).map(join).map(present);
  const inRange = (low: number, high: number) => codePointsInLengthRange(segments, low, high).map(join).map(present);
  const kinds: InvalidKind[] = [];
  if (length.min >= 2) {
    const size = length.min - 1;
    kinds.push({ name: 'min-1', arbitrary: ofLength(size), example: { value: canonicalString(segments, size), description: `exactly min-1 (${size}) allowed characters` } });
  }
  if (length.min >= 3) {
    const size = Math.floor(length.min / 2);
    kinds.push({ name: 'too-short', arbitrary: inRange(1, length.min - 2), example: { value: canonicalString(segments, size), description: `too short (${size} allowed characters)` } });
  }
  const above = length.max + 1;
  kinds.push({ name: 'max+1', arbitrary: ofLength(above), example: { value: canonicalString(segments, above), description: `exactly max+1 (${above}) allowed characters` } });
  const farAbove = length.max + Math.max(length.max, 16);
  kinds.push({ name: 'too-long', arbitrary: inRange(length.max + 2, farAbove), example: { value: canonicalString(segments, farAbove), description: `far too long (${farAbove} allowed characters)` } });
  return kinds;
}

function patternKinds(shape: MemberShape, semantics: ConstraintSemantics): InvalidKind[] {
  if (shape.member.pattern === undefined) return [];
  const { segments, allowed } = shape;
  const low = Math.max(shape.validLength.min, 1);
  const high = generatedMaxLength(shape.validLength);
  if (low > high) return [];
  const typical = Math.min(Math.max(8, low), high);
  const position = Math.min(3, typical - 1);
  const search = semantics.patternMatching === 'search';
  const foreignOnly = (candidates: readonly string[], lowLength: number, highLength: number) =>
    fc
      .integer({ min: lowLength, max: highLength })
      .chain((size) => fc.array(fc.constantFrom(...candidates), { minLength: size, maxLength: size }))
      .map(join)
      .map(present);
  const cycled = (candidates: readonly string[], size: number) =>
    Array.from({ length: size }, (_, index) => candidates[index % candidates.length]).join('');
  const kinds: InvalidKind[] = [];
  for (const characterClass of foreignCharacterClasses) {
    const candidates = foreignCandidates(characterClass, allowed);
    const first = candidates[0];
    if (first === undefined) continue;
    const name = `foreign:${characterClass.name}`;
    if (search) {
      kinds.push({ name, arbitrary: foreignOnly(candidates, low, high), example: { value: cycled(candidates, typical), description: `${typical} foreign characters (${characterClass.singular})` } });
      continue;
    }
    const replacements = fc.array(fc.tuple(fc.nat(), fc.constantFrom(...candidates)), { minLength: 1, maxLength: 3 });
    kinds.push({
      name,
      arbitrary: fc.tuple(codePointsInLengthRange(segments, low, high), replacements).map(([codePoints, swaps]) => present(replaced(codePoints, swaps))),
      example: {
        value: replaced([...canonicalString(segments, typical)], [[position, first]]),
        description: `${JSON.stringify(first)} (${characterClass.singular}) at position ${position}`,
      },
    });
  }
  const everyForeign = allForeignCandidates(allowed);
  const firstForeign = everyForeign[0];
  if (Number.isFinite(shape.validLength.max) && firstForeign !== undefined) {
    const full = shape.validLength.max;
    kinds.push(
      search
        ? { name: 'full-length', arbitrary: foreignOnly(everyForeign, full, full), example: { value: cycled(everyForeign, full), description: `full length (${full}), foreign characters only` } }
        : {
            name: 'full-length',
            arbitrary: fc.tuple(codePointsOfLength(segments, full), fc.nat(), fc.constantFrom(...everyForeign)).map(([codePoints, at, character]) => present(replaced(codePoints, [[at, character]]))),
            example: {
              value: replaced([...canonicalString(segments, full)], [[full - 1, firstForeign]]),
              description: `full length (${full}) with ${JSON.stringify(firstForeign)} at position ${full - 1}`,
            },
          },
    );
  }
  return kinds;
}

/**
 * Every way of breaking one member that applies to it, each producing only values that break it (kinds that cannot break it are left out).
 *
 * @example
 * invalidKinds(spec.input.PersonalAccessTokenId!, defaultSemantics, memberValue(member), 'x', 'invalidInput').map((kind) => kind.name);
 */
export function invalidKinds(
  member: MemberSpec,
  semantics: ConstraintSemantics,
  validValue: fc.Arbitrary<string>,
  validExample: string,
  caller: string,
): InvalidKind[] {
  const shape = memberShape(member, caller);
  const kinds: InvalidKind[] = [];
  if (member.required) {
    kinds.push({ name: 'missing', arbitrary: fc.constant<BrokenValue>({ absent: true }), example: { value: undefined, absent: true, description: 'missing (key absent)' } });
    kinds.push({ name: 'null', arbitrary: fc.constant(present(null)), example: { value: null, description: 'null' } });
  }
  kinds.push(...typeKinds(validValue, validExample));
  kinds.push({ name: 'empty', arbitrary: fc.constant(present('')), example: { value: '', description: 'the empty string' } });
  kinds.push(...lengthKinds(shape), ...patternKinds(shape, semantics));
  return kinds.filter((kind) => violatedConstraints(member, kind.example.absent ? undefined : kind.example.value, semantics).length > 0);
}
