/**
 * A reading of the regular expressions specs use (a sequence of literals and character classes with
 * quantifiers, optionally anchored), so that generators can build matching and non-matching strings
 * constructively instead of filtering. Patterns outside this subset are reported as not simple.
 */

/** A set of code points, as sorted, disjoint, inclusive ranges. */
export type CodePointSet = readonly (readonly [number, number])[];

/** One atom of a simple pattern with its repetition bounds (`max` is Infinity for `+` and `*`). */
export interface PatternSegment {
  readonly characters: CodePointSet;
  readonly min: number;
  readonly max: number;
}

/** A pattern read as a sequence of segments. */
export interface SimplePattern {
  readonly source: string;
  readonly anchoredStart: boolean;
  readonly anchoredEnd: boolean;
  readonly segments: readonly PatternSegment[];
}

const classEscapes: Record<string, CodePointSet> = {
  d: [[0x30, 0x39]],
  w: [
    [0x30, 0x39],
    [0x41, 0x5a],
    [0x5f, 0x5f],
    [0x61, 0x7a],
  ],
};

/**
 * The union of code-point sets, as sorted, disjoint ranges.
 *
 * @example
 * unionCodePointSets([[0x61, 0x66]], [[0x30, 0x39]]); // [[0x30, 0x39], [0x61, 0x66]]
 */
export function unionCodePointSets(...sets: readonly CodePointSet[]): CodePointSet {
  return normalise(sets.flat());
}

function normalise(ranges: readonly (readonly [number, number])[]): CodePointSet {
  const sorted = [...ranges].sort((a, b) => a[0] - b[0]);
  const merged: [number, number][] = [];
  for (const [low, high] of sorted) {
    const last = merged.at(-1);
    if (last !== undefined && low <= last[1] + 1) last[1] = Math.max(last[1], high);
    else merged.push([low, high]);
  }
  return merged;
}

/**
 * Whether a code point is in a set.
 *
 * @example
 * codePointSetHas([[0x61, 0x7a]], 'q'.codePointAt(0)!); // true
 */
export function codePointSetHas(set: CodePointSet, codePoint: number): boolean {
  return set.some(([low, high]) => codePoint >= low && codePoint <= high);
}

/**
 * How many code points a set holds.
 *
 * @example
 * codePointSetSize([[0x30, 0x39]]); // 10
 */
export function codePointSetSize(set: CodePointSet): number {
  return set.reduce((total, [low, high]) => total + high - low + 1, 0);
}

/**
 * The code point at a position of a set, counting through its ranges in order (0 is the lowest).
 *
 * @example
 * String.fromCodePoint(codePointAtIndex([[0x61, 0x66]], 2)); // 'c'
 */
export function codePointAtIndex(set: CodePointSet, index: number): number {
  let rest = index;
  for (const [low, high] of set) {
    const size = high - low + 1;
    if (rest < size) return low + rest;
    rest -= size;
  }
  throw new RangeError(`codePointAtIndex: index ${index} is outside a set of ${codePointSetSize(set)}`);
}

class Reader {
  position = 0;
  constructor(readonly text: string) {}
  peek(): string | undefined {
    return this.text[this.position];
  }
  next(): string {
    const character = this.text[this.position];
    if (character === undefined) throw new SyntaxError('unexpected end of pattern');
    this.position += 1;
    return character;
  }
  done(): boolean {
    return this.position >= this.text.length;
  }
}

/**
 * The code point of a `\\uXXXX` or `\\xHH` escape whose letter was just read, as WorkMail's pages print some classes
 * (`[\\u0020-\\u00FF]+`); a surrogate half is not simple.
 */
function readHexEscape(reader: Reader, letter: string): number {
  const digits = letter === 'u' ? 4 : 2;
  const hex = reader.text.slice(reader.position, reader.position + digits);
  if (!new RegExp(`^[0-9A-Fa-f]{${digits}}$`).test(hex)) throw new SyntaxError(`malformed escape \\${letter}${hex}`);
  reader.position += digits;
  const codePoint = Number.parseInt(hex, 16);
  if (codePoint >= 0xd800 && codePoint <= 0xdfff) throw new SyntaxError(`surrogate escape \\${letter}${hex}`);
  return codePoint;
}

