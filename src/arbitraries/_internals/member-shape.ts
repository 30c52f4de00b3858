import { getOrInsertComputed } from '../../get-or-insert-computed.ts';
import { ConfigError } from '../../config-error.ts';
import type { MemberSpec } from '../../spec/spec-schema.ts';
import {
  parseSimplePattern,
  patternLengthRange,
  unionCodePointSets,
  type CodePointSet,
  type PatternSegment,
} from '../../spec/simple-pattern.ts';

/** What the generators need to know about one string member: how to lay out its values and which lengths are valid. */
export interface MemberShape {
  readonly member: MemberSpec;
  /** The member pattern's segments, or one `[0-9A-Za-z]*` segment for a member without a pattern. */
  readonly segments: readonly PatternSegment[];
  /** Every code point the member pattern uses anywhere (empty when the member has no pattern). */
  readonly allowed: CodePointSet;
  /** The lengths a valid value can have: the member's length range within what its pattern can match. */
  readonly validLength: { readonly min: number; readonly max: number };
}

const patternlessSegment: PatternSegment = {
  characters: [
    [0x30, 0x39],
    [0x41, 0x5a],
    [0x61, 0x7a],
  ],
  min: 0,
  max: Infinity,
};

/** How many extra code points past the minimum a generator uses when a member has no maximum length. */
export const unboundedLengthSpan = 64;

function union(segments: readonly PatternSegment[]): CodePointSet {
  return unionCodePointSets(...segments.map((segment) => segment.characters));
}

/**
 * Reads a member spec into a {@link MemberShape}; throws, naming the caller, when its pattern is not simple or no value can be valid.
 *
 * @example
 * memberShape(spec.input.OrganizationId!, 'memberValue').validLength; // { min: 34, max: 34 }
 */
export function memberShape(member: MemberSpec, caller: string): MemberShape {
  // Read once per member: the coverage values, the arbitraries and the letter cases of one member all start here.
  return getOrInsertComputed(shapes, member, (unread) => readShape(unread, caller));
}

const shapes = new WeakMap<MemberSpec, MemberShape>();

function readShape(member: MemberSpec, caller: string): MemberShape {
  let segments: readonly PatternSegment[] = [patternlessSegment];
  let patternRange = { min: 0, max: Infinity };
  if (member.pattern !== undefined) {
    const parsed = parseSimplePattern(member.pattern);
    if (parsed === undefined) {
      throw new ConfigError(`${caller}: the pattern ${member.pattern} is not simple (literals, classes and quantifiers only), so values cannot be built from it`);
    }
    segments = parsed.segments;
    patternRange = patternLengthRange(parsed);
  }
  const min = Math.max(member.length?.min ?? 0, patternRange.min);
  const max = Math.min(member.length?.max ?? Infinity, patternRange.max);
  if (min > max) throw new ConfigError(`${caller}: no value can satisfy both the length and the pattern of this member`);
  return { member, segments, allowed: member.pattern === undefined ? [] : union(segments), validLength: { min, max } };
}

/**
 * The longest length a generator uses for valid values: the maximum, or the minimum plus {@link unboundedLengthSpan} when unbounded.
 *
 * @example
 * generatedMaxLength({ min: 1, max: Infinity }); // 65
 */
export function generatedMaxLength(range: { readonly min: number; readonly max: number }): number {
  return Number.isFinite(range.max) ? range.max : range.min + unboundedLengthSpan;
}

/**
 * Whether every value of a simple pattern's segments only uses code points of a set.
 *
 * @example
 * segmentsWithin(parseSimplePattern('^r-[0-9a-f]{32}$')!.segments, [[0x2d, 0x2d], [0x30, 0x39], [0x61, 0x7a]]); // true
 */
export function segmentsWithin(segments: readonly PatternSegment[], allowed: CodePointSet): boolean {
  // Merged, the allowed ranges hold a range of code points exactly when one of them holds all of it.
  const merged = unionCodePointSets(allowed);
  return segments.every((segment) => segment.characters.every(([low, high]) => low > high || merged.some(([from, to]) => from <= low && high <= to)));
}
