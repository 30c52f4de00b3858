import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { ConfigError } from '../config-error.ts';
import { formatJsonPath } from '../load-json-file.ts';
import { toolVersion } from '../tool-version.ts';
import { recordingFormat } from './recording-format.ts';
import { putBackPendingSchema, recordedExchangeSchema, recordedRequestSchema, recordingEndSchema, recordingHeaderSchema, type RecordedRead, type Recording, type RecordingEnd } from './recording-schema.ts';
import { getOrInsertComputed } from '../get-or-insert-computed.ts';
import { errnoCode } from '../errno-code.ts';
import { parseJsonValue } from '../parse-json.ts';

/** The number of the first line (from 1) that holds a byte sequence that is not UTF-8. */
function firstLineNotUtf8(bytes: Buffer): number {
  const decoder = new TextDecoder('utf-8', { fatal: true });
  let start = 0;
  for (let line = 1; start <= bytes.length; line += 1) {
    const newline = bytes.indexOf(0x0a, start);
    const end = newline === -1 ? bytes.length : newline;
    try {
      decoder.decode(bytes.subarray(start, end));
    } catch {
      return line;
    }
    start = end + 1;
  }
  return 1;
}

/**
 * Reads an NDJSON recording; a bad file throws one {@link ConfigError} line naming `file:line` and the JSON path of the problem.
 *
 * @example
 * const recording = loadRecording('run.ndjson');
 * recording.exchanges.length;
 */
