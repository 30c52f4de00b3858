import fc from 'fast-check';
import { getOrInsertComputed } from '../../get-or-insert-computed.ts';
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

/** Sets up to this size get a table of their characters, so that a pick is one array read. */
const tabulatedSetSize = 4096;

const characterTables = new WeakMap<PatternSegment, readonly string[] | null>();

/** The characters of a segment's set in order, or `null` for a set too large to tabulate. */
function tabulate(segment: PatternSegment): readonly string[] | null {
  const size = codePointSetSize(segment.characters);
  return size > tabulatedSetSize ? null : Array.from({ length: size }, (_, index) => String.fromCodePoint(codePointAtIndex(segment.characters, index)));
}

/**
 * The code points of a string of `length` code points laid out along `segments`; `choices` pick the split, `picks` the
 * characters (from `pickOffset` on).
 *
 * @example
 * layoutCodePoints(parseSimplePattern('^m-[0-9a-f]{32}$')!.segments, 3, [], [0, 0, 5]).join(''); // 'm-5'
 */
export function layoutCodePoints(
  segments: readonly PatternSegment[],
  length: number,
  choices: readonly number[],
  picks: readonly number[],
  pickOffset = 0,
): string[] {
  const counts = segmentCounts(segments, length, choices);
  const result: string[] = [];
  for (let index = 0; index < segments.length; index += 1) {
    const segment = segments[index] as PatternSegment;
    const table = getOrInsertComputed(characterTables, segment, tabulate);
    const size = table === null ? codePointSetSize(segment.characters) : table.length;
    const count = counts[index] ?? 0;
    for (let repeat = 0; repeat < count && result.length < length; repeat += 1) {
      const pick = (picks[pickOffset + result.length] ?? 0) % size;
      result.push(table === null ? String.fromCodePoint(codePointAtIndex(segment.characters, pick)) : (table[pick] as string));
    }
  }
  return result;
}

/**
 * Code points of one length laid out along segments, drawn as one array of numbers (the split choices, then one pick per
 * character) with a single random draw each: fast-check's `array(nat())` would build a shrinkable value per character.
 * The array is each value's shrink context: shrinking sets runs of it to 0 (the whole, then halves, quarters, down to single
 * numbers), so a value shrinks towards each set's first character.
 */
class LaidOutCodePoints extends fc.Arbitrary<string[]> {
  private readonly drawn: number;

  constructor(
    private readonly segments: readonly PatternSegment[],
    private readonly length: number,
  ) {
    super();
    this.drawn = segments.length + length;
  }

  generate(random: fc.Random): fc.Value<string[]> {
    const numbers = new Array<number>(this.drawn);
    for (let index = 0; index < this.drawn; index += 1) numbers[index] = random.nextInt(0, 0x7fffffff);
    return this.laidOut(numbers);
  }

  canShrinkWithoutContext(_value: unknown): _value is string[] {
    return false;
  }

  shrink(_value: string[], context: unknown): fc.Stream<fc.Value<string[]>> {
    if (!Array.isArray(context)) return fc.Stream.nil();
    return new fc.Stream(this.zeroedRuns(context as readonly number[]));
  }

  private *zeroedRuns(numbers: readonly number[]): IterableIterator<fc.Value<string[]>> {
    for (let run = numbers.length; run >= 1; run = run === 1 ? 0 : Math.ceil(run / 2)) {
      for (let start = 0; start < numbers.length; start += run) {
        const end = Math.min(start + run, numbers.length);
        let nonZero = false;
        for (let index = start; index < end && !nonZero; index += 1) nonZero = numbers[index] !== 0;
        if (!nonZero) continue;
        const shrunk = numbers.slice();
        shrunk.fill(0, start, end);
        yield this.laidOut(shrunk);
      }
    }
  }

  private laidOut(numbers: readonly number[]): fc.Value<string[]> {
    return new fc.Value(layoutCodePoints(this.segments, this.length, numbers, numbers, this.segments.length), numbers);
  }
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
    arbitrary = new LaidOutCodePoints(segments, length);
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
