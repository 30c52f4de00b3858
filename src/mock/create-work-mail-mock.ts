import type { FixtureInput } from '../fixture/fixture-schema.ts';
import { parseFixture } from '../fixture/load-fixture.ts';
import { WorkMailState } from '../fixture/workmail-state.ts';
import { loadCommonErrors, loadOperationSpecs } from '../spec/load-spec.ts';
import type { CommonErrors, OperationSpec } from '../spec/spec-schema.ts';
import type { HttpRequestMessage, HttpResponseMessage } from '../wire/http-message.ts';
import { demoFixture } from './demo-fixture.ts';
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
  /** How to answer the points the documentation leaves open; each omitted one takes its default. */
  readonly readings?: Partial<MockReadings>;
}

/** The reference WorkMail mock: a pure, synchronous awsJson1_1 request handler over an in-memory state. */
export interface WorkMailMock {
  /** Answers one awsJson1_1 request; never throws for any request. */
  handle(request: HttpRequestMessage): HttpResponseMessage;
  /** The current state (replaced by {@link WorkMailMock.reset}). */
  readonly state: WorkMailState;
  /** The readings the mock answers open points by. */
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
 * const mock = createWorkMailMock({ readings: { constraintViolation: 'ValidationException' } });
 * mock.handle(buildAwsJsonRequest(spec, { OrganizationId: demoIds.organizationId, PersonalAccessTokenId: demoIds.aliceTokenId })).status; // 200
 */
export function createWorkMailMock(options: WorkMailMockOptions = {}): WorkMailMock {
  const fixture = options.fixture === undefined ? demoFixture : parseFixture(options.fixture, 'createWorkMailMock: fixture');
  const readings = resolveReadings(options.readings);
  const router = createMockRouter({ ...loadBuiltInSpecs(), operations: mockOperations, readings });
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
