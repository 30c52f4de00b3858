import type { Clock } from '../../src/clock.ts';

/**
 * A clock that never waits: sleeping moves its time forward, and every wait is remembered.
 *
 * @example
 * const clock = virtualClock();
 * await clock.sleep(50);
 * clock.now(); // 50
 * clock.waits; // [50]
 */
export function virtualClock(): Clock & { readonly waits: number[] } {
  let time = 0;
  const waits: number[] = [];
  return {
    waits,
    now: () => time,
    sleep: (milliseconds) => {
      waits.push(milliseconds);
      time = Math.max(time, time + milliseconds);
      return Promise.resolve();
    },
  };
}
