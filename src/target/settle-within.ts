/** How a piece of in-process work ended: with a value, by throwing, or by not finishing in time. */
export type Settled<T> =
  | { readonly kind: 'value'; readonly value: T }
  | { readonly kind: 'thrown'; readonly error: unknown }
  | { readonly kind: 'timeout' };

/**
 * Runs sync or async work and reports how it ended within `timeoutMs`, never rejecting and never waiting longer.
 *
 * @example
 * const settled = await settleWithin(() => handle(request), 1000);
 * if (settled.kind === 'timeout') console.log('no answer');
 */
export async function settleWithin<T>(work: () => T | Promise<T>, timeoutMs: number): Promise<Settled<T>> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<Settled<T>>((resolve) => {
    timer = setTimeout(() => resolve({ kind: 'timeout' }), timeoutMs);
  });
  const run = (async (): Promise<Settled<T>> => {
    try {
      return { kind: 'value', value: await work() };
    } catch (error) {
      return { kind: 'thrown', error };
    }
  })();
  try {
    return await Promise.race([run, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * A one-line description of anything thrown, for `networkError` observations.
 *
 * @example
 * describeThrown(new TypeError('boom')); // 'TypeError: boom'
 */
export function describeThrown(error: unknown): string {
  if (error instanceof Error) return `${error.name}: ${error.message}`.split('\n')[0] ?? error.name;
  return String(error).split('\n')[0] ?? '';
}
