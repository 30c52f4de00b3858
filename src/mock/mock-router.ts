import { ConfigError } from '../config-error.ts';
import type { WorkMailState } from '../fixture/workmail-state.ts';
import { oneReading, type ChosenReadings } from '../model/readings.ts';
import {
  evaluateOperation,
  invalidInput,
  malformedBody,
  modelRules,
  resolveReferents,
  type Branch,
  type ModelRules,
  type ModelWorld,
  type Resolution,
} from '../model/work-mail-model.ts';
import type { CommonErrors, ErrorSpec, LookupReferent, OpenPoint, OperationSpec } from '../spec/spec-schema.ts';
import { sharedErrorStatuses } from '../spec/shared-error-statuses.ts';
import { awsJsonContentType, encodeAwsJsonError, encodeAwsJsonSuccess } from '../wire/aws-json.ts';
import type { HttpRequestMessage, HttpResponseMessage } from '../wire/http-message.ts';
import { defaultSemantics, type ConstraintSemantics } from '../spec/constraints.ts';
import { violatedMemberConstraints } from './member-constraints.ts';
import type { MockOperationSemantics, ResolvedRequest } from './mock-operation.ts';
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
  readonly referents: Readonly<Partial<Record<LookupReferent, { readonly goodStates: readonly string[] }>>>;
  readonly pagination: PaginationSpec | undefined;
}

/** What an operation does once the model let it through: a spec's delete effect (the model's), or a supporting operation's semantics. */
type RouteAction = { readonly kind: 'delete'; readonly spec: OperationSpec } | { readonly kind: 'supporting'; readonly semantics: MockOperationSemantics };

interface Route {
  readonly spec: RouteSpec;
  readonly rules: ModelRules;
  readonly members: readonly (readonly [string, SupportingMemberSpec])[];
  readonly action: RouteAction;
}

