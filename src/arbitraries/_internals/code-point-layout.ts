import fc from 'fast-check';
import { getOrInsertComputed } from '../../get-or-insert-computed.ts';
import { codePointAtIndex, codePointSetSize, type PatternSegment } from '../../spec/simple-pattern.ts';

/**
 * Lays out a string of an exact code-point length along a simple pattern's segments. Inside the pattern's length range the
 * result matches it; below, it is the start of a matching string; above, the last segment repeats past its maximum. So the
 * same layout builds valid values and "look-alike" values of a wrong length.
 */

/** Sets up to this size get a table of their characters, so that a pick is one array read. */
const tabulatedSetSize = 4096;

const characterTables = new WeakMap<PatternSegment, readonly string[] | null>();

/** The characters of a segment's set in order, or `null` for a set too large to tabulate. */
function tabulate(segment: PatternSegment): readonly string[] | null {
  const size = codePointSetSize(segment.characters);
  if (size > tabulatedSetSize) return null;
  // Range by range, in the order `codePointAtIndex` counts them, without searching the ranges for every character.
  const table = new Array<string>(size);
  let index = 0;
  for (const [low, high] of segment.characters) for (let codePoint = low; codePoint <= high; codePoint += 1) table[index++] = String.fromCodePoint(codePoint);
  return table;
}

/**
 * How `length` code points are laid out along `segments`, worked out once per segments and length: each segment's character
 * table and set size, and either the fixed count of each segment (at or below the pattern's minimum length, at or above its
 * maximum) or what splitting the length needs (each segment's slack, and the slack of the segments after it).
 *
 * @example
 * const out: string[] = [];
 * segmentLayout(parseSimplePattern('^m-[0-9a-f]{32}$')!.segments, 3).fill([], [0, 0, 5], 0, out); // out: ['m', '-', '5']
 */
export class SegmentLayout {
  /** How many code points a layout holds: `length`, unless the segments cannot reach it (no segments at all). */
  readonly produced: number;
  private readonly tables: readonly (readonly string[] | null)[];
  private readonly sizes: readonly number[];
  /** Code points per segment where they do not depend on the choices, else `undefined`. */
  private readonly fixedCounts: readonly number[] | undefined;
  private readonly minimum: number;
  private readonly slack: readonly number[];
  private readonly slackAfter: readonly number[];

  constructor(
    readonly segments: readonly PatternSegment[],
    readonly length: number,
  ) {
    this.tables = segments.map((segment) => getOrInsertComputed(characterTables, segment, tabulate));
    this.sizes = segments.map((segment, index) => this.tables[index]?.length ?? codePointSetSize(segment.characters));
    this.minimum = segments.reduce((total, segment) => total + segment.min, 0);
    const maximum = segments.reduce((total, segment) => total + segment.max, 0);
    this.slack = segments.map((segment) => segment.max - segment.min);
    this.slackAfter = this.slack.map((_, index) => this.slack.slice(index + 1).reduce((total, value) => total + value, 0));
    if (length <= this.minimum) this.fixedCounts = segments.map((segment) => segment.min);
    else if (length >= maximum) {
      const last = segments.length - 1;
      this.fixedCounts = segments.map((segment, index) => (index === last ? segment.max + length - maximum : segment.max));
    } else this.fixedCounts = undefined;
    const fixedTotal = this.fixedCounts?.reduce((total, count) => total + count, 0);
    this.produced = fixedTotal === undefined ? length : Math.min(length, fixedTotal);
  }

  /**
   * The picks that lay out `codePoints` along a layout of one segment whose characters are tabulated (each its place in the
   * table), or `undefined` where the layout has other segments, or a code point is not the segment's.
   *
   * @example
   * segmentLayout(parseSimplePattern('[a-z]+')!.segments, 2).picksOf(['b', 'a']); // [1, 0]
   */
  picksOf(codePoints: readonly string[]): number[] | undefined {
    const table = this.tables[0];
    if (this.segments.length !== 1 || table === null || table === undefined || codePoints.length !== this.produced) return undefined;
    const places = getOrInsertComputed(tablePlaces, table, () => new Map(table.map((character, index) => [character, index])));
    const picks: number[] = [];
    for (const codePoint of codePoints) {
      const place = places.get(codePoint);
      if (place === undefined) return undefined;
      picks.push(place);
    }
    return picks;
  }

