import { ConfigError } from '../config-error.ts';

/**
 * Where a case comes from, as `--path` names it: a coverage case by index, a property run by fast-check path, or a sequence of
 * the stateful phase by the index of the run that first failed (replayed and shrunk again; the operation is the one whose
 * step failed).
 */
export type CasePath =
  | { readonly operation: string; readonly source: 'coverage' | 'stateful'; readonly index: number }
  | { readonly operation: string; readonly source: 'valid' | 'invalid'; readonly fastCheckPath: string };

/**
 * Writes a case path: `DeleteMailboxPermissions.coverage:17` or `DeletePersonalAccessToken.invalid:42:3:0`.
 *
 * @example
 * formatCasePath({ operation: 'DeletePersonalAccessToken', source: 'invalid', fastCheckPath: '42:3' });
 */
export function formatCasePath(path: CasePath): string {
  return `${path.operation}.${path.source}:${'index' in path ? path.index : path.fastCheckPath}`;
}

/**
 * Reads a `--path` value, or throws a one-line error naming the flag (or the option `option` names, from code).
 *
 * @example
 * parseCasePath('DeleteMailboxPermissions.coverage:17'); // { operation: 'DeleteMailboxPermissions', source: 'coverage', index: 17 }
 */
export function parseCasePath(text: string, option = '--path'): CasePath {
  const match = /^([A-Za-z0-9]+)\.(coverage|valid|invalid|stateful):(\d+(?::\d+)*)$/.exec(text);
  if (match === null) {
    throw new ConfigError(`${option}: '${text}' is not a case path such as DeleteMailboxPermissions.coverage:17 or DeletePersonalAccessToken.invalid:42:3:0`);
  }
  const [, operation = '', source = '', rest = ''] = match;
  if (source === 'coverage' || source === 'stateful') {
    if (rest.includes(':')) throw new ConfigError(`${option}: a ${source} path has one index, got '${rest}'`);
    return { operation, source, index: Number(rest) };
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
