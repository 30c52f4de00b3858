import fc from 'fast-check';
import { violatedConstraints, type ConstraintSemantics } from '../../spec/constraints.ts';
import type { MemberSpec } from '../../spec/spec-schema.ts';
import { canonicalString, codePointsInLengthRange, codePointsOfLength, stringInLengthRange, stringOfLength } from './code-point-layout.ts';
import { allForeignCandidates, foreignCandidates, foreignCharacterClasses } from './foreign-characters.ts';
import { edgeKinds } from './edge-kinds.ts';
import type { BrokenValue, InvalidFamily, InvalidKind } from './invalid-kind.ts';
import { generatedMaxLength, memberShape, type MemberShape } from './member-shape.ts';
import { structureKinds } from './structure-kinds.ts';

export type { BrokenValue, InvalidExample, InvalidFamily, InvalidKind } from './invalid-kind.ts';

const present = (value: unknown): BrokenValue => ({ absent: false, value });
const join = (codePoints: readonly string[]): string => codePoints.join('');
const objectKey = fc.string({ unit: fc.constantFrom(...'abcdefghijklmnopqrstuvwxyz'), minLength: 1, maxLength: 8 });

function replaced(codePoints: readonly string[], replacements: readonly (readonly [number, string])[]): string {
  const copy = [...codePoints];
  for (const [position, character] of replacements) copy[position % copy.length] = character;
  return copy.join('');
}

/** Any JSON number, made on first use and shared by every member: the same for all, and `fc.double` is slow to build. */
let anyNumber: fc.Arbitrary<BrokenValue> | undefined;

function typeKinds(validValue: fc.Arbitrary<string>, validExample: string): InvalidKind[] {
  anyNumber ??= fc.oneof(fc.integer(), fc.double({ noNaN: true, noDefaultInfinity: true })).map(present);
  return [
    {
      name: 'number',
      family: 'type',
      weight: 1,
      arbitrary: anyNumber,
      examples: [{ value: 12345, description: 'a number (12345)' }],
    },
    { name: 'boolean', family: 'type', weight: 1, arbitrary: fc.boolean().map(present), examples: [{ value: true, description: 'a boolean (true)' }] },
    {
      name: 'array',
      family: 'type',
      weight: 1,
      arbitrary: fc.array(validValue, { maxLength: 3 }).map(present),
      examples: [{ value: [validExample], description: 'an array holding a valid value' }],
    },
    {
      name: 'object',
      family: 'type',
      weight: 1,
      arbitrary: fc.dictionary(objectKey, validValue, { maxKeys: 3, noNullPrototype: true }).map(present),
      examples: [{ value: { value: validExample }, description: 'an object holding a valid value' }],
    },
  ];
}

