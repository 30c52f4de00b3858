import fc from 'fast-check';
import { codePointAtIndex, codePointSetSize, type PatternSegment } from '../../spec/simple-pattern.ts';

/**
 * Lays out a string of an exact code-point length along a simple pattern's segments. Inside the pattern's length range the
 * result matches it; below, it is the start of a matching string; above, the last segment repeats past its maximum. So the
 * same layout builds valid values and "look-alike" values of a wrong length.
 */

/** How many code points each segment gets; `choices` pick among the possible splits (any numbers are fine). */
function segmentCounts(segments: readonly PatternSegment[], length: number, choices: readonly number[]): number[] {
  const counts = segments.map((segment) => segment.min);
  const minimum = counts.reduce((total, count) => total + count, 0);
  if (length <= minimum) return counts;
  const maximum = segments.reduce((total, segment) => total + segment.max, 0);
  if (length >= maximum) {
    const last = segments.length - 1;
    return segments.map((segment, index) => (index === last ? segment.max + length - maximum : segment.max));
  }
  let rest = length - minimum;
  const slack = segments.map((segment) => segment.max - segment.min);
  return segments.map((segment, index) => {
    const own = slack[index] ?? 0;
    const slackAfter = slack.slice(index + 1).reduce((total, value) => total + value, 0);
    const low = Math.max(0, rest - slackAfter);
    const high = Math.min(own, rest);
    const extra = high <= low ? low : low + ((choices[index] ?? 0) % (high - low + 1));
    rest -= extra;
    return segment.min + extra;
  });
}

/**
 * The code points of a string of `length` code points laid out along `segments`; `choices` pick the split, `picks` the characters.
 *
 * @example
 * layoutCodePoints(parseSimplePattern('^m-[0-9a-f]{32}$')!.segments, 3, [], [0, 0, 5]).join(''); // 'm-5'
 */
export function layoutCodePoints(
  segments: readonly PatternSegment[],
  length: number,
  choices: readonly number[],
  picks: readonly number[],
): string[] {
  const counts = segmentCounts(segments, length, choices);
  const result: string[] = [];
  segments.forEach((segment, index) => {
    const size = codePointSetSize(segment.characters);
    for (let repeat = 0; repeat < (counts[index] ?? 0) && result.length < length; repeat += 1) {
      const pick = picks[result.length] ?? 0;
      result.push(String.fromCodePoint(codePointAtIndex(segment.characters, pick % size)));
    }
  });
  return result;
}

/**
 * Random code points of an exact length laid out along `segments` (see {@link layoutCodePoints}); shrinks towards each set's first character.
 *
 * @example
 * fc.sample(codePointsOfLength(parseSimplePattern('[a-z]+')!.segments, 4), 1); // [['q', 'a', 'z', 'c']]
 */
export function codePointsOfLength(segments: readonly PatternSegment[], length: number): fc.Arbitrary<string[]> {
  // Built once per pattern and length: `chain` asks for one on every generated value.
  let byLength = arbitrariesBySegments.get(segments);
  if (byLength === undefined) {
    byLength = new Map();
    arbitrariesBySegments.set(segments, byLength);
  }
  let arbitrary = byLength.get(length);
  if (arbitrary === undefined) {
    const choices = fc.array(fc.nat(), { minLength: segments.length, maxLength: segments.length });
    const picks = fc.array(fc.nat(), { minLength: length, maxLength: length });
    arbitrary = fc.tuple(choices, picks).map(([split, characters]) => layoutCodePoints(segments, length, split, characters));
    byLength.set(length, arbitrary);
  }
  return arbitrary;
}

const arbitrariesBySegments = new WeakMap<readonly PatternSegment[], Map<number, fc.Arbitrary<string[]>>>();

/**
 * Random code points laid out along `segments`, with a length drawn from `[minLength, maxLength]` (shrinks towards `minLength`).
 *
 * @example
 * fc.sample(codePointsInLengthRange(segments, 1, 64), 3);
 */
export function codePointsInLengthRange(
  segments: readonly PatternSegment[],
  minLength: number,
  maxLength: number,
): fc.Arbitrary<string[]> {
  if (minLength === maxLength) return codePointsOfLength(segments, minLength);
  return fc.integer({ min: minLength, max: maxLength }).chain((length) => codePointsOfLength(segments, length));
}

/**
 * A deterministic, varied-looking string of `length` code points laid out along `segments`, for coverage enumerations.
 *
 * @example
 * canonicalString(parseSimplePattern('^m-[0-9a-f]{32}$')!.segments, 34); // 'm-af49e38d27c16b05af49e38d27c16b05'
 */
export function canonicalString(segments: readonly PatternSegment[], length: number): string {
  const picks = Array.from({ length }, (_, index) => index * 5);
  return layoutCodePoints(segments, length, [], picks).join('');
}
