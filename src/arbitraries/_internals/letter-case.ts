import { codePointSetHas, type CodePointSet, type PatternSegment } from '../../spec/simple-pattern.ts';
import { segmentsWithin, type MemberShape } from './member-shape.ts';
import { getOrInsertComputed } from '../../get-or-insert-computed.ts';

/**
 * Letter-case variants of identifier forms. Forms are documented in one case (a UUID in lower-case hex) while a member's
 * pattern may allow more (`[a-zA-Z0-9._%+@-]+` takes an upper-case UUID too): a variant is offered exactly when every value
 * of the form stays valid for the member in that case. Only ASCII letters change case, so lengths never change.
 */

/** A letter case a value can be rewritten in: every letter lower, every letter upper, or alternating (upper first). */
export type LetterCase = 'lower' | 'upper' | 'mixed';

const letterCases: readonly LetterCase[] = ['lower', 'upper', 'mixed'];

const isLower = (codePoint: number) => codePoint >= 0x61 && codePoint <= 0x7a;
const isUpper = (codePoint: number) => codePoint >= 0x41 && codePoint <= 0x5a;
const caseDistance = 0x20;

/**
 * A value with its ASCII letters rewritten in a letter case (`mixed`: upper, lower, upper, … counting letters only).
 *
 * @example
 * inLetterCase('ab-cd', 'mixed'); // 'Ab-Cd'
 */
export function inLetterCase(value: string, letterCase: LetterCase): string {
  let letters = 0;
  let result = '';
  for (const character of value) {
    const codePoint = character.codePointAt(0) ?? 0;
    if (!isLower(codePoint) && !isUpper(codePoint)) {
      result += character;
      continue;
    }
    const upper = letterCase === 'upper' || (letterCase === 'mixed' && letters % 2 === 0);
    letters += 1;
    const lowered = isUpper(codePoint) ? codePoint + caseDistance : codePoint;
    result += String.fromCodePoint(upper ? lowered - caseDistance : lowered);
  }
  return result;
}

const upperLetters = [0x41, 0x5a] as const;
const lowerLetters = [0x61, 0x7a] as const;

/**
 * The code points a set's ASCII letters take in a letter case (`mixed` may give either), other code points unchanged; range by
 * range (the parts of a range outside the letters kept whole, its letters moved as a block), not code point by code point.
 */
function setInLetterCase(set: CodePointSet, letterCase: LetterCase): CodePointSet {
  const ranges: [number, number][] = [];
  for (const [low, high] of set) {
    let from = low;
    for (const [first, last] of [upperLetters, lowerLetters]) {
      const start = Math.max(from, first);
      const end = Math.min(high, last);
      if (start > end) continue;
      if (from < start) ranges.push([from, start - 1]);
      const lower: [number, number] = first === lowerLetters[0] ? [start, end] : [start + caseDistance, end + caseDistance];
      if (letterCase !== 'upper') ranges.push(lower);
      if (letterCase !== 'lower') ranges.push([lower[0] - caseDistance, lower[1] - caseDistance]);
      from = end + 1;
    }
    if (from <= high) ranges.push([from, high]);
  }
  return ranges;
}

function sameSet(a: CodePointSet, b: CodePointSet): boolean {
  const within = (inner: CodePointSet, outer: CodePointSet) =>
    inner.every(([low, high]) => {
      for (let codePoint = low; codePoint <= high && codePoint <= 0x7f; codePoint += 1) if (!codePointSetHas(outer, codePoint)) return false;
      return true;
    });
  return within(a, b) && within(b, a);
}

/**
 * The letter cases in which every value of a form (given by its segments) stays valid for the member and differs from the
 * form as built: for a member with one segment, the rewritten characters must be within its set; for a member whose own
 * pattern is the form's, each segment must keep its characters.
 *
 * @example
 * allowedLetterCases(parseSimplePattern('^[0-9a-f]{8}$')!.segments, memberShape(entityIdMember, 'x')); // ['upper', 'mixed']
 */
export function allowedLetterCases(formSegments: readonly PatternSegment[], shape: MemberShape): LetterCase[] {
  // Worked out once per form and member shape: it walks every code point of every set, three times.
  const byShape = getOrInsertComputed(allowedCases, formSegments, () => new WeakMap<MemberShape, readonly LetterCase[]>());
  return [...getOrInsertComputed(byShape, shape, (unworked) => Object.freeze(workOutLetterCases(formSegments, unworked)))];
}

const allowedCases = new WeakMap<readonly PatternSegment[], WeakMap<MemberShape, readonly LetterCase[]>>();

function workOutLetterCases(formSegments: readonly PatternSegment[], shape: MemberShape): LetterCase[] {
  if (shape.member.pattern === undefined) return [];
  return letterCases.filter((letterCase) => {
    const rewritten = formSegments.map((segment) => ({ ...segment, characters: setInLetterCase(segment.characters, letterCase) }));
    if (rewritten.every((segment, index) => sameSet(segment.characters, formSegments[index]?.characters ?? []))) return false;
    if (shape.segments.length === 1) return segmentsWithin(rewritten, shape.allowed);
    if (formSegments.length !== shape.segments.length) return false;
    return rewritten.every((segment, index) => {
      const own = shape.segments[index];
      return own !== undefined && own.min === segment.min && own.max === segment.max && segmentsWithin([segment], own.characters);
    });
  });
}
