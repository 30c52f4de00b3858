import { ConfigError } from '../config-error.ts';

/**
 * Where a case comes from, as `--path` names it: a coverage case by index, a property run by fast-check path, or a sequence of
 * the stateful phase by fast-check path (the operation is the one whose step failed). A shrunk sequence's path carries,
 * after `@`, the replay path fast-check gives with it (which of the sequence's commands ran as it shrank): with it, fast-check
 * draws the shrunk sequence again without sending the sequences before it.
 */
export type CasePath =
  | { readonly operation: string; readonly source: 'coverage'; readonly index: number }
  | { readonly operation: string; readonly source: 'valid' | 'invalid'; readonly fastCheckPath: string }
  | { readonly operation: string; readonly source: 'stateful'; readonly fastCheckPath: string; readonly replayPath?: string };

/**
 * Writes a case path: `DeleteMailboxPermissions.coverage:17`, `DeletePersonalAccessToken.invalid:42:3:0` or
 * `DeleteMailboxPermissions.stateful:7:2:0@AAAAB:CD`.
 *
 * @example
 * formatCasePath({ operation: 'DeletePersonalAccessToken', source: 'invalid', fastCheckPath: '42:3' });
 */
export function formatCasePath(path: CasePath): string {
  if (path.source === 'coverage') return `${path.operation}.coverage:${path.index}`;
  const replayPath = path.source === 'stateful' && path.replayPath !== undefined ? `@${path.replayPath}` : '';
  return `${path.operation}.${path.source}:${path.fastCheckPath}${replayPath}`;
}

/**
 * Reads a `--path` value, or throws a one-line error naming the flag (or the option `option` names, from code).
 *
 * @example
 * parseCasePath('DeleteMailboxPermissions.coverage:17'); // { operation: 'DeleteMailboxPermissions', source: 'coverage', index: 17 }
 * parseCasePath('DeleteMailboxPermissions.stateful:7:2@AAB:CD'); // { …, source: 'stateful', fastCheckPath: '7:2', replayPath: 'AAB:CD' }
 */
export function parseCasePath(text: string, option = '--path'): CasePath {
  // A replay path is fast-check's: run counts and changes, each in base-64 digits, joined by a colon.
  const match = /^([A-Za-z0-9]+)\.(coverage|valid|invalid|stateful):(\d+(?::\d+)*)(?:@([A-Za-z0-9+/]*:[A-Za-z0-9+/]*))?$/.exec(text);
  if (match === null) {
    throw new ConfigError(`${option}: '${text}' is not a case path such as DeleteMailboxPermissions.coverage:17 or DeletePersonalAccessToken.invalid:42:3:0`);
  }
  const [, operation = '', source = '', rest = '', replayPath] = match;
  if (replayPath !== undefined && source !== 'stateful') throw new ConfigError(`${option}: only a stateful path has a replay path after '@', got '${text}'`);
  if (source === 'coverage') {
    if (rest.includes(':')) throw new ConfigError(`${option}: a coverage path has one index, got '${rest}'`);
    return { operation, source, index: Number(rest) };
  }
  if (source === 'stateful') {
    // Without it, fast-check cannot tell which commands of each step ran, so it would draw another sequence in this one's name.
    if (rest.includes(':') && replayPath === undefined) {
      throw new ConfigError(`${option}: a shrunk stateful path ('${rest}') needs the replay path the report gives after it ('${text}@…'): copy the reproduce line whole`);
    }
    return replayPath === undefined ? { operation, source, fastCheckPath: rest } : { operation, source, fastCheckPath: rest, replayPath };
  }
  return { operation, source: source as 'valid' | 'invalid', fastCheckPath: rest };
}

/**
 * Throws where a path names a drawn case (a property run or a sequence) and no seed is given: only its seed draws that
 * case again, and a replay with a new seed would judge another input in its name. Coverage cases are the same in every run.
 *
 * @example
 * checkReplayHasSeed(parseCasePath('DeletePersonalAccessToken.invalid:7'), undefined, { path: '--path', seed: '--seed' }); // throws a ConfigError
 */
export function checkReplayHasSeed(path: CasePath, seed: number | undefined, options: { readonly path: string; readonly seed: string }): void {
  if (path.source === 'coverage' || seed !== undefined) return;
  throw new ConfigError(`${options.path}: ${path.operation}.${path.source} cases are drawn from the run's seed: give ${options.seed} too, as the report's reproduce line does`);
}
