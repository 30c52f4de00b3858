import { createHash } from 'node:crypto';
import { closeSync, openSync, readFileSync, readSync } from 'node:fs';
import { ConfigError, isConfigError } from '../config-error.ts';
import { formatJsonPath } from '../load-json-file.ts';
import { toolVersion } from '../tool-version.ts';
import { recordingFormat } from './recording-format.ts';
import { putBackPendingSchema, recordedExchangeSchema, recordedRequestSchema, recordingEndSchema, recordingHeaderSchema, type RecordedRead, type Recording, type RecordingEnd, type RecordingHeader } from './recording-schema.ts';
import { getOrInsertComputed } from '../get-or-insert-computed.ts';
import { errnoCode } from '../errno-code.ts';
import { parseJsonValue } from '../parse-json.ts';

/** How much of a recording is read at a time: a recording is read line by line, never whole (trialW #7). */
const defaultChunkBytes = 1 << 20;

/**
 * The lines of an open file, each as its bytes without the newline, read a chunk at a time; the last one says whether a
 * newline ended it.
 */
function* linesOf(descriptor: number, chunkBytes: number): Generator<{ readonly bytes: Buffer; readonly last: boolean }> {
  const chunk = Buffer.alloc(chunkBytes);
  let pieces: Buffer[] = [];
  for (;;) {
    const read = readSync(descriptor, chunk, 0, chunkBytes, null);
    if (read === 0) break;
    let start = 0;
    for (let newline = chunk.indexOf(0x0a, start); newline !== -1 && newline < read; newline = chunk.indexOf(0x0a, start)) {
      const piece = chunk.subarray(start, newline);
      yield { bytes: pieces.length === 0 ? Buffer.from(piece) : Buffer.concat([...pieces, piece]), last: false };
      pieces = [];
      start = newline + 1;
    }
    if (start < read) pieces.push(Buffer.from(chunk.subarray(start, read)));
  }
  yield { bytes: Buffer.concat(pieces), last: true };
}

/** Options of {@link loadRecording}. */
export interface LoadRecordingOptions {
  /**
   * Whether to keep each exchange (replay and serve need them); `false` still reads and checks every line and counts them
   * (`exchangeCount`), in memory that does not grow with the file (verify). Default `true`.
   */
  readonly keepExchanges?: boolean;
  /** How many bytes are read at a time; 1 MiB by default. */
  readonly chunkBytes?: number;
}

/**
 * Reads an NDJSON recording, line by line; a bad file throws one {@link ConfigError} line naming `file:line` and the JSON
 * path of the problem.
 *
 * @example
 * const recording = loadRecording('run.ndjson');
 * recording.exchanges.length;
 */
export function loadRecording(file: string, options: LoadRecordingOptions = {}): Recording {
  let descriptor: number;
  try {
    descriptor = openSync(file, 'r');
  } catch (error) {
    throw new ConfigError(`${file}: cannot be read (${errnoCode(error, 'unreadable')})`);
  }
  try {
    return readRecording(file, linesOf(descriptor, options.chunkBytes ?? defaultChunkBytes), options.keepExchanges !== false);
  } catch (error) {
    // A file that cannot be read on (a directory, an I/O error), or a line longer than a string can be: said in one line.
    if (error instanceof RangeError) throw new ConfigError(`${file}: cannot be read (a line too long to read)`);
    if (isConfigError(error) || errnoCode(error, '') === '') throw error;
    throw new ConfigError(`${file}: cannot be read (${errnoCode(error, 'unreadable')})`);
  } finally {
    closeSync(descriptor);
  }
}

