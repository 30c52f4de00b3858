import type { Case } from '../cases/case.ts';
import type { Expectation } from '../cases/outcome.ts';
import type { Observation } from '../observation/observation.ts';
import type { OperationSpec } from '../spec/spec-schema.ts';
import type { ErrorCatalog } from './error-catalog.ts';

/** Everything a check sees of one exchange. */
export interface CheckInput {
  readonly spec: OperationSpec;
  readonly testCase: Case;
  readonly expectation: Expectation;
  readonly observation: Observation;
  readonly errors: ErrorCatalog;
}

/** A check's verdict on one exchange: `skip` when the check does not apply to it. */
export type CheckResult =
  | { readonly status: 'pass' }
  | { readonly status: 'skip' }
  | { readonly status: 'fail'; readonly expected: string; readonly observed: string }
  | { readonly status: 'warn'; readonly expected: string; readonly observed: string };

/** A small named rule with its own verdict in every report. */
export interface Check {
  readonly name: string;
  /** One sentence: the documented rule it enforces. */
  readonly rule: string;
  /** `warning` checks never make a target nonconformant. */
  readonly severity: 'failure' | 'warning';
  run(input: CheckInput): CheckResult;
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
 * A failed check result.
 *
 * @example
 * return fail('200 (empty body)', describeObservation(observation));
 */
export function fail(expected: string, observed: string): CheckResult {
  return { status: 'fail', expected, observed };
}
