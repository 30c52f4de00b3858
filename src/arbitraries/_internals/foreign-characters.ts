import { codePointSetHas, type CodePointSet } from '../../spec/simple-pattern.ts';

/** A class of characters a pattern may not allow, with short candidate lists (each candidate is one code point). */
export interface ForeignCharacterClass {
  readonly name: string;
  /** How one such character is named in a description, e.g. 'emoji' in 'emoji at position 3'. */
  readonly singular: string;
  readonly candidates: readonly string[];
}

/** The character classes pattern violations are made of, most look-alike first. */
export const foreignCharacterClasses: readonly ForeignCharacterClass[] = [
  {
    name: 'ascii-letter-or-digit',
    singular: 'ASCII letter or digit outside the allowed set',
    candidates: [...'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789'],
  },
  { name: 'punctuation', singular: 'ASCII punctuation', candidates: [...'!"#$%&\'()*+,-./:;<=>?@[\\]^_`{|}~'] },
  { name: 'whitespace', singular: 'whitespace', candidates: [' ', '\t', '\n', '\r', '\u000b', '\u000c', '\u00a0', '\u2003', '\u3000'] },
  { name: 'control', singular: 'control character', candidates: ['\u0000', '\u0001', '\u0007', '\u0008', '\u001b', '\u001f', '\u007f', '\u0080', '\u009f'] },
  { name: 'non-ascii-letter', singular: 'non-ASCII letter', candidates: ['é', 'ß', 'Ж', 'ñ', 'Ω', 'ø', 'ç', '中'] },
  { name: 'astral', singular: 'emoji or other astral-plane character', candidates: ['😀', '🚀', '🎉', '𝔸', '𠀀'] },
];

/**
 * The candidates of a class that a set does not hold (the class is useless for a member when this is empty).
 *
 * @example
 * foreignCandidates(foreignCharacterClasses[0]!, [[0x30, 0x39], [0x61, 0x66]]).slice(0, 2); // ['A', 'B']
 */
export function foreignCandidates(characterClass: ForeignCharacterClass, allowed: CodePointSet): string[] {
  return characterClass.candidates.filter((candidate) => !codePointSetHas(allowed, candidate.codePointAt(0) ?? 0));
}

/**
 * Every candidate of every class that a set does not hold, in class order.
 *
 * @example
 * allForeignCandidates([[0x61, 0x7a]]).includes('😀'); // true
 */
export function allForeignCandidates(allowed: CodePointSet): string[] {
  return foreignCharacterClasses.flatMap((characterClass) => foreignCandidates(characterClass, allowed));
}