function readRecording(file: string, lines: Iterable<{ readonly bytes: Buffer; readonly last: boolean }>, keepExchanges: boolean): Recording {
  // Fatal: a recording is JSON the kit wrote, UTF-8 throughout; a byte that is not was changed since (or the file is another).
  const decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
  const parse = (text: string, index: number): unknown => {
    try {
      return JSON.parse(text);
    } catch (error) {
      throw new ConfigError(`${file}:${index + 1}: not valid JSON (${(error as Error).message})`);
    }
  };
  const check = <T>(schema: { safeParse(value: unknown): { success: true; data: T } | { success: false; error: { issues: { path: PropertyKey[]; message: string }[] } } }, value: unknown, index: number): T => {
    const result = schema.safeParse(value);
    if (result.success) return result.data;
    const issue = result.error.issues[0];
    throw new ConfigError(`${file}:${index + 1}: ${formatJsonPath(issue?.path ?? [])}: ${issue?.message ?? 'invalid'}`);
  };
  // The digest covers each line as the kit wrote it: a carriage return a checkout added (git's core.autocrlf) ends no line
  // the kit wrote, nor is a byte order mark an editor added part of the first one.
  const hash = createHash('sha256');
  let header: RecordingHeader | undefined;
  const exchanges: Recording['exchanges'][number][] = [];
  let exchangeCount = 0;
  let end: { line: number; value: RecordingEnd; digests: string[] } | undefined;
  let putBackPending: readonly string[] = [];
  let requests = 0;
  const pendingReads = new Map<string, RecordedRead[]>();
  let lastWholeLine = 1;
  let cutLine: number | undefined;
  let index = -1;
  for (const { bytes, last } of lines) {
    index += 1;
    if (index === 0 && bytes[0] === 0x1f && bytes[1] === 0x8b) throw new ConfigError(`${file}: is gzip-compressed: decompress it first (gunzip -k ${file})`);
    let asWritten = bytes.at(-1) === 0x0d ? bytes.subarray(0, -1) : bytes;
    if (index === 0 && asWritten[0] === 0xef && asWritten[1] === 0xbb && asWritten[2] === 0xbf) asWritten = asWritten.subarray(3);
    let text: string;
    try {
      text = decoder.decode(asWritten);
    } catch (error) {
      if (error instanceof TypeError) throw new ConfigError(`${file}:${index + 1}: not UTF-8 text, as every line the kit writes is: the file was changed after it was written, or is no recording`);
      throw error;
    }
    const blank = text.trim() === '';
    if (index === 0) {
      if (blank) throw new ConfigError(`${file}:1: empty: expected a recording header line`);
      const first = parseJsonValue(text);
      if (first === undefined && !last && parseJsonValue(readFileSync(file, 'utf8').replace(/^\ufeff/, '')) !== undefined) {
        throw new ConfigError(`${file}: is one JSON document, not a recording (one JSON object per line, written by run --record): a report (--reporter json) or a fixture?`);
      }
      header = check(recordingHeaderSchema, first ?? parse(text, 0), 0);
      // Told before anything else of the file: what a newer format means, this kit cannot judge.
      if (header.format !== undefined && header.format > recordingFormat) {
        throw new ConfigError(`${file}: is recording format ${header.format}, newer than this kit reads (${recordingFormat}, workmail-conformance ${toolVersion}): upgrade workmail-conformance`);
      }
      hash.update(asWritten).update('\n');
      continue;
    }
    if (blank) {
      if (end === undefined) hash.update(asWritten).update('\n');
      continue;
    }
    // A last line that is no JSON, with no newline after it, was cut in the middle of being written (a full disk, a run
    // killed mid-write, a copy in part): it is left out, and the recording has no end line.
    if (last && parseJsonValue(text) === undefined) {
      cutLine = index + 1;
      continue;
    }
    if (end !== undefined) throw new ConfigError(`${file}:${index + 1}: a line after the end line (line ${end.line}): the file was put together from more than one recording`);
    lastWholeLine = index + 1;
    const value = parse(text, index);
    const type = (value as { type?: unknown } | null)?.type;
    if (type === 'end') {
      // Format 3's digest covers the end line too, as written without its sha256 (its last member); format 2's (written by
      // kits of either rule) may cover the lines before it only.
      const digests = header?.format === 2 ? [hash.copy().digest('hex')] : [];
      digests.unshift(hash.update(text.replace(/,"sha256":"[0-9a-f]{64}"\}$/, '}')).update('\n').digest('hex'));
      end = { line: index + 1, value: check(recordingEndSchema, value, index), digests };
      continue;
    }
    hash.update(asWritten).update('\n');
    if (type === 'putBackPending') {
      putBackPending = check(putBackPendingSchema, value, index).commands;
      continue;
    }
    if (type === 'request') {
      const request = check(recordedRequestSchema, value, index);
      requests += 1;
      // A read of what a case did comes before that case's exchange line (written once judged): kept for it until then.
      if (keepExchanges && request.after !== undefined) getOrInsertComputed(pendingReads, request.after, () => []).push({ line: index + 1, request });
      continue;
    }
    const exchange = check(recordedExchangeSchema, value, index);
    if (exchange.input === undefined && exchange.rawBody === undefined) throw new ConfigError(`${file}:${index + 1}: $: an exchange needs input or rawBody`);
    exchangeCount += 1;
    if (!keepExchanges) continue;
    const readsAfter = pendingReads.get(exchange.path);
    pendingReads.delete(exchange.path);
    exchanges.push({ line: index + 1, exchange, ...(readsAfter === undefined ? {} : { readsAfter }) });
  }
  if (header === undefined) throw new ConfigError(`${file}:1: empty: expected a recording header line`);
  if (end !== undefined && end.value.exchanges !== exchangeCount) {
    throw new ConfigError(`${file}:${end.line}: the end line counts ${end.value.exchanges} exchange(s), the file holds ${exchangeCount}: lines were lost or added`);
  }
  if (end?.value.requests !== undefined && end.value.requests !== requests) {
    throw new ConfigError(`${file}:${end.line}: the end line counts ${end.value.requests} request(s), the file holds ${requests}: lines were lost or added`);
  }
  if (end !== undefined && end.value.sha256 === undefined && (header.format ?? 0) >= 2) {
    throw new ConfigError(`${file}:${end.line}: the end line has no sha256, which recording format ${header.format} always writes: the file was changed after it was written`);
  }
  if (end?.value.sha256 !== undefined && !end.digests.includes(end.value.sha256)) {
    throw new ConfigError(
      `${file}:${end.line}: the file is not as it was written (the SHA-256 of its lines, this end line's own included, differs from the sha256 this end line holds): a line was edited, moved, added or left out`,
    );
  }
  return {
    file,
    header,
    exchanges,
    exchangeCount,
    requests,
    lastWholeLine,
    end: end?.value,
    ...(cutLine === undefined ? {} : { cutLine }),
    ...(putBackPending.length === 0 ? {} : { putBackPending }),
  };
}
