import fc from 'fast-check';
import { describeValue, OptionChecker } from '../check-options.ts';
import { ConfigError } from '../config-error.ts';
import { defaultSemantics, matchesPattern, type ConstraintSemantics } from '../spec/constraints.ts';
import { parseSimplePattern, patternLengthRange, type CodePointSet } from '../spec/simple-pattern.ts';
import { codePointsInLengthRange, stringInLengthRange } from './_internals/code-point-layout.ts';
import { allForeignCandidates } from './_internals/foreign-characters.ts';

/** Options of {@link stringNotMatching}; lengths count code points. */
export interface StringNotMatchingConstraints {
  /** Default 0. */
  readonly minLength?: number | undefined;
  /** Default: the pattern's longest match plus 8, or 64 for unbounded patterns (never below `minLength`). */
  readonly maxLength?: number | undefined;
  /** Default: whole-value matching. In `search` mode only strings of foreign characters are produced. */
  readonly semantics?: ConstraintSemantics | undefined;
}

/** Strings drawn, before a fallback filter is trusted, to find one that does not match. */
const probeDraws = 1_000;

function unionOf(sets: readonly CodePointSet[]): CodePointSet {
  return sets.flatMap((set) => set);
}

/**
 * Strings that do not match a pattern: a matching string with foreign characters spliced in, a look-alike of a wrong length
 * (when the pattern bounds the length), or foreign characters only; built constructively for simple patterns.
 *
 * For a pattern that is not simple (a sequence of character classes, literals and bounded repeats), it falls back to `fc.string({ unit: 'binary' }).filter(...)`,
 * which may be slow when almost every string matches; a ConfigError where none of 1,000 strings tried fails to match (a
 * pattern such as `[\s\S]*`), and for text that is no regular expression.
 *
 * @example
 * fc.sample(stringNotMatching('^m-[0-9a-f]{32}$', { minLength: 34, maxLength: 34 }), 1); // one string of 34 characters the pattern does not match
 */
export function stringNotMatching(pattern: string, constraints: StringNotMatchingConstraints = {}): fc.Arbitrary<string> {
  if (typeof pattern !== 'string') throw new ConfigError(`stringNotMatching: pattern: expected a pattern as text, such as member.pattern, got ${describeValue(pattern)}`);
  OptionChecker.of('stringNotMatching', constraints).only(['minLength', 'maxLength', 'semantics']).object('semantics');
  const matching = (constraints.semantics ?? defaultSemantics).patternMatching;
  const minLength = constraints.minLength ?? 0;
  const parsed = parseSimplePattern(pattern);
  const range = parsed === undefined ? { min: 0, max: Infinity } : patternLengthRange(parsed);
  const maxLength = constraints.maxLength ?? Math.max(minLength, Number.isFinite(range.max) ? range.max + 8 : 64);
  if (!Number.isInteger(minLength) || !Number.isInteger(maxLength) || minLength < 0 || minLength > maxLength) {
    throw new ConfigError(`stringNotMatching: expects integer lengths with 0 <= minLength <= maxLength, got ${minLength}..${maxLength}`);
  }
  try {
    new RegExp(pattern, 'u');
  } catch (error) {
    throw new ConfigError(`stringNotMatching: pattern: ${JSON.stringify(pattern)} is no regular expression (${(error as Error).message})`);
  }
  if (parsed === undefined) {
    const strings = fc.string({ unit: 'binary', minLength, maxLength });
    // fast-check's filter draws until a value passes: for a pattern (nearly) every string matches, it would never return.
    const probe = fc.sample(strings, { seed: 1, numRuns: probeDraws });
    if (probe.every((value) => matchesPattern(value, pattern, matching))) {
      throw new ConfigError(`stringNotMatching: all of ${probeDraws} strings of ${minLength}..${maxLength} code points tried match ${pattern}: it may match every string`);
    }
    return strings.filter((value) => !matchesPattern(value, pattern, matching));
  }
  const foreign = allForeignCandidates(unionOf(parsed.segments.map((segment) => segment.characters)));
  const options: fc.Arbitrary<string>[] = [];
  const foreignOnly = (low: number, high: number) =>
    fc.integer({ min: low, max: high }).chain((size) => fc.array(fc.constantFrom(...foreign), { minLength: size, maxLength: size }).map((codePoints) => codePoints.join('')));
  if (matching === 'search') {
    if (range.min === 0) throw new ConfigError(`stringNotMatching: ${pattern} matches the empty string, so every string contains a match`);
    if (foreign.length > 0) options.push(foreignOnly(minLength, maxLength));
  } else {
    const spliceLow = Math.max(minLength, range.min, 1);
    const spliceHigh = Math.min(maxLength, range.max);
    if (spliceLow <= spliceHigh && foreign.length > 0) {
      const swaps = fc.array(fc.tuple(fc.nat(), fc.constantFrom(...foreign)), { minLength: 1, maxLength: 3 });
      options.push(
        fc.tuple(codePointsInLengthRange(parsed.segments, spliceLow, spliceHigh), swaps).map(([codePoints, replacements]) => {
          const copy = [...codePoints];
          for (const [position, character] of replacements) copy[position % copy.length] = character;
          return copy.join('');
        }),
      );
    }
    if (minLength < range.min) {
      options.push(stringInLengthRange(parsed.segments, minLength, Math.min(range.min - 1, maxLength)));
    }
    if (maxLength > range.max) {
      options.push(stringInLengthRange(parsed.segments, Math.max(range.max + 1, minLength), maxLength));
    }
    const foreignLow = Math.max(minLength, range.min === 0 ? 1 : 0);
    if (foreignLow <= maxLength && foreign.length > 0) options.push(foreignOnly(foreignLow, maxLength));
  }
  if (options.length === 0) throw new ConfigError(`stringNotMatching: no string of ${minLength}..${maxLength} code points fails ${pattern}`);
  return fc.oneof(...options);
}
