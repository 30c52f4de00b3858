import { checkOperationSpec, describeValue, OptionChecker } from '../check-options.ts';
import { ConfigError } from '../config-error.ts';
import { expectOutcomesOf, type OracleContext } from '../model/oracle.ts';
import type { OperationSpec } from '../spec/spec-schema.ts';
import type { Case } from './case.ts';
import { caseInput } from './case.ts';
import type { Expectation } from '../model/outcome.ts';

export type { OracleContext };

/**
 * The set of outcomes a conforming target may give for a case: validation first, then each referent in the spec's precedence
 * order (exists, then state), then the effect; the spec's open points widen the set, never narrow it. The rules are the
 * model's (src/model/), followed under every reading of every open point.
 *
 * @example
 * // A case's body is what it sends: input, or raw text ({ kind: 'raw', text }) for a body that is not a JSON object.
 * const testCase = { body: { kind: 'input', input: { OrganizationId: 'm-5c1e8a3f9b2d4e7a6c0f1b3d5e7a9c2f', PersonalAccessTokenId: 'ab12' } } } as const;
 * const expectation = expectOutcomes(spec, testCase, { state: WorkMailState.fromFixture(fixture), profile: 'documented' });
 * expectation.outcomes; // [{ kind: 'error', type: 'OrganizationNotFoundException', status: 400 }]
 */
export function expectOutcomes(spec: OperationSpec, testCase: Pick<Case, 'body'>, context: OracleContext): Expectation {
  checkOperationSpec('expectOutcomes', spec);
  if (typeof testCase?.body !== 'object' || testCase.body === null) {
    // An input where a case is expected is the usual slip: a case wraps it as { body: { kind: 'input', input } }.
    throw new ConfigError(`expectOutcomes: testCase: expected a case ({ body: { kind: 'input', input } }), got ${describeValue(testCase)}`);
  }
  if (typeof context !== 'object' || context === null) {
    throw new ConfigError(`expectOutcomes: context: expected an object ({ state, profile }), got ${describeValue(context)}`);
  }
  // From JavaScript, a profile of another spelling would allow nothing at all, and a fixture in place of its state fail
  // with a TypeError inside the model.
  OptionChecker.of('expectOutcomes: context', context).only(['state', 'profile', 'semantics']).string('profile', ['documented', 'aws'], true).object('semantics');
  const state: unknown = context.state;
  if (state !== undefined && typeof (state as { findOrganization?: unknown } | null)?.findOrganization !== 'function') {
    const isFixture = Array.isArray((state as { organizations?: unknown } | null)?.organizations);
    throw new ConfigError(`expectOutcomes: context: state: expected a WorkMailState or undefined, got ${isFixture ? 'a fixture (give WorkMailState.fromFixture(fixture))' : describeValue(state)}`);
  }
  return expectOutcomesOf(spec, caseInput(testCase), context);
}