  /**
   * Writes the layout's code points into `out` from position 0 (`produced` of them); `choices` pick the split (any numbers
   * are fine), `picks` the characters (from `pickOffset` on).
   *
   * @example
   * layout.fill(choices, picks, 0, new Array<string>(layout.produced));
   */
  fill(choices: readonly number[], picks: readonly number[], pickOffset: number, out: string[]): void {
    const { segments, tables, sizes, fixedCounts, length } = this;
    let rest = length - this.minimum;
    let position = 0;
    for (let index = 0; index < segments.length; index += 1) {
      const segment = segments[index] as PatternSegment;
      let count: number;
      if (fixedCounts === undefined) {
        const low = Math.max(0, rest - (this.slackAfter[index] as number));
        const high = Math.min(this.slack[index] as number, rest);
        const extra = high <= low ? low : low + ((choices[index] ?? 0) % (high - low + 1));
        rest -= extra;
        count = segment.min + extra;
      } else count = fixedCounts[index] as number;
      const table = tables[index] as readonly string[] | null;
      const size = sizes[index] as number;
      for (let repeat = 0; repeat < count && position < length; repeat += 1) {
        const pick = (picks[pickOffset + position] ?? 0) % size;
        out[position] = table === null ? String.fromCodePoint(codePointAtIndex(segment.characters, pick)) : (table[pick] as string);
        position += 1;
      }
    }
  }
}

const layoutsBySegments = new WeakMap<readonly PatternSegment[], Map<number, SegmentLayout>>();

/** Each character table's places, by character, made once a table. */
const tablePlaces = new WeakMap<readonly string[], Map<string, number>>();

/**
 * The layout of `length` code points along `segments`, made once per segments array and length.
 *
 * @example
 * segmentLayout(parseSimplePattern('^m-[0-9a-f]{32}$')!.segments, 34).produced; // 34
 */
export function segmentLayout(segments: readonly PatternSegment[], length: number): SegmentLayout {
  return cachedBy(layoutsBySegments, segments, length, SegmentLayout);
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
  const layout = segmentLayout(segments, length);
  const result = new Array<string>(layout.produced);
  layout.fill(choices, picks, pickOffset, result);
  return result;
}

/** Where a shrink stream goes on from: the size of run to try and where the next one starts. */
interface ShrinkResume {
  readonly run: number;
  readonly start: number;
}

/** The shrink context of a {@link LaidOut} value: the numbers its layout drew, and where its shrinking goes on from. */
interface LaidOutContext {
  readonly numbers: readonly number[];
  readonly resume?: ShrinkResume;
}

function isLaidOutContext(context: unknown): context is LaidOutContext {
  return typeof context === 'object' && context !== null && Array.isArray((context as LaidOutContext).numbers);
}

/** The run sizes a shrink tries, from the whole (or where it goes on from) down to 1, halving; each with where it starts. */
function* runsFrom(total: number, resume: ShrinkResume | undefined): IterableIterator<{ readonly run: number; readonly firstStart: number }> {
  // A run larger than what is left (a deletion made the value shorter) starts over at the largest that fits.
  const resumes = resume !== undefined && resume.run <= total;
  let firstStart = resumes ? resume.start : 0;
  for (let run = resumes ? resume.run : total; run >= 1; run = run === 1 ? 0 : Math.ceil(run / 2)) {
    yield { run, firstStart };
    firstStart = 0;
  }
}

/**
 * Code points of one length laid out along segments, drawn as one array of numbers (the split choices, then one pick per
 * character) with a single random draw each: fast-check's `array(nat())` would build a shrinkable value per character.
 * The numbers are each value's shrink context: shrinking sets runs of them to 0 (the whole, then halves, quarters, down to
 * single numbers), so a value shrinks towards each set's first character. A value a shrink kept goes on from the run after
 * the one it zeroed, rather than from the whole again: the runs before it were tried and held what the failure needs
 * (a 255-character value needing 3 of them took about 230 requests to zero the rest, each restart trying one run more).
 * Subclasses say what a value is made of the code points.
 */
abstract class LaidOut<T> extends fc.Arbitrary<T> {
  protected readonly layout: SegmentLayout;
  private readonly drawn: number;

  constructor(segments: readonly PatternSegment[], length: number) {
    super();
    this.layout = segmentLayout(segments, length);
    this.drawn = segments.length + length;
  }

  generate(random: fc.Random): fc.Value<T> {
    const numbers = new Array<number>(this.drawn);
    for (let index = 0; index < this.drawn; index += 1) numbers[index] = random.nextInt(0, 0x7fffffff);
    return this.laidOut(numbers);
  }

  canShrinkWithoutContext(_value: unknown): _value is T {
    return false;
  }

