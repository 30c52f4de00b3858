import { parseJsonObject } from '../parse-json.ts';
import type { Violation } from '../arbitraries/violation.ts';

/** What a case sends: an input object (serialised as JSON), or raw text for malformed-body cases. */
export type CaseBody =
  | { readonly kind: 'input'; readonly input: Readonly<Record<string, unknown>> }
  | { readonly kind: 'raw'; readonly text: string };

/** Where a case comes from: the deterministic coverage phase, the fast-check property phase, a repeat for idempotency, or a step of the stateful phase. */
export type CasePhase = 'coverage' | 'property' | 'repeat' | 'stateful';

/** One request the runner sends, with what it is meant to exercise. */
export interface Case {
  readonly operation: string;
  readonly phase: CasePhase;
  /** A short phrase for reports, e.g. `EntityId: exactly max+1 (257) allowed characters`. */
  readonly description: string;
  readonly body: CaseBody;
  /** The label of an invalid input; `null` for a valid input or a malformed body. */
  readonly violation: Violation | null;
  /** Set on a case that combines several problems on purpose (which error wins?): each problem, in the spec's precedence order. */
  readonly problems?: readonly string[];
  /**
   * Set on a near miss (a case naming an existing record with one member almost right): that record, described. A target
   * whose lookup is tolerant deletes it, which no read of what the case itself names shows, so a live run never sends it.
   */
  readonly nearMissOf?: string;
  /** Set on a tenant-isolation case (one naming, in one organization, a record only another organization holds): the report's contract coverage counts them. */
  readonly tenantIsolation?: true;
}

/**
 * The input object of a case, or `undefined` for a raw body that is not a JSON object.
 *
 * @example
 * caseInput({ ...c, body: { kind: 'raw', text: '{"a":1}' } }); // { a: 1 }
 */
export function caseInput(testCase: Pick<Case, 'body'>): Readonly<Record<string, unknown>> | undefined {
  return testCase.body.kind === 'input' ? testCase.body.input : parseJsonObject(testCase.body.text);
}

/**
 * The body text a case sends on the wire.
 *
 * @example
 * caseBodyText({ body: { kind: 'input', input: { A: 1 } } }); // '{"A":1}'
 */
export function caseBodyText(testCase: Pick<Case, 'body'>): string {
  return testCase.body.kind === 'input' ? JSON.stringify(testCase.body.input) : testCase.body.text;
}
