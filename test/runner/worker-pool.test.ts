import { describe, expect, it } from 'vitest';
import { WorkerPool } from '../../src/runner/worker-pool.ts';

/** A task that ends when told to, recording how many ran at once. */
function gatedTasks(count: number) {
  let running = 0;
  let started = 0;
  let mostAtOnce = 0;
  const ends: (() => void)[] = [];
  const tasks = Array.from({ length: count }, () => () => {
    running += 1;
    started += 1;
    mostAtOnce = Math.max(mostAtOnce, running);
    return new Promise<void>((resolve) => ends.push(() => {
      running -= 1;
      resolve();
    }));
  });
  return { tasks, ends, mostAtOnce: () => mostAtOnce, running: () => running, started: () => started };
}

describe('WorkerPool', () => {
  it('starts tasks at once while a slot is free, then makes submit wait until one ends', async () => {
    const pool = new WorkerPool(2);
    const { tasks, ends, running } = gatedTasks(3);
    expect(pool.submit(tasks[0]!)).toBeUndefined();
    expect(pool.submit(tasks[1]!)).toBeUndefined();
    let third = false;
    const waiting = pool.submit(tasks[2]!);
    expect(waiting).toBeInstanceOf(Promise);
    void waiting?.then(() => (third = true));
    await Promise.resolve();
    expect(third).toBe(false);
    expect(running()).toBe(2);
    ends.shift()?.();
    await waiting;
    expect(third).toBe(true);
    expect(running()).toBe(2);
  });

  it('never runs more tasks than its size, runs every task, and drains only when all have ended, failed ones included', async () => {
    const pool = new WorkerPool(3);
    const { tasks, ends, mostAtOnce, running, started } = gatedTasks(10);
    const failing = () => Promise.reject(new Error('handled elsewhere'));
    const submitting = (async () => {
      for (const [index, task] of tasks.entries()) {
        await pool.submit(index === 4 ? () => task().then(failing) : task);
      }
    })();
    // End one task at a time until the last has started, leaving the last three running.
    while (started() < 10) {
      await new Promise((resolve) => setTimeout(resolve, 0));
      if (started() < 10) ends.shift()?.();
    }
    await submitting;
    expect(started()).toBe(10);
    let drained = false;
    const draining = pool.drain().then(() => (drained = true));
    await Promise.resolve();
    expect(drained).toBe(false);
    for (const end of ends.splice(0)) end();
    await draining;
    expect(running()).toBe(0);
    expect(mostAtOnce()).toBe(3);
  });

  it('refuses a size that is not a whole number of at least 1', () => {
    expect(() => new WorkerPool(0)).toThrow('WorkerPool: size must be a whole number >= 1, got 0');
  });
});
