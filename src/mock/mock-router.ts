import type { Entity, Organization } from '../fixture/fixture-schema.ts';
import type { WorkMailState } from '../fixture/workmail-state.ts';
import type { CommonErrors, ErrorSpec, OperationSpec, ReferentKind } from '../spec/spec-schema.ts';
import { awsJsonContentType, encodeAwsJsonError, encodeAwsJsonSuccess } from '../wire/aws-json.ts';
import type { HttpRequestMessage, HttpResponseMessage } from '../wire/http-message.ts';
import { violatedMemberConstraints } from './member-constraints.ts';
import type { MockOperationSemantics, ResolvedRequest } from './mock-operation.ts';
import { deletedOrganizationState, disabledEntityState, type MockReadings } from './mock-readings.ts';
import { decodePageToken, encodePageToken } from './page-token.ts';
import type { PaginationSpec, SupportingMemberSpec, SupportingOperationSpec } from './supporting-spec-schema.ts';
import { serializationMessage, validationMessage, type MemberIssue } from './validation-message.ts';

/** The largest request body the mock accepts, in bytes (1 MiB); a larger one gets RequestEntityTooLargeException 413. */
export const maxRequestBodyBytes = 1024 * 1024;

/** What the router needs of an operation, whether it comes from an operation spec or from the supporting operations. */
interface RouteSpec {
  readonly operation: string;
  readonly target: string;
  readonly input: Readonly<Record<string, SupportingMemberSpec>>;
  readonly errors: readonly ErrorSpec[];
  readonly precedence: readonly string[];
  readonly referents: Readonly<Partial<Record<ReferentKind, { readonly goodStates: readonly string[] }>>>;
  readonly pagination: PaginationSpec | undefined;
}

type Lookup =
  | { readonly kind: 'organization'; readonly member: string }
  | { readonly kind: 'entity'; readonly member: string };

interface Route {
  readonly spec: RouteSpec;
  readonly members: readonly (readonly [string, SupportingMemberSpec])[];
  readonly lookups: readonly Lookup[];
  readonly semantics: MockOperationSemantics;
}

/** Answers awsJson1_1 requests against a state, by X-Amz-Target, with everything compiled once. */
export interface MockRouter {
  handle(request: HttpRequestMessage, state: WorkMailState): HttpResponseMessage;
}

class ErrorAnswer {
  constructor(
    readonly type: string,
    readonly message: string,
  ) {}
}

function fromOperationSpec(spec: OperationSpec): RouteSpec {
  return {
    operation: spec.operation,
    target: spec.protocol.target,
    input: spec.input,
    errors: spec.errors,
    precedence: spec.precedence.order,
    referents: spec.referents,
    pagination: undefined,
  };
}

function fromSupportingSpec(spec: SupportingOperationSpec): RouteSpec {
  return { ...spec, precedence: spec.precedence.order, pagination: spec.pagination };
}

