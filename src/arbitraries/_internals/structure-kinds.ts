import fc from 'fast-check';
import { codePointAtIndex, codePointSetSize, type CodePointSet, type PatternSegment } from '../../spec/simple-pattern.ts';
import { canonicalString, codePointsInLengthRange, stringInLengthRange } from './code-point-layout.ts';
import type { BrokenValue, InvalidExample, InvalidKind } from './invalid-kind.ts';
import { generatedMaxLength, type MemberShape } from './member-shape.ts';

/**
 * Structure breaks made of allowed characters only, derived from the segments of a member's pattern: each literal run
 * (such as the `m-` of an organization ID) dropped, moved or repeated; neighbouring segments swapped and the whole value
 * reversed (the right characters in the wrong order); a character one segment allows where another does not; a segment repeated outside its bounds, and the whole value at a length
 * the pattern forbids but the member's length allows. Where it can, a break keeps a valid length (the `m-` dropped with 34
 * hex digits), so that length is not what rejects it. A server that checks only a character set, or makes a prefix optional,
 * accepts these.
 */

/** Consecutive segments that each match one fixed character, such as `m-` in `^m-[0-9a-f]{32}$`. */
interface LiteralRun {
  readonly start: number;
  readonly end: number;
  readonly text: string;
  /** Where the run starts in a value laid out with each earlier segment at its minimum. */
  readonly offset: number;
}

const present = (value: unknown): BrokenValue => ({ absent: false, value });

/** The shortest and longest length of a value laid out along segments within their bounds. */
function lengthRangeOf(segments: readonly PatternSegment[]): { min: number; max: number } {
  return segments.reduce((range, segment) => ({ min: range.min + segment.min, max: range.max + segment.max }), { min: 0, max: 0 });
}

function isLiteral(segment: PatternSegment): boolean {
  return codePointSetSize(segment.characters) === 1 && segment.min === segment.max && segment.min >= 1;
}

function literalRuns(segments: readonly PatternSegment[]): LiteralRun[] {
  const runs: LiteralRun[] = [];
  let offset = 0;
  for (let index = 0; index < segments.length; ) {
    const segment = segments[index] as PatternSegment;
    if (!isLiteral(segment)) {
      offset += segment.min;
      index += 1;
      continue;
    }
    const start = index;
    let text = '';
    while (index < segments.length && isLiteral(segments[index] as PatternSegment)) {
      const literal = segments[index] as PatternSegment;
      text += String.fromCodePoint(codePointAtIndex(literal.characters, 0)).repeat(literal.min);
      index += 1;
    }
    runs.push({ start, end: index, text, offset });
    offset += [...text].length;
  }
  return runs;
}

const without = (segments: readonly PatternSegment[], run: LiteralRun) => [...segments.slice(0, run.start), ...segments.slice(run.end)];
const doubled = (segments: readonly PatternSegment[], run: LiteralRun) => [...segments.slice(0, run.end), ...segments.slice(run.start)];
const swapped = (segments: readonly PatternSegment[], index: number) => {
  const copy = [...segments];
  [copy[index], copy[index + 1]] = [copy[index + 1] as PatternSegment, copy[index] as PatternSegment];
  return copy;
};

/** One kind from per-variant arbitraries and examples (a literal run, a pair of segments, …); none when there is no variant. */
function kindOf(name: string, weight: number, variants: readonly { arbitrary: fc.Arbitrary<string>; examples: InvalidExample[] }[]): InvalidKind[] {
  if (variants.length === 0) return [];
  const arbitrary = variants.length === 1 ? (variants[0]?.arbitrary as fc.Arbitrary<string>) : fc.oneof(...variants.map((variant) => variant.arbitrary));
  return [{ name, family: 'structure', weight, arbitrary: arbitrary.map(present), examples: variants.flatMap((variant) => variant.examples) }];
}

/**
 * The structure kinds of a member (none for a member without a pattern; for a pattern of one segment, only the lengths it forbids).
 *
 * @example
 * structureKinds(memberShape(spec.input.OrganizationId!, 'invalidInput')).map((kind) => kind.name);
 * // ['structure:literal-dropped', 'structure:literal-moved', 'structure:literal-repeated', 'structure:segments-swapped',
 * //  'structure:character-misplaced', 'structure:reversed', 'structure:segment-count']
 */
