import { WorkMailState } from '../../src/fixture/workmail-state.ts';
import { createWorkMailMock, type WorkMailMock } from '../../src/mock/create-work-mail-mock.ts';
import { demoFixture, demoIds } from '../../src/mock/demo-fixture.ts';
import { loadSupportingOperationSpecs } from '../../src/mock/load-supporting-operation-specs.ts';
import type { MockOperationSemantics } from '../../src/mock/mock-operation.ts';
import { defaultReadingsOf, type MockReadings } from '../../src/mock/mock-readings.ts';
import { createMockRouter } from '../../src/mock/mock-router.ts';
import { mockOperations } from '../../src/mock/operations/mock-operations.ts';
import { loadCommonErrors, loadOperationSpecs } from '../../src/spec/load-spec.ts';
import type { MemberSpec, OperationSpec } from '../../src/spec/spec-schema.ts';
import type { HttpHandle } from '../../src/target/handler-target.ts';
import { observeResponse } from '../../src/observation/observe-response.ts';
import { awsJsonContentType, encodeAwsJsonError, encodeAwsJsonSuccess } from '../../src/wire/aws-json.ts';
import type { HttpRequestMessage, HttpResponseMessage } from '../../src/wire/http-message.ts';

/** One deliberately broken mock: it breaks exactly one documented rule, and one check is meant to catch it. */
export interface BrokenMock {
  readonly name: string;
  /** The documented rule the mock breaks, in one sentence. */
  readonly rule: string;
  /** The name of the check (src/checks/) that must report it. */
  readonly intendedCheck: string;
  /** A fresh handle over a fresh copy of the demo organizations. */
  makeHandle(): HttpHandle;
  /** Other checks that rightly fail too, because the one break also breaks their rule (each says why). */
  readonly alsoFails?: readonly string[];
  /** The per-request timeout to run it with, where the default (10 s) would make the test slow. */
  readonly timeoutMs?: number;
  /** What a shrunk property finding of the intended check must look like: the break and nothing bigger. */
  readonly minimal?: (input: Readonly<Record<string, unknown>>) => boolean;
}

const deleteToken = 'DeletePersonalAccessToken';
const deletePermissions = 'DeleteMailboxPermissions';

/** The operation a request names by its X-Amz-Target (`WorkMailService.<Operation>`). */
function operationOf(request: HttpRequestMessage): string {
  return (request.headers['x-amz-target'] ?? '').replace(/^WorkMailService\./, '');
}

