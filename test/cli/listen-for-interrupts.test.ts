import { afterEach, describe, expect, it } from 'vitest';
import { listenForInterrupts, sameInterruptWindowMs, type RunInterrupts } from '../../src/cli/run-interrupts.ts';

let interrupts: RunInterrupts | undefined;

afterEach(() => {
  interrupts?.dispose();
  interrupts = undefined;
});

/** Interrupts listened for as a run against a mock does, on a clock the test moves, with what they print and how they exit. */
function listening(): { readonly printed: string[]; readonly exits: number[]; advance(ms: number): void } {
  const printed: string[] = [];
  const exits: number[] = [];
  let clock = 1_000;
  interrupts = listenForInterrupts({ stderr: { write: (text: string) => printed.push(text) }, live: false, exit: (code) => exits.push(code), now: () => clock });
  interrupts.casesStarted();
  return { printed, exits, advance: (ms) => (clock += ms) };
}

// The listeners are called as Node calls them for a signal received; no signal is sent to the test's own process.
const receive = (signal: 'SIGINT' | 'SIGTERM') => process.emit(signal, signal);

describe('listenForInterrupts', () => {
  it('takes the same signal again within a moment as the first one delivered twice (GNU timeout signals the run and then its process group: trialW #2)', () => {
    const { printed, exits, advance } = listening();

    receive('SIGTERM');
    advance(2);
    receive('SIGTERM');

    expect(interrupts?.signal.aborted).toBe(true);
    expect(exits).toEqual([]);
    expect(printed.join('')).toContain('interrupted (SIGTERM): no case starts now');
    expect(printed.join('')).not.toContain('quit at once (SIGTERM)');
  });

  it('quits at once at the same signal once the moment has passed: a person interrupting again', () => {
    const { printed, exits, advance } = listening();

    receive('SIGINT');
    advance(sameInterruptWindowMs);
    receive('SIGINT');

    expect(exits).toEqual([130]);
    expect(printed.join('')).toContain('quit at once (SIGINT), without a report');
  });

  it('quits at once at another signal however soon it comes (a CI cancel that follows its SIGINT with a SIGTERM)', () => {
    const { exits, advance } = listening();

    receive('SIGINT');
    advance(1);
    receive('SIGTERM');

    expect(exits).toEqual([143]);
  });
});
