import fc from 'fast-check';
import { codePointLength } from '../../spec/constraints.ts';
import { canonicalString, stringInLengthRange, stringOfLength } from './code-point-layout.ts';
import type { BrokenValue, InvalidKind } from './invalid-kind.ts';
import { generatedMaxLength, type MemberShape } from './member-shape.ts';

/**
 * Pattern breaks at the very edges of an otherwise valid value: what a server that trims its input, or whose `$` also
 * matches before a final line break (Python's `re`, Perl, PCRE without `D`), wrongly accepts.
 */

/** The characters put at an edge, each with how a description names it. */
export const edgeCharacters: readonly { readonly character: string; readonly name: string }[] = [
  { character: '\n', name: 'line feed' },
  { character: ' ', name: 'space' },
  { character: '\t', name: 'tab' },
  { character: '\r', name: 'carriage return' },
  { character: '\u0000', name: 'NUL' },
];

type Side = 'leading' | 'trailing';

const present = (value: unknown): BrokenValue => ({ absent: false, value });
const put = (side: Side, value: string, character: string): string => (side === 'leading' ? character + value : value + character);
const edgeCharacter = fc.constantFrom(...edgeCharacters.map((entry) => entry.character));

/**
 * The edge kinds of a member: a leading and a trailing edge character on a valid value, a valid value followed by one "\n",
 * and the same at the member's full length (a valid value one character short, so that the length is not what rejects it).
 *
 * @example
 * edgeKinds(memberShape(member, 'invalidInput'), 'abc').map((kind) => kind.name);
 * // ['edge:trailing-line-feed', 'edge:leading', 'edge:trailing', 'edge:full-length']
 */
export function edgeKinds(shape: MemberShape, validExample: string): InvalidKind[] {
  const { segments, validLength } = shape;
  const top = generatedMaxLength(validLength);
  // One short of the longest valid length where the range allows it, so that a plain edge break keeps a valid length.
  const baseTop = Math.max(validLength.min, top - 1);
  const base = stringInLengthRange(segments, validLength.min, baseTop);
  const exampleBase = codePointLength(validExample) >= Math.min(8, validLength.max) ? validExample : canonicalString(segments, Math.min(Math.max(8, validLength.min), baseTop));
  const shown = JSON.stringify(exampleBase);
  const kinds: InvalidKind[] = [
    {
      name: 'edge:trailing-line-feed',
      family: 'edge',
      // The weightiest: a final line break slips past `$` in Python's `re`, Perl and PCRE (PHP).
      weight: 3,
      arbitrary: base.map((value) => present(`${value}\n`)),
      examples: [{ value: `${exampleBase}\n`, description: `a valid value (${shown}) followed by "\\n"` }],
    },
  ];
  for (const side of ['leading', 'trailing'] as const) {
    kinds.push({
      name: `edge:${side}`,
      family: 'edge',
      weight: 1,
      arbitrary: fc.tuple(base, edgeCharacter).map(([value, character]) => present(put(side, value, character))),
      examples: edgeCharacters.map(({ character, name }) => ({ value: put(side, exampleBase, character), description: `a ${side} ${name} on a valid value (${shown})` })),
    });
  }
  const full = validLength.max;
  if (Number.isFinite(full) && full >= 1) {
    const shortBase = stringOfLength(segments, full - 1);
    const shortExample = canonicalString(segments, full - 1);
    kinds.push({
      name: 'edge:full-length',
      family: 'edge',
      weight: 1,
      arbitrary: fc.tuple(shortBase, fc.constantFrom<Side>('trailing', 'leading'), edgeCharacter).map(([value, side, character]) => present(put(side, value, character))),
      examples: (['trailing', 'leading'] as const).flatMap((side) =>
        edgeCharacters.map(({ character, name }) => ({
          value: put(side, shortExample, character),
          description: `full length (${full}): a ${side} ${name} on ${full - 1} allowed characters`,
        })),
      ),
    });
  }
  return kinds;
}
