import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  canonicalString,
  codePointsInLengthRange,
  codePointsOfLength,
  layoutCodePoints,
  segmentLayout,
  stringInLengthRange,
  stringOfLength,
} from '../../src/arbitraries/_internals/code-point-layout.ts';
import { loadOperationSpecs } from '../../src/spec/load-spec.ts';
import { codePointAtIndex, codePointSetSize, parseSimplePattern, type PatternSegment } from '../../src/spec/simple-pattern.ts';

/** The layout as first written (counts per segment, then one character per pick), kept here as the reference the tables must match. */
function referenceLayout(segments: readonly PatternSegment[], length: number, choices: readonly number[], picks: readonly number[], pickOffset = 0): string[] {
  const counts = segments.map((segment) => segment.min);
  const minimum = counts.reduce((total, count) => total + count, 0);
  const maximum = segments.reduce((total, segment) => total + segment.max, 0);
  if (length > minimum && length >= maximum) counts.forEach((_, index) => (counts[index] = (segments[index] as PatternSegment).max + (index === segments.length - 1 ? length - maximum : 0)));
  else if (length > minimum) {
    let rest = length - minimum;
    const slack = segments.map((segment) => segment.max - segment.min);
    segments.forEach((segment, index) => {
      const slackAfter = slack.slice(index + 1).reduce((total, value) => total + value, 0);
      const low = Math.max(0, rest - slackAfter);
      const high = Math.min(slack[index] as number, rest);
      const extra = high <= low ? low : low + ((choices[index] ?? 0) % (high - low + 1));
      rest -= extra;
      counts[index] = segment.min + extra;
    });
  }
  const result: string[] = [];
  segments.forEach((segment, index) => {
    for (let repeat = 0; repeat < (counts[index] as number) && result.length < length; repeat += 1) {
      const pick = (picks[pickOffset + result.length] ?? 0) % codePointSetSize(segment.characters);
      result.push(String.fromCodePoint(codePointAtIndex(segment.characters, pick)));
    }
  });
  return result;
}

const memberPatterns = loadOperationSpecs().flatMap((spec) =>
  Object.values(spec.input).flatMap((member) => [member.pattern, ...(member.forms ?? []).map((form) => form.pattern)].filter((pattern) => pattern !== undefined)),
);
const layouts: [string, readonly PatternSegment[]][] = [
  ...[...new Set([...memberPatterns, '[a-z]{2,5}-[0-9]+', '[ab]?c*[0-9]{3}x'])].map((pattern): [string, readonly PatternSegment[]] => [pattern, parseSimplePattern(pattern)!.segments]),
  // A set too large for a table of its characters, before a small one.
  ['a large set {1,3}, then [a-c]', [{ characters: [[0x20, 0x1_0000]], min: 1, max: 3 }, { characters: [[0x61, 0x63]], min: 1, max: 1 }]],
  ['no segments', []],
];
const join = (codePoints: readonly string[]): string => codePoints.join('');

/**
 * Every value a property sees, in order, for a seed: the drawn ones, then the shrinks tried after a failure (the property
 * fails on a fixed share of values, so shrinking walks several levels of the tree).
 */
function valuesSeen(arbitrary: fc.Arbitrary<string>, seed: number): string[] {
  const seen: string[] = [];
  const failsOn = (value: string) => [...value].reduce((total, character) => total + character.codePointAt(0)!, value.length) % 3 !== 0;
  fc.check(
    fc.property(arbitrary, (value) => {
      seen.push(value);
      return seen.length < 6 || !failsOn(value);
    }),
    { seed, numRuns: 30 },
  );
  return seen;
}

