import { setImmediate } from 'node:timers';

/**
 * A bounded pool of concurrent async tasks: `submit` starts a task at once while a slot is free, else returns a promise
 * that resolves once one is (backpressure); `drain` resolves once all are done. The first task to fail fails the pool:
 * `drain` and every later `submit` reject with its error.
 *
 * Slots freed while the event loop handles a batch of answers are refilled together, in the next turn of the loop
 * (`setImmediate`), not one by one as each task ends: the kit then judges the answers that came in together, and then
 * generates and sends the next cases together, instead of alternating the two per request. Against the reference mock
 * over loopback HTTP this took the kit's main thread from about 98 to 84 µs a request (bench/README.md, "Refilling in bursts").
 * The timer is node:timers' own, so that a test's fake timers (which replace the global `setImmediate`) cannot stall a run.
 *
 * @example
 * const pool = new WorkerPool(8);
 * for (const item of items) await pool.submit(() => send(item));
 * await pool.drain();
 */
export class WorkerPool {
  private running = 0;
  private readonly waiting: (() => void)[] = [];
  private readonly idle: { resolve: () => void; reject: (error: unknown) => void }[] = [];
  private refillScheduled = false;
  private failure: { readonly error: unknown } | undefined;

  constructor(private readonly size: number) {
    if (!Number.isInteger(size) || size < 1) throw new RangeError(`WorkerPool: size must be a whole number >= 1, got ${size}`);
  }

  /**
   * Starts a task when a slot is free: at once (returning nothing to wait for, the common case, with no promise made), or
   * through the returned promise, which resolves when it has started (not when it ends). Throws the error of a task that
   * failed earlier.
   */
  submit(task: () => Promise<void>): Promise<void> | undefined {
    if (this.failure !== undefined) throw this.failure.error;
    if (this.running < this.size && this.waiting.length === 0) {
      this.start(task);
      return undefined;
    }
    return this.startWhenFree(task);
  }

  private async startWhenFree(task: () => Promise<void>): Promise<void> {
    // Woken by a refill; a submit made in between may have taken the slot, then this one waits for the next.
    do await new Promise<void>((resolve) => this.waiting.push(resolve));
    while (this.running >= this.size && this.failure === undefined);
    if (this.failure !== undefined) {
      this.settleIdleIfDone();
      throw this.failure.error;
    }
    this.start(task);
  }

  private start(task: () => Promise<void>): void {
    this.running += 1;
    task().then(this.release, this.fail);
  }

  private readonly fail = (error: unknown): void => {
    this.failure ??= { error };
    this.release();
  };

  /** One task ended: waiting submits start in the next turn of the event loop, as many as there are free slots then. */
  private readonly release = (): void => {
    this.running -= 1;
    if (this.waiting.length > 0 && !this.refillScheduled) {
      this.refillScheduled = true;
      setImmediate(this.refill);
    }
    this.settleIdleIfDone();
  };

  /** Wakes as many waiting submits as there are free slots; once the pool has failed, every one of them, to be turned away. */
  private readonly refill = (): void => {
    this.refillScheduled = false;
    const woken = this.failure === undefined ? this.size - this.running : this.waiting.length;
    for (const wake of this.waiting.splice(0, woken)) wake();
  };

  private settleIdleIfDone(): void {
    if (this.running !== 0 || this.waiting.length !== 0) return;
    for (const { resolve, reject } of this.idle.splice(0)) {
      if (this.failure === undefined) resolve();
      else reject(this.failure.error);
    }
  }

  /** Resolves when no task is running; rejects with the first task error, if any. */
  async drain(): Promise<void> {
    if (this.running === 0 && this.waiting.length === 0) {
      if (this.failure !== undefined) throw this.failure.error;
      return;
    }
    await new Promise<void>((resolve, reject) => this.idle.push({ resolve, reject }));
  }
}
