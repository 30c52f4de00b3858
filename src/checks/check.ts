import type { Case } from '../cases/case.ts';
import type { Expectation } from '../model/outcome.ts';
import type { Observation } from '../observation/observation.ts';
import type { OperationSpec } from '../spec/spec-schema.ts';
import type { ErrorCatalog } from './error-catalog.ts';

/** What a read of the state after a delete showed, against what the model says the delete should have done. */
export interface EffectComparison {
  /** What should have changed, e.g. `nothing changed (an error answer deletes nothing)`. */
  readonly expected: string;
  /** Each way the state read after the delete differs from that; empty when it does not. */
  readonly differences: readonly string[];
  /** Where the first read differed and a later one did not (a read that lags behind the delete): how much later that was. */
  readonly seenLateAfterMs?: number;
  /** Whether the record the delete removes sits in a part the target's List refused at the start, so its removal was not seen. */
  readonly effectNotRead?: boolean;
  /**
   * Whether what the delete removed was put back and read back as before (a destructive live run's guard does so): the target
   * holds what it held before the delete, and the run's model keeps the record.
   */
  readonly putBack?: boolean;
  /**
   * After a success the documentation allows both to delete the record and to delete nothing, whether the read showed the
   * record still there (the run's model then keeps it) or gone; absent after any other answer.
   */
  readonly recordKept?: boolean;
}

/** One step of a state sequence against the model: the answers the model allows in the states it can be in, and the target's. */
export interface SequenceStepComparison {
  /** Every answer the model allows here, e.g. `200 listing [] | 400 EntityNotFoundException`. */
  readonly expected: string;
  /** The target's answer, described the same way. */
  readonly observed: string;
  /** Whether the answer is one the model allows. */
  readonly allowed: boolean;
}

/** Everything a check sees of one exchange. */
export interface CheckInput {
  readonly spec: OperationSpec;
  readonly testCase: Case;
  readonly expectation: Expectation;
  readonly observation: Observation;
  readonly errors: ErrorCatalog;
  /** Set only where the run read the state after this exchange (see the `deleteEffect` check). */
  readonly effect?: EffectComparison | undefined;
  /** Set only on a step of the stateful phase (see the `stateSequence` check). */
  readonly sequenceStep?: SequenceStepComparison | undefined;
}

/** A check's verdict on one exchange: `skip` when the check does not apply to it. */
export type CheckResult =
  | { readonly status: 'pass' }
  | { readonly status: 'skip' }
  /** `why`, where given, is what a finding says the rule rests on, in place of why the model expected its outcomes. */
  | { readonly status: 'fail'; readonly expected: string; readonly observed: string; readonly why?: string }
  | { readonly status: 'warn'; readonly expected: string; readonly observed: string };

/** A small named rule with its own verdict in every report. */
export interface Check {
  readonly name: string;
  /** One sentence: the documented rule it enforces, in general terms (see {@link Check.ruleFor}). */
  readonly rule: string;
  /** The rule as an operation's spec states it (its precedence, its errors, its idempotence); {@link Check.rule} when absent. */
  ruleFor?(spec: OperationSpec): string;
  /** `warning` checks never make a target nonconformant. */
  readonly severity: 'failure' | 'warning';
  /**
   * Whether a failing input is shrunk to a smaller one; `false` where replaying the input costs too much (a timeout waits
   * out the timeout again on every try), so the first failing input is reported as is. Shrunk by default.
   */
  readonly shrinkable?: boolean;
  /**
   * Whether the check also judges an answer that only asks to try again (see `transientAnswerType`): checks of the answer's
   * form, its time and 5xx statuses do; checks of what a case should get skip it, since it says nothing of the contract.
   */
  readonly judgesTransientAnswers?: boolean;
  /**
   * Whether its findings show in what the List operations read after the request, not in its answer: a reproduction then
   * lists the parts the request could have changed after sending it (the answer alone shows nothing wrong).
   */
  readonly judgesReadBack?: boolean;
  run(input: CheckInput): CheckResult;
}

/**
 * A check's rule as an operation's spec states it.
 *
 * @example
 * ruleOf(stateConformance, spec); // 'Valid input gets the outcome … OrganizationId, then EntityId, then GranteeId, then the effect.'
 */
export function ruleOf(check: Check, spec: OperationSpec): string {
  return check.ruleFor?.(spec) ?? check.rule;
}

/**
 * The result of a check that does not apply.
 *
 * @example
 * if (observation.kind !== 'response') return skip;
 */
export const skip: CheckResult = Object.freeze({ status: 'skip' });
/**
 * The result of a check that holds.
 *
 * @example
 * return observation.status >= 500 ? fail('a 2xx or 4xx answer', describeObservation(observation)) : pass;
 */
export const pass: CheckResult = Object.freeze({ status: 'pass' });

/**
 * A failed check result; `why` where the rule rests on something other than the model's expectation of the case (an error
 * type's documented status).
 *
 * @example
 * return fail('200 (empty body)', describeObservation(observation));
 * return fail('400 EntityNotFoundException', describeObservation(observation), 'EntityNotFoundException is documented with HTTP 400');
 */
export function fail(expected: string, observed: string, why?: string): CheckResult {
  return why === undefined ? { status: 'fail', expected, observed } : { status: 'fail', expected, observed, why };
}
