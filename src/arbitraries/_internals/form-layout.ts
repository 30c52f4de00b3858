import { matchesPattern, violatedConstraints } from '../../spec/constraints.ts';
import { ConfigError } from '../../config-error.ts';
import type { IdentifierForm } from '../../spec/spec-schema.ts';
import { parseSimplePattern, patternLengthRange, type PatternSegment } from '../../spec/simple-pattern.ts';
import { canonicalString } from './code-point-layout.ts';
import { segmentsWithin, type MemberShape } from './member-shape.ts';
import { getOrInsertComputed } from '../../get-or-insert-computed.ts';

/** How to build values of one identifier form that are also valid for its member. */
export interface FormLayout {
  readonly form: IdentifierForm;
  readonly segments: readonly PatternSegment[];
  readonly minLength: number;
  readonly maxLength: number;
  /** A valid value of the form: its documented example when there is one and it is valid for the member, else a built one. */
  readonly example: string;
  readonly exampleIsDocumented: boolean;
}

/**
 * Reads an identifier form into a {@link FormLayout}; throws, naming the caller, when its values could break the member.
 *
 * @example
 * formLayout(member.forms![0]!, memberShape(member, 'memberValue'), 'memberValue').minLength; // 36 for a UUID
 */
export function formLayout(form: IdentifierForm, shape: MemberShape, caller: string): FormLayout {
  // Read once per form and member shape (a failure is not kept: it throws again, naming its caller).
  const byShape = getOrInsertComputed(layouts, form, () => new WeakMap<MemberShape, FormLayout>());
  return getOrInsertComputed(byShape, shape, (unread) => readLayout(form, unread, caller));
}

const layouts = new WeakMap<IdentifierForm, WeakMap<MemberShape, FormLayout>>();

function readLayout(form: IdentifierForm, shape: MemberShape, caller: string): FormLayout {
  const parsed = parseSimplePattern(form.pattern);
  if (parsed === undefined) throw new ConfigError(`${caller}: the pattern of form '${form.name}' is not simple, so its values cannot be built`);
  const range = patternLengthRange(parsed);
  const minLength = Math.max(range.min, shape.validLength.min);
  const maxLength = Math.min(range.max, shape.validLength.max, minLength + 256);
  const member = shape.member;
  const fits =
    member.pattern === undefined ||
    form.pattern === member.pattern ||
    (shape.segments.length === 1 && segmentsWithin(parsed.segments, shape.allowed));
  if (minLength > maxLength || !fits) {
    throw new ConfigError(`${caller}: values of form '${form.name}' may break the member's own length or pattern`);
  }
  const documented = form.example !== undefined && matchesPattern(form.example, form.pattern) && violatedConstraints(member, form.example).length === 0 ? form.example : undefined;
  const example = documented ?? canonicalString(parsed.segments, minLength);
  return { form, segments: parsed.segments, minLength, maxLength, example, exampleIsDocumented: documented !== undefined };
}
