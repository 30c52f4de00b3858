import { describe, expect, it } from 'vitest';
import { virtualClock } from '../helpers/virtual-clock.ts';
import { ReadsAgain, readUntilSettled } from '../../src/observation/read-until-settled.ts';

describe('readUntilSettled', () => {
  it('reads again after doubling pauses until a read settles, and says how long after the first read it came', async () => {
    const clock = virtualClock();
    const reads = ['still there', 'still there', 'gone'];
    const settled = await readUntilSettled('still there', async () => reads.shift() as string, (read) => (read === 'gone' ? 'settled' : 'readAgain'), { windowMs: 1_500, clock });

    expect(settled).toEqual({ read: 'gone', outcome: 'settled', afterMs: 350 });
    expect(clock.waits).toEqual([50, 100, 200]);
  });

  it('gives the last read once the window has passed, the last pause cut to end at the window', async () => {
    const clock = virtualClock();
    const settled = await readUntilSettled(0, async () => clock.now(), () => 'readAgain', { windowMs: 1_000, clock });

    expect(clock.waits).toEqual([50, 100, 200, 400, 250]);
    expect(settled).toEqual({ read: 1_000, outcome: 'outlasted', afterMs: 1_000 });
  });

  it('says when the settling read was sent, so that a read whose answer came after the window is no lag past it', async () => {
    const clock = virtualClock();
    // The read sent at the window's end answers 200 ms later: the state it shows was seen within the window.
    const settled = await readUntilSettled('differs', async () => (clock.now() >= 1_000 ? (await clock.sleep(200), 'gone') : 'differs'), (read) => (read === 'gone' ? 'settled' : 'readAgain'), { windowMs: 1_000, clock });

    expect(settled.outcome).toBe('settled');
    expect(settled.afterMs).toBe(1_000);
  });

  it('stops at a read the judge says is no use (a read that failed)', async () => {
    const clock = virtualClock();
    const settled = await readUntilSettled('differs', async () => 'failed', (read) => (read === 'failed' ? 'stop' : 'readAgain'), { windowMs: 1_500, clock });

    expect(settled).toEqual({ read: 'failed', outcome: 'stopped', afterMs: 50 });
  });
});

describe('ReadsAgain', () => {
  it('reads once after a difference outlasted the window, and says why', async () => {
    const clock = virtualClock();
    const readsAgain = new ReadsAgain({ windowMs: 300, clock });
    const outlasted = await readsAgain.settle('differs', async () => 'differs', () => 'readAgain');

    expect(outlasted?.outcome).toBe('outlasted');
    expect(await readsAgain.settle('differs', async () => 'same', () => 'settled')).toBeUndefined();
    expect(readsAgain.whyNotReadAgain()).toBe('read once: an earlier difference was still there when read again over the whole 300 ms window');
  });

  it('reads nothing again with a window of 0, and waits out no lag it has not seen', async () => {
    const clock = virtualClock();
    const readsAgain = new ReadsAgain({ windowMs: 0, clock });

    expect(await readsAgain.settle('differs', async () => 'same', () => 'settled')).toBeUndefined();
    expect(readsAgain.whyNotReadAgain()).toBe('read once (a settle window of 0 ms)');
    await readsAgain.waitOutLag();
    expect(clock.waits).toEqual([]);
  });

  it('keeps reading again after a difference outlasted the window, where some read has been seen to lag', async () => {
    const clock = virtualClock();
    const readsAgain = new ReadsAgain({ windowMs: 300, clock });
    await readsAgain.settle('differs', async () => 'same', (read) => (read === 'same' ? 'settled' : 'readAgain'));
    expect((await readsAgain.settle('differs', async () => 'differs', () => 'readAgain'))?.outcome).toBe('outlasted');

    expect(readsAgain.whyNotReadAgain()).toBeUndefined();
    expect((await readsAgain.settle('differs', async () => 'same', (read) => (read === 'same' ? 'settled' : 'readAgain')))?.outcome).toBe('settled');
  });

  it('waits out the whole window once a read has been seen to lag', async () => {
    const clock = virtualClock();
    const readsAgain = new ReadsAgain({ windowMs: 400, clock });
    await readsAgain.waitOutLag();
    expect(clock.waits).toEqual([]);

    await readsAgain.settle('differs', async () => 'same', (read) => (read === 'same' ? 'settled' : 'readAgain'));
    await readsAgain.waitOutLag();
    expect(clock.waits).toEqual([50, 400]);
  });
});
