import { setImmediate } from 'node:timers';

/**
 * The slots of a run's requests in flight, shared by every pool and every case sent alone: operations that run side by side
 * together keep at most `size` cases in flight. A slot freed goes to a waiter in the next turn of the event loop
 * (`setImmediate`), together with the others freed in the same turn, first come first served; a case sent alone goes
 * ahead of the pools' submits, as each of its round trips (the delete, then the read of what it did) holds up the next.
 *
 * Slots freed while the event loop handles a batch of answers are handed out together, not one by one as each task ends:
 * the kit then judges the answers that came in together, and then generates and sends the next cases together, instead of
 * alternating the two per request. Against the reference mock over loopback HTTP this took the kit's main thread from
 * about 98 to 84 µs a request (bench/README.md, "Refilling in bursts"). The timer is node:timers' own, so that a test's
 * fake timers (which replace the global `setImmediate`) cannot stall a run.
 *
 * @example
 * const slots = new RequestSlots(8);
 * const coverage = new WorkerPool(slots);
 * await slots.whileHolding(() => sendAlone(testCase)); // waits for a slot the pool's tasks may hold
 */
export class RequestSlots {
  private free: number;
  private readonly waiting: (() => void)[] = [];
  private refillScheduled = false;

  /** `owner` names the class a wrong size is reported for (a pool made with its own slots reports itself). */
  constructor(size: number, owner = 'RequestSlots') {
    if (!Number.isInteger(size) || size < 1) throw new RangeError(`${owner}: size must be a whole number >= 1, got ${size}`);
    this.free = size;
  }

  /** Takes a slot at once when one is free and nobody waits for one; false otherwise. */
  tryTake(): boolean {
    if (this.free === 0 || this.waiting.length !== 0) return false;
    this.free -= 1;
    return true;
  }

  /** Resolves once a slot is handed over (taken for the caller, who gives it back); `first` goes ahead of those waiting. */
  take(first = false): Promise<void> {
    return new Promise<void>((resolve) => (first ? this.waiting.unshift(resolve) : this.waiting.push(resolve)));
  }

  /** Gives a slot back: the waiters get the slots freed in this turn of the event loop in the next one. */
  give(): void {
    this.free += 1;
    if (this.waiting.length > 0 && !this.refillScheduled) {
      this.refillScheduled = true;
      setImmediate(this.refill);
    }
  }

  /**
   * Runs `work` holding one slot (a case sent alone, with the reads after it), and gives the slot back when it settles. It
   * waits for a slot ahead of the pools' submits.
   *
   * @example
   * const exchange = await slots.whileHolding(() => run.send(spec, errors, testCase, path, false));
   */
  async whileHolding<T>(work: () => Promise<T>): Promise<T> {
    if (!this.tryTake()) await this.take(true);
    try {
      return await work();
    } finally {
      this.give();
    }
  }

  private readonly refill = (): void => {
    this.refillScheduled = false;
    while (this.free > 0 && this.waiting.length > 0) {
      this.free -= 1;
      (this.waiting.shift() as () => void)();
    }
  };
}

/**
 * A bounded pool of concurrent async tasks: `submit` starts a task at once while a slot is free, else returns a promise
 * that resolves once one is (backpressure); `drain` resolves once all of this pool's tasks are done. The first task to fail
 * fails the pool: `drain` and every later `submit` reject with its error. Its slots are its own (`new WorkerPool(8)`) or a
 * run's, shared with other pools (`new WorkerPool(slots)`, see {@link RequestSlots}).
 *
 * @example
 * const pool = new WorkerPool(8);
 * for (const item of items) await pool.submit(() => send(item));
 * await pool.drain();
 */
export class WorkerPool {
  private readonly slots: RequestSlots;
  private running = 0;
  /** Submits waiting for a slot. */
  private waiting = 0;
  private readonly idle: { resolve: () => void; reject: (error: unknown) => void }[] = [];
  private failure: { readonly error: unknown } | undefined;

  constructor(slots: number | RequestSlots) {
    this.slots = typeof slots === 'number' ? new RequestSlots(slots, 'WorkerPool') : slots;
  }

  /**
   * Starts a task when a slot is free: at once (returning nothing to wait for, the common case, with no promise made), or
   * through the returned promise, which resolves when it has started (not when it ends). Throws the error of a task that
   * failed earlier.
   */
  submit(task: () => Promise<void>): Promise<void> | undefined {
    if (this.failure !== undefined) throw this.failure.error;
    if (this.slots.tryTake()) {
      this.start(task);
      return undefined;
    }
    return this.startWhenFree(task);
  }

  private async startWhenFree(task: () => Promise<void>): Promise<void> {
    this.waiting += 1;
    await this.slots.take();
    this.waiting -= 1;
    // A pool that failed meanwhile turns the submit away and gives the slot back to the next waiter.
    if (this.failure !== undefined) {
      this.slots.give();
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

  private readonly release = (): void => {
    this.running -= 1;
    this.slots.give();
    this.settleIdleIfDone();
  };

  private settleIdleIfDone(): void {
    if (this.running !== 0 || this.waiting !== 0) return;
    for (const { resolve, reject } of this.idle.splice(0)) {
      if (this.failure === undefined) resolve();
      else reject(this.failure.error);
    }
  }

  /** Resolves when none of this pool's tasks is running or waiting; rejects with the first task error, if any. */
  async drain(): Promise<void> {
    if (this.running === 0 && this.waiting === 0) {
      if (this.failure !== undefined) throw this.failure.error;
      return;
    }
    await new Promise<void>((resolve, reject) => this.idle.push({ resolve, reject }));
  }
}
