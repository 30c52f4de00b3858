import { afterEach, describe, expect, it, vi } from 'vitest';
import { capYoungGeneration } from '../../src/cli/young-generation-cap.ts';

const mebibytes = 1024 * 1024;

describe('capYoungGeneration', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('stops the young generation growing once it reaches the limit, and only then', () => {
    vi.useFakeTimers();
    let size = 8 * mebibytes;
    const flags: string[] = [];
    capYoungGeneration({ limitBytes: 32 * mebibytes, intervalMs: 100, readYoungGenerationBytes: () => size, setV8Flags: (text) => flags.push(text) });
    vi.advanceTimersByTime(500);
    expect(flags).toEqual([]);
    size = 32 * mebibytes;
    vi.advanceTimersByTime(100);
    expect(flags).toEqual(['--semi-space-growth-factor=1']);
    // Set once: the timer is gone.
    vi.advanceTimersByTime(1000);
    expect(flags).toHaveLength(1);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('sets nothing after it is stopped, and never holds the process open', () => {
    vi.useFakeTimers();
    const flags: string[] = [];
    const stop = capYoungGeneration({ readYoungGenerationBytes: () => 64 * mebibytes, setV8Flags: (text) => flags.push(text) });
    stop();
    vi.advanceTimersByTime(1000);
    expect(flags).toEqual([]);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('reads the size of the running V8 young generation by default', async () => {
    // A real V8 has a young generation of some size: a limit of one byte is reached at the first poll, and one of 1 TiB never.
    const reached: number[] = [];
    for (const limitBytes of [1, 2 ** 40]) {
      const flags: string[] = [];
      const stop = capYoungGeneration({ limitBytes, intervalMs: 1, setV8Flags: (text) => flags.push(text) });
      await new Promise((resolve) => setTimeout(resolve, 30));
      stop();
      reached.push(flags.length);
    }
    expect(reached).toEqual([1, 0]);
  });
});