function buildRoute(spec: RouteSpec, semantics: MockOperationSemantics): Route {
  const lookups: Lookup[] = [];
  for (const member of spec.precedence) {
    const memberSpec = spec.input[member];
    const kind = memberSpec?.type === 'string' ? memberSpec.refersTo : undefined;
    if (kind === 'organization' || kind === 'entity') lookups.push({ kind, member });
  }
  if (lookups[0]?.kind !== 'organization') {
    throw new Error(`mock: ${spec.operation}: precedence.order must start with the member naming the organization`);
  }
  return { spec, members: Object.entries(spec.input), lookups, semantics };
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function exceedsBodyLimit(body: string): boolean {
  if (body.length * 3 <= maxRequestBodyBytes) return false;
  return body.length > maxRequestBodyBytes || Buffer.byteLength(body, 'utf8') > maxRequestBodyBytes;
}

/**
 * Builds the router of the mock from operation specs, supporting specs and the operations' state semantics.
 *
 * @example
 * const router = createMockRouter({ specs: loadOperationSpecs(), supportingSpecs: loadSupportingOperationSpecs(), commonErrors: loadCommonErrors(), operations: mockOperations, readings: defaultReadings });
 */
export function createMockRouter(options: {
  readonly specs: readonly OperationSpec[];
  readonly supportingSpecs: readonly SupportingOperationSpec[];
  readonly commonErrors: CommonErrors;
  readonly operations: readonly MockOperationSemantics[];
  readonly readings: MockReadings;
}): MockRouter {
  const { readings } = options;
  const semanticsByName = new Map(options.operations.map((operation) => [operation.operation, operation]));
  const statuses = new Map<string, number>();
  for (const shared of [...options.commonErrors.commonErrors, ...options.commonErrors.protocolErrors]) statuses.set(shared.type, shared.status);
  const routes = new Map<string, Route>();
  for (const spec of [...options.specs.map(fromOperationSpec), ...options.supportingSpecs.map(fromSupportingSpec)]) {
    const semantics = semanticsByName.get(spec.operation);
    if (semantics === undefined) throw new Error(`mock: no state semantics for operation ${spec.operation} (add a file to src/mock/operations/)`);
    for (const error of spec.errors) statuses.set(error.type, error.status);
    routes.set(spec.target, buildRoute(spec, semantics));
  }

  const errorResponse = (type: string, message: string): HttpResponseMessage => encodeAwsJsonError(type, statuses.get(type) ?? 400, message);

  const errorOf = (route: Route, condition: 'notFound' | 'badState', referent: ReferentKind): string => {
    const declared = route.spec.errors.find((error) => error.when.condition === condition && 'referent' in error.when && error.when.referent === referent);
    if (declared === undefined) throw new Error(`mock: ${route.spec.operation} declares no ${condition} error for ${referent}`);
    return declared.type;
  };

  const validate = (route: Route, input: Readonly<Record<string, unknown>>): ErrorAnswer | undefined => {
    const issues: MemberIssue[] = [];
    for (const [member, spec] of route.members) {
      const value = input[member];
      const constraints = violatedMemberConstraints(spec, value);
      if (constraints.length > 0) issues.push({ member, spec, value, constraints });
    }
    if (issues.length === 0) return undefined;
    const wrongTypes = issues.filter((issue) => issue.constraints.includes('type'));
    if (wrongTypes.length > 0) {
      return readings.wrongType === 'SerializationException'
        ? new ErrorAnswer('SerializationException', serializationMessage(wrongTypes))
        : new ErrorAnswer(readings.wrongType, validationMessage(wrongTypes));
    }
    return new ErrorAnswer(readings.constraintViolation, validationMessage(issues));
  };

  const resolve = (route: Route, input: Readonly<Record<string, unknown>>, state: WorkMailState): ResolvedRequest | ErrorAnswer => {
    let organization: Organization | undefined;
    const entities = new Map<string, Entity>();
    for (const lookup of route.lookups) {
      const value = input[lookup.member];
      if (typeof value !== 'string') continue;
      const goodStates = route.spec.referents[lookup.kind]?.goodStates;
      if (lookup.kind === 'organization') {
        organization = state.findOrganization(value);
        if (organization === undefined) return new ErrorAnswer(errorOf(route, 'notFound', 'organization'), `Organization ${value} does not exist.`);
        if (goodStates !== undefined && !goodStates.includes(organization.state)) {
          if (organization.state === deletedOrganizationState && readings.deletedOrganization === 'OrganizationNotFoundException') {
            return new ErrorAnswer(errorOf(route, 'notFound', 'organization'), `Organization ${value} does not exist.`);
          }
          return new ErrorAnswer(errorOf(route, 'badState', 'organization'), `Organization ${value} is in state ${organization.state}; the operation needs ${goodStates.join(' or ')}.`);
        }
      } else if (organization !== undefined) {
        const entity = state.findEntity(organization.id, value)?.entity;
        if (entity === undefined) {
          return new ErrorAnswer(errorOf(route, 'notFound', 'entity'), `Entity ${value} (${lookup.member}) does not exist in organization ${organization.id}.`);
        }
        const accepted = goodStates === undefined || goodStates.includes(entity.state) || (entity.state === disabledEntityState && readings.disabledEntity === 'success');
        if (!accepted) {
          return new ErrorAnswer(errorOf(route, 'badState', 'entity'), `Entity ${value} (${lookup.member}) is in state ${entity.state}; the operation needs ${goodStates?.join(' or ')}.`);
        }
        entities.set(lookup.member, entity);
      }
    }
    if (organization === undefined) throw new Error(`mock: ${route.spec.operation}: the organization was not resolved`);
    return { state, input, organization, entity: (member) => entities.get(member) };
  };

  const page = (route: Route, pagination: PaginationSpec, input: Readonly<Record<string, unknown>>, output: Readonly<Record<string, unknown>>): HttpResponseMessage => {
    const items = output[pagination.items];
    if (!Array.isArray(items)) throw new Error(`mock: ${route.spec.operation} returned no ${pagination.items} list`);
    const scope = JSON.stringify(route.members.filter(([member]) => member !== pagination.inputToken && member !== pagination.pageSize).map(([member]) => input[member] ?? null));
    const token = input[pagination.inputToken];
    let offset = 0;
    if (typeof token === 'string') {
      const decoded = decodePageToken(token, route.spec.operation, scope);
      if (decoded === undefined) return errorResponse(pagination.invalidTokenError, `The ${pagination.inputToken} was not issued by a previous ${route.spec.operation} call with the same input.`);
      offset = decoded;
    }
    const size = typeof input[pagination.pageSize] === 'number' ? (input[pagination.pageSize] as number) : pagination.defaultPageSize;
    const end = offset + size;
    const body: Record<string, unknown> = { ...output, [pagination.items]: items.slice(offset, end) };
    if (end < items.length) body[pagination.outputToken] = encodePageToken(route.spec.operation, scope, end);
    return { status: 200, headers: { 'content-type': awsJsonContentType }, body: JSON.stringify(body) };
  };

  return {
    handle(request, state) {
      if (request.method.toUpperCase() !== 'POST') {
        return errorResponse('MethodNotAllowedException', `The method ${request.method} is not allowed: awsJson1_1 requests are POST /.`);
      }
      if (exceedsBodyLimit(request.body)) {
        return errorResponse('RequestEntityTooLargeException', `The request body is larger than ${maxRequestBodyBytes} bytes.`);
      }
      const target = request.headers['x-amz-target'];
      if (target === undefined || target === '') return errorResponse('UnknownOperationException', 'The X-Amz-Target header is missing.');
      const route = routes.get(target);
      if (route === undefined) return errorResponse('UnknownOperationException', `Unknown operation ${target.slice(0, 100)}.`);
      let input: unknown;
      if (request.body.trim() === '') {
        input = {};
      } else {
        try {
          input = JSON.parse(request.body);
        } catch {
          return errorResponse('SerializationException', 'The request body is not valid JSON.');
        }
      }
      if (!isPlainObject(input)) return errorResponse('SerializationException', `The request body must be a JSON object, not ${input === null ? 'null' : Array.isArray(input) ? 'an array' : typeof input}.`);
      const invalid = validate(route, input);
      if (invalid !== undefined) return errorResponse(invalid.type, invalid.message);
      const resolved = resolve(route, input, state);
      if (resolved instanceof ErrorAnswer) return errorResponse(resolved.type, resolved.message);
      const pagination = route.spec.pagination;
      const output = route.semantics.apply(resolved);
      if (output === undefined) return encodeAwsJsonSuccess();
      if (pagination !== undefined) return page(route, pagination, input, output);
      return { status: 200, headers: { 'content-type': awsJsonContentType }, body: JSON.stringify(output) };
    },
  };
}
