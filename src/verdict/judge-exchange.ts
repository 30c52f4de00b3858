import { skip, type Check, type CheckInput, type CheckResult } from '../checks/check.ts';
import { transientAnswerType } from '../checks/error-catalog.ts';

/** One check's result on one exchange. */
export interface CheckOutcome {
  readonly check: Check;
  readonly result: CheckResult;
}

/** Every check's result on one exchange, and whether any failure-severity check failed. */
export interface ExchangeVerdict {
  readonly outcomes: readonly CheckOutcome[];
  readonly failed: boolean;
  /** The error type when the answer only asked to try again: then only checks that judge such answers ran. */
  readonly transient?: string | undefined;
}

/**
 * Runs every check on one exchange. An answer that only asks to try again (ThrottlingException and the like) is judged only
 * by the checks that judge such answers: a throttled case proves nothing of what the case should get.
 *
 * @example
 * const verdict = judgeExchange(allChecks, { spec, testCase, expectation, observation, errors });
 * verdict.failed; // false against a conforming target
 */
export function judgeExchange(checks: readonly Check[], input: CheckInput): ExchangeVerdict {
  const transient = transientAnswerType(input.observation, input.errors);
  const outcomes: CheckOutcome[] = [];
  let failed = false;
  for (const check of checks) {
    const result = transient !== undefined && check.judgesTransientAnswers !== true ? skip : check.run(input);
    outcomes.push({ check, result });
    if (check.severity === 'failure' && result.status === 'fail') failed = true;
  }
  return transient === undefined ? { outcomes, failed } : { outcomes, failed, transient };
}
