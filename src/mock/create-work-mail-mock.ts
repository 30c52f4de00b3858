import { OptionChecker } from '../check-options.ts';
import type { FixtureInput } from '../fixture/fixture-schema.ts';
import { parseFixture } from '../fixture/load-fixture.ts';
import type { ConstraintSemantics } from '../spec/constraints.ts';
import type { OperationSpec } from '../spec/spec-schema.ts';
import type { MockReadings } from './mock-readings.ts';
import { createReferenceMock, type WorkMailMock } from './reference-mock.ts';

export type { WorkMailMock };

/** Options of {@link createWorkMailMock}. */
export interface WorkMailMockOptions {
  /** The organizations to serve (validated like a `--fixture` file); the demo organizations when omitted. */
  readonly fixture?: FixtureInput | undefined;
  /**
   * How to answer the points the documentation leaves open: one reading per open point of the specs, by id (e.g.
   * `{ 'disabled-entity': 'success' }`); each omitted one takes its default (the first documented reading).
   */
  readonly readings?: MockReadings | undefined;
  /** The operation specs to serve (their semantics are the model's); the built-in specs when omitted. */
  readonly specs?: readonly OperationSpec[] | undefined;
  /**
   * How patterns match: whole values (as AWS services do) by default; `{ patternMatching: 'search' }` for a mock that
   * accepts a value containing a match anywhere, the target a run with that semantics finds conformant.
   */
  readonly semantics?: ConstraintSemantics | undefined;
}

/**
 * Creates the reference WorkMail mock: DeletePersonalAccessToken and DeleteMailboxPermissions as documented, plus the operations that set up and inspect state.
 *
 * @example
 * const mock = createWorkMailMock({ readings: { 'constraint-violation-error': 'ValidationException' } });
 * mock.handle(buildAwsJsonRequest(spec, { OrganizationId: demoIds.organizationId, PersonalAccessTokenId: demoIds.aliceTokenId })).status; // 200
 */
export function createWorkMailMock(options: WorkMailMockOptions = {}): WorkMailMock {
  OptionChecker.of('createWorkMailMock', options).only(['fixture', 'readings', 'specs', 'semantics']).object('semantics');
  const { fixture, ...rest } = options;
  return createReferenceMock(fixture === undefined ? rest : { ...rest, fixture: parseFixture(fixture, 'createWorkMailMock: fixture') });
}
