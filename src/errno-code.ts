/**
 * The code of a file-system or network error (`ENOENT`, `EACCES`, `EADDRINUSE`…) for a one-line message, or `fallback` when
 * the error carries none.
 *
 * @example
 * errnoCode(Object.assign(new Error('no'), { code: 'ENOENT' })); // 'ENOENT'
 * errnoCode(new Error('no'), 'unreadable'); // 'unreadable'
 */
export function errnoCode(error: unknown, fallback = 'error'): string {
  const code = (error as { code?: unknown } | null | undefined)?.code;
  return typeof code === 'string' && code !== '' ? code : fallback;
}
