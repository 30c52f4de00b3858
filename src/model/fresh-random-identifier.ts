import { matchesPattern } from '../spec/constraints.ts';
import type { IdentifierForm } from '../spec/spec-schema.ts';

/**
 * The fewest distinct letters and digits (ignoring case) a value of a high-entropy form must have to count as drawn at
 * random. A random organization ID, UUID or resource ID has 13 or more; a shrunk or boundary value (`m-000…0`,
 * `S-1-0-0-0-0-0-0`) has 1 to 3, and a mock may well hold one of those.
 */
const freshDistinctCharacters = 8;

/**
 * The high-entropy form a value is a random instance of, if any: it matches one of the forms marked `highEntropy`, has at
 * least {@link freshDistinctCharacters} distinct letters and digits, and is no form's documented example (in any letter
 * case): people copy those into their mocks and fixtures. Only such a value may be taken to name nothing that a fixture does
 * not list: the model's open world (the oracle) and a live run's send plan both ask this.
 *
 * @example
 * freshRandomForm(spec.input.EntityId.forms, '0f1e2d3c-4b5a-4978-8796-a5b4c3d2e1f0'); // 'uuid'
 * freshRandomForm(spec.input.EntityId.forms, '00000000-0000-0000-0000-000000000000'); // undefined: a shrunk ID
 * freshRandomForm(spec.input.EntityId.forms, '12345678-1234-1234-1234-123456789012'); // undefined: the documentation's example
 */
export function freshRandomForm(forms: readonly IdentifierForm[] | undefined, value: string): string | undefined {
  if (forms === undefined) return undefined;
  const form = forms.find((candidate) => candidate.highEntropy && matchesPattern(value, candidate.pattern));
  if (form === undefined || !hasDistinctAlphanumerics(value, freshDistinctCharacters)) return undefined;
  return forms.some((candidate) => candidate.example !== undefined && sameIgnoringAsciiCase(candidate.example, value)) ? undefined : form.name;
}

/** Whether two strings are the same but for the letter case of ASCII letters; asked per case, so no allocation. */
function sameIgnoringAsciiCase(left: string, right: string): boolean {
  if (left.length !== right.length) return false;
  for (let index = 0; index < left.length; index += 1) {
    const a = left.charCodeAt(index);
    const b = right.charCodeAt(index);
    if (a === b) continue;
    // Setting bit 0x20 maps A-Z onto a-z; two codes that differ only there are one letter in two cases.
    if ((a | 0x20) !== (b | 0x20) || (a | 0x20) < 0x61 || (a | 0x20) > 0x7a) return false;
  }
  return true;
}

/** Whether `value` has at least `wanted` distinct letters (either case counting once) and digits; the oracle asks it per case, so no allocation. */
function hasDistinctAlphanumerics(value: string, wanted: number): boolean {
  let digits = 0;
  let letters = 0;
  let distinct = 0;
  for (let index = 0; index < value.length && distinct < wanted; index += 1) {
    const code = value.charCodeAt(index);
    // ASCII letters in lower case: setting bit 0x20 maps A-Z onto a-z and nothing else onto a-z.
    const lower = code | 0x20;
    if (code >= 0x30 && code <= 0x39) {
      if ((digits & (1 << (code - 0x30))) === 0) distinct += 1;
      digits |= 1 << (code - 0x30);
    } else if (lower >= 0x61 && lower <= 0x7a) {
      if ((letters & (1 << (lower - 0x61))) === 0) distinct += 1;
      letters |= 1 << (lower - 0x61);
    }
  }
  return distinct >= wanted;
}
