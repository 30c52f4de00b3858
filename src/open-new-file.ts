import { openSync, statSync } from 'node:fs';
import { ConfigError } from './config-error.ts';
import { errnoCode } from './errno-code.ts';

/**
 * The one-line message for a file the kit keeps (a recording, a saved fixture, a live run's report) found where a flag
 * would write.
 *
 * @example
 * alreadyExists('--output', 'org.json', 'a fixture'); // '--output org.json: already exists, and a fixture is never replaced; remove it or name another file'
 */
export function alreadyExists(flag: string, file: string, keptAs: string): string {
  return `${flag} ${file}: already exists, and ${keptAs} is never replaced; remove it or name another file`;
}

/**
 * The one-line message for a flag that writes only new files (a recording, a saved fixture) given a file that exists,
 * whatever it holds.
 *
 * @example
 * writtenOnlyToNewFiles('--record', 'org.json', 'a recording'); // '--record org.json: already exists, and a recording is only ever written to a new file; remove it or name another file'
 */
export function writtenOnlyToNewFiles(flag: string, file: string, keptAs: string): string {
  return `${flag} ${file}: already exists, and ${keptAs} is only ever written to a new file; remove it or name another file`;
}

/**
 * Opens a file for writing only if no regular file of that name exists (a device or a pipe such as `/dev/stdout` is opened as
 * it is): a recording or a saved fixture never replaces one, even one that appeared after the run's first check. Throws a
 * {@link ConfigError} naming the flag otherwise.
 *
 * @example
 * const descriptor = openNewFile('--record', 'run.ndjson', 'a recording');
 */
export function openNewFile(flag: string, file: string, keptAs: string): number {
  try {
    return openSync(file, 'wx');
  } catch (error) {
    if (errnoCode(error) !== 'EEXIST') throw new ConfigError(`${flag} ${file}: cannot be written (${errnoCode(error)})`);
  }
  if (statSync(file, { throwIfNoEntry: false })?.isFile() !== false) throw new ConfigError(writtenOnlyToNewFiles(flag, file, keptAs));
  try {
    return openSync(file, 'w');
  } catch (error) {
    throw new ConfigError(`${flag} ${file}: cannot be written (${errnoCode(error)})`);
  }
}
