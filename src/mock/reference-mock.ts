import type { ConstraintSemantics } from '../spec/constraints.ts';
import type { Fixture } from '../fixture/fixture-schema.ts';
import { WorkMailState } from '../fixture/workmail-state.ts';
import { builtInCommonErrors, builtInOperationSpecs } from '../spec/built-in-specs.ts';
import type { CommonErrors, OperationSpec } from '../spec/spec-schema.ts';
import type { HttpRequestMessage, HttpResponseMessage } from '../wire/http-message.ts';
import { rejectUndecodableRequest } from '../wire/decode-aws-json-request.ts';
import { builtInSupportingOperationSpecs } from './built-in-supporting-operations.ts';
import { demoFixtureFor } from './demo-fixture.ts';
import { createMockRouter } from './mock-router.ts';
import { resolveReadings, type MockReadings } from './mock-readings.ts';
import { mockOperations } from './operations/mock-operations.ts';
import type { SupportingOperationSpec } from './supporting-spec-schema.ts';

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

/** Options of {@link createReferenceMock}: those of `createWorkMailMock` with a fixture that is already valid. */
export interface ReferenceMockOptions {
  /** The organizations to serve, already validated (`loadFixture`, `parseFixture`); the demo organizations when omitted. */
  readonly fixture?: Fixture | undefined;
  /** How to answer the points the documentation leaves open, by open point id; each omitted one takes its default. */
  readonly readings?: MockReadings | undefined;
  /** The operation specs to serve (their semantics are the model's); the built-in specs when omitted. */
  readonly specs?: readonly OperationSpec[] | undefined;
  /** How patterns match: whole values (as AWS does) by default, or `{ patternMatching: 'search' }` for a match anywhere. */
  readonly semantics?: ConstraintSemantics | undefined;
}

interface BuiltInSpecs {
  readonly specs: readonly OperationSpec[];
  readonly supportingSpecs: readonly SupportingOperationSpec[];
  readonly commonErrors: CommonErrors;
}

let builtInSpecs: BuiltInSpecs | undefined;

function loadBuiltInSpecs(): BuiltInSpecs {
  builtInSpecs ??= { specs: builtInOperationSpecs(), supportingSpecs: builtInSupportingOperationSpecs(), commonErrors: builtInCommonErrors() };
  return builtInSpecs;
}

/**
 * Creates the reference WorkMail mock over a fixture that is already valid, without loading the fixture schema (zod): what
 * the CLI uses, after validating a `--fixture` file itself. Library users call `createWorkMailMock`, which validates.
 *
 * @example
 * const mock = createReferenceMock({ fixture: loadFixture('state.json') });
 * mock.state.findOrganization(organizationId)?.state; // 'Active'
 */
export function createReferenceMock(options: ReferenceMockOptions = {}): WorkMailMock {
  const builtIn = loadBuiltInSpecs();
  const specs = options.specs ?? builtIn.specs;
  const fixture = options.fixture ?? demoFixtureFor(specs);
  const readings = resolveReadings(specs, options.readings);
  const router = createMockRouter({ ...builtIn, specs, operations: mockOperations, readings, semantics: options.semantics });
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
