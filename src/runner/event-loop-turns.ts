import { setImmediate } from 'node:timers';

/** How often, at the most, a run lets the event loop take a turn, in milliseconds. */
const turnIntervalMs = 20;

/** Calls between two looks at the clock, by default: reading it on every request would cost the hot path for nothing. */
const defaultCallsPerLook = 64;

/**
 * A function that, called before each request, now and then (every 20 ms or so) gives a promise that resolves in the event
 * loop's next turn, and `undefined` otherwise; it looks at the clock every `callsPerLook` calls. A target that answers in the same tick (the embedded mock, a handler) never
 * lets the event loop run: without these turns, a signal handler (Ctrl-C) or a timer (`signal` aborted on a timeout) would
 * wait for the end of the run. The turn goes through node:timers' own `setImmediate`, so that a test's fake timers cannot
 * stall a run.
 *
 * @example
 * const turns = createEventLoopTurns();
 * const turn = turns();
 * if (turn !== undefined) await turn;
 */
export function createEventLoopTurns(callsPerLook = defaultCallsPerLook): () => Promise<void> | undefined {
  let last = performance.now();
  let calls = 0;
  return () => {
    calls += 1;
    if (calls % callsPerLook !== 0) return undefined;
    const now = performance.now();
    if (now - last < turnIntervalMs) return undefined;
    last = now;
    return new Promise<void>((resolve) => setImmediate(resolve));
  };
}