  shrink(_value: T, context: unknown): fc.Stream<fc.Value<T>> {
    if (!isLaidOutContext(context)) return fc.Stream.nil();
    return new fc.Stream(this.zeroedRuns(context.numbers, context.resume));
  }

  private *zeroedRuns(numbers: readonly number[], resume: ShrinkResume | undefined): IterableIterator<fc.Value<T>> {
    for (const { run, firstStart } of runsFrom(numbers.length, resume)) {
      for (let start = firstStart; start < numbers.length; start += run) {
        const end = Math.min(start + run, numbers.length);
        let nonZero = false;
        for (let index = start; index < end && !nonZero; index += 1) nonZero = numbers[index] !== 0;
        if (!nonZero) continue;
        const shrunk = numbers.slice();
        shrunk.fill(0, start, end);
        yield this.laidOut(shrunk, { run, start: end });
      }
    }
  }

  /**
   * The value `numbers` make (as many as this length draws: the split choices, then one pick per code point), with them as
   * its shrink context, and where its shrinking goes on from.
   */
  laidOut(numbers: readonly number[], resume?: ShrinkResume): fc.Value<T> {
    return new fc.Value(this.build(numbers), resume === undefined ? { numbers } : { numbers, resume });
  }

  /** The value the drawn numbers make (split choices first, then picks from `segments.length` on). */
  protected abstract build(numbers: readonly number[]): T;
}

class LaidOutCodePoints extends LaidOut<string[]> {
  protected build(numbers: readonly number[]): string[] {
    const result = new Array<string>(this.layout.produced);
    this.layout.fill(numbers, numbers, this.layout.segments.length, result);
    return result;
  }
}

/** The same draws as {@link LaidOutCodePoints}, joined: no array of code points is kept per value. */
class LaidOutString extends LaidOut<string> {
  /** Reused by every draw (a draw never runs inside another): only the joined string is new. */
  private readonly scratch: string[];

  constructor(segments: readonly PatternSegment[], length: number) {
    super(segments, length);
    this.scratch = new Array<string>(this.layout.produced).fill('');
  }

  protected build(numbers: readonly number[]): string {
    this.layout.fill(numbers, numbers, this.layout.segments.length, this.scratch);
    return this.scratch.join('');
  }
}

/** One object per segments array and length (`Made` is its class: a layout, or an arbitrary of a kind of value). */
function cachedBy<A>(
  cache: WeakMap<readonly PatternSegment[], Map<number, A>>,
  segments: readonly PatternSegment[],
  length: number,
  Made: new (segments: readonly PatternSegment[], length: number) => A,
): A {
  const byLength = getOrInsertComputed(cache, segments, () => new Map<number, A>());
  return getOrInsertComputed(byLength, length, (unmade) => new Made(segments, unmade));
}

/** The shrink context of a value of {@link LaidOutInLengthRange}: its length, and the numbers its layout drew. */
interface InRangeContext {
  readonly length: number;
  readonly numbers: readonly number[];
  /** Where the shrinking of its characters goes on from, after one that was kept. */
  readonly characters?: ShrinkResume;
  /** Where the shrinking of its length goes on from, after a deletion that was kept (its characters are as far as they go). */
  readonly deletions?: ShrinkResume;
}

function isInRangeContext(context: unknown): context is InRangeContext {
  return typeof context === 'object' && context !== null && typeof (context as InRangeContext).length === 'number' && Array.isArray((context as InRangeContext).numbers);
}

/**
 * A {@link LaidOut} value of a length drawn from `[minLength, maxLength]`. It draws what `fc.integer(…).chain(ofLength)` draws
 * (the length, then the layout's numbers, from the same generator), so seeds give the values they gave; but after its
 * characters shrink as {@link LaidOut}'s do, it shrinks the length by deleting runs of the drawn characters, the longest
 * first, and keeps the others, so that a failure that needs one character shrinks to a short value holding it. `chain` drew
 * a new value for each shorter length, which seldom kept that character, and the length stayed as drawn (trialN #1: 250 `%`
 * and one `.`).
 */
class LaidOutInLengthRange<T> extends fc.Arbitrary<T> {
  /** The length's arbitrary, or the one length every value is drawn at (it still shrinks to `minLength`). */
  private readonly lengths: fc.Arbitrary<number> | number;
  /** Each length's arbitrary, by `length - minLength`: one array read a draw. */
  private readonly byLength: (LaidOut<T> | undefined)[] = [];