/** Answers awsJson1_1 requests against a state, by X-Amz-Target, with everything compiled once. */
export interface MockRouter {
  handle(request: HttpRequestMessage, state: WorkMailState): HttpResponseMessage;
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

/** The members a route looks up, in precedence order; the mock needs the organization first to find anything in it. */
function checkLookups(spec: RouteSpec): void {
  const lookups = spec.precedence.filter((member) => {
    const memberSpec = spec.input[member];
    return memberSpec?.type === 'string' && (memberSpec.refersTo === 'organization' || memberSpec.refersTo === 'entity');
  });
  const first = lookups[0] === undefined ? undefined : spec.input[lookups[0]];
  if (first?.type !== 'string' || first.refersTo !== 'organization') {
    throw new ConfigError(`mock: no semantics for ${spec.operation}: its precedence.order must start with the member naming the organization`);
  }
}

/** The specs' open points, each id once: the supporting operations answer open situations the way the delete operations do. */
function sharedOpenPoints(specs: readonly OperationSpec[]): OpenPoint[] {
  const points = new Map<string, OpenPoint>();
  for (const spec of specs) for (const point of spec.openPoints) if (!points.has(point.id)) points.set(point.id, point);
  return [...points.values()];
}

/**
 * The rules the model evaluates for a supporting operation (its lookups and errors), with the open points of the operation
 * specs: the mock answers with them under one reading, the stateful phase's oracle under every reading.
 *
 * @example
 * resolveReferents(supportingModelRules(putSpec, loadOperationSpecs()), world, input, next);
 */
export function supportingModelRules(supporting: SupportingOperationSpec, specs: readonly OperationSpec[]): ModelRules {
  return { operation: supporting.operation, input: supporting.input, errors: supporting.errors, precedence: supporting.precedence.order, referents: supporting.referents, openPoints: sharedOpenPoints(specs) };
}

/** The one branch the model gives when every open point has its one reading; anything else is a bug of the mock. */
function onlyBranch(operation: string, branches: readonly Branch[]): Branch {
  const [branch] = branches;
  if (branch === undefined || branches.length > 1) throw new Error(`mock: ${operation}: the model gave ${branches.length} answers under one reading per open point`);
  return branch;
}

function describeBody(input: unknown): string {
  return input === null ? 'null' : Array.isArray(input) ? 'an array' : typeof input;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Whether a text is empty or white space only (what `trim` removes), found without trimming a copy of it. */
function isBlank(text: string): boolean {
  return !/\S/.test(text);
}

function exceedsBodyLimit(body: string): boolean {
  if (body.length * 3 <= maxRequestBodyBytes) return false;
  return body.length > maxRequestBodyBytes || Buffer.byteLength(body, 'utf8') > maxRequestBodyBytes;
}

/**
 * Builds the router of the mock from operation specs, supporting specs and the operations' state semantics.
 *
 * @example
 * const router = createMockRouter({ specs: loadOperationSpecs(), supportingSpecs: loadSupportingOperationSpecs(), commonErrors: loadCommonErrors(), operations: mockOperations, readings: { 'disabled-entity': 'success' } });
 */
export function createMockRouter(options: {
  readonly specs: readonly OperationSpec[];
  readonly supportingSpecs: readonly SupportingOperationSpec[];
  readonly commonErrors: CommonErrors;
  readonly operations: readonly MockOperationSemantics[];
  /** One reading per open point, by id (each point not named takes its default): the mock is the model with these readings. */
  readonly readings: ChosenReadings;
  /** How patterns match (whole values by default, as AWS does): a target that matches anywhere is the mock under `search`. */
  readonly semantics?: ConstraintSemantics | undefined;
}): MockRouter {
  const semantics = options.semantics ?? defaultSemantics;
  const choose = oneReading(options.readings);
  const semanticsByName = new Map(options.operations.map((operation) => [operation.operation, operation]));
  const statuses = sharedErrorStatuses(options.commonErrors);
  const routes = new Map<string, Route>();
  for (const spec of options.specs) {
    const route = fromOperationSpec(spec);
    checkLookups(route);
    routes.set(route.target, { spec: route, rules: modelRules(spec), members: Object.entries(route.input), action: { kind: 'delete', spec } });
  }
  for (const supporting of options.supportingSpecs) {
    const route = fromSupportingSpec(supporting);
    const semantics = semanticsByName.get(route.operation);
    if (semantics === undefined) throw new ConfigError(`mock: no semantics for operation ${route.operation}`);
    checkLookups(route);
    const rules = supportingModelRules(supporting, options.specs);
    routes.set(route.target, { spec: route, rules, members: Object.entries(route.input), action: { kind: 'supporting', semantics } });
  }
  for (const route of routes.values()) for (const error of route.spec.errors) statuses.set(error.type, error.status);

  const errorResponse = (type: string, message: string): HttpResponseMessage => encodeAwsJsonError(type, statuses.get(type) ?? 400, message);

  /** The answer of the one branch; `undefined` for a success, for the route's action to give. */
  const answerOf = (route: Route, branch: Branch, message?: (type: string) => string): HttpResponseMessage | undefined => {
    const outcome = branch.outcome;
    switch (outcome.kind) {
      case 'success':
        return undefined;
      case 'error':
        // The status the model gives, from the operation's own spec: a type that two specs give other statuses keeps each its own.
        return encodeAwsJsonError(outcome.type, outcome.status, message?.(outcome.type) ?? outcome.message);
      case 'anyError':
      case 'unknown':
        throw new Error(`mock: ${route.spec.operation}: the model gave no single answer (${outcome.kind})`);
    }
  };

  const validate = (route: Route, world: ModelWorld, input: Readonly<Record<string, unknown>>): HttpResponseMessage | undefined => {
    let issues: MemberIssue[] | undefined;
    for (const [member, spec] of route.members) {
      const value = input[member];
      const constraints = violatedMemberConstraints(spec, value, semantics);
      if (constraints.length > 0) (issues ??= []).push({ member, spec, value, constraints });
    }
    if (issues === undefined) return undefined;
    const broken = issues;
    const wrongTypes = broken.filter((issue) => issue.constraints.includes('type'));
    const branch = onlyBranch(route.spec.operation, invalidInput(route.rules, world, broken));
    // The model decides the type; the mock words the message as AWS services do.
    return answerOf(route, branch, (type) =>
      wrongTypes.length === 0 ? validationMessage(broken) : type === 'SerializationException' ? serializationMessage(wrongTypes) : validationMessage(wrongTypes),
    );
  };

  const perform = (route: Route, world: ModelWorld, input: Readonly<Record<string, unknown>>, state: WorkMailState): HttpResponseMessage => {
    const action = route.action;
    switch (action.kind) {
      case 'delete': {
        const branch = onlyBranch(route.spec.operation, evaluateOperation(action.spec, world, input, []));
        const answer = answerOf(route, branch);
        if (answer !== undefined) return answer;
        const effect = branch.outcome.kind === 'success' ? branch.outcome.effect : undefined;
        if (effect !== undefined) state.deleteResource(effect.resource, effect.organizationId, effect.keys);
        return encodeAwsJsonSuccess();
      }
      case 'supporting': {
        let resolution: Resolution | undefined;
        const branches = resolveReferents(route.rules, world, input, (resolved, trail) => {
          resolution = resolved;
          return [{ stage: 'state', outcome: { kind: 'success', effect: undefined }, readings: trail.readings, reasons: trail.reasons }];
        });
        const answer = answerOf(route, onlyBranch(route.spec.operation, branches));
        if (answer !== undefined) return answer;
        const organization = resolution?.organization;
        if (resolution === undefined || organization === undefined) throw new Error(`mock: ${route.spec.operation}: the organization was not resolved`);
        const entities = resolution.entities;
        const request: ResolvedRequest = { state, input, organization, entity: (member) => entities[member] };
        const output = action.semantics.apply(request);
        if (output === undefined) return encodeAwsJsonSuccess();
        if (route.spec.pagination !== undefined) return page(route, route.spec.pagination, input, output);
        return { status: 200, headers: { 'content-type': awsJsonContentType }, body: JSON.stringify(output) };
      }
    }
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

  // The mock answers without saying why (no reason is worded per request); one world per state, as long as it serves.
  let world: ModelWorld | undefined;
  const worldOf = (state: WorkMailState): ModelWorld => {
    if (world?.state !== state) world = { state, closedWorld: true, choose, explain: false };
    return world;
  };

  return {
    handle(request, state) {
      if (request.method !== 'POST' && request.method.toUpperCase() !== 'POST') {
        return errorResponse('MethodNotAllowedException', `The method ${request.method} is not allowed: awsJson1_1 requests are POST /.`);
      }
      if (exceedsBodyLimit(request.body)) {
        return errorResponse('RequestEntityTooLargeException', `The request body is larger than ${maxRequestBodyBytes} bytes.`);
      }
      const target = request.headers['x-amz-target'];
      if (target === undefined || target === '') return errorResponse('UnknownOperationException', 'The X-Amz-Target header is missing.');
      const route = routes.get(target);
      if (route === undefined) return errorResponse('UnknownOperationException', `Unknown operation ${target.slice(0, 100)}.`);
      const world = worldOf(state);
      let input: unknown;
      if (isBlank(request.body)) {
        input = {};
      } else {
        try {
          input = JSON.parse(request.body);
        } catch {
          const branch = onlyBranch(route.spec.operation, malformedBody(route.rules, world, 'not valid JSON'));
          return answerOf(route, branch, () => 'The request body is not valid JSON.') ?? encodeAwsJsonSuccess();
        }
      }
      if (!isPlainObject(input)) {
        const what = describeBody(input);
        const branch = onlyBranch(route.spec.operation, malformedBody(route.rules, world, what));
        return answerOf(route, branch, () => `The request body must be a JSON object, not ${what}.`) ?? encodeAwsJsonSuccess();
      }
      return validate(route, world, input) ?? perform(route, world, input, state);
    },
  };
}