export function structureKinds(shape: MemberShape): InvalidKind[] {
  if (shape.member.pattern === undefined) return [];
  const { segments, validLength } = shape;
  const low = validLength.min;
  const top = generatedMaxLength(validLength);
  const lengthKept = (laidOut: readonly PatternSegment[]) => stringInLengthRange(laidOut, low, top);
  const kinds: InvalidKind[] = [];
  if (segments.length >= 2) {
    const runs = literalRuns(segments).filter((run) => without(segments, run).length > 0);
    const shown = (run: LiteralRun) => JSON.stringify(run.text);
    kinds.push(
      // The weightiest: a prefix or separator made optional is the commonest structure bug.
      ...kindOf(
        'structure:literal-dropped',
        3,
        runs.map((run) => {
          const rest = without(segments, run);
          return { arbitrary: lengthKept(rest), examples: [{ value: canonicalString(rest, low), description: `${shown(run)} dropped, ${low} characters kept` }] };
        }),
      ),
      ...kindOf(
        'structure:literal-moved',
        2,
        runs.map((run) => {
          const rest = without(segments, run);
          const size = [...run.text].length;
          const restLow = Math.max(0, low - size);
          const insert = (codePoints: readonly string[], at: number) => [...codePoints.slice(0, at), run.text, ...codePoints.slice(at)].join('');
          // Positions counted from just after where the run belongs, so that shrinking moves it back one place at a time.
          const arbitrary = fc
            .tuple(codePointsInLengthRange(rest, restLow, Math.max(restLow, top - size)), fc.nat())
            .map(([codePoints, step]) => insert(codePoints, (run.offset + 1 + step) % (codePoints.length + 1)));
          const example = [...canonicalString(rest, restLow)];
          const toEnd = run.offset === 0;
          return { arbitrary, examples: [{ value: insert(example, toEnd ? example.length : 0), description: `${shown(run)} moved to the ${toEnd ? 'end' : 'start'}` }] };
        }),
      ),
      ...kindOf(
        'structure:literal-repeated',
        1,
        runs.map((run) => {
          const twice = doubled(segments, run);
          const ownLength = lengthRangeOf(twice).min;
          return {
            arbitrary: lengthKept(twice),
            examples: [
              { value: canonicalString(twice, low), description: `${shown(run)} repeated, ${low} characters kept` },
              { value: canonicalString(twice, ownLength), description: `${shown(run)} repeated (${ownLength} characters)` },
            ],
          };
        }),
      ),
      ...kindOf(
        'structure:segments-swapped',
        1,
        segments.slice(0, -1).flatMap((segment, index) => {
          const next = segments[index + 1] as PatternSegment;
          if (JSON.stringify(segment.characters) === JSON.stringify(next.characters)) return [];
          const order = swapped(segments, index);
          return [{ arbitrary: lengthKept(order), examples: [{ value: canonicalString(order, low), description: `segments ${index + 1} and ${index + 2} of the pattern swapped` }] }];
        }),
      ),
      // An allowed character where its segment does not allow it (a '-' or 'm' among the hex digits of an organization ID): a
      // server that checks each segment's set too loosely, or only the characters the whole pattern uses, accepts these.
      ...kindOf('structure:character-misplaced', 2, misplacedCharacterVariants(segments, low, top)),
      ...kindOf('structure:reversed', 1, [
        { arbitrary: lengthKept(segments).map((value) => [...value].reverse().join('')), examples: [{ value: [...canonicalString(segments, low)].reverse().join(''), description: 'a valid value reversed' }] },
      ]),
    );
  }
  kinds.push(...kindOf('structure:segment-count', 1, segmentCountVariants(segments, low, top)));
  kinds.push(...kindOf('structure:pattern-length', 1, patternLengthVariants(shape)));
  return kinds;
}

/** The first code point of a set that another set lacks, range by range (a class may hold a million code points). */
function firstOutside(set: CodePointSet, own: CodePointSet): number | undefined {
  for (const [low, high] of set) {
    let codePoint = low;
    while (codePoint <= high) {
      const covering = own.find(([from, to]) => codePoint >= from && codePoint <= to);
      if (covering === undefined) return codePoint;
      codePoint = covering[1] + 1;
    }
  }
  return undefined;
}