describe.each(layouts)('laying out code points along %s', (_, segments) => {

  it('gives what the reference layout gives for any length, split and picks', () => {
    fc.assert(
      fc.property(fc.nat({ max: 80 }), fc.array(fc.nat(), { maxLength: 8 }), fc.array(fc.nat(), { maxLength: 90 }), fc.nat({ max: 3 }), (length, choices, picks, offset) => {
        expect(layoutCodePoints(segments, length, choices, picks, offset)).toEqual(referenceLayout(segments, length, choices, picks, offset));
      }),
      { numRuns: 200 },
    );
  });

  it('gives canonical strings of the reference layout, whatever length was asked for before', () => {
    for (const length of [70, 0, 1, 5, 34, 12, 120, 3]) {
      expect(canonicalString(segments, length)).toBe(referenceLayout(segments, length, [], Array.from({ length }, (_, index) => index * 5)).join(''));
    }
  });

  it.each([0, 1, 7, 33, 81])('draws and shrinks strings of one length as the joined code points do (length %i)', (length) => {
    for (const seed of [1, 2, 3]) {
      const seen = valuesSeen(stringOfLength(segments, length), seed);
      expect(seen).toEqual(valuesSeen(codePointsOfLength(segments, length).map(join), seed));
      expect(seen.length).toBeGreaterThan(6);
    }
  });

  it.each([[0, 4], [1, 40], [30, 35]])('draws and shrinks strings of a length range as the joined code points do (%i to %i)', (low, high) => {
    for (const seed of [1, 2, 3]) {
      const seen = valuesSeen(stringInLengthRange(segments, low, high), seed);
      expect(seen).toEqual(valuesSeen(codePointsInLengthRange(segments, low, high).map(join), seed));
      expect(seen.length).toBeGreaterThan(6);
    }
  });

  it('makes one layout and one arbitrary per segments and length', () => {
    expect(segmentLayout(segments, 9)).toBe(segmentLayout(segments, 9));
    expect(segmentLayout(segments, 9)).not.toBe(segmentLayout(segments, 10));
    expect(stringOfLength(segments, 9)).toBe(stringOfLength(segments, 9));
    expect(codePointsOfLength(segments, 9)).toBe(codePointsOfLength(segments, 9));
  });
});

describe('a value of one segment given without its context (a form value shrunk as the plain pattern)', () => {
  const plain = parseSimplePattern('[a-zA-Z0-9._%+@-]+')!.segments;
  const email = parseSimplePattern('^[a-z0-9][a-z0-9._%+-]{0,30}@[a-z0-9][a-z0-9-]{0,20}\\.[a-z]{2,6}$')!.segments;

  it('is shrunk where every character is the segment\'s and its length is in range, by the same steps as a drawn one', () => {
    const arbitrary = stringInLengthRange(plain, 1, 64);
    expect(arbitrary.canShrinkWithoutContext('0..@0--------------------.aaaaaa')).toBe(true);
    expect(arbitrary.canShrinkWithoutContext('a!b')).toBe(false);
    expect(arbitrary.canShrinkWithoutContext('')).toBe(false);
    expect(arbitrary.canShrinkWithoutContext('a'.repeat(65))).toBe(false);
    expect(arbitrary.canShrinkWithoutContext(['a', 'b'])).toBe(false);
    // Its first shrink is every character the first of the segment's, at the same length.
    const [first] = arbitrary.shrink('0..@0--------------------.aaaaaa', undefined);
    expect(first?.value).toBe('%'.repeat(32));
    const needsTwoDots = (value: string) => value.lastIndexOf('@') > 0 && value.slice(0, value.lastIndexOf('@')).includes('..');
    let current = '0..@0--------------------.aaaaaa';
    let context: unknown;
    for (let kept = true; kept; ) {
      kept = false;
      for (const shrunk of arbitrary.shrink(current, context)) {
        if (!needsTwoDots(shrunk.value)) continue;
        current = shrunk.value;
        context = shrunk.context;
        kept = true;
        break;
      }
    }
    expect(current).toBe('..@');
  });

  it('is not shrunk where the layout has several segments (an email form\'s parts)', () => {
    expect(stringInLengthRange(email, 6, 63).canShrinkWithoutContext('a@b.cd')).toBe(false);
  });
});
