import type { MemberSpec, OperationSpec } from './spec-schema.ts';
import { checkOperationSpec } from '../check-options.ts';
import { getOrInsertComputed } from '../get-or-insert-computed.ts';

/**
 * The one definition of Smithy constraint semantics used by the generators, the oracle and the mock alike.
 * Lengths count Unicode code points, patterns match the whole value unless search matching is asked for,
 * and a `null` member counts as absent (awsJson reads it so).
 */

/**
 * The kinds of constraint an input value can break, in the order they are reported.
 *
 * @example
 * violation.constraints.every((kind) => constraintKinds.includes(kind)); // true for every violation validateInput reports
 */
export const constraintKinds = ['required', 'type', 'length', 'pattern'] as const;

/** One kind of constraint: `required` (absent or null), `type` (wrong JSON type), `length`, `pattern`. */
export type ConstraintKind = (typeof constraintKinds)[number];

/** How a pattern is applied: `full` (the whole value must match; the default, as AWS services do) or `search` (a match anywhere suffices). */
export type PatternMatching = 'full' | 'search';

/** The options of constraint semantics. */
export interface ConstraintSemantics {
  readonly patternMatching: PatternMatching;
}

/**
 * Whole-value pattern matching: what real AWS services do.
 *
 * @example
 * validateInput(spec, input, defaultSemantics); // the same as validateInput(spec, input)
 */
export const defaultSemantics: ConstraintSemantics = Object.freeze({ patternMatching: 'full' });

/** The constraints one member's value breaks. */
export interface MemberViolation {
  readonly member: string;
  readonly constraints: readonly ConstraintKind[];
}

/**
 * The length of a string in Unicode code points, as Smithy's @length counts it.
 *
 * @example
 * codePointLength('a😀'); // 2 (three UTF-16 units)
 */
export function codePointLength(value: string): number {
  // As iterating the string counts: a surrogate pair is one code point, a lone surrogate one too (no string per code point).
  let length = value.length;
  for (let index = 0; index < value.length - 1; index += 1) {
    const unit = value.charCodeAt(index);
    if (unit >= 0xd800 && unit <= 0xdbff) {
      const next = value.charCodeAt(index + 1);
      if (next >= 0xdc00 && next <= 0xdfff) {
        length -= 1;
        index += 1;
      }
    }
  }
  return length;
}

/**
 * Whether a member value counts as absent: missing or `null`.
 *
 * @example
 * isAbsent(null); // true
 * isAbsent(''); // false: an empty string is present and breaks length instead
 */
export function isAbsent(value: unknown): value is null | undefined {
  return value === undefined || value === null;
}

/** Compiled patterns by matching mode, then by source. */
const compiledPatterns: Record<PatternMatching, Map<string, RegExp>> = { full: new Map(), search: new Map() };

/**
 * Compiles a spec pattern for the given matching mode (cached); `full` wraps it as `^(?:…)$`.
 *
 * @example
 * compilePattern('[a-z]+', 'full').test('ab!'); // false
 */
export function compilePattern(source: string, matching: PatternMatching): RegExp {
  const cache = compiledPatterns[matching];
  let compiled = cache.get(source);
  if (compiled === undefined) {
    compiled = new RegExp(matching === 'full' ? `^(?:${source})$` : source, 'u');
    cache.set(source, compiled);
  }
  return compiled;
}

/**
 * Whether a string satisfies a spec pattern under the given matching mode.
 *
 * @example
 * matchesPattern('!!a!!', '[a-zA-Z0-9_-]+'); // false (whole value)
 * matchesPattern('!!a!!', '[a-zA-Z0-9_-]+', 'search'); // true
 */
export function matchesPattern(value: string, source: string, matching: PatternMatching = 'full'): boolean {
  return compilePattern(source, matching).test(value);
}

/**
 * Every constraint a member value breaks, in the order of {@link constraintKinds}; empty when the value is valid.
 *
 * @example
 * violatedConstraints(spec.input.OrganizationId!, 'm-0123'); // ['length', 'pattern']
 */
export function violatedConstraints(
  member: MemberSpec,
  value: unknown,
  semantics: ConstraintSemantics = defaultSemantics,
): ConstraintKind[] {
  if (isAbsent(value)) return member.required ? ['required'] : [];
  if (typeof value !== member.type) return ['type'];
  const text = value as string;
  const broken: ConstraintKind[] = [];
  if (member.length !== undefined) {
    const length = codePointLength(text);
    if (length < member.length.min || length > member.length.max) broken.push('length');
  }
  if (member.pattern !== undefined && !matchesPattern(text, member.pattern, semantics.patternMatching)) {
    broken.push('pattern');
  }
  return broken;
}

/** The members of a spec's input as entries, listed once per input object (validation runs on every case and request). */
const memberEntries = new WeakMap<OperationSpec['input'], readonly (readonly [string, MemberSpec])[]>();

function inputMembers(spec: OperationSpec, caller: string): readonly (readonly [string, MemberSpec])[] {
  const listed = memberEntries.get((spec as Partial<OperationSpec> | undefined)?.input as OperationSpec['input']);
  if (listed !== undefined) return listed;
  // Checked once per spec, where its members are first listed: not on every case and request.
  checkOperationSpec(caller, spec);
  return getOrInsertComputed(memberEntries, spec.input, Object.entries);
}

/**
 * Every member of an input object that breaks a constraint, in spec order; members the spec does not list are ignored, as awsJson servers do.
 *
 * @example
 * validateInput(spec, { OrganizationId: null }); // [{ member: 'OrganizationId', constraints: ['required'] }, …]
 */
export function validateInput(
  spec: OperationSpec,
  input: Readonly<Record<string, unknown>>,
  semantics: ConstraintSemantics = defaultSemantics,
): MemberViolation[] {
  const violations: MemberViolation[] = [];
  for (const [member, memberSpec] of inputMembers(spec, 'validateInput')) {
    const constraints = violatedConstraints(memberSpec, input[member], semantics);
    if (constraints.length > 0) violations.push({ member, constraints });
  }
  return violations;
}