function lengthKinds(shape: MemberShape): InvalidKind[] {
  const length = shape.member.length;
  if (length === undefined) return [];
  const { segments } = shape;
  const ofLength = (size: number) => stringOfLength(segments, size).map(present);
  const inRange = (low: number, high: number) => stringInLengthRange(segments, low, high).map(present);
  const kinds: InvalidKind[] = [];
  if (length.min >= 2) {
    const size = length.min - 1;
    kinds.push({ name: 'min-1', family: 'length', weight: 1, arbitrary: ofLength(size), examples: [{ value: canonicalString(segments, size), description: `exactly min-1 (${size}) allowed characters` }] });
  }
  if (length.min >= 3) {
    const size = Math.floor(length.min / 2);
    kinds.push({ name: 'too-short', family: 'length', weight: 1, arbitrary: inRange(1, length.min - 2), examples: [{ value: canonicalString(segments, size), description: `too short (${size} allowed characters)` }] });
  }
  const above = length.max + 1;
  kinds.push({ name: 'max+1', family: 'length', weight: 1, arbitrary: ofLength(above), examples: [{ value: canonicalString(segments, above), description: `exactly max+1 (${above}) allowed characters` }] });
  const farAbove = length.max + Math.max(length.max, 16);
  kinds.push({ name: 'too-long', family: 'length', weight: 1, arbitrary: inRange(length.max + 2, farAbove), examples: [{ value: canonicalString(segments, farAbove), description: `far too long (${farAbove} allowed characters)` }] });
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
      kinds.push({ name, family: 'foreign', weight: 1, arbitrary: foreignOnly(candidates, low, high), examples: [{ value: cycled(candidates, typical), description: `${typical} foreign characters (${characterClass.singular})` }] });
      continue;
    }
    const replacements = fc.array(fc.tuple(fc.nat(), fc.constantFrom(...candidates)), { minLength: 1, maxLength: 3 });
    kinds.push({
      name,
      family: 'foreign',
      weight: 1,
      arbitrary: fc.tuple(codePointsInLengthRange(segments, low, high), replacements).map(([codePoints, swaps]) => present(replaced(codePoints, swaps))),
      examples: [
        {
          value: replaced([...canonicalString(segments, typical)], [[position, first]]),
          description: `${JSON.stringify(first)} (${characterClass.singular}) at position ${position}`,
        },
      ],
    });
  }
  const everyForeign = allForeignCandidates(allowed);
  const firstForeign = everyForeign[0];
  if (Number.isFinite(shape.validLength.max) && firstForeign !== undefined) {
    const full = shape.validLength.max;
    kinds.push(
      search
        ? { name: 'full-length', family: 'foreign', weight: 1, arbitrary: foreignOnly(everyForeign, full, full), examples: [{ value: cycled(everyForeign, full), description: `full length (${full}), foreign characters only` }] }
        : {
            name: 'full-length',
            family: 'foreign',
            weight: 1,
            arbitrary: fc.tuple(codePointsOfLength(segments, full), fc.nat(), fc.constantFrom(...everyForeign)).map(([codePoints, at, character]) => present(replaced(codePoints, [[at, character]]))),
            examples: [
              {
                value: replaced([...canonicalString(segments, full)], [[full - 1, firstForeign]]),
                description: `full length (${full}) with ${JSON.stringify(firstForeign)} at position ${full - 1}`,
              },
            ],
          },
    );
  }
  return kinds;
}

/** The kind's value where it breaks the member as `breaks` says, else its first example (which does): so every drawn value does. */
function breakingOnly(kind: InvalidKind, breaks: (broken: BrokenValue) => boolean): InvalidKind {
  const fallback = kind.examples[0];
  if (fallback === undefined) return kind;
  const fallbackValue: BrokenValue = fallback.absent === true ? { absent: true } : { absent: false, value: fallback.value };
  return { ...kind, arbitrary: kind.arbitrary.map((broken) => (breaks(broken) ? broken : fallbackValue)) };
}

/** Families in the order the property phase lists them (a family with no kind for a member is left out). */
const familyOrder: readonly InvalidFamily[] = ['absence', 'type', 'length', 'foreign', 'edge', 'structure'];

/**
 * Every way of breaking one member that applies to it, each producing only values that break it (kinds that cannot break it
 * are left out, and so are examples that do not). Edge and structure kinds are made in whole-value matching only: in search
 * matching a value that contains a match is valid, so pattern breaks there are made of foreign characters only.
 *
 * @example
 * invalidKinds(spec.input.OrganizationId!, defaultSemantics, memberValue(member), 'm-…', 'invalidInput').map((kind) => kind.name);
 */
export function invalidKinds(
  member: MemberSpec,
  semantics: ConstraintSemantics,
  validValue: fc.Arbitrary<string>,
  validExample: string,
  caller: string,
): InvalidKind[] {
  // Built once per member, matching mode, valid arbitrary and example: the coverage values and the invalid-input property of a
  // member ask with the same ones. Kinds hold arbitraries, which keep no state between draws, so sharing them changes no draw.
  let byKey = kindsByMember.get(member);
  if (byKey === undefined) kindsByMember.set(member, (byKey = new Map()));
  const key = `${semantics.patternMatching}\u0000${validExample}`;
  const known = byKey.get(key);
  if (known !== undefined && known.validValue === validValue) return [...known.kinds];
  const kinds = Object.freeze(buildInvalidKinds(member, semantics, validValue, validExample, caller));
  byKey.set(key, { validValue, kinds });
  return [...kinds];
}

