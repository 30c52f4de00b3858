import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { invalidKinds } from '../../src/arbitraries/_internals/invalid-kinds.ts';
import { allowedLetterCases, type LetterCase } from '../../src/arbitraries/_internals/letter-case.ts';
import { memberShape, segmentsWithin, type MemberShape } from '../../src/arbitraries/_internals/member-shape.ts';
import { foreignCharacterCoverageValues, invalidCoverageValues, memberValue, validCoverageValues } from '../../src/arbitraries/index.ts';
import { codePointLength, defaultSemantics } from '../../src/spec/constraints.ts';
import { loadOperationSpecs } from '../../src/spec/load-spec.ts';
import { codePointSetHas, unionCodePointSets, type CodePointSet, type PatternSegment } from '../../src/spec/simple-pattern.ts';
import type { MemberSpec } from '../../src/spec/spec-schema.ts';

const members = loadOperationSpecs().flatMap((spec) => Object.entries(spec.input).map(([name, member]) => [`${spec.operation}.${name}`, member] as const));

const coverageLists = [
  ['validCoverageValues', (member: MemberSpec) => validCoverageValues(member)],
  ['invalidCoverageValues', (member: MemberSpec) => invalidCoverageValues(member)],
  ['invalidCoverageValues (search)', (member: MemberSpec) => invalidCoverageValues(member, { patternMatching: 'search' })],
  ['foreignCharacterCoverageValues', (member: MemberSpec) => foreignCharacterCoverageValues(member)],
] as const;

describe.each(coverageLists)('%s, built once per member', (_, list) => {
  it.each(members)('gives %s a list of its own on every call, so changing one changes nothing later', (__, member) => {
    const first = list(member);
    const copy = structuredClone(first);

    first.splice(0, first.length);

    expect(list(member)).toEqual(copy);
    expect(list(member)).not.toBe(list(member));
  });

  it('gives a member with the same content the same values, and one with another pattern others', () => {
    const member = members.find(([name]) => name.endsWith('PersonalAccessTokenId'))![1];
    const narrower: MemberSpec = { ...member, pattern: '[a-f0-9]+' };

    expect(list(structuredClone(member))).toEqual(list(member));
    expect(list(narrower)).not.toEqual(list(member));
  });
});

describe('member shapes, read once per member', () => {
  it('name the caller of each failing read: a failure is not kept', () => {
    const member: MemberSpec = { ...members[0]![1], pattern: '(a|b)+' };

    expect(() => memberShape(member, 'first')).toThrow(/^first: the pattern \(a\|b\)\+ is not simple/);
    expect(() => memberShape(member, 'second')).toThrow(/^second: the pattern \(a\|b\)\+ is not simple/);
  });

  it('are the same object for the same member, so that what is built from one is built once', () => {
    const member = members[0]![1];

    expect(memberShape(member, 'a')).toBe(memberShape(member, 'b'));
  });
});

describe('invalid kinds, built once per member, matching mode, valid arbitrary and example', () => {
  it('draw the array and object kinds from the valid arbitrary they are asked with, not from an earlier one', () => {
    const member = members.find(([name]) => name.endsWith('EntityId'))![1];
    invalidKinds(member, defaultSemantics, memberValue(member), 'entity', 'test');
    const only = fc.constant('only-this');

    const kinds = invalidKinds(member, defaultSemantics, only, 'entity', 'test');

    const array = kinds.find((kind) => kind.name === 'array')!;
    for (const broken of fc.sample(array.arbitrary, { seed: 3, numRuns: 50 })) {
      expect(broken.absent ? [] : (broken.value as string[]).filter((item) => item !== 'only-this')).toEqual([]);
    }
  });
});

/** The code points of a set up to U+00FF, one by one. */
function codePointsOf(set: CodePointSet): number[] {
  return set.flatMap(([low, high]) => Array.from({ length: Math.max(0, Math.min(high, 0xff) - low + 1) }, (__, index) => low + index));
}

