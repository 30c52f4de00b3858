import { accessSync, closeSync, constants, openSync, readSync, realpathSync, statSync, writeFileSync, type Stats } from 'node:fs';
import { basename, dirname, resolve } from 'node:path';
import { ConfigError } from '../config-error.ts';
import { errnoCode } from '../errno-code.ts';
import { alreadyExists, writtenOnlyToNewFiles } from '../open-new-file.ts';
import { parseJsonObject } from '../parse-json.ts';

/** A file a run writes, named by its flag. */
export interface WrittenFile {
  readonly flag: string;
  readonly file: string;
  /** What the file holds, when an existing file of that name is kept rather than replaced ('a recording'); else replaced. */
  readonly keptAs?: string;
}

/** A file a run reads, named by its flag. */
export interface ReadFile {
  readonly flag: string;
  readonly file: string;
}

/**
 * Checks, before a run sends anything, the files it will write: each can be written (its folder exists and is writable, it
 * is not a folder), none is also another written file or a file the run reads (`--output org.json --fixture org.json` would
 * replace the fixture with the report), and none that is kept (a recording, a saved fixture) exists already. A report
 * (`--output`) replaces only an empty file or an earlier report that is not a live run's (see `keptKindOf`). Devices and pipes
 * (`/dev/stdout`) are neither kept nor compared: writing to them replaces nothing.
 *
 * @example
 * checkRunFiles([{ flag: '--output', file: 'report.json' }, { flag: '--record', file: 'run.ndjson', keptAs: 'a recording' }], [{ flag: '--fixture', file: 'org.json' }]);
 */
export function checkRunFiles(written: readonly WrittenFile[], read: readonly ReadFile[]): void {
  const seen = new Map<string, string>();
  for (const { flag, file } of read) {
    let existing: Stats | undefined;
    try {
      existing = statSync(resolve(file), { throwIfNoEntry: false });
    } catch {
      continue; // a file that cannot be read is its loader's to report
    }
    const identity = identityOf(file, existing);
    if (identity !== undefined) seen.set(identity, flag);
  }
  for (const { flag, file, keptAs } of written) {
    // An empty name resolves to the current folder, which is not what the user meant by it.
    if (file.trim() === '') throw new ConfigError(`${flag}: needs a file name, got '${file}'`);
    const existing = statOrUndefined(flag, file);
    checkWritable(flag, file, existing);
    if (existing?.isFile() === true && keptAs !== undefined) throw new ConfigError(writtenOnlyToNewFiles(flag, file, keptAs));
    const identity = identityOf(file, existing);
    const other = identity === undefined ? undefined : seen.get(identity);
    if (other !== undefined) throw new ConfigError(`${flag} ${file}: is also the ${other} file; name another file for ${flag}`);
    // A report may replace yesterday's report, never what may be the only trace of how the service behaved.
    const kept = existing?.isFile() === true ? keptKindOf(file, existing.size) : undefined;
    if (kept !== undefined) throw new ConfigError(alreadyExists(flag, file, kept));
    if (identity !== undefined) seen.set(identity, flag);
  }
}

/** The most of an existing file read to tell whether it is one the kit never replaces. */
const maxKeptFileBytes = 64 * 1024 * 1024;

/**
 * What an existing file holds where the kit must not replace it; `undefined` only for an empty file or an earlier report of
 * the kit (console, JSON or JUnit, of a run or a replay) that is not a live run's. A recording (its first line a run header),
 * a live run's JSON report and a fixture are named as such; anything else (a compressed recording, notes, a script) is a
 * file the kit did not write, which it does not replace either.
 */
