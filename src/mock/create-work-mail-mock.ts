import type { FixtureInput } from '../fixture/fixture-schema.ts';
import { parseFixture } from '../fixture/load-fixture.ts';
import { WorkMailState } from '../fixture/workmail-state.ts';
import { loadCommonErrors, loadOperationSpecs } from '../spec/load-spec.ts';
import type { CommonErrors, OperationSpec } from '../spec/spec-schema.ts';
import type { HttpRequestMessage, HttpResponseMessage } from '../wire/http-message.ts';
import { demoFixtureFor } from './demo-fixture.ts';
import { loadSupportingOperationSpecs } from './load-supporting-operation-specs.ts';
import { createMockRouter } from './mock-router.ts';
import { resolveReadings, type MockReadings } from './mock-readings.ts';
import { mockOperations } from './operations/mock-operations.ts';
import type { SupportingOperationSpec } from './supporting-spec-schema.ts';
import { rejectUndecodableRequest } from '../wire/decode-aws-json-request.ts';

/** Options of {@link createWorkMailMock}. */
export interface WorkMailMockOptions {
  /** The organizations to serve (validated like a `--fixture` file); the demo organizations when omitted. */
  readonly fixture?: FixtureInput;
  /**
   * How to answer the points the documentation leaves open: one reading per open point of the specs, by id (e.g.
   * `{ 'disabled-entity': 'success' }`); each omitted one takes its default (the first documented reading).
   */
  readonly readings?: MockReadings;
  /** The operation specs to serve (their semantics are the model's); the built-in specs when omitted. */
  readonly specs?: readonly OperationSpec[];
}

/** The reference WorkMail mock: a pure, synchronous awsJson1_1 request handler over an in-memory state. */
export interface WorkMailMock {
  /** Answers one awsJson1_1 request; never throws for any request. */
  handle(request: HttpRequestMessage): HttpResponseMessage;
  /** The current state (replaced by {@link WorkMailMock.reset}). */
  readonly state: WorkMailState;
  /** The reading the mock takes at each open point, by open point id (every point of its specs). */
  readonly readings: MockReadings;
  /** Restores the state of the fixture the mock was created with. */
  reset(): void;
}

interface BuiltInSpecs {
  readonly specs: readonly OperationSpec[];
  readonly supportingSpecs: readonly SupportingOperationSpec[];
  readonly commonErrors: CommonErrors;
}

let builtInSpecs: BuiltInSpecs | undefined;

function loadBuiltInSpecs(): BuiltInSpecs {
  builtInSpecs ??= { specs: loadOperationSpecs(), supportingSpecs: loadSupportingOperationSpecs(), commonErrors: loadCommonErrors() };
  return builtInSpecs;
}

/**
 * Creates the reference WorkMail mock: DeletePersonalAccessToken and DeleteMailboxPermissions as documented, plus the operations that set up and inspect state.
 *
 * @example
 * const mock = createWorkMailMock({ readings: { 'constraint-violation-error': 'ValidationException' } });
 * mock.handle(buildAwsJsonRequest(spec, { OrganizationId: demoIds.organizationId, PersonalAccessTokenId: demoIds.aliceTokenId })).status; // 200
 */
export function createWorkMailMock(options: WorkMailMockOptions = {}): WorkMailMock {
  const builtIn = loadBuiltInSpecs();
  const specs = options.specs ?? builtIn.specs;
  const fixture = options.fixture === undefined ? demoFixtureFor(specs) : parseFixture(options.fixture, 'createWorkMailMock: fixture');
  const readings = resolveReadings(specs, options.readings);
  const router = createMockRouter({ ...builtIn, specs, operations: mockOperations, readings });
  let state = WorkMailState.fromFixture(fixture);
  return {
    handle(request) {
      try {
        return rejectUndecodableRequest(request) ?? router.handle(request, state);
      } catch (error) {
        return {
          status: 500,
          headers: { 'content-type': 'application/x-amz-json-1.1' },
          body: JSON.stringify({ __type: 'InternalFailure', Message: `mock bug: ${(error as Error).message}`.slice(0, 256) }),
        };
      }
    },
    get state() {
      return state;
    },
    readings,
    reset() {
      state = WorkMailState.fromFixture(fixture);
    },
  };
}
