import { openSync, statSync } from 'node:fs';
import { ConfigError } from './config-error.ts';
import { errnoCode } from './errno-code.ts';

/**
 * The one-line message for a file the kit keeps (a recording, a saved fixture) found already there.
 *
 * @example
 * alreadyExists('--record', 'run.ndjson', 'a recording'); // '--record run.ndjson: already exists, and a recording is never replaced; remove it or name another file'
 */
export function alreadyExists(flag: string, file: string, keptAs: string): string {
  return `${flag} ${file}: already exists, and ${keptAs} is never replaced; remove it or name another file`;
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
  if (statSync(file, { throwIfNoEntry: false })?.isFile() !== false) throw new ConfigError(alreadyExists(flag, file, keptAs));
  try {
    return openSync(file, 'w');
  } catch (error) {
    throw new ConfigError(`${flag} ${file}: cannot be written (${errnoCode(error)})`);
  }
}
