import type { Observation } from '../observation/observation.ts';
import type { CommonErrors, OperationSpec } from '../spec/spec-schema.ts';

/** Where an error type comes from: the operation's documented errors, AWS's common errors, the awsJson protocol, or nowhere. */
export type ErrorCategory = 'documented' | 'common' | 'protocol' | 'undocumented';

/** An error type as the catalogue knows it. */
export interface CatalogEntry {
  readonly category: ErrorCategory;
  /** The documented HTTP status; `undefined` for undocumented types. */
  readonly status: number | undefined;
  /** An answer that only asks to try again (throttling, a service unavailable), as specs/common-errors.json marks it. */
  readonly transient: boolean;
  /** Where an open point of the spec accepts the type for invalid input: the point, and the profiles under which it does. */
  readonly acceptedForInvalidInput?: { readonly openPoint: string; readonly profiles: readonly string[] };
  /** For an undocumented type, the known type it is in another letter case (`entitynotfoundexception`): clients match exactly. */
  readonly otherCaseOf?: string;
}

/** The error types an operation may meet, kept apart by where they are documented. */
export interface ErrorCatalog {
  classify(type: string): CatalogEntry;
  /** Types that mean "the input is invalid" (any profile): a valid input must never get one. */
  readonly validationTypes: ReadonlySet<string>;
}

/**
 * Builds the error catalogue of one operation from its spec and AWS's common and protocol errors.
 *
 * @example
 * buildErrorCatalog(spec, loadCommonErrors()).classify('ThrottlingException'); // { category: 'common', status: 400 }
 */
export function buildErrorCatalog(spec: OperationSpec, shared: CommonErrors): ErrorCatalog {
  const entries = new Map<string, CatalogEntry>();
  for (const error of shared.protocolErrors) entries.set(error.type, { category: 'protocol', status: error.status, transient: error.transient });
  for (const error of shared.commonErrors) entries.set(error.type, { category: 'common', status: error.status, transient: error.transient });
  for (const error of spec.errors) entries.set(error.type, { category: 'documented', status: error.status, transient: false });
  const validationTypes = new Set<string>();
  for (const error of spec.errors) {
    if (error.when.condition === 'inputInvalid' || error.when.condition === 'inputWrongType') validationTypes.add(error.type);
  }
  for (const point of spec.openPoints) {
    if (point.when.condition !== 'inputInvalid' && point.when.condition !== 'inputWrongType') continue;
    for (const outcome of point.outcomes) {
      if (outcome.type === undefined) continue;
      validationTypes.add(outcome.type);
      const entry = entries.get(outcome.type);
      if (entry !== undefined && entry.acceptedForInvalidInput === undefined) entries.set(outcome.type, { ...entry, acceptedForInvalidInput: { openPoint: point.id, profiles: outcome.profiles } });
    }
  }
  const byLowerCase = new Map([...entries.keys()].map((type) => [type.toLowerCase(), type]));
  const undocumented = (type: string): CatalogEntry => {
    const otherCaseOf = byLowerCase.get(type.toLowerCase());
    return otherCaseOf === undefined ? { category: 'undocumented', status: undefined, transient: false } : { category: 'undocumented', status: undefined, transient: false, otherCaseOf };
  };
  return {
    classify: (type) => entries.get(type) ?? undocumented(type),
    validationTypes,
  };
}

/**
 * Answers of one operation in a row that only ask to try again (after any retries) after which a run, or a replay, stops
 * sending: none of them is judged or compared, and a target that throttles an operation throughout would otherwise be
 * called conformant, or the same, on nothing.
 */
export const maxTransientAnswersInARow = 20;

/**
 * The error type of an answer that only asks to try again later (throttling, a service unavailable, an internal failure):
 * such an answer says nothing of the contract, so the checks of what a case should get do not judge it.
 *
 * @example
 * transientAnswerType({ kind: 'response', status: 400, errorType: 'ThrottlingException', … }, catalog); // 'ThrottlingException'
 */
export function transientAnswerType(observation: Observation, errors: ErrorCatalog): string | undefined {
  if (observation.kind !== 'response' || observation.errorType === undefined) return undefined;
  return errors.classify(observation.errorType).transient ? observation.errorType : undefined;
}

/**
 * Whether an answer is a common error of every action that asks to try again, at the status AWS gives it (503
 * ServiceUnavailable, 500 InternalFailure, 400 ThrottlingException): one a real service gives now and then.
 *
 * @example
 * isCommonTransient({ kind: 'response', status: 503, errorType: 'ServiceUnavailable', … }, catalog); // true
 */
export function isCommonTransient(observation: Observation, errors: ErrorCatalog): boolean {
  if (observation.kind !== 'response' || observation.errorType === undefined) return false;
  const entry = errors.classify(observation.errorType);
  return entry.category === 'common' && entry.transient && entry.status === observation.status;
}
