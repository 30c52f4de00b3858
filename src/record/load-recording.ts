import { readFileSync } from 'node:fs';
import { ConfigError } from '../config-error.ts';
import { formatJsonPath } from '../load-json-file.ts';
import { recordedExchangeSchema, recordingHeaderSchema, type Recording } from './recording-schema.ts';
import { errnoCode } from '../errno-code.ts';

/**
 * Reads an NDJSON recording; a bad file throws one {@link ConfigError} line naming `file:line` and the JSON path of the problem.
 *
 * @example
 * const recording = loadRecording('run.ndjson');
 * recording.exchanges.length;
 */
export function loadRecording(file: string): Recording {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new ConfigError(`${file}: cannot be read (${errnoCode(error, 'unreadable')})`);
  }
  const lines = text.split('\n');
  const parse = (index: number): unknown => {
    try {
      return JSON.parse(lines[index] ?? '');
    } catch (error) {
      throw new ConfigError(`${file}:${index + 1}: not valid JSON (${(error as Error).message})`);
    }
  };
  const check = <T>(schema: { safeParse(value: unknown): { success: true; data: T } | { success: false; error: { issues: { path: PropertyKey[]; message: string }[] } } }, index: number): T => {
    const result = schema.safeParse(parse(index));
    if (result.success) return result.data;
    const issue = result.error.issues[0];
    throw new ConfigError(`${file}:${index + 1}: ${formatJsonPath(issue?.path ?? [])}: ${issue?.message ?? 'invalid'}`);
  };
  if ((lines[0] ?? '').trim() === '') throw new ConfigError(`${file}:1: empty: expected a recording header line`);
  const header = check(recordingHeaderSchema, 0);
  const exchanges: Recording['exchanges'][number][] = [];
  for (let index = 1; index < lines.length; index += 1) {
    if ((lines[index] ?? '').trim() === '') continue;
    const exchange = check(recordedExchangeSchema, index);
    if (exchange.input === undefined && exchange.rawBody === undefined) throw new ConfigError(`${file}:${index + 1}: $: an exchange needs input or rawBody`);
    exchanges.push({ line: index + 1, exchange });
  }
  return { file, header, exchanges };
}