function readEscape(reader: Reader): CodePointSet {
  const escaped = reader.next();
  const named = classEscapes[escaped];
  if (named !== undefined) return named;
  if (escaped === 'u' || escaped === 'x') {
    const codePoint = readHexEscape(reader, escaped);
    return [[codePoint, codePoint]];
  }
  if (/[A-Za-z0-9]/.test(escaped)) throw new SyntaxError(`unsupported escape \\${escaped}`);
  const codePoint = escaped.codePointAt(0) ?? 0;
  return [[codePoint, codePoint]];
}

function readClassCharacter(reader: Reader): number {
  const character = reader.next();
  if (character !== '\\') return character.codePointAt(0) ?? 0;
  const escaped = reader.next();
  if (escaped === 'u' || escaped === 'x') return readHexEscape(reader, escaped);
  if (/[A-Za-z0-9]/.test(escaped)) throw new SyntaxError(`unsupported class escape \\${escaped}`);
  return escaped.codePointAt(0) ?? 0;
}

function readClass(reader: Reader): CodePointSet {
  if (reader.peek() === '^') throw new SyntaxError('negated classes are not simple');
  const ranges: [number, number][] = [];
  while (reader.peek() !== ']') {
    if (reader.peek() === '\\' && classEscapes[reader.text[reader.position + 1] ?? ''] !== undefined) {
      reader.next();
      ranges.push(...(classEscapes[reader.next()] ?? []).map(([low, high]) => [low, high] as [number, number]));
      continue;
    }
    const low = readClassCharacter(reader);
    if (reader.peek() === '-' && reader.text[reader.position + 1] !== ']') {
      reader.next();
      const high = readClassCharacter(reader);
      if (high < low) throw new SyntaxError('class range out of order');
      ranges.push([low, high]);
    } else {
      ranges.push([low, low]);
    }
  }
  reader.next();
  if (ranges.length === 0) throw new SyntaxError('empty class');
  return normalise(ranges);
}

function readQuantifier(reader: Reader): { min: number; max: number } {
  const next = reader.peek();
  if (next === '+') return reader.next(), { min: 1, max: Infinity };
  if (next === '*') return reader.next(), { min: 0, max: Infinity };
  if (next === '?') return reader.next(), { min: 0, max: 1 };
  if (next !== '{') return { min: 1, max: 1 };
  const match = /^\{(\d+)(,(\d*))?\}/.exec(reader.text.slice(reader.position));
  if (match === null) throw new SyntaxError('malformed {} quantifier');
  reader.position += match[0].length;
  const min = Number(match[1]);
  const max = match[2] === undefined ? min : match[3] === '' ? Infinity : Number(match[3]);
  if (max < min) throw new SyntaxError('quantifier out of order');
  return { min, max };
}

/**
 * Reads a pattern as a sequence of segments, or returns `undefined` when it uses anything beyond literals, classes and quantifiers.
 *
 * @example
 * parseSimplePattern('^m-[0-9a-f]{32}$')?.segments.length; // 3
 * parseSimplePattern('(a|b)+'); // undefined
 */
export function parseSimplePattern(source: string): SimplePattern | undefined {
  const reader = new Reader(source);
  const anchoredStart = reader.peek() === '^';
  if (anchoredStart) reader.next();
  const segments: PatternSegment[] = [];
  let anchoredEnd = false;
  try {
    while (!reader.done()) {
      const character = reader.next();
      let characters: CodePointSet;
      if (character === '$' && reader.done()) {
        anchoredEnd = true;
        break;
      } else if (character === '[') characters = readClass(reader);
      else if (character === '\\') characters = readEscape(reader);
      else if ('()|.^$+*?{}]'.includes(character)) return undefined;
      else {
        const codePoint = character.codePointAt(0) ?? 0;
        characters = [[codePoint, codePoint]];
      }
      if ((character.codePointAt(0) ?? 0) >= 0xd800 && (character.codePointAt(0) ?? 0) <= 0xdfff) return undefined;
      const { min, max } = readQuantifier(reader);
      if (reader.peek() === '?' || reader.peek() === '+') return undefined;
      segments.push({ characters, min, max });
    }
  } catch {
    return undefined;
  }
  return { source, anchoredStart, anchoredEnd, segments };
}

/**
 * The shortest and longest code-point length a simple pattern's whole match can have.
 *
 * @example
 * patternLengthRange(parseSimplePattern('^m-[0-9a-f]{32}$')!); // { min: 34, max: 34 }
 */
export function patternLengthRange(pattern: SimplePattern): { min: number; max: number } {
  let min = 0;
  let max = 0;
  for (const segment of pattern.segments) {
    min += segment.min;
    max += segment.max;
  }
  return { min, max };
}
