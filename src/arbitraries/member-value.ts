import fc from 'fast-check';
import { checkMemberSpec } from '../check-options.ts';
import { ConfigError, isConfigError } from '../config-error.ts';
import { formatJsonPath } from '../load-json-file.ts';
import type { MemberSpec, OperationSpec } from '../spec/spec-schema.ts';
import { stringInLengthRange, stringOfLength, stringOfLengthShrinkingTo } from './_internals/code-point-layout.ts';
import { formLayout } from './_internals/form-layout.ts';
import { allowedLetterCases, inLetterCase, type LetterCase } from './_internals/letter-case.ts';
import { lengthBoundaries } from './_internals/length-boundaries.ts';
import { generatedMaxLength, memberShape } from './_internals/member-shape.ts';

/**
 * Valid values of one string member: every identifier form it lists (in every letter case the member's pattern allows for
 * it, at the form's shortest and longest length and in between), its length boundaries (min, min+1, max-1, max) and lengths
 * in between.
 *
 * Values are built from the member's pattern and its forms' patterns, so every one is valid by construction.
 * Throws when a pattern is not simple (a sequence of character classes, literals and bounded repeats, as the README's "Use the generators in your own tests" describes).
 *
 * @example
 * const specs = loadOperationSpecs();
 * fc.sample(memberValue(findOperationSpec(specs, 'DeletePersonalAccessToken').input.PersonalAccessTokenId!), 3); // e.g. ['a', 'Zk_3…', '-']
 * fc.sample(memberValue(findOperationSpec(specs, 'DeleteMailboxPermissions').input.EntityId!), { numRuns: 200, seed: 1 }).some((value) => /^[0-9A-F]{8}-/.test(value)); // true: upper-case UUIDs are among the forms drawn
 */
export function memberValue(member: MemberSpec): fc.Arbitrary<string> {
  checkMemberSpec('memberValue', member);
  // An arbitrary holds no state between draws: one per member serves the coverage phase and both properties.
  let arbitrary = memberValues.get(member);
  if (arbitrary === undefined) {
    arbitrary = buildMemberValue(member);
    memberValues.set(member, arbitrary);
  }
  return arbitrary;
}

const memberValues = new WeakMap<MemberSpec, fc.Arbitrary<string>>();

/**
 * Checks that valid values can be built for every input member of a spec read from a file: one {@link ConfigError} line
 * naming where the spec came from, its operation and the member's JSON path, where a pattern is not simple or a form
 * contradicts the member's own length or pattern.
 *
 * @example
 * checkValuesBuildable(loadOperationSpec('specs/Mine.json'), '--specs specs'); // throws '--specs specs: Mine: $.input.EntityId: values of form …'
 */
export function checkValuesBuildable(spec: Pick<OperationSpec, 'operation' | 'input'>, source: string): void {
  for (const name of Object.keys(spec.input)) memberValueOf(spec, name, source);
}

/**
 * {@link memberValue} of one input member of a spec, where a member no valid values can be built for is one
 * {@link ConfigError} naming `source` (a function, or where the spec came from), the operation and the member's JSON path.
 *
 * @example
 * memberValueOf(spec, 'EntityId', 'validInput'); // or throws 'validInput: Mine: $.input.EntityId: the pattern … is not simple …'
 */
export function memberValueOf(spec: Pick<OperationSpec, 'operation' | 'input'>, name: string, source: string): fc.Arbitrary<string> {
  try {
    return memberValue(spec.input[name] as MemberSpec);
  } catch (error) {
    if (!isConfigError(error)) throw error;
    // The builder names itself first (`memberValue: …`): the user needs the operation and the member instead.
    throw new ConfigError(`${source}: ${spec.operation}: ${formatJsonPath(['input', name])}: ${error.message.replace(/^\w+: /, '')}`);
  }
}

