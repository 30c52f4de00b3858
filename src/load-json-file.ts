import { readFileSync } from 'node:fs';
import type { z } from 'zod';
import { ConfigError } from './config-error.ts';
import { firstDuplicateKey } from './duplicate-json-key.ts';
import { errnoCode } from './errno-code.ts';

/**
 * Writes a zod issue path as a JSON path, such as `$.input.EntityId.length.min` or `$.errors[2].type`.
 *
 * @example
 * formatJsonPath(['errors', 2, 'type']); // '$.errors[2].type'
 */
export function formatJsonPath(path: readonly PropertyKey[]): string {
  let text = '$';
  for (const key of path) {
    if (typeof key === 'number') text += `[${key}]`;
    else if (typeof key === 'string' && /^[A-Za-z_$][A-Za-z0-9_$]*$/.test(key)) text += `.${key}`;
    else text += `[${JSON.stringify(String(key))}]`;
  }
  return text;
}

/**
 * Validates parsed JSON against a schema, or throws one {@link ConfigError} line naming the source and the JSON path of the first problem.
 *
 * @example
 * const fixture = parseWithSchema(fixtureSchema, JSON.parse(text), 'state.json');
 */
export function parseWithSchema<Schema extends z.ZodType>(schema: Schema, value: unknown, source: string): z.output<Schema> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  // A key the schema does not know is most often a misspelling of the one reported missing: it is said first.
  const issue = result.error.issues.find((candidate) => candidate.code === 'unrecognized_keys') ?? result.error.issues[0];
  const where = issue === undefined ? '$' : formatJsonPath(issue.path);
  // The other problems are named by their paths (the first three), so that one reading finds them all.
  const others = [...new Set(result.error.issues.filter((candidate) => candidate !== issue).map((candidate) => formatJsonPath(candidate.path)))];
  const count = result.error.issues.length - 1;
  const extra = count === 0 ? '' : ` (and ${count} more problem${count === 1 ? '' : 's'}, at ${others.slice(0, 3).join(', ')}${others.length > 3 ? ', …' : ''})`;
  throw new ConfigError(`${source}: ${where}: ${issue?.message ?? 'invalid'}${extra}`);
}

/**
 * Reads a JSON file and validates it against a schema; every failure is one {@link ConfigError} line naming the file, after
 * the flag that named it where one did.
 *
 * @example
 * const spec = loadJsonFile('specs/DeleteMailboxPermissions.json', operationSpecSchema);
 * loadJsonFile('', fixtureSchema, '--fixture'); // throws "--fixture '': cannot be read (ENOENT)"
 */
export function loadJsonFile<Schema extends z.ZodType>(file: string, schema: Schema, flag?: string): z.output<Schema> {
  // Named as the user gave it: by the flag that named it, and an empty name shown as such.
  const label = `${flag === undefined ? '' : `${flag} `}${file === '' ? "''" : file}`;
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new ConfigError(`${label}: cannot be read (${errnoCode(error, 'unreadable')})`);
  }
  let value: unknown;
  // A byte-order mark, as some editors write one, is no part of the JSON.
  const json = text.replace(/^\uFEFF/, '');
  try {
    value = JSON.parse(json);
  } catch (error) {
    throw new ConfigError(`${label}: not valid JSON (${printable(withLineAndColumn((error as Error).message, json))})`);
  }
  // JSON.parse keeps the last of two values of one key: what the file says first would be lost without a word.
  const duplicate = firstDuplicateKey(text);
  if (duplicate !== undefined) throw new ConfigError(`${label}: ${formatJsonPath(duplicate)}: the key is given twice in one object; keep one`);
  return parseWithSchema(schema, value, label);
}

/**
 * A JSON.parse message with the line and column of the position it gives, where it gives none (Node 20 says only "at
 * position 2654"; Node 22 adds "(line 47 column 5)").
 */
function withLineAndColumn(message: string, text: string): string {
  const position = /at position (\d+)(?![\d ]*\(line)/.exec(message)?.[1];
  if (position === undefined) return message;
  const before = text.slice(0, Number(position));
  const line = before.split('\n').length;
  const column = Number(position) - before.lastIndexOf('\n');
  return message.replace(`at position ${position}`, `at position ${position} (line ${line} column ${column})`);
}

/** A parser's message on one line, with the control characters of the excerpt it quotes escaped (no terminal sequences). */
function printable(message: string): string {
  // eslint-disable-next-line no-control-regex
  return message.replace(/[\u0000-\u001f\u007f-\u009f]/g, (character) => `\\u${character.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
