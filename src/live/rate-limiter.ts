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

/** Spaces requests evenly: each one waits for its slot, a little over `1000 / maxPerSecond` ms after the previous one. */
export interface RateLimiter {
  readonly maxPerSecond: number | undefined;
  /** Resolves when the caller may send its request. */
  acquire(): Promise<void>;
}

/**
 * A rate limiter that hands out evenly spaced slots in call order, so that no window of one second, its two ends included,
 * ever holds more than `maxPerSecond` requests.
 *
 * @example
 * const limiter = createRateLimiter({ maxPerSecond: 2 });
 * await limiter.acquire(); // at once; the next call waits a little over 500 ms
 */
export function createRateLimiter(options: RateLimiterOptions): RateLimiter {
  const { maxPerSecond } = options;
  if (maxPerSecond !== undefined && !(maxPerSecond > 0 && Number.isFinite(maxPerSecond))) {
    throw new ConfigError(`--max-rps: expected a number > 0, got ${maxPerSecond}`);
  }
  const clock = options.clock ?? systemClock;
  // A hair over 1000 / maxPerSecond: a window that starts and ends on a grant then still holds maxPerSecond, not one more.
  const interval = maxPerSecond === undefined ? 0 : (1000 / maxPerSecond) * 1.001;
  let lastGrant = Number.NEGATIVE_INFINITY;
  let queue: Promise<void> = Promise.resolve();
  return {
    maxPerSecond,
    acquire() {
      if (maxPerSecond === undefined) {
        options.onGrant?.(clock.now());
        return Promise.resolve();
      }
      // Each slot counts from when the one before was granted, not from when it was due: a timer that fires late would
      // otherwise leave the next one closer than the interval (and a timer may fire up to a millisecond early: waited again).
      const granted = queue.then(async () => {
        const due = lastGrant + interval;
        for (let now = clock.now(); now < due; now = clock.now()) await clock.sleep(Math.ceil(due - now));
        lastGrant = clock.now();
        options.onGrant?.(lastGrant);
      });
      queue = granted;
      return granted;
    },
  };
}
