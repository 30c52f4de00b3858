/**
 * A bounded pool of concurrent async tasks: `submit` starts a task at once while a slot is free, else returns a promise
 * that resolves once one is (backpressure); `drain` resolves once all are done.
 *
 * @example
 * const pool = new WorkerPool(8);
 * for (const item of items) await pool.submit(() => send(item));
 * await pool.drain();
 */
export class WorkerPool {
  private running = 0;
  private readonly waiting: (() => void)[] = [];
  private readonly idle: (() => void)[] = [];

  constructor(private readonly size: number) {
    if (!Number.isInteger(size) || size < 1) throw new RangeError(`WorkerPool: size must be a whole number >= 1, got ${size}`);
  }

  /**
   * Starts a task when a slot is free: at once (returning nothing to wait for, the common case, with no promise made), or
   * through the returned promise, which resolves when it has started (not when it ends). Task errors must be handled by the task.
   */
  submit(task: () => Promise<void>): Promise<void> | undefined {
    if (this.running < this.size) {
      this.start(task);
      return undefined;
    }
    return this.startWhenFree(task);
  }

  private async startWhenFree(task: () => Promise<void>): Promise<void> {
    while (this.running >= this.size) await new Promise<void>((resolve) => this.waiting.push(resolve));
    this.start(task);
  }

  private start(task: () => Promise<void>): void {
    this.running += 1;
    void task().then(this.release, this.release);
  }

  /** One task ended (tasks handle their own errors): a waiting submit may start. */
  private readonly release = (): void => {
    this.running -= 1;
    this.waiting.shift()?.();
    if (this.running === 0) this.idle.splice(0).forEach((resolve) => resolve());
  };

  /** Resolves when no task is running. */
  async drain(): Promise<void> {
    if (this.running === 0) return;
    await new Promise<void>((resolve) => this.idle.push(resolve));
  }
}
