import { pass, skip, type Check, type CheckInput, type CheckResult } from '../checks/check.ts';
import { transientAnswerType } from '../checks/error-catalog.ts';
import { getOrInsertComputed } from '../get-or-insert-computed.ts';

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

/** Each check's passing and skipped outcome, made once per list of checks: most results of most exchanges are one of these. */
const sharedOutcomes = new WeakMap<readonly Check[], { readonly passed: readonly CheckOutcome[]; readonly skipped: readonly CheckOutcome[] }>();

function buildSharedOutcomes(checks: readonly Check[]): { readonly passed: readonly CheckOutcome[]; readonly skipped: readonly CheckOutcome[] } {
  return { passed: checks.map((check) => Object.freeze({ check, result: pass })), skipped: checks.map((check) => Object.freeze({ check, result: skip })) };
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
  const { passed, skipped } = getOrInsertComputed(sharedOutcomes, checks, buildSharedOutcomes);
  const outcomes: CheckOutcome[] = [];
  let failed = false;
  for (let index = 0; index < checks.length; index += 1) {
    const check = checks[index] as Check;
    const result = transient !== undefined && check.judgesTransientAnswers !== true ? skip : check.run(input);
    outcomes.push(result === pass ? (passed[index] as CheckOutcome) : result === skip ? (skipped[index] as CheckOutcome) : { check, result });
    if (check.severity === 'failure' && result.status === 'fail') failed = true;
  }
  return transient === undefined ? { outcomes, failed } : { outcomes, failed, transient };
}