  constructor(
    private readonly segments: readonly PatternSegment[],
    private readonly minLength: number,
    private readonly maxLength: number,
    private readonly kind: 'codePoints' | 'string',
    private readonly ofLength: (segments: readonly PatternSegment[], length: number) => LaidOut<T>,
    drawnLength?: number,
  ) {
    super();
    this.lengths = drawnLength ?? fc.integer({ min: minLength, max: maxLength });
  }

  private laidOutOf(length: number): LaidOut<T> {
    return (this.byLength[length - this.minLength] ??= this.ofLength(this.segments, length));
  }

  generate(random: fc.Random, biasFactor: number | undefined): fc.Value<T> {
    const length = typeof this.lengths === 'number' ? this.lengths : this.lengths.generate(random, biasFactor).value;
    const drawn = this.laidOutOf(length).generate(random);
    return new fc.Value(drawn.value, { length, numbers: (drawn.context as LaidOutContext).numbers } satisfies InRangeContext);
  }

  /** A joined string of one segment's characters within the range, which a value of another arbitrary (a form's) may be. */
  canShrinkWithoutContext(value: unknown): value is T {
    return this.contextOf(value) !== undefined;
  }

  shrink(value: T, context: unknown): fc.Stream<fc.Value<T>> {
    const known = isInRangeContext(context) ? context : this.contextOf(value);
    if (known === undefined) return fc.Stream.nil();
    return new fc.Stream(this.shrinks(value, known));
  }

  /**
   * The context of a value given without one: where the arbitrary joins the code points of one segment whose characters are
   * tabulated, the numbers that lay the value out again (each character its place in the table), else `undefined`.
   */
  private contextOf(value: unknown): InRangeContext | undefined {
    if (this.kind !== 'string' || typeof value !== 'string' || this.segments.length !== 1) return undefined;
    const codePoints = [...value];
    const length = codePoints.length;
    if (length < this.minLength || length > this.maxLength) return undefined;
    const picks = segmentLayout(this.segments, length).picksOf(codePoints);
    if (picks === undefined) return undefined;
    const numbers = [0, ...picks];
    // Laid out again, the numbers must give the value itself (a layout whose length the segment cannot take would not).
    return this.laidOutOf(length).laidOut(numbers).value === value ? { length, numbers } : undefined;
  }

  /**
   * The characters first, at the same length (a run's shrinking sends a request per try, and a failure that needs the length
   * takes the first try: every character its set's first); then shorter values, each once: deleting any run of a value's
   * equal characters gives the same value, so a value of one character repeated tries one deletion a run size. A value a
   * deletion kept goes on deleting from there (the same run size, at the same place, which now holds the characters after
   * the run), without trying its characters again: they went as far as they go before the first deletion.
   */
  private *shrinks(value: T, { length, numbers, characters, deletions }: InRangeContext): IterableIterator<fc.Value<T>> {
    if (deletions === undefined) {
      for (const shrunk of this.laidOutOf(length).shrink(value, characters === undefined ? { numbers } : { numbers, resume: characters })) {
        const { numbers: zeroed, resume } = shrunk.context as LaidOutContext;
        yield new fc.Value(shrunk.value, { length, numbers: zeroed, ...(resume === undefined ? {} : { characters: resume }) } satisfies InRangeContext);
      }
    }
    const choices = this.segments.length;
    const tried = new Set<string>();
    for (const { run, firstStart } of runsFrom(length - this.minLength, deletions)) {
      const shorter = this.laidOutOf(length - run);
      for (let start = firstStart; start + run <= length; start += run) {
        const candidate = shorter.laidOut([...numbers.slice(0, choices + start), ...numbers.slice(choices + start + run)]);
        const key = Array.isArray(candidate.value) ? candidate.value.join('') : String(candidate.value);
        if (tried.has(key)) continue;
        tried.add(key);
        yield new fc.Value(candidate.value, { length: length - run, numbers: (candidate.context as LaidOutContext).numbers, deletions: { run, start } } satisfies InRangeContext);
      }
    }
  }
}

/** Each range's arbitrary, made once per segments array, kind of value, range and drawn length. */
const rangeArbitraries = new WeakMap<readonly PatternSegment[], Map<string, fc.Arbitrary<unknown>>>();