function keptKindOf(file: string, size: number): string | undefined {
  let text: string;
  try {
    // A recording tells itself by its first line; a report or fixture is read whole only up to a size such files have.
    const descriptor = openSync(resolve(file), 'r');
    try {
      const buffer = Buffer.alloc(Math.min(size, maxKeptFileBytes));
      text = buffer.subarray(0, readSync(descriptor, buffer, 0, buffer.length, 0)).toString('utf8');
    } finally {
      closeSync(descriptor);
    }
  } catch (error) {
    return `a file that cannot be read to tell what it holds (${errnoCode(error)})`;
  }
  if (text.trim() === '') return undefined;
  const newline = text.indexOf('\n');
  const first = parseJsonObject(newline === -1 ? text : text.slice(0, newline));
  if (first?.['type'] === 'run' && first['tool'] === 'workmail-conformance') return 'a recording';
  const whole = parseJsonObject(text.replace(/^\uFEFF/, ''));
  if (whole !== undefined) {
    if (typeof whole['live'] === 'object' && whole['live'] !== null && whole['tool'] !== undefined) return "a live run's report";
    if (Array.isArray(whole['organizations']) && whole['tool'] === undefined) return 'a fixture';
    const tool = whole['tool'];
    return typeof tool === 'object' && tool !== null && (tool as Record<string, unknown>)['name'] === 'workmail-conformance' ? undefined : notAReport;
  }
  if (!earlierTextReport.test(text)) return notAReport;
  return /\nLive run \(/.test(text) ? "a live run's report" : undefined;
}

/** What `--output` calls a file that is no report of the kit. */
const notAReport = 'a file that is not a report of workmail-conformance';

/** The first line of a console or JUnit report of a run or a replay, as the kit writes them. */
const earlierTextReport = /^(workmail-conformance \d|replay of |<\?xml[^>]*>\s*<testsuites name="workmail-conformance[ "])/;

function statOrUndefined(flag: string, file: string): Stats | undefined {
  try {
    return statSync(resolve(file), { throwIfNoEntry: false });
  } catch (error) {
    throw new ConfigError(`${flag} ${file}: cannot be written (${errnoCode(error)})`);
  }
}

function checkWritable(flag: string, file: string, existing: Stats | undefined): void {
  if (existing?.isDirectory() === true) throw new ConfigError(`${flag} ${file}: is a folder; name the file to write to`);
  const written = existing === undefined ? dirname(resolve(file)) : resolve(file);
  try {
    accessSync(written, constants.W_OK);
  } catch (error) {
    throw new ConfigError(`${flag} ${file}: cannot be written (${errnoCode(error)}${existing === undefined ? ` for its folder ${written}` : ''})`);
  }
}

/** The same string for two names of one regular file (links, `./`, symbolic links included); undefined for a device or a pipe. */
function identityOf(file: string, existing: Stats | undefined): string | undefined {
  if (existing !== undefined) return existing.isFile() ? `${existing.dev}:${existing.ino}` : undefined;
  try {
    return resolve(realpathSync(dirname(resolve(file))), basename(file));
  } catch {
    return resolve(file);
  }
}

/**
 * Writes a command's report to stdout, or to `--output` when given. A file checked writable before the run (see
 * {@link checkRunFiles}) that cannot be written after it loses nothing: the report goes to stdout, with one line on stderr,
 * and the result is `false` (exit code 2). `written` is told where the report went, for a line of its own.
 *
 * @example
 * const ok = writeReport(options.output, text, (file) => process.stderr.write(`report written to ${file}\n`));
 */
export function writeReport(output: string | undefined, text: string, written?: (file: string) => void): boolean {
  if (output === undefined) {
    process.stdout.write(text);
    return true;
  }
  const failure = writeOrFailure(output, text);
  if (failure === undefined) {
    written?.(output);
    return true;
  }
  // Checked writable before the run, yet not writable now: the report is not lost, it goes to stdout.
  process.stdout.write(text);
  process.stderr.write(`workmail-conformance: --output ${output}: cannot be written (${failure}); the report is on stdout instead\n`);
  return false;
}

/** Writes a file; the error's code where it cannot be written. */
function writeOrFailure(file: string, text: string): string | undefined {
  try {
    writeFileSync(file, text);
    return undefined;
  } catch (error) {
    return errnoCode(error);
  }
}

/**
 * Writes one more report (`--report NAME=FILE`) to its file; where it cannot be written after the run (checked writable
 * before it), says so in one line naming the flag, and the run exits 2. Its text is not put on stdout: the main report is.
 *
 * @example
 * writeReportFile('--report junit=conformance.xml', 'conformance.xml', reporters.junit(report), (file) => console.error(`report written to ${file}`));
 */
export function writeReportFile(flag: string, file: string, text: string, written?: (file: string) => void): boolean {
  const failure = writeOrFailure(file, text);
  if (failure === undefined) written?.(file);
  else process.stderr.write(`workmail-conformance: ${flag}: cannot be written (${failure})\n`);
  return failure === undefined;
}