const kindsByMember = new WeakMap<MemberSpec, Map<string, { readonly validValue: fc.Arbitrary<string>; readonly kinds: readonly InvalidKind[] }>>();

function buildInvalidKinds(member: MemberSpec, semantics: ConstraintSemantics, validValue: fc.Arbitrary<string>, validExample: string, caller: string): InvalidKind[] {
  const shape = memberShape(member, caller);
  const kinds: InvalidKind[] = [];
  if (member.required) {
    kinds.push({ name: 'missing', family: 'absence', weight: 1, arbitrary: fc.constant<BrokenValue>({ absent: true }), examples: [{ value: undefined, absent: true, description: 'missing (key absent)' }] });
    kinds.push({ name: 'null', family: 'absence', weight: 1, arbitrary: fc.constant(present(null)), examples: [{ value: null, description: 'null' }] });
  }
  kinds.push(...typeKinds(validValue, validExample));
  kinds.push({ name: 'empty', family: 'length', weight: 1, arbitrary: fc.constant(present('')), examples: [{ value: '', description: 'the empty string' }] });
  kinds.push(...lengthKinds(shape), ...patternKinds(shape, semantics));
  const whole = semantics.patternMatching === 'full' && member.pattern !== undefined;
  const shaped = whole ? [...edgeKinds(shape, validExample), ...structureKinds(shape)] : [];
  const breaks = (broken: BrokenValue) => violatedConstraints(member, broken.absent ? undefined : broken.value, semantics).length > 0;
  // Edge and structure kinds are pattern breaks: a value of theirs that happens to match the pattern is not one of them.
  const breaksPattern = (broken: BrokenValue) => !broken.absent && violatedConstraints(member, broken.value, semantics).includes('pattern');
  const keepingExamples = (test: (broken: BrokenValue) => boolean) => (kind: InvalidKind): InvalidKind | undefined => {
    const examples = kind.examples.filter((example) => test(example.absent === true ? { absent: true } : { absent: false, value: example.value }));
    return examples.length === 0 ? undefined : { ...kind, examples };
  };
  return [
    ...kinds.map(keepingExamples(breaks)).filter((kind) => kind !== undefined),
    ...shaped
      .map(keepingExamples(breaksPattern))
      .filter((kind) => kind !== undefined)
      .map((kind) => breakingOnly(kind, breaksPattern)),
  ];
}

/**
 * The families whose kinds break the pattern: a value of one may shrink into the family's first kind (fast-check's
 * cross shrink), so a break drawn at full length (`!` and 63 `-`, 63 `-` and a final newline) shrinks to a short one where that
 * fails too. Drawing is unchanged: only a failing value's shrinks are more.
 */
const patternBreakFamilies: ReadonlySet<InvalidFamily> = new Set(['foreign', 'edge', 'structure']);

/**
 * One arbitrary over a member's kinds: a family first (each equally likely), then a kind of it by weight.
 *
 * @example
 * fc.sample(brokenValue(invalidKinds(member, defaultSemantics, memberValue(member), 'x', 'invalidInput')), 3);
 */
export function brokenValue(kinds: readonly InvalidKind[]): fc.Arbitrary<BrokenValue> {
  const families = familyOrder
    .map((family) => kinds.filter((kind) => kind.family === family))
    .filter((members) => members.length > 0)
    .map((members) =>
      members.length === 1
        ? (members[0] as InvalidKind).arbitrary
        : fc.oneof({ withCrossShrink: patternBreakFamilies.has((members[0] as InvalidKind).family) }, ...members.map((kind) => ({ arbitrary: kind.arbitrary, weight: kind.weight }))),
    );
  if (families.length === 0) throw new Error('brokenValue: no kind to draw from');
  return families.length === 1 ? (families[0] as fc.Arbitrary<BrokenValue>) : fc.oneof(...families);
}