export function loadRecording(file: string): Recording {
  let bytes: Buffer;
  try {
    bytes = readFileSync(file);
  } catch (error) {
    throw new ConfigError(`${file}: cannot be read (${errnoCode(error, 'unreadable')})`);
  }
  if (bytes[0] === 0x1f && bytes[1] === 0x8b) throw new ConfigError(`${file}: is gzip-compressed: decompress it first (gunzip -k ${file})`);
  let text: string;
  try {
    // Fatal: a recording is JSON the kit wrote, UTF-8 throughout; a byte that is not was changed since (or the file is another).
    text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes);
  } catch (error) {
    if (error instanceof TypeError) throw new ConfigError(`${file}:${firstLineNotUtf8(bytes)}: not UTF-8 text, as every line the kit writes is: the file was changed after it was written, or is no recording`);
    throw new ConfigError(`${file}: cannot be read (${errnoCode(error, 'too large to read')})`);
  }
  // A byte order mark, as an editor that saved the file may add: not part of the first line.
  if (text.startsWith('\ufeff')) text = text.slice(1);
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
  if (lines.length > 1 && parseJsonValue(lines[0] ?? '') === undefined && parseJsonValue(text) !== undefined) {
    throw new ConfigError(`${file}: is one JSON document, not a recording (one JSON object per line, written by run --record): a report (--reporter json) or a fixture?`);
  }
  const header = check(recordingHeaderSchema, 0);
  // Told before anything else of the file: what a newer format means, this kit cannot judge.
  if (header.format !== undefined && header.format > recordingFormat) {
    throw new ConfigError(`${file}: is recording format ${header.format}, newer than this kit reads (${recordingFormat}, workmail-conformance ${toolVersion}): upgrade workmail-conformance`);
  }
  const exchanges: Recording['exchanges'][number][] = [];
  let end: { line: number; value: RecordingEnd } | undefined;
  let putBackPending: readonly string[] = [];
  let requests = 0;
  const pendingReads = new Map<string, RecordedRead[]>();
  // A last line that is no JSON, in a file with no newline after it, was cut in the middle of being written (a full disk,
  // a run killed mid-write, a copy in part): it is left out, and the recording has no end line.
  let lastLine = lines.length - 1;
  while (lastLine > 0 && (lines[lastLine] ?? '').trim() === '') lastLine -= 1;
  const cutLine = lastLine > 0 && !text.endsWith('\n') && parseJsonValue(lines[lastLine] ?? '') === undefined ? lastLine : undefined;
  for (let index = 1; index < lines.length; index += 1) {
    if ((lines[index] ?? '').trim() === '' || index === cutLine) continue;
    if (end !== undefined) throw new ConfigError(`${file}:${index + 1}: a line after the end line (line ${end.line}): the file was put together from more than one recording`);
    const type = (parse(index) as { type?: unknown } | null)?.type;
    if (type === 'end') {
      end = { line: index + 1, value: check(recordingEndSchema, index) };
      continue;
    }
    if (type === 'putBackPending') {
      putBackPending = check(putBackPendingSchema, index).commands;
      continue;
    }
    if (type === 'request') {
      const request = check(recordedRequestSchema, index);
      requests += 1;
      // A read of what a case did comes before that case's exchange line (written once judged): kept for it until then.
      if (request.after !== undefined) getOrInsertComputed(pendingReads, request.after, () => []).push({ line: index + 1, request });
      continue;
    }
    const exchange = check(recordedExchangeSchema, index);
    if (exchange.input === undefined && exchange.rawBody === undefined) throw new ConfigError(`${file}:${index + 1}: $: an exchange needs input or rawBody`);
    const readsAfter = pendingReads.get(exchange.path);
    pendingReads.delete(exchange.path);
    exchanges.push({ line: index + 1, exchange, ...(readsAfter === undefined ? {} : { readsAfter }) });
  }
  if (end !== undefined && end.value.exchanges !== exchanges.length) {
    throw new ConfigError(`${file}:${end.line}: the end line counts ${end.value.exchanges} exchange(s), the file holds ${exchanges.length}: lines were lost or added`);
  }
  if (end?.value.requests !== undefined && end.value.requests !== requests) {
    throw new ConfigError(`${file}:${end.line}: the end line counts ${end.value.requests} request(s), the file holds ${requests}: lines were lost or added`);
  }
  if (end !== undefined && end.value.sha256 === undefined && (header.format ?? 0) >= 2) {
    throw new ConfigError(`${file}:${end.line}: the end line has no sha256, which recording format ${header.format} always writes: the file was changed after it was written`);
  }
  if (end?.value.sha256 !== undefined) {
    // Each line as the kit wrote it: a carriage return a checkout added (git's core.autocrlf) ends no line the kit wrote,
    // and the end line as written before its sha256, its last member, was added.
    const asWritten = (line: string) => line.replace(/\r$/, '');
    const before = `${lines.slice(0, end.line - 1).map(asWritten).join('\n')}\n`;
    const endWithoutDigest = `${asWritten(lines[end.line - 1] ?? '').replace(/,"sha256":"[0-9a-f]{64}"\}$/, '}')}\n`;
    // Format 3's digest covers the end line too, as written without its sha256; format 2's (written by kits of either
    // rule) may cover the lines before it only.
    const digests = [createHash('sha256').update(before).update(endWithoutDigest).digest('hex')];
    if (header.format === 2) digests.push(createHash('sha256').update(before).digest('hex'));
    if (!digests.includes(end.value.sha256)) {
      throw new ConfigError(
        `${file}:${end.line}: the file is not as it was written (the SHA-256 of its lines, this end line's own included, differs from the sha256 this end line holds): a line was edited, moved, added or left out`,
      );
    }
  }
  return {
    file,
    header,
    exchanges,
    requests,
    // The last whole line (1-based): lines[lastLine] is the cut one, where one was cut.
    lastWholeLine: cutLine === undefined ? lastLine + 1 : lastWholeLineBefore(lines, cutLine),
    end: end?.value,
    ...(cutLine === undefined ? {} : { cutLine: cutLine + 1 }),
    ...(putBackPending.length === 0 ? {} : { putBackPending }),
  };
}

/** The number (1-based) of the last line before `index` (0-based) that holds anything. */
function lastWholeLineBefore(lines: readonly string[], index: number): number {
  let line = index - 1;
  while (line > 0 && (lines[line] ?? '').trim() === '') line -= 1;
  return line + 1;
}