/** A {@link LaidOutInLengthRange}, made once; with `drawnLength`, every value is drawn at that length. */
function inLengthRange<T>(
  segments: readonly PatternSegment[],
  minLength: number,
  maxLength: number,
  kind: 'codePoints' | 'string',
  ofLength: (segments: readonly PatternSegment[], length: number) => LaidOut<T>,
  drawnLength?: number,
): fc.Arbitrary<T> {
  if (minLength === maxLength) return ofLength(segments, minLength);
  const byRange = getOrInsertComputed(rangeArbitraries, segments, () => new Map<string, fc.Arbitrary<unknown>>());
  const key = `${kind} ${minLength} ${maxLength} ${drawnLength ?? 'drawn'}`;
  return getOrInsertComputed(byRange, key, () => new LaidOutInLengthRange(segments, minLength, maxLength, kind, ofLength, drawnLength)) as fc.Arbitrary<T>;
}

const codePointArbitraries = new WeakMap<readonly PatternSegment[], Map<number, LaidOut<string[]>>>();
const stringArbitraries = new WeakMap<readonly PatternSegment[], Map<number, LaidOut<string>>>();

/**
 * Random code points of an exact length laid out along `segments` (see {@link layoutCodePoints}); shrinks towards each set's first character.
 *
 * @example
 * fc.sample(codePointsOfLength(parseSimplePattern('[a-z]+')!.segments, 4), 1); // [['q', 'a', 'z', 'c']]
 */
export function codePointsOfLength(segments: readonly PatternSegment[], length: number): fc.Arbitrary<string[]> {
  return laidOutCodePoints(segments, length);
}

function laidOutCodePoints(segments: readonly PatternSegment[], length: number): LaidOut<string[]> {
  return cachedBy(codePointArbitraries, segments, length, LaidOutCodePoints);
}

/**
 * The strings `codePointsOfLength(segments, length).map((codePoints) => codePoints.join(''))` gives, from the same draws and
 * with the same shrinks, without an array of code points per value.
 *
 * @example
 * fc.sample(stringOfLength(parseSimplePattern('[a-z]+')!.segments, 4), 1); // ['qazc']
 */
export function stringOfLength(segments: readonly PatternSegment[], length: number): fc.Arbitrary<string> {
  return laidOutString(segments, length);
}

function laidOutString(segments: readonly PatternSegment[], length: number): LaidOut<string> {
  return cachedBy(stringArbitraries, segments, length, LaidOutString);
}

/**
 * Random code points laid out along `segments`, with a length drawn from `[minLength, maxLength]` (shrinks towards `minLength`
 * by deleting characters, keeping the others).
 *
 * @example
 * fc.sample(codePointsInLengthRange(segments, 1, 64), 3);
 */
export function codePointsInLengthRange(
  segments: readonly PatternSegment[],
  minLength: number,
  maxLength: number,
): fc.Arbitrary<string[]> {
  return inLengthRange(segments, minLength, maxLength, 'codePoints', laidOutCodePoints);
}

/**
 * The strings `codePointsInLengthRange(segments, minLength, maxLength).map((codePoints) => codePoints.join(''))` gives, from
 * the same draws and with the same shrinks, without an array of code points per value.
 *
 * @example
 * fc.sample(stringInLengthRange(segments, 1, 64), 3);
 */
export function stringInLengthRange(segments: readonly PatternSegment[], minLength: number, maxLength: number): fc.Arbitrary<string> {
  return inLengthRange(segments, minLength, maxLength, 'string', laidOutString);
}

/**
 * The strings {@link stringOfLength} draws (the same draws: seeds give the same values), shrinking to shorter ones down to
 * `shortest` code points as {@link stringInLengthRange}'s do, by deleting characters and keeping the others: for a value drawn
 * at a length boundary that a failure does not need.
 *
 * @example
 * fc.sample(stringOfLengthShrinkingTo(parseSimplePattern('[a-z]+')!.segments, 64, 1), 1)[0]!.length; // 64
 */
export function stringOfLengthShrinkingTo(segments: readonly PatternSegment[], length: number, shortest: number): fc.Arbitrary<string> {
  return inLengthRange(segments, Math.min(shortest, length), length, 'string', laidOutString, length);
}

/** Picks of canonical strings (`index * 5`), grown as longer ones are asked for. */
let canonicalPicks: number[] = [];

/**
 * A deterministic, varied-looking string of `length` code points laid out along `segments`, for coverage enumerations.
 *
 * @example
 * canonicalString(parseSimplePattern('^m-[0-9a-f]{32}$')!.segments, 34); // 'm-af49e38d27c16b05af49e38d27c16b05'
 */
export function canonicalString(segments: readonly PatternSegment[], length: number): string {
  if (canonicalPicks.length < length) canonicalPicks = Array.from({ length }, (_, index) => index * 5);
  return layoutCodePoints(segments, length, [], canonicalPicks).join('');
}