const asciiSet = fc
  .array(fc.tuple(fc.integer({ min: 0x20, max: 0x90 }), fc.integer({ min: 0, max: 40 })), { minLength: 1, maxLength: 4 })
  .map((ranges) => ranges.map(([low, span]) => [low, low + span] as [number, number]));

describe('segmentsWithin', () => {
  it('holds exactly when every code point of every segment is in the set, for sets in any order and overlapping', () => {
    fc.assert(
      fc.property(asciiSet, asciiSet, (characters, allowed) => {
        const byCodePoint = codePointsOf(characters).every((codePoint) => codePointSetHas(allowed, codePoint));

        expect(segmentsWithin([{ characters, min: 1, max: 1 }], allowed)).toBe(byCodePoint);
      }),
      { seed: 7, numRuns: 2000 },
    );
  });
});

/** The letter cases of a form, worked out code point by code point (as the rule reads), for comparing with the range-wise one. */
function letterCasesByCodePoint(form: readonly PatternSegment[], shape: MemberShape): LetterCase[] {
  const inCase = (codePoint: number, letterCase: LetterCase): number[] => {
    const isLetter = (codePoint >= 0x41 && codePoint <= 0x5a) || (codePoint >= 0x61 && codePoint <= 0x7a);
    if (!isLetter) return [codePoint];
    const lower = codePoint | 0x20;
    return letterCase === 'lower' ? [lower] : letterCase === 'upper' ? [lower - 0x20] : [lower, lower - 0x20];
  };
  const rewritten = (segment: PatternSegment, letterCase: LetterCase): number[] => codePointsOf(segment.characters).flatMap((codePoint) => inCase(codePoint, letterCase));
  const same = (a: readonly number[], b: readonly number[]) => new Set(a).size === new Set([...a, ...b]).size && new Set(b).size === new Set([...a, ...b]).size;
  return (['lower', 'upper', 'mixed'] as const).filter((letterCase) => {
    if (form.every((segment) => same(rewritten(segment, letterCase), codePointsOf(segment.characters)))) return false;
    if (shape.segments.length === 1) return form.every((segment) => rewritten(segment, letterCase).every((codePoint) => codePointSetHas(shape.allowed, codePoint)));
    if (form.length !== shape.segments.length) return false;
    return form.every((segment, index) => {
      const own = shape.segments[index]!;
      return own.min === segment.min && own.max === segment.max && rewritten(segment, letterCase).every((codePoint) => codePointSetHas(own.characters, codePoint));
    });
  });
}

describe('allowedLetterCases', () => {
  it('gives the letter cases a code-point-by-code-point reading gives, for forms and members of any ASCII sets', () => {
    const segments = fc.array(
      asciiSet.map((set) => ({ characters: unionCodePointSets(set), min: 1, max: 2 })),
      { minLength: 1, maxLength: 3 },
    );
    fc.assert(
      fc.property(segments, segments, fc.boolean(), (form, own, single) => {
        const memberSegments = single ? own.slice(0, 1) : own;
        const shape: MemberShape = {
          member: { ...members[0]![1], pattern: 'built by the test' },
          segments: memberSegments,
          allowed: unionCodePointSets(...memberSegments.map((segment) => segment.characters)),
          validLength: { min: 1, max: 6 },
        };

        expect(allowedLetterCases(form, shape)).toEqual(letterCasesByCodePoint(form, shape));
      }),
      { seed: 11, numRuns: 1500 },
    );
  });
});

describe('codePointLength', () => {
  it('counts what iterating the string counts: a surrogate pair once, a lone surrogate once', () => {
    const unit = fc.constantFrom('a', 'é', '😀', '\ud83d', '\ude00', '中');
    fc.assert(
      fc.property(fc.oneof(fc.string({ unit: 'binary', maxLength: 40 }), fc.string({ unit, maxLength: 40 })), (value) => {
        expect(codePointLength(value)).toBe(Array.from(value).length);
      }),
      { seed: 5, numRuns: 1000 },
    );
  });
});
