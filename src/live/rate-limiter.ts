import { ConfigError } from '../config-error.ts';
import { systemClock, type Clock } from '../clock.ts';

/** Options of {@link createRateLimiter}. */
export interface RateLimiterOptions {
  /** Requests per second at the most; `undefined` for no limit. */
  readonly maxPerSecond: number | undefined;
  readonly clock?: Clock;
  /** Called with the time each request is let through (for tests and reports). */
  readonly onGrant?: (time: number) => void;
}

/** Spaces requests evenly: each one waits for its slot, `1000 / maxPerSecond` ms after the previous one. */
export interface RateLimiter {
  readonly maxPerSecond: number | undefined;
  /** Resolves when the caller may send its request. */
  acquire(): Promise<void>;
}

/**
 * A rate limiter that hands out evenly spaced slots in call order, so no window of one second ever holds more than
 * `maxPerSecond` requests (plus the one at its edge).
 *
 * @example
 * const limiter = createRateLimiter({ maxPerSecond: 2 });
 * await limiter.acquire(); // at once; the next call waits 500 ms
 */
export function createRateLimiter(options: RateLimiterOptions): RateLimiter {
  const { maxPerSecond } = options;
  if (maxPerSecond !== undefined && !(maxPerSecond > 0 && Number.isFinite(maxPerSecond))) {
    throw new ConfigError(`--max-rps: expected a number > 0, got ${maxPerSecond}`);
  }
  const clock = options.clock ?? systemClock;
  const interval = maxPerSecond === undefined ? 0 : 1000 / maxPerSecond;
  let nextSlot = Number.NEGATIVE_INFINITY;
  return {
    maxPerSecond,
    async acquire() {
      const now = clock.now();
      if (maxPerSecond === undefined) {
        options.onGrant?.(now);
        return;
      }
      const slot = Math.max(now, nextSlot);
      nextSlot = slot + interval;
      if (slot > now) await clock.sleep(slot - now);
      options.onGrant?.(slot);
    },
  };
}
