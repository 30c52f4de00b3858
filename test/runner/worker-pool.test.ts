import { describe, expect, it, vi } from 'vitest';
import { RequestSlots, WorkerPool } from '../../src/runner/worker-pool.ts';

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

  it('never runs more tasks than its size, runs every task, and drains only when all have ended', async () => {
    const pool = new WorkerPool(3);
    const { tasks, ends, mostAtOnce, running, started } = gatedTasks(10);
    const submitting = (async () => {
      for (const task of tasks) await pool.submit(task);
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

  it('refills the slots freed in one turn of the event loop together, in the next turn', async () => {
    const pool = new WorkerPool(4);
    const { tasks, ends, started } = gatedTasks(8);
    const submitting = (async () => {
      for (const task of tasks) await pool.submit(task);
    })();
    await new Promise((resolve) => setImmediate(resolve));
    expect(started()).toBe(4);
    // Three answers handled in one turn: nothing starts until the next turn, then three start at once.
    for (const end of ends.splice(0, 3)) end();
    for (let tick = 0; tick < 10; tick += 1) await Promise.resolve();
    expect(started()).toBe(4);
    await new Promise((resolve) => setImmediate(resolve));
    for (let tick = 0; tick < 10; tick += 1) await Promise.resolve();
    expect(started()).toBe(7);
    for (const end of ends.splice(0)) end();
    await submitting;
    for (const end of ends.splice(0)) end();
    await pool.drain();
    expect(started()).toBe(8);
  });

  it('fails with the first task error: drain rejects with it, and so does every later submit', async () => {
    const pool = new WorkerPool(2);
    const { tasks, ends } = gatedTasks(2);
    pool.submit(tasks[0]!);
    pool.submit(() => Promise.reject(new Error('the target threw a configuration error')));
    const waiting = pool.submit(() => Promise.reject(new Error('a later failure')));
    await expect(waiting).rejects.toThrow('the target threw a configuration error');
    expect(() => pool.submit(tasks[1]!)).toThrow('the target threw a configuration error');
    const draining = pool.drain();
    for (const end of ends.splice(0)) end();
    await expect(draining).rejects.toThrow('the target threw a configuration error');
  });

  it('once failed, turns away every waiting submit, however many wait, and still drains', async () => {
    const pool = new WorkerPool(1);
    let failRunning: (error: Error) => void = () => undefined;
    pool.submit(() => new Promise<void>((_, reject) => (failRunning = reject)));
    const second = pool.submit(() => Promise.resolve());
    const third = pool.submit(() => Promise.resolve());
    failRunning(new Error('the target threw a configuration error'));
    await expect(second).rejects.toThrow('the target threw a configuration error');
    await expect(third).rejects.toThrow('the target threw a configuration error');
    await expect(pool.drain()).rejects.toThrow('the target threw a configuration error');
  });

  it('refills under a test\'s fake timers, which replace the global setImmediate', async () => {
    vi.useFakeTimers({ toFake: ['setImmediate', 'setTimeout', 'setInterval', 'Date'] });
    try {
      const pool = new WorkerPool(1);
      let done = 0;
      const task = async () => {
        await Promise.resolve();
        done += 1;
      };
      // Each submit after the first waits for a refill.
      for (let index = 0; index < 5; index += 1) await pool.submit(task);
      await pool.drain();
      expect(done).toBe(5);
    } finally {
      vi.useRealTimers();
    }
  });

  it('shares its slots with the other pools of a run: together they never run more tasks than the slots', async () => {
    const slots = new RequestSlots(3);
    const pools = [new WorkerPool(slots), new WorkerPool(slots)];
    const { tasks, ends, mostAtOnce, started } = gatedTasks(12);
    const submitting = pools.map((pool, index) => (async () => {
      for (const task of tasks.filter((_, taskIndex) => taskIndex % 2 === index)) await pool.submit(task);
    })());
    while (started() < 12) {
      await new Promise((resolve) => setImmediate(resolve));
      ends.shift()?.();
    }
    await Promise.all(submitting);
    for (const end of ends.splice(0)) end();
    await Promise.all(pools.map((pool) => pool.drain()));
    expect(mostAtOnce()).toBe(3);
  });

  it('hands the next free slot to a case sent alone before the submits waiting for one', async () => {
    const slots = new RequestSlots(1);
    const pool = new WorkerPool(slots);
    const order: string[] = [];
    let endFirst: () => void = () => undefined;
    pool.submit(() => new Promise<void>((resolve) => (endFirst = resolve)));
    const queued = pool.submit(async () => {
      order.push('pooled');
    });
    const alone = slots.whileHolding(async () => {
      order.push('alone');
    });
    endFirst();
    await Promise.all([queued, alone, pool.drain()]);
    expect(order).toEqual(['alone', 'pooled']);
  });

  it('refuses a size that is not a whole number of at least 1', () => {
    expect(() => new WorkerPool(0)).toThrow('WorkerPool: size must be a whole number >= 1, got 0');
    expect(() => new RequestSlots(1.5)).toThrow('RequestSlots: size must be a whole number >= 1, got 1.5');
  });
});