function buildMemberValue(member: MemberSpec): fc.Arbitrary<string> {
  const shape = memberShape(member, 'memberValue');
  const top = generatedMaxLength(shape.validLength);
  const forms = (member.forms ?? []).map((form) => {
    const layout = formLayout(form, shape, 'memberValue');
    const ofLength = (length: number) => stringOfLength(layout.segments, length);
    const built =
      layout.minLength === layout.maxLength
        ? ofLength(layout.minLength)
        : fc.oneof(stringInLengthRange(layout.segments, layout.minLength, layout.maxLength), ofLength(layout.minLength), stringOfLengthShrinkingTo(layout.segments, layout.maxLength, layout.minLength));
    const cases = allowedLetterCases(layout.segments, shape);
    // The case shrinks towards the form as documented, so a shrunk value keeps another case only when the failure needs it.
    const arbitrary =
      cases.length === 0
        ? built
        : fc.tuple(built, fc.constantFrom<LetterCase | 'as built'>('as built', ...cases)).map(([value, letterCase]) => (letterCase === 'as built' ? value : inLetterCase(value, letterCase)));
    return { arbitrary, weight: 2 };
  });
  // A value drawn at a boundary shrinks to shorter ones, where a failure does not need its length.
  const boundaries = lengthBoundaries({ min: shape.validLength.min, max: top }).map(([length]) => ({
    arbitrary: stringOfLengthShrinkingTo(shape.segments, length, shape.validLength.min),
    weight: 1,
  }));
  const between = { arbitrary: stringInLengthRange(shape.segments, shape.validLength.min, top), weight: 2 };
  // Cross-shrinking lets a value from a form or a boundary shrink into the first branch, whose length shrinks towards the minimum.
  return new AlsoShrunkAsPlain(fc.oneof({ withCrossShrink: true }, between, ...forms, ...boundaries), between.arbitrary);
}

/** Where a value's shrinking is: in the branch that drew it, or in the member's plain pattern. */
type PlainShrinkContext = { readonly drawn: unknown } | { readonly plain: unknown };

/**
 * `drawn`, whose values, once its own shrinks are spent, shrink further as values of the member's plain pattern (`plain`),
 * where they are that: a form's layout (an email's local part, domain and top-level domain) shortens its parts in an order of
 * its own, and can stop where every shorter layout loses what the failure needs (`0..@0--------------------.aaaaaa` for a
 * failure that needs `..` before `@`), which the plain pattern's deletions take to `..@`. Draws what `drawn` draws.
 */
class AlsoShrunkAsPlain extends fc.Arbitrary<string> {
  constructor(
    private readonly drawn: fc.Arbitrary<string>,
    private readonly plain: fc.Arbitrary<string>,
  ) {
    super();
  }

  generate(random: fc.Random, biasFactor: number | undefined): fc.Value<string> {
    const value = this.drawn.generate(random, biasFactor);
    return new fc.Value(value.value, { drawn: value.context } satisfies PlainShrinkContext);
  }

  canShrinkWithoutContext(value: unknown): value is string {
    return this.drawn.canShrinkWithoutContext(value) || this.plain.canShrinkWithoutContext(value);
  }

  shrink(value: string, context: unknown): fc.Stream<fc.Value<string>> {
    const where = typeof context === 'object' && context !== null ? (context as PlainShrinkContext) : undefined;
    if (where !== undefined && 'plain' in where) return this.plain.shrink(value, where.plain).map(asPlain);
    const own = this.drawn.shrink(value, where?.drawn).map((shrunk) => new fc.Value(shrunk.value, { drawn: shrunk.context } satisfies PlainShrinkContext));
    return own.join(new fc.Stream(this.asPlainShrinks(value)));
  }

  /** Made only once every shrink of the value's own was tried. */
  private *asPlainShrinks(value: string): IterableIterator<fc.Value<string>> {
    if (this.plain.canShrinkWithoutContext(value)) yield* this.plain.shrink(value, undefined).map(asPlain);
  }
}

function asPlain(value: fc.Value<string>): fc.Value<string> {
  return new fc.Value(value.value, { plain: value.context } satisfies PlainShrinkContext);
}

