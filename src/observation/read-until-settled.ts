import { systemClock, type Clock } from '../clock.ts';

/**
 * How long a read may lag behind a change before a difference it shows counts. Neither AWS page promises that a List shows
 * a delete (or a put) at once, and a service that is eventually consistent shows it a little later: a difference is read
 * again, after growing pauses, for up to `windowMs`, and only what outlasts that counts.
 */
export interface SettleWindow {
  readonly windowMs: number;
  readonly clock?: Clock;
}

/** How long a read may lag, by default, in a run against a mock or a stand-in: a loopback mock that lags does so briefly. */
export const defaultSettleMs = 1_500;

/** How long a read may lag, by default, in a live run: the real service's reads are slow, and it may lag longer. */
export const defaultLiveSettleMs = 10_000;

/**
 * What reading again gave: the last read, how long after the first read it was sent (never past the window for a read that
 * settled), and whether it `settled`, the difference `outlasted` the window, or reading again was `stopped` (a read that failed).
 */
export interface Settled<T> {
  readonly read: T;
  readonly outcome: 'settled' | 'outlasted' | 'stopped';
  readonly afterMs: number;
}

/** The first pause; each next one doubles, the last cut to end at the window's end. */
const firstPauseMs = 50;

/**
 * Reads again until `judge` says a read settled (or that reading again is no use), or `window.windowMs` has passed since
 * the first read. The first read is `first`, judged already to differ: it is not judged again.
 *
 * @example
 * const settled = await readUntilSettled(firstRead, () => readList(), (read) => (read.includes(deleted) ? 'readAgain' : 'settled'), { windowMs: 1_500 });
 * settled.outcome; // 'settled' when a read within 1.5 s no longer showed the deleted record
 * settled.afterMs; // how long after the first read that read was sent
 */
export async function readUntilSettled<T>(first: T, readAgain: () => Promise<T>, judge: (read: T) => 'settled' | 'readAgain' | 'stop', window: SettleWindow): Promise<Settled<T>> {
  const clock = window.clock ?? systemClock;
  const start = clock.now();
  let read = first;
  for (let pause = firstPauseMs; ; pause *= 2) {
    const elapsed = clock.now() - start;
    if (elapsed >= window.windowMs) return { read, outcome: 'outlasted', afterMs: elapsed };
    await clock.sleep(Math.min(pause, window.windowMs - elapsed));
    // When the read was sent, within the window: its answer may come after it, and the lag it shows is no longer than this.
    const sentAfterMs = clock.now() - start;
    read = await readAgain();
    const verdict = judge(read);
    if (verdict !== 'readAgain') return { read, outcome: verdict === 'settled' ? 'settled' : 'stopped', afterMs: sentAfterMs };
  }
}

/**
 * A run's reads again: each difference a read shows is read again for up to the window, until one outlasts it; from then
 * on a difference is read once, since a target whose reads never catch up (a mock whose deletes remove nothing) would make
 * every failing case wait the whole window; unless some read has been seen to lag, where reading once would blame the lag.
 *
 * @example
 * const readsAgain = new ReadsAgain({ windowMs: 1_500 });
 * const settled = await readsAgain.settle(firstRead, () => readList(), (read) => (read.includes(deleted) ? 'readAgain' : 'settled'));
 * settled === undefined; // true when the window is 0, or an earlier difference outlasted it
 */
export class ReadsAgain {
  /** Whether some difference outlasted the window. */
  private outlasted = false;
  /** Whether some difference settled when read again: the target's reads lag. */
  private seenLate = false;

  constructor(readonly window: SettleWindow) {}

  /** {@link readUntilSettled} within the window; `undefined` where nothing is read again ({@link ReadsAgain.whyNotReadAgain}). */
  async settle<T>(first: T, readAgain: () => Promise<T>, judge: (read: T) => 'settled' | 'readAgain' | 'stop'): Promise<Settled<T> | undefined> {
    if (this.whyNotReadAgain() !== undefined) return undefined;
    const settled = await this.catchUp(first, readAgain, judge);
    if (settled.outcome === 'outlasted') this.outlasted = true;
    return settled;
  }

  /**
   * Reads again, within the window, a fresh read that still shows what a change left unjudged may have done. Neither way
   * is a difference of a case, so an outlasting read changes nothing of how later differences are read; one that settles
   * shows that the target's reads lag.
   *
   * @example
   * const caughtUp = await readsAgain.catchUp(freshRead, () => readList(), (read) => (read.includes(deleted) ? 'readAgain' : 'settled'));
   */
  async catchUp<T>(first: T, readAgain: () => Promise<T>, judge: (read: T) => 'settled' | 'readAgain' | 'stop'): Promise<Settled<T>> {
    const settled = await readUntilSettled(first, readAgain, judge, this.window);
    if (settled.outcome === 'settled') this.seenLate = true;
    return settled;
  }

  /**
   * Waits out the window where the target's reads have been seen to lag and what it should hold is not known (after a
   * sequence of changes that was not followed to its end): a read made at once could show changes still undone.
   *
   * @example
   * await readsAgain.waitOutLag(); // returns at once for a target whose reads never lagged
   */
  async waitOutLag(): Promise<void> {
    if (this.seenLate && this.whyNotReadAgain() === undefined) await (this.window.clock ?? systemClock).sleep(this.window.windowMs);
  }

  /**
   * Why a difference is not read again, where it is not: said beside it, so that a reader knows it was read once.
   *
   * @example
   * new ReadsAgain({ windowMs: 0 }).whyNotReadAgain(); // 'read once (a settle window of 0 ms)'
   */
  whyNotReadAgain(): string | undefined {
    if (this.window.windowMs === 0) return 'read once (a settle window of 0 ms)';
    // A target whose reads have been seen to lag keeps being read again: read once, a lagging read would be blamed on it.
    if (this.outlasted && !this.seenLate) return `read once: an earlier difference was still there when read again over the whole ${this.window.windowMs} ms window`;
    return undefined;
  }
}