/** The request's JSON object body, or `undefined` for a body that is not one. */
function inputOf(request: HttpRequestMessage): Record<string, unknown> | undefined {
  try {
    const parsed: unknown = JSON.parse(request.body);
    return typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed) ? (parsed as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

function withBody(request: HttpRequestMessage, input: Readonly<Record<string, unknown>>): HttpRequestMessage {
  return { ...request, body: JSON.stringify(input) };
}

/** The error type of a response, as the kit decodes it. */
function errorTypeOf(response: HttpResponseMessage): string | undefined {
  return observeResponse(response, 0).errorType;
}

function lengthOf(value: unknown): number {
  return typeof value === 'string' ? [...value].length : -1;
}

function isSuccess(response: HttpResponseMessage): boolean {
  return response.status >= 200 && response.status < 300;
}

/** How a broken mock changes the reference mock: the request before it, the answer after it, or both. */
interface Wrapping {
  /** An answer given instead of the reference mock's, or `undefined` to let the mock answer (possibly a rewritten request). */
  readonly before?: (request: HttpRequestMessage, mock: WorkMailMock) => HttpRequestMessage | HttpResponseMessage | Promise<HttpResponseMessage>;
  readonly after?: (response: HttpResponseMessage, request: HttpRequestMessage) => HttpResponseMessage;
}

function isResponse(value: HttpRequestMessage | HttpResponseMessage): value is HttpResponseMessage {
  return 'status' in value;
}

/**
 * A broken handle built by wrapping the reference mock's `handle` (over the demo organizations).
 *
 * @example
 * const handle = wrapReference({ after: (response) => ({ ...response, status: 204 }) })();
 */
export function wrapReference(wrapping: Wrapping, readings: MockReadings = {}): () => HttpHandle {
  return () => {
    const mock = createWorkMailMock({ fixture: demoFixture, readings });
    return (request) => {
      const changed = wrapping.before?.(request, mock) ?? request;
      if (changed instanceof Promise) return changed;
      if (isResponse(changed)) return changed;
      const response = mock.handle(changed);
      return wrapping.after === undefined ? response : wrapping.after(response, request);
    };
  };
}

/**
 * A broken handle built from the reference mock's router over a mutated copy of the operation specs (and, optionally, of its operations).
 *
 * @example
 * const handle = mutatedSpecs((specs) => { member(specs, 'DeletePersonalAccessToken', 'PersonalAccessTokenId').length!.max = 65; })();
 */
export function mutatedSpecs(mutate: (specs: OperationSpec[]) => void, operations: readonly MockOperationSemantics[] = mockOperations): () => HttpHandle {
  return () => {
    const specs = structuredClone(loadOperationSpecs());
    mutate(specs);
    const router = createMockRouter({
      specs,
      supportingSpecs: loadSupportingOperationSpecs(),
      commonErrors: loadCommonErrors(),
      operations,
      readings: defaultReadingsOf(specs),
    });
    const state = WorkMailState.fromFixture(demoFixture);
    return (request) => router.handle(request, state);
  };
}

function specOf(specs: readonly OperationSpec[], operation: string): OperationSpec {
  const spec = specs.find((candidate) => candidate.operation === operation);
  if (spec === undefined) throw new Error(`catalogue: no spec for ${operation}`);
  return spec;
}

/**
 * A member spec of a (cloned) operation spec, to mutate.
 *
 * @example
 * member(specs, 'DeleteMailboxPermissions', 'GranteeId').required = false;
 */
export function member(specs: readonly OperationSpec[], operation: string, name: string): { -readonly [K in keyof MemberSpec]: MemberSpec[K] } {
  const found = specOf(specs, operation).input[name];
  if (found === undefined) throw new Error(`catalogue: ${operation} has no member ${name}`);
  return found as { -readonly [K in keyof MemberSpec]: MemberSpec[K] };
}

function setLength(specs: readonly OperationSpec[], operation: string, name: string, length: { min: number; max: number }): void {
  member(specs, operation, name).length = length;
}

function addGoodState(specs: readonly OperationSpec[], referent: 'organization' | 'entity', state: string): void {
  for (const spec of specs) {
    const referentSpec = spec.referents[referent] as { goodStates: string[] } | undefined;
    if (referentSpec !== undefined) referentSpec.goodStates = [...referentSpec.goodStates, state];
  }
}

const never = new Promise<HttpResponseMessage>(() => {});

/** Re-encodes every error answer with another body, keeping its status. */
function errorBody(body: (response: HttpResponseMessage) => { readonly body: string; readonly contentType: string }): Wrapping {
  return {
    after: (response) => {
      if (response.status < 400) return response;
      const replaced = body(response);
      return { status: response.status, headers: { 'content-type': replaced.contentType }, body: replaced.body };
    },
  };
}

/** Rewrites every member value of the request body that `convert` changes. */
function rewriteMembers(convert: (value: unknown) => unknown): Wrapping {
  return {
    before: (request) => {
      const input = inputOf(request);
      if (input === undefined) return request;
      return withBody(request, Object.fromEntries(Object.entries(input).map(([key, value]) => [key, convert(value)])));
    },
  };
}

/** Every broken mock of the catalogue, each breaking one documented rule. */
export const brokenMocks: readonly BrokenMock[] = [
  {
    name: 'PersonalAccessTokenId accepts 65 characters',
    rule: 'PersonalAccessTokenId is 1..64 characters long.',
    intendedCheck: 'negativeDataRejection',
    // In an unknown organization the 65-character ID gets OrganizationNotFoundException instead of the validation error.
    alsoFails: ['exceptionTypeConformance'],
    makeHandle: mutatedSpecs((specs) => setLength(specs, deleteToken, 'PersonalAccessTokenId', { min: 1, max: 65 })),
    minimal: (input) => lengthOf(input['PersonalAccessTokenId']) === 65,
  },
  {
    name: 'PersonalAccessTokenId rejects 64 characters',
    rule: 'PersonalAccessTokenId is 1..64 characters long.',
    intendedCheck: 'positiveDataAcceptance',
    makeHandle: mutatedSpecs((specs) => setLength(specs, deleteToken, 'PersonalAccessTokenId', { min: 1, max: 63 })),
    minimal: (input) => lengthOf(input['PersonalAccessTokenId']) === 64,
  },
  {
    // A 257-character EntityId names no entity, so the break shows as a state error where the validation error belongs.
    name: 'EntityId accepts 257 characters',
    rule: 'EntityId is 1..256 characters long.',
    intendedCheck: 'exceptionTypeConformance',
    makeHandle: mutatedSpecs((specs) => setLength(specs, deletePermissions, 'EntityId', { min: 1, max: 257 })),
    minimal: (input) => lengthOf(input['EntityId']) === 257,
  },
  {
    name: 'GranteeId rejects 256 characters',
    rule: 'GranteeId is 1..256 characters long.',
    intendedCheck: 'positiveDataAcceptance',
    makeHandle: mutatedSpecs((specs) => setLength(specs, deletePermissions, 'GranteeId', { min: 1, max: 255 })),
  },
  {
    name: 'OrganizationId accepts 33 hex digits',
    rule: 'OrganizationId is exactly 34 characters: m- and 32 hex digits.',
    intendedCheck: 'exceptionTypeConformance',
    makeHandle: mutatedSpecs((specs) => {
      for (const operation of [deleteToken, deletePermissions]) {
        const organizationId = member(specs, operation, 'OrganizationId');
        organizationId.length = { min: 34, max: 35 };
        organizationId.pattern = '^m-[0-9a-f]{32,33}$';
      }
    }),
    minimal: (input) => lengthOf(input['OrganizationId']) === 35,
  },
  {
    name: 'PersonalAccessTokenId accepts an exclamation mark',
    rule: 'PersonalAccessTokenId matches [a-zA-Z0-9_-]+.',
    intendedCheck: 'negativeDataRejection',
    // In an unknown organization the ID with '!' gets OrganizationNotFoundException instead of the validation error.
    alsoFails: ['exceptionTypeConformance'],
    makeHandle: mutatedSpecs((specs) => {
      member(specs, deleteToken, 'PersonalAccessTokenId').pattern = '[a-zA-Z0-9_!-]+';
    }),
  },
  {
    name: 'EntityId rejects a percent sign',
    rule: 'EntityId matches [a-zA-Z0-9._%+@-]+.',
    intendedCheck: 'positiveDataAcceptance',
    makeHandle: mutatedSpecs((specs) => {
      member(specs, deletePermissions, 'EntityId').pattern = '[a-zA-Z0-9._+@-]+';
    }),
  },
  {
    // Search-mode matching: a value passes when any part of it matches the pattern.
    name: 'EntityId pattern matched unanchored',
    rule: 'EntityId must match [a-zA-Z0-9._%+@-]+ as a whole value.',
    intendedCheck: 'exceptionTypeConformance',
    makeHandle: mutatedSpecs((specs) => {
      member(specs, deletePermissions, 'EntityId').pattern = '[\\s\\S]*[a-zA-Z0-9._%+@-][\\s\\S]*';
    }),
  },
  {
    name: 'EntityNotFoundException sent with 404',
    rule: 'EntityNotFoundException is a client error with HTTP 400.',
    intendedCheck: 'statusCodeConformance',
    makeHandle: wrapReference({ after: (response) => (errorTypeOf(response) === 'EntityNotFoundException' ? { ...response, status: 404 } : response) }),
  },
  {
    name: 'ResourceNotFoundException instead of EntityNotFoundException',
    rule: 'An unknown entity gets the documented EntityNotFoundException.',
    intendedCheck: 'exceptionTypeConformance',
    makeHandle: wrapReference({
      after: (response) => (errorTypeOf(response) === 'EntityNotFoundException' ? encodeAwsJsonError('ResourceNotFoundException', 400, 'Entity not found.') : response),
    }),
  },
  {
    name: 'ValidationException under the documented profile',
    rule: 'A constraint violation gets the documented InvalidParameterException.',
    intendedCheck: 'exceptionTypeConformance',
    makeHandle: wrapReference({}, { 'constraint-violation-error': 'ValidationException' }),
  },
  {
    name: 'email-form EntityId rejected as invalid',
    rule: 'EntityId may be an email address.',
    intendedCheck: 'positiveDataAcceptance',
    // The stateful phase names entities by email too: its steps get the rejection where the model allows none.
    alsoFails: ['stateSequence'],
    makeHandle: wrapReference({
      before: (request) => {
        const entityId = inputOf(request)?.['EntityId'];
        return typeof entityId === 'string' && entityId.includes('@') ? encodeAwsJsonError('InvalidParameterException', 400, 'EntityId must be an ID or a name.') : request;
      },
    }),
  },
  {
    name: 'GranteeId optional',
    rule: 'GranteeId is required.',
    intendedCheck: 'negativeDataRejection',
    // Where the entity is unknown, the missing grantee gets EntityNotFoundException instead of the validation error.
    alsoFails: ['exceptionTypeConformance'],
    makeHandle: mutatedSpecs((specs) => {
      member(specs, deletePermissions, 'GranteeId').required = false;
    }),
    minimal: (input) => input['GranteeId'] === undefined || input['GranteeId'] === null,
  },
  {
    name: '500 InternalFailure when EntityId contains +',
    rule: 'No request gets a 5xx server error.',
    intendedCheck: 'noServerErrors',
    makeHandle: wrapReference({
      before: (request) => {
        const entityId = inputOf(request)?.['EntityId'];
        return typeof entityId === 'string' && entityId.includes('+') ? encodeAwsJsonError('InternalFailure', 500, 'Something broke.') : request;
      },
    }),
  },
  {
    name: 'never answers when PersonalAccessTokenId is longer than 60',
    rule: 'Every request gets an answer within the timeout.',
    intendedCheck: 'responseTime',
    timeoutMs: 200,
    makeHandle: wrapReference({
      before: (request) => {
        const tokenId = inputOf(request)?.['PersonalAccessTokenId'];
        return typeof tokenId === 'string' && [...tokenId].length > 60 ? never : request;
      },
    }),
  },
  {
    name: 'success with a non-empty body',
    rule: 'A success has an empty body (or {}).',
    intendedCheck: 'successResponse',
    makeHandle: wrapReference({
      after: (response) => (isSuccess(response) ? { status: 200, headers: { 'content-type': awsJsonContentType }, body: '{"Deleted":true}' } : response),
    }),
  },
  {
    name: 'a Deleted organization answers 200',
    rule: 'An organization that is not Active gets OrganizationStateException (or OrganizationNotFoundException when Deleted).',
    intendedCheck: 'stateConformance',
    makeHandle: mutatedSpecs((specs) => addGoodState(specs, 'organization', 'Deleted')),
    // The break is the organization; fixture values (a token, an entity) in the other members cannot get smaller.
    minimal: (input) => input['OrganizationId'] === demoIds.deletedOrganizationId,
  },
  {
    name: 'an unknown entity answers 200',
    rule: 'An entity that does not exist gets EntityNotFoundException.',
    intendedCheck: 'stateConformance',
    makeHandle: wrapReference({ after: (response) => (errorTypeOf(response) === 'EntityNotFoundException' ? encodeAwsJsonSuccess() : response) }),
  },
  {
    name: 'state checked before validation',
    rule: 'Input validation comes first: an invalid member gets InvalidParameterException even in an unknown organization.',
    intendedCheck: 'exceptionTypeConformance',
    makeHandle: wrapReference({
      before: (request, mock) => {
        const organizationId = inputOf(request)?.['OrganizationId'];
        return typeof organizationId === 'string' && mock.state.findOrganization(organizationId) === undefined
          ? encodeAwsJsonError('OrganizationNotFoundException', 400, `Organization ${organizationId} does not exist.`)
          : request;
      },
    }),
  },
  {
    name: 'null member read as the string "null"',
    rule: 'A null member is absent, so a required member that is null is a required violation.',
    intendedCheck: 'negativeDataRejection',
    // "null" names no organization or entity, so elsewhere a state error comes where the validation error belongs.
    alsoFails: ['exceptionTypeConformance'],
    makeHandle: wrapReference(rewriteMembers((value) => (value === null ? 'null' : value))),
    minimal: (input) => Object.values(input).includes(null),
  },
  {
    name: 'a number coerced into a string',
    rule: 'A member of the wrong JSON type is rejected.',
    intendedCheck: 'negativeDataRejection',
    // A number turned into a string names no organization or entity: a state error where the validation error belongs.
    alsoFails: ['exceptionTypeConformance'],
    makeHandle: wrapReference(rewriteMembers((value) => (typeof value === 'number' ? String(value) : value))),
    minimal: (input) => Object.values(input).some((value) => typeof value === 'number'),
  },
  {
    name: 'success with status 204',
    rule: 'A success is HTTP 200.',
    intendedCheck: 'statusCodeConformance',
    makeHandle: wrapReference({ after: (response) => (isSuccess(response) ? { ...response, status: 204 } : response) }),
  },
  {
    name: 'error body is an HTML page',
    rule: 'An error is an awsJson error: a JSON object body.',
    intendedCheck: 'errorResponseShape',
    makeHandle: wrapReference(errorBody(() => ({ contentType: 'text/html', body: '<html><body><h1>Bad Request</h1></body></html>' }))),
  },
  {
    name: 'error body without any type',
    rule: 'An error carries a type a client can decode (__type, code or X-Amzn-ErrorType).',
    intendedCheck: 'errorResponseShape',
    makeHandle: wrapReference(errorBody((response) => ({ contentType: awsJsonContentType, body: JSON.stringify({ Message: observeResponse(response, 0).message ?? '' }) }))),
  },
  {
    name: 'error message that is not a string',
    rule: 'An error message is a string.',
    intendedCheck: 'errorResponseShape',
    makeHandle: wrapReference(errorBody((response) => ({ contentType: awsJsonContentType, body: JSON.stringify({ __type: errorTypeOf(response), Message: 42 }) }))),
  },
  {
    name: 'repeated delete of a permission answers EntityNotFoundException',
    rule: 'DeleteMailboxPermissions is idempotent: deleting the same permission again gets 200.',
    intendedCheck: 'idempotency',
    // The property phase may send one permission twice too; the oracle then expects the idempotent 200. So does the stateful
    // phase, which sends a delete twice in a row.
    alsoFails: ['stateConformance', 'stateSequence'],
    makeHandle: () => {
      const mock = createWorkMailMock({ fixture: demoFixture });
      const deleted = new Set<string>();
      return (request) => {
        const response = mock.handle(request);
        if (operationOf(request) !== deletePermissions || !isSuccess(response)) return response;
        if (deleted.has(request.body)) return encodeAwsJsonError('EntityNotFoundException', 400, 'No such permission.');
        deleted.add(request.body);
        return response;
      };
    },
  },
  {
    name: 'a Creating organization answers 200',
    rule: 'An organization that is not Active gets OrganizationStateException.',
    intendedCheck: 'stateConformance',
    makeHandle: mutatedSpecs((specs) => addGoodState(specs, 'organization', 'Creating')),
  },
  {
    name: 'PersonalAccessTokenId accepts a dot',
    rule: 'PersonalAccessTokenId matches [a-zA-Z0-9_-]+.',
    intendedCheck: 'negativeDataRejection',
    // With an unknown organization the accepted token reaches the state lookup: OrganizationNotFoundException where the validation error belongs.
    alsoFails: ['exceptionTypeConformance'],
    makeHandle: mutatedSpecs((specs) => {
      member(specs, deleteToken, 'PersonalAccessTokenId').pattern = '[a-zA-Z0-9_.-]+';
    }),
  },
];