/** The first code point of each other segment's set that `segment`'s set lacks: characters the pattern allows, but not there. */
function misplacedCharacters(segments: readonly PatternSegment[], index: number): number[] {
  const own = (segments[index] as PatternSegment).characters;
  const found = new Set<number>();
  segments.forEach((other, at) => {
    const codePoint = at === index ? undefined : firstOutside(other.characters, own);
    if (codePoint !== undefined) found.add(codePoint);
  });
  return [...found];
}

/**
 * Per segment (of at least one character) and character another segment allows and it does not: a valid value with that
 * character in place of the segment's first one (and, where the segment has room, of its last), at a valid total length.
 */
function misplacedCharacterVariants(segments: readonly PatternSegment[], low: number, top: number): { arbitrary: fc.Arbitrary<string>; examples: InvalidExample[] }[] {
  return segments.flatMap((segment, index) => {
    if (segment.min < 1) return [];
    const rest = { ...segment, min: segment.min - 1, max: segment.max - 1 };
    return misplacedCharacters(segments, index).map((codePoint) => {
      const character: PatternSegment = { characters: [[codePoint, codePoint]], min: 1, max: 1 };
      const first = [...segments.slice(0, index), character, ...(rest.max > 0 ? [rest] : []), ...segments.slice(index + 1)];
      const last = [...segments.slice(0, index), ...(rest.max > 0 ? [rest] : []), character, ...segments.slice(index + 1)];
      const shown = JSON.stringify(String.fromCodePoint(codePoint));
      return {
        arbitrary: rest.max > 0 ? fc.oneof(stringInLengthRange(first, low, top), stringInLengthRange(last, low, top)) : stringInLengthRange(first, low, top),
        examples: [{ value: canonicalString(first, low), description: `${shown} where segment ${index + 1} of the pattern does not allow it` }],
      };
    });
  });
}

/** Each segment of a multi-segment pattern repeated once more than its bound allows, or once fewer, at a valid total length where possible. */
function segmentCountVariants(segments: readonly PatternSegment[], low: number, top: number): { arbitrary: fc.Arbitrary<string>; examples: InvalidExample[] }[] {
  if (segments.length < 2) return [];
  return segments.flatMap((segment, index) => {
    if (isLiteral(segment)) return [];
    const counts = [...(Number.isFinite(segment.max) ? [segment.max + 1] : []), ...(segment.min >= 1 ? [segment.min - 1] : [])];
    return counts.map((count) => {
      const changed = segments.map((other, at) => (at === index ? { ...other, min: count, max: count } : other));
      const own = lengthRangeOf(changed);
      const from = Math.max(own.min, low);
      const to = Math.min(own.max, top);
      const [lengthLow, lengthHigh] = from <= to ? [from, to] : [own.min, Math.min(own.max, own.min + 16)];
      const description = `segment ${index + 1} of the pattern ${count > segment.max ? 'repeated past its bound' : 'short of its bound'} (${count} times)`;
      return { arbitrary: stringInLengthRange(changed, lengthLow, lengthHigh), examples: [{ value: canonicalString(changed, lengthLow), description }] };
    });
  });
}

/** The pattern's own characters at a length the pattern cannot match but the member's length allows. */
function patternLengthVariants(shape: MemberShape): { arbitrary: fc.Arbitrary<string>; examples: InvalidExample[] }[] {
  const memberLength = { min: shape.member.length?.min ?? 0, max: shape.member.length?.max ?? Infinity };
  const own = lengthRangeOf(shape.segments);
  const variants: { arbitrary: fc.Arbitrary<string>; examples: InvalidExample[] }[] = [];
  const below = { low: Math.max(memberLength.min, 1), high: own.min - 1 };
  if (below.low <= below.high) {
    variants.push({
      arbitrary: stringInLengthRange(shape.segments, below.low, below.high),
      examples: [{ value: canonicalString(shape.segments, below.high), description: `allowed characters at ${below.high}, shorter than the pattern allows` }],
    });
  }
  const above = { low: own.max + 1, high: Math.min(memberLength.max, own.max + 64) };
  if (Number.isFinite(own.max) && above.low <= above.high) {
    variants.push({
      arbitrary: stringInLengthRange(shape.segments, above.low, above.high),
      examples: [{ value: canonicalString(shape.segments, above.low), description: `allowed characters at ${above.low}, longer than the pattern allows` }],
    });
  }
  return variants;
}
