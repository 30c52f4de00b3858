// An oracle written apart from src/spec/constraints.ts, from the specs' raw JSON, so that generator tests do not trust the code they test.
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export type Kind = 'required' | 'type' | 'length' | 'pattern';
export type Mode = 'full' | 'search';

export interface RawMember {
  type: string;
  required: boolean;
  length?: { min: number; max: number };
  pattern?: string;
  forms?: { name: string; pattern: string; example: string }[];
}

export interface RawSpec {
  operation: string;
  input: Record<string, RawMember>;
}

export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

export function rawSpec(operation: string): RawSpec {
  return JSON.parse(readFileSync(resolve(repoRoot, 'specs', `${operation}.json`), 'utf8')) as RawSpec;
}

export const operations = ['DeleteMailboxPermissions', 'DeletePersonalAccessToken'];

export function independentViolations(member: RawMember, value: unknown, mode: Mode = 'full'): Kind[] {
  if (value === undefined || value === null) return member.required ? ['required'] : [];
  if (typeof value !== 'string') return ['type'];
  const kinds: Kind[] = [];
  const length = Array.from(value).length;
  if (member.length !== undefined && (length < member.length.min || length > member.length.max)) kinds.push('length');
  if (member.pattern !== undefined) {
    const regex = mode === 'full' ? new RegExp(`^(?:${member.pattern})$`, 'u') : new RegExp(member.pattern, 'u');
    if (!regex.test(value)) kinds.push('pattern');
  }
  return kinds;
}

export function independentValidate(spec: RawSpec, input: Record<string, unknown>, mode: Mode = 'full') {
  return Object.entries(spec.input)
    .map(([member, memberSpec]) => ({ member, constraints: independentViolations(memberSpec, input[member], mode) }))
    .filter((entry) => entry.constraints.length > 0);
}

/** Whether a character can appear anywhere in a value matching the pattern: read from its bracket classes and literal characters. */
export function allowedByPattern(pattern: string, character: string): boolean {
  const classes = pattern.match(/\[[^\]]*\]/g) ?? [];
  if (classes.some((body) => new RegExp(body, 'u').test(character))) return true;
  const literals = pattern.replace(/\[[^\]]*\]/g, '').replace(/\{[^}]*\}/g, '').replace(/^\^|\$$/g, '').replace(/[+*?]/g, '');
  return Array.from(literals).includes(character);
}

export type CharacterClass = 'ascii-letter-or-digit' | 'punctuation' | 'whitespace' | 'control' | 'non-ascii-letter' | 'astral';

export function characterClass(character: string): CharacterClass | undefined {
  const codePoint = character.codePointAt(0) ?? 0;
  if (codePoint > 0xffff) return 'astral';
  if (/^[A-Za-z0-9]$/.test(character)) return 'ascii-letter-or-digit';
  if (/^[!-/:-@[-`{-~]$/.test(character)) return 'punctuation';
  if (/^\s$/u.test(character)) return 'whitespace';
  if (codePoint < 0x20 || (codePoint >= 0x7f && codePoint <= 0x9f)) return 'control';
  if (/^\p{L}$/u.test(character)) return 'non-ascii-letter';
  return undefined;
}

/** Representatives of each class, to decide which classes can break a member at all. */
const representatives: Record<CharacterClass, string[]> = {
  'ascii-letter-or-digit': [...'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789'],
  punctuation: [...'!"#$%&\'()*+,-./:;<=>?@[\\]^_`{|}~'],
  whitespace: [' ', '\t', '\n'],
  control: ['\u0000', '\u001b', '\u007f'],
  'non-ascii-letter': ['é', 'ß', 'Ж'],
  astral: ['😀'],
};

export function applicableClasses(member: RawMember): CharacterClass[] {
  const pattern = member.pattern;
  if (pattern === undefined) return [];
  return (Object.keys(representatives) as CharacterClass[]).filter((name) =>
    representatives[name].some((character) => !allowedByPattern(pattern, character)),
  );
}

/** Every way a broken value of a member is broken, classified from the value alone. */
export function classify(member: RawMember, present: boolean, value: unknown): string[] {
  if (!present) return ['missing'];
  if (value === null) return ['null'];
  if (Array.isArray(value)) return ['array'];
  if (typeof value !== 'string') return [typeof value];
  const kinds: string[] = [];
  const length = Array.from(value).length;
  if (length === 0) kinds.push('empty');
  if (member.length !== undefined) {
    if (length === member.length.min - 1) kinds.push('min-1');
    if (length === member.length.max + 1) kinds.push('max+1');
    if (length > member.length.max + 1) kinds.push('too-long');
    if (length > 0 && length < member.length.min - 1) kinds.push('too-short');
    if (length === member.length.max && independentViolations(member, value).includes('pattern')) kinds.push('full-length');
  }
  const pattern = member.pattern;
  if (pattern !== undefined) {
    for (const character of Array.from(value)) {
      const name = characterClass(character);
      if (name !== undefined && !allowedByPattern(pattern, character)) kinds.push(`foreign:${name}`);
    }
  }
  return [...new Set(kinds)];
}

export function expectedKinds(member: RawMember): string[] {
  const kinds = ['number', 'boolean', 'array', 'object', 'empty'];
  if (member.required) kinds.push('missing', 'null');
  if (member.length !== undefined) {
    if (member.length.min >= 2) kinds.push('min-1');
    kinds.push('max+1', 'too-long');
    if (member.pattern !== undefined) kinds.push('full-length');
  }
  kinds.push(...applicableClasses(member).map((name) => `foreign:${name}`));
  return kinds.sort();
}
