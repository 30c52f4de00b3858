import type { Check, CheckInput, CheckResult } from '../checks/check.ts';

/** One check's result on one exchange. */
export interface CheckOutcome {
  readonly check: Check;
  readonly result: CheckResult;
}

/** Every check's result on one exchange, and whether any failure-severity check failed. */
export interface ExchangeVerdict {
  readonly outcomes: readonly CheckOutcome[];
  readonly failed: boolean;
}

/**
 * Runs every check on one exchange.
 *
 * @example
 * const verdict = judgeExchange(allChecks, { spec, testCase, expectation, observation, errors });
 * verdict.failed; // false against a conforming target
 */
export function judgeExchange(checks: readonly Check[], input: CheckInput): ExchangeVerdict {
  const outcomes: CheckOutcome[] = [];
  let failed = false;
  for (const check of checks) {
    const result = check.run(input);
    outcomes.push({ check, result });
    if (check.severity === 'failure' && result.status === 'fail') failed = true;
  }
  return { outcomes, failed };
}
