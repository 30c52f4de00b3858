import { ConfigError } from '../config-error.ts';

/**
 * A cap on the requests a run sends, counted per attempt (retries included). A case reserves its worst case (first attempt
 * plus every retry) before it starts, so that a started case can always finish its retries and the cap is never passed.
 *
 * @example
 * const budget = new RequestBudget(100);
 * if (budget.canStart(4)) budget.reserve(4);
 */
export class RequestBudget {
  private usedCount = 0;
  private reservedCount = 0;

  constructor(readonly max: number | undefined) {
    if (max !== undefined && !(Number.isInteger(max) && max >= 1)) throw new ConfigError(`--max-requests: expected a whole number >= 1, got ${max}`);
  }

  /** Requests sent so far. */
  get used(): number {
    return this.usedCount;
  }

  /** Whether a case that may need `worstCase` requests fits in what is left. */
  canStart(worstCase: number): boolean {
    return this.max === undefined || this.usedCount + this.reservedCount + worstCase <= this.max;
  }

  /** Holds `count` requests for a case about to start. */
  reserve(count: number): void {
    this.reservedCount += count;
  }

  /** Counts one request sent, out of a reservation when there is one. */
  spend(fromReservation: boolean): void {
    this.usedCount += 1;
    if (fromReservation) this.reservedCount -= 1;
  }

  /** Gives back what a finished case reserved and did not use. */
  release(count: number): void {
    this.reservedCount -= count;
  }

  /** Why the run must stop, once a case needing `worstCase` requests no longer fits; else `undefined`. */
  stopReason(worstCase: number): string | undefined {
    if (this.canStart(worstCase)) return undefined;
    const max = this.max ?? 0;
    const left = max - this.usedCount - this.reservedCount;
    const kept = this.reservedCount > 0 ? `, ${this.reservedCount} kept for the retries of requests in flight` : '';
    // A request starts only where its retries fit too: with some left, say so rather than call the budget spent.
    return left <= 0
      ? `the request budget (--max-requests ${max}) is spent: ${this.usedCount} requests sent, the reads among them${kept}`
      : `the request budget (--max-requests ${max}) cannot hold another request with its retries: ${this.usedCount} sent${kept}, ${left} left, where one may take ${worstCase}`;
  }
}
