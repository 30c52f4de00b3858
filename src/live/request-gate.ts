import { ConfigError } from '../config-error.ts';
import { StopSending } from '../target/target.ts';
import { systemClock, type Clock } from '../clock.ts';
import { createRateLimiter, type RateLimiter } from './rate-limiter.ts';
import { RequestBudget } from './request-budget.ts';

/** How transient answers are retried: exponential backoff with full jitter. */
export interface RetrySettings {
  /** Retries after the first attempt; 3 by default. */
  readonly retries?: number;
  /** The first backoff ceiling in ms; 200 by default. */
  readonly baseMs?: number;
  /** The largest backoff ceiling in ms; 5000 by default. */
  readonly capMs?: number;
}

/** Options of {@link createRequestGate}. */
export interface RequestGateOptions extends RetrySettings {
  readonly maxPerSecond: number | undefined;
  readonly maxRequests: number | undefined;
  readonly clock?: Clock;
  /** A number in [0, 1): the jitter; `Math.random` by default. */
  readonly random?: () => number;
  readonly onGrant?: (time: number) => void;
  /** A limiter to share with another gate (e.g. restoring, which the budget never holds back); a new one by default. */
  readonly limiter?: RateLimiter;
}

/** What a gate counted: transient answers retried, and cases whose transient answer persisted past every retry. */
export interface TransientCounts {
  retried: number;
  persisted: number;
  /** Transient answers by reason (error type or network error code). */
  readonly byReason: Record<string, number>;
}

/** The one way a live run sends anything (cases and discovery alike): rate-limited, within the budget, transient answers retried. */
export interface RequestGate {
  readonly limiter: RateLimiter;
  readonly budget: RequestBudget;
  readonly retries: number;
  readonly transient: TransientCounts;
  /**
   * Runs `attempt` until it gives an answer that is not transient or the retries are spent; the last answer is returned as is.
   * Throws {@link StopSending} when the budget cannot hold the call's worst case.
   */
  send<T>(attempt: () => Promise<T>, transientReason: (answer: T) => string | undefined): Promise<T>;
  /** Counts a retry the transport made within one attempt (a request sent again after a kept-alive connection dropped). */
  countTransportRetry(reason: string): void;
  /**
   * Why the run must stop sending, else `undefined`: the budget cannot hold one more case, or the last
   * {@link maxPersistedInARow} requests got only transient answers past every retry (a target that died or keeps failing).
   */
  stopReason(): string | undefined;
}

/** Requests in a row whose transient answer (a dropped connection, a 5xx, throttling) outlasted every retry, after which a gated run stops sending. */
export const maxPersistedInARow = 20;

/**
 * The backoff before retry number `retry` (0-based), with full jitter: a random wait between 0 and min(cap, base x 2^retry).
 *
 * @see https://aws.amazon.com/blogs/architecture/exponential-backoff-and-jitter/
 * @example
 * backoffDelay(2, { baseMs: 200, capMs: 5000 }, () => 0.5); // 400
 */
export function backoffDelay(retry: number, settings: { readonly baseMs: number; readonly capMs: number }, random: () => number): number {
  return Math.floor(random() * Math.min(settings.capMs, settings.baseMs * 2 ** retry));
}

/**
 * Creates the gate a live run sends through: one rate limiter, one request budget and one retry policy shared by every request.
 *
 * @example
 * const gate = createRequestGate({ maxPerSecond: 2, maxRequests: 300 });
 * const observation = await gate.send(() => target.send(request, options), (o) => (o.kind === 'networkError' ? o.code : undefined));
 */
export function createRequestGate(options: RequestGateOptions): RequestGate {
  const clock = options.clock ?? systemClock;
  const random = options.random ?? Math.random;
  const retries = options.retries ?? 3;
  if (!Number.isInteger(retries) || retries < 0) throw new ConfigError(`--retries: expected a whole number >= 0, got ${retries}`);
  const backoff = { baseMs: options.baseMs ?? 200, capMs: options.capMs ?? 5000 };
  const limiter = options.limiter ?? createRateLimiter({ maxPerSecond: options.maxPerSecond, clock, ...(options.onGrant === undefined ? {} : { onGrant: options.onGrant }) });
  const budget = new RequestBudget(options.maxRequests);
  const transient: TransientCounts = { retried: 0, persisted: 0, byReason: {} };
  const worstCase = retries + 1;
  let persistedInARow = 0;
  let lastPersisted = '';
  const countReason = (reason: string): void => {
    transient.byReason[reason] = (transient.byReason[reason] ?? 0) + 1;
  };
  return {
    limiter,
    budget,
    retries,
    transient,
    countTransportRetry(reason) {
      countReason(reason);
      transient.retried += 1;
    },
    async send(attempt, transientReason) {
      if (!budget.canStart(worstCase)) throw new StopSending(budget.stopReason(worstCase) ?? 'the request budget is spent');
      budget.reserve(worstCase);
      let reserved = worstCase;
      try {
        for (let retry = 0; ; retry += 1) {
          await limiter.acquire();
          budget.spend(true);
          reserved -= 1;
          const answer = await attempt();
          const reason = transientReason(answer);
          if (reason === undefined) {
            persistedInARow = 0;
            return answer;
          }
          countReason(reason);
          if (retry >= retries) {
            transient.persisted += 1;
            persistedInARow += 1;
            lastPersisted = reason;
            return answer;
          }
          transient.retried += 1;
          await clock.sleep(backoffDelay(retry, backoff, random));
        }
      } finally {
        budget.release(reserved);
      }
    },
    stopReason: () =>
      budget.stopReason(worstCase) ??
      (persistedInARow >= maxPersistedInARow
        ? `the target gave no answer but a transient one (the last ${lastPersisted}) to ${persistedInARow} requests in a row, each past ${retries} retries: the run stopped sending`
        : undefined),
  };
}
