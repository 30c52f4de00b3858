/** Where live-run timing comes from: the current time and a way to wait, injectable so that tests never wait for real. */
export interface Clock {
  /** Milliseconds on a monotonic scale. */
  now(): number;
  sleep(milliseconds: number): Promise<void>;
}

/**
 * The real clock: `performance.now()` and `setTimeout`.
 *
 * @example
 * await systemClock.sleep(200);
 */
export const systemClock: Clock = Object.freeze({
  now: () => performance.now(),
  sleep: (milliseconds: number) => new Promise<void>((resolve) => setTimeout(resolve, Math.max(0, milliseconds))),
});
