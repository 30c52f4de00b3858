import fc from 'fast-check';
import type { MemberSpec } from '../spec/spec-schema.ts';
import { codePointsInLengthRange, codePointsOfLength } from './_internals/code-point-layout.ts';
import { formLayout } from './_internals/form-layout.ts';
import { lengthBoundaries } from './_internals/length-boundaries.ts';
import { generatedMaxLength, memberShape } from './_internals/member-shape.ts';

const join = (codePoints: readonly string[]): string => codePoints.join('');

/**
 * Valid values of one string member: every identifier form it lists, its length boundaries (min, min+1, max-1, max) and lengths in between.
 *
 * Values are built from the member's pattern and its forms' patterns, so every one is valid by construction.
 * Throws when a pattern is not simple (see `parseSimplePattern`).
 *
 * @example
 * fc.sample(memberValue(spec.input.PersonalAccessTokenId!), 3); // e.g. ['a', 'Zk_3…', '-']
 */
export function memberValue(member: MemberSpec): fc.Arbitrary<string> {
  const shape = memberShape(member, 'memberValue');
  const top = generatedMaxLength(shape.validLength);
  const forms = (member.forms ?? []).map((form) => {
    const layout = formLayout(form, shape, 'memberValue');
    return { arbitrary: codePointsInLengthRange(layout.segments, layout.minLength, layout.maxLength).map(join), weight: 2 };
  });
  const boundaries = lengthBoundaries({ min: shape.validLength.min, max: top }).map(([length]) => ({
    arbitrary: codePointsOfLength(shape.segments, length).map(join),
    weight: 1,
  }));
  const between = { arbitrary: codePointsInLengthRange(shape.segments, shape.validLength.min, top).map(join), weight: 2 };
  // Cross-shrinking lets a value from a form or a boundary shrink into the first branch, whose length shrinks towards the minimum.
  return fc.oneof({ withCrossShrink: true }, between, ...forms, ...boundaries);
}
