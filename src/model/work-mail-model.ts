import type { Entity, Organization } from '../fixture/fixture-schema.ts';
import type { WorkMailState } from '../fixture/workmail-state.ts';
import { readingName } from '../spec/reading-name.ts';
import type { EntityField, ErrorSpec, IdentifierForm, LookupReferent, OpenPoint, OperationSpec, OutcomeSpec } from '../spec/spec-schema.ts';
import { freshRandomForm } from './fresh-random-identifier.ts';
import type { ReadingChooser } from './readings.ts';
import { getOrInsertComputed } from '../get-or-insert-computed.ts';

/** A resource a successful delete removes, so that a state can follow the target's. */
export interface ResourceEffect {
  readonly resource: string;
  readonly organizationId: string;
  readonly keys: Readonly<Record<string, string>>;
}

/** The answer at the end of one branch of the model. */
export type ModelOutcome =
  /** 200; `effect` is what the success deletes (`undefined` when nothing is there to delete). */
  | { readonly kind: 'success'; readonly effect: ResourceEffect | undefined }
  /** An error of a type with its status, and a message a server could give. */
  | { readonly kind: 'error'; readonly type: string; readonly status: number; readonly message: string }
  /** Any awsJson error with a 4xx status (an `anyType` reading). */
  | { readonly kind: 'anyError' }
  /** Nothing known determines the answer: any documented state outcome. */
  | { readonly kind: 'unknown' };

/** Which rule a branch ends in, so that checks know what a case exercises. */
export type ModelStage = 'malformedBody' | 'validation' | 'state';

/** One way the documented semantics can go for a request: the readings taken on the way, why, and the answer. */
export interface Branch {
  readonly stage: ModelStage;
  readonly outcome: ModelOutcome;
  /** The reading taken at each open point this branch passed, by open point id. */
  readonly readings: Readonly<Record<string, string>>;
  readonly reasons: readonly string[];
}

/** What the model knows of the world it judges a request in. */
export interface ModelWorld {
  /** The state (a fixture, updated as deletes succeed); `undefined` when nothing is known. */
  readonly state: WorkMailState | undefined;
  /**
   * Whether the state is all there is (the reference mock): what it does not hold does not exist. A fixture of a real target
   * is not: there, only high-entropy IDs, or lists read to the end, make absence known.
   */
  readonly closedWorld: boolean;
  readonly choose: ReadingChooser;
  /**
   * Whether branches say why they end as they do (their `reasons`; the default). The reference mock, which answers without
   * saying why, turns it off, so that no reason is worded for a request.
   */
  readonly explain?: boolean;
}

/** A member of an operation as the model reads it: what it names, and its identifier forms. */
export interface ModelMember {
  readonly type: string;
  readonly refersTo?: string | undefined;
  readonly forms?: readonly IdentifierForm[] | undefined;
}

/** The rules of an operation the model evaluates: an operation spec, or the mock's supporting operations with the specs' open points. */
export interface ModelRules {
  readonly operation: string;
  readonly input: Readonly<Record<string, ModelMember>>;
  readonly errors: readonly ErrorSpec[];
  readonly precedence: readonly string[];
  readonly referents: Readonly<Partial<Record<LookupReferent, { readonly goodStates: readonly string[] }>>>;
  readonly openPoints: readonly OpenPoint[];
}

/** A member that breaks its constraints, as a validator found it. */
export interface ModelIssue {
  readonly member: string;
  readonly constraints: readonly string[];
}

/** What the lookups resolved, for the effect (or a supporting operation) to use. */
export interface Resolution {
  readonly organization: Organization | undefined;
  readonly entities: Readonly<Record<string, Entity>>;
}

interface Trail {
  readonly readings: Readonly<Record<string, string>>;
  readonly reasons: readonly string[];
}

type Continue = (resolution: Resolution, trail: Trail) => Branch[];

type Condition = OpenPoint['when'];

/**
 * A rules object's open points and errors by condition (its JSON text), and the open points a lookup asks for by state: every
 * lookup of a case is one map read, not a search of the open points or a JSON.stringify per candidate. Built once per rules
 * object (the rules of a spec never change); the by-state maps fill as states are met.
 */
interface ConditionIndex {
  readonly points: Map<string, OpenPoint>;
  readonly errors: Map<string, ErrorSpec[]>;
  readonly errorTypes: Map<string, ReadonlySet<string>>;
  /** The first `lookupOrder` open point, where every member it orders is in the precedence (else the precedence holds). */
  readonly lookupOrder: OpenPoint | undefined;
  /** The lookup order each reading of {@link ConditionIndex.lookupOrder} gives. */
  readonly lookupOrders: ReadonlyMap<OutcomeSpec, readonly string[]>;
  /** The first `state` open point of a referent that names a state, by `referent state` (`null`: none). */
  readonly stateByReferentState: Map<string, OpenPoint | null>;
  /** The first `namedNotById` open point that names a state, by state (`null`: none). */
  readonly namedNotByIdByState: Map<string, OpenPoint | null>;
  /** The first `nameShared` open point that names a state, by state (`null`: none). */
  readonly nameSharedByState: Map<string, OpenPoint | null>;
}

const conditionIndexes = new WeakMap<ModelRules, ConditionIndex>();

function conditionIndex(rules: ModelRules): ConditionIndex {
  return getOrInsertComputed(conditionIndexes, rules, buildConditionIndex);
}

function buildConditionIndex(rules: ModelRules): ConditionIndex {
  const found = rules.openPoints.find((candidate) => candidate.when.condition === 'lookupOrder');
  const lookupOrder = found?.when.condition === 'lookupOrder' && found.when.members.every((member) => rules.precedence.includes(member)) ? found : undefined;
  const index: ConditionIndex = {
    points: new Map(),
    errors: new Map(),
    errorTypes: new Map(),
    lookupOrder,
    lookupOrders: new Map(lookupOrder === undefined ? [] : lookupOrder.outcomes.map((outcome) => [outcome, readingLookupOrder(rules, lookupOrder, outcome)])),
    stateByReferentState: new Map(),
    namedNotByIdByState: new Map(),
    nameSharedByState: new Map(),
  };
  // The first open point of a condition wins, as a search in declaration order would find it.
  for (const point of rules.openPoints) if (!index.points.has(JSON.stringify(point.when))) index.points.set(JSON.stringify(point.when), point);
  for (const error of rules.errors) {
    const key = JSON.stringify(error.when);
    index.errors.set(key, [...(index.errors.get(key) ?? []), error]);
  }
  for (const [key, errors] of index.errors) index.errorTypes.set(key, new Set(errors.map((error) => error.type)));
  return index;
}

/** The precedence, with the members a `lookupOrder` point orders put in the order one of its readings gives. */
function readingLookupOrder(rules: ModelRules, point: OpenPoint, outcome: OutcomeSpec): readonly string[] {
  const members = point.when.condition === 'lookupOrder' ? point.when.members : [];
  const order = [...(outcome.order ?? members)];
  return rules.precedence.map((member) => (members.includes(member) ? (order.shift() as string) : member));
}

/** The key of a condition in a {@link ConditionIndex}: its JSON text, written once per condition the model asks about. */
const conditionKeys = {
  bodyMalformed: JSON.stringify({ condition: 'bodyMalformed' } satisfies Condition),
  inputWrongType: JSON.stringify({ condition: 'inputWrongType' } satisfies Condition),
  inputInvalid: JSON.stringify({ condition: 'inputInvalid' } satisfies Condition),
  notFound: {
    organization: JSON.stringify({ condition: 'notFound', referent: 'organization' } satisfies Condition),
    entity: JSON.stringify({ condition: 'notFound', referent: 'entity' } satisfies Condition),
  },
  badState: {
    organization: JSON.stringify({ condition: 'badState', referent: 'organization' } satisfies Condition),
    entity: JSON.stringify({ condition: 'badState', referent: 'entity' } satisfies Condition),
  },
  caseOnlyMatch: {
    id: JSON.stringify({ condition: 'caseOnlyMatch', referent: 'entity', field: 'id' } satisfies Condition),
    name: JSON.stringify({ condition: 'caseOnlyMatch', referent: 'entity', field: 'name' } satisfies Condition),
    email: JSON.stringify({ condition: 'caseOnlyMatch', referent: 'entity', field: 'email' } satisfies Condition),
  },
  keyCaseOnlyMatch: JSON.stringify({ condition: 'keyCaseOnlyMatch' } satisfies Condition),
} as const;

/** The first `state` open point of a referent that names the state, as a search of the open points in order finds it. */
function statePoint(rules: ModelRules, referent: LookupReferent, state: string): OpenPoint | undefined {
  const byState = conditionIndex(rules).stateByReferentState;
  const key = `${referent} ${state}`;
  let point = byState.get(key);
  if (point === undefined) {
    point = rules.openPoints.find((candidate) => candidate.when.condition === 'state' && candidate.when.referent === referent && candidate.when.states.includes(state)) ?? null;
    byState.set(key, point);
  }
  return point ?? undefined;
}

/** The first `namedNotById` open point that names the state, as a search of the open points in order finds it. */
function namedNotByIdPoint(rules: ModelRules, state: string): OpenPoint | undefined {
  return entityStatePoint(rules, 'namedNotById', conditionIndex(rules).namedNotByIdByState, state);
}

/** The first `nameShared` open point that names the state, as a search of the open points in order finds it. */
function nameSharedPoint(rules: ModelRules, state: string): OpenPoint | undefined {
  return entityStatePoint(rules, 'nameShared', conditionIndex(rules).nameSharedByState, state);
}

function entityStatePoint(rules: ModelRules, condition: 'namedNotById' | 'nameShared', byState: Map<string, OpenPoint | null>, state: string): OpenPoint | undefined {
  let point = byState.get(state);
  if (point === undefined) {
    point = rules.openPoints.find((candidate) => candidate.when.condition === condition && candidate.when.states.includes(state)) ?? null;
    byState.set(state, point);
  }
  return point ?? undefined;
}

const noErrors: readonly ErrorSpec[] = [];
const noTypes: ReadonlySet<string> = new Set();

/**
 * The trail before any open point or reason, shared by every evaluation that starts without a reason (frozen: a trail is
 * extended by copying, never changed).
 */
const emptyTrail: Trail = Object.freeze({ readings: Object.freeze({}), reasons: Object.freeze([]) });

/** What is resolved before any lookup, shared (frozen: a lookup adds to a copy). */
const nothingResolved: Resolution = Object.freeze({ organization: undefined, entities: Object.freeze({}) });

/** The trail with one more reason, worded only where the world explains. */
function because(world: ModelWorld, trail: Trail, reason: () => string): Trail {
  if (world.explain === false) return trail;
  return { readings: trail.readings, reasons: [...trail.reasons, reason()] };
}

function taking(trail: Trail, point: OpenPoint, outcome: OutcomeSpec): Trail {
  return { readings: { ...trail.readings, [point.id]: readingName(outcome) }, reasons: trail.reasons };
}

function end(stage: ModelStage, outcome: ModelOutcome, trail: Trail): Branch {
  return { stage, outcome, readings: trail.readings, reasons: trail.reasons };
}

function findPoint(rules: ModelRules, conditionKey: string): OpenPoint | undefined {
  return conditionIndex(rules).points.get(conditionKey);
}

/** Follows each chosen reading of an open point. */
function branchOn(world: ModelWorld, point: OpenPoint, trail: Trail, next: (outcome: OutcomeSpec, trail: Trail) => Branch[]): Branch[] {
  const outcomes = world.choose(point);
  const [only] = outcomes;
  // One reading (the mock's at every point, the oracle's at most): its branches are the answer, with no array to gather them.
  if (outcomes.length === 1 && only !== undefined) return next(only, taking(trail, point, only));
  const branches: Branch[] = [];
  for (const outcome of outcomes) for (const branch of next(outcome, taking(trail, point, outcome))) branches.push(branch);
  return branches;
}

/**
 * An open point as a reason names it, with its one accepted answer where it has only one (`absent-delete`: 200), so that a
 * failure there does not read as if any answer were allowed (trialX #4).
 */
function pointNamed(point: OpenPoint): string {
  const [only, ...others] = point.outcomes;
  if (only === undefined || others.length > 0) return `open point ${point.id}`;
  const answer = only.anyType === true ? 'any 4xx error' : only.type === undefined ? `${only.status ?? 200} (success)` : `${only.status ?? 400} ${only.type}`;
  return `open point ${point.id}, whose one accepted answer is ${answer}`;
}

/** The documented errors of a condition, each ending a branch. */
function documentedErrors(stage: ModelStage, rules: ModelRules, conditionKey: string, message: string, trail: Trail): Branch[] {
  return (conditionIndex(rules).errors.get(conditionKey) ?? noErrors).map((error) => end(stage, { kind: 'error', type: error.type, status: error.status, message }, trail));
}

/** An open point's reading as an answer: an error, any error, or (no type) going on. */
function readingAnswer(stage: ModelStage, outcome: OutcomeSpec, message: string, trail: Trail, proceed: () => Branch[]): Branch[] {
  if (outcome.anyType === true) return [end(stage, { kind: 'anyError' }, trail)];
  if (outcome.type === undefined) return proceed();
  return [end(stage, { kind: 'error', type: outcome.type, status: outcome.status ?? 400, message }, trail)];
}

/**
 * A body that is not a JSON object: the open point `bodyMalformed` gives the answers (any 4xx awsJson error where a spec has none).
 *
 * @example
 * malformedBody(spec, world, 'the body is a JSON array')[0]?.outcome; // { kind: 'error', type: 'SerializationException', … } under the mock's reading
 */
export function malformedBody(rules: ModelRules, world: ModelWorld, what: string): Branch[] {
  const trail: Trail = world.explain === false ? emptyTrail : { readings: emptyTrail.readings, reasons: [`${what}: the body is not a JSON object`] };
  const point = findPoint(rules, conditionKeys.bodyMalformed);
  if (point === undefined) return [end('malformedBody', { kind: 'anyError' }, trail)];
  return branchOn(world, point, trail, (outcome, taken) => readingAnswer('malformedBody', outcome, `The request body is not a JSON object (${what}).`, taken, () => []));
}

/**
 * Input that breaks constraints: a wrong JSON type anywhere gives the `inputWrongType` answers, else `inputInvalid`'s (the
 * open point's readings, else the documented errors).
 *
 * @example
 * invalidInput(spec, world, [{ member: 'EntityId', constraints: ['length'] }])[0]?.outcome.kind; // 'error'
 */
export function invalidInput(rules: ModelRules, world: ModelWorld, issues: readonly ModelIssue[]): Branch[] {
  const what = issues.map((issue) => `${issue.member} breaks ${issue.constraints.join(', ')}`).join('; ');
  const trail: Trail = world.explain === false ? emptyTrail : { readings: emptyTrail.readings, reasons: [`${what}: input validation comes first`] };
  const condition = issues.some((issue) => issue.constraints.includes('type')) ? conditionKeys.inputWrongType : conditionKeys.inputInvalid;
  const point = findPoint(rules, condition);
  const message = `${issues.length} validation error(s) detected: ${what}.`;
  if (point === undefined) return documentedErrors('validation', rules, condition, message, trail);
  return branchOn(world, point, trail, (outcome, taken) => readingAnswer('validation', outcome, message, taken, () => []));
}

/** The lookup order(s): the precedence, with the members of a `lookupOrder` open point in each reading's order. */
function lookupOrders(rules: ModelRules, world: ModelWorld, trail: Trail, next: (order: readonly string[], trail: Trail) => Branch[]): Branch[] {
  const index = conditionIndex(rules);
  const point = index.lookupOrder;
  if (point === undefined) return next(rules.precedence, trail);
  // A chooser gives the point's own readings; one that made its own still gets its order, worked out here.
  return branchOn(world, point, trail, (outcome, taken) => next(index.lookupOrders.get(outcome) ?? readingLookupOrder(rules, point, outcome), taken));
}

function stateOf(
  rules: ModelRules,
  world: ModelWorld,
  referent: LookupReferent,
  member: string,
  value: string,
  state: string,
  trail: Trail,
  proceed: (trail: Trail) => Branch[],
): Branch[] {
  const goodStates = rules.referents[referent]?.goodStates;
  if (goodStates === undefined || goodStates.includes(state)) return proceed(trail);
  // Worded only here, past the common case of a referent in a good state.
  const label = referent === 'organization' ? `Organization ${value}` : `Entity ${value} (${member})`;
  const point = statePoint(rules, referent, state);
  const message = `${label} is in state ${state}; the operation needs ${goodStates.join(' or ')}.`;
  if (point !== undefined) {
    return branchOn(world, point, because(world, trail, () => `${label} is ${state} (open point ${point.id})`), (outcome, taken) =>
      readingAnswer('state', outcome, message, taken, () => proceed(taken)),
    );
  }
  return documentedErrors('state', rules, conditionKeys.badState[referent], message, because(world, trail, () => `${label} is ${state}, not ${goodStates.join(' or ')}`));
}

function lookUpOrganization(rules: ModelRules, world: ModelWorld, member: string, value: string, resolution: Resolution, trail: Trail, next: Continue): Branch[] {
  const organization = world.state?.findOrganization(value);
  if (organization !== undefined) {
    return stateOf(rules, world, 'organization', member, value, organization.state, trail, (taken) => next({ organization, entities: resolution.entities }, taken));
  }
  const notFound = (reason: () => string) => documentedErrors('state', rules, conditionKeys.notFound.organization, `Organization ${value} does not exist.`, because(world, trail, reason));
  if (world.closedWorld) return notFound(() => `organization ${value} does not exist`);
  if (freshRandomForm(rules.input[member]?.forms, value) !== undefined) {
    const where = world.state === undefined ? 'no fixture was given' : 'it is not in the fixture';
    return notFound(() => `organization ${value}: ${where}, and its ID is high-entropy (a random one names no organization): not found`);
  }
  // A fixture describes the organizations it lists, not which others the account holds: a made-up or shrunk ID may be one.
  const unknown = () =>
    world.state === undefined
      ? `nothing is known of organization ${value}`
      : `organization ${value} is not in the fixture, which does not say which other organizations exist, and its ID is not high-entropy enough to be taken as one that exists nowhere: any answer of the state rules`;
  return [end('state', { kind: 'unknown' }, because(world, trail, unknown))];
}

const entityFields: readonly EntityField[] = ['id', 'name', 'email'];

/**
 * An organization's entities by identifier: by exact ID, name or email, and, built on the first lookup that needs it, by each
 * field in lower case. A value held by several entities names the first in list order, except that a name or email held by an
 * entity in a state whose entities may give their names up (a `namedNotById` open point's, such as DELETED) and by one in
 * another state names the latter, the former kept as `shadowed`: which of the two a lookup finds is the `nameShared` open
 * point's to say.
 */
interface EntityIndex {
  readonly entities: readonly Entity[];
  /** How many entities the list held when the index was built: a list that grew or shrank since is indexed again. */
  readonly count: number;
  readonly exact: ReadonlyMap<string, Entity>;
  /** By name or email: the entity of a `namedNotById` state that holds it too, where `exact` names another in its place. */
  readonly shadowed: ReadonlyMap<string, Entity>;
  folded: ReadonlyMap<string, Partial<Record<EntityField, Entity>>> | undefined;
  /** As `shadowed`, by each field in lower case (built with `folded`). */
  foldedShadowed: ReadonlyMap<string, Partial<Record<EntityField, Entity>>> | undefined;
}

/**
 * Indexes by spec rules and entity list: a state keeps its organizations' lists for as long as it lives (a delete changes
 * other lists, and a copy of the state has lists of its own), so a lookup reads a map instead of scanning the entities and
 * lower-casing each field.
 */
const entityIndexes = new WeakMap<ModelRules, WeakMap<readonly Entity[], EntityIndex>>();

/** Whether `entity` rather than `holder`, which holds the same value in `field`, is the one a lookup by that value finds. */
function takesValueFrom(rules: ModelRules, field: EntityField, entity: Entity, holder: Entity): boolean {
  return field !== 'id' && holder.id !== entity[field] && namedNotByIdPoint(rules, holder.state) !== undefined && namedNotByIdPoint(rules, entity.state) === undefined;
}

function entityIndex(rules: ModelRules, entities: readonly Entity[]): EntityIndex {
  const byList = getOrInsertComputed(entityIndexes, rules, () => new WeakMap<readonly Entity[], EntityIndex>());
  let index = byList.get(entities);
  if (index === undefined || index.count !== entities.length) {
    const exact = new Map<string, Entity>();
    const shadowed = new Map<string, Entity>();
    for (const entity of entities) {
      for (const field of entityFields) {
        const value = entity[field];
        if (value === undefined) continue;
        const holder = exact.get(value);
        if (holder === undefined) exact.set(value, entity);
        else if (takesValueFrom(rules, field, entity, holder)) {
          exact.set(value, entity);
          if (!shadowed.has(value)) shadowed.set(value, holder);
        } else if (takesValueFrom(rules, field, holder, entity) && !shadowed.has(value)) shadowed.set(value, entity);
      }
    }
    index = { entities, count: entities.length, exact, shadowed, folded: undefined, foldedShadowed: undefined };
    byList.set(entities, index);
  }
  return index;
}

function foldedEntityIndex(rules: ModelRules, index: EntityIndex): ReadonlyMap<string, Partial<Record<EntityField, Entity>>> {
  if (index.folded === undefined) {
    const folded = new Map<string, Partial<Record<EntityField, Entity>>>();
    const foldedShadowed = new Map<string, Partial<Record<EntityField, Entity>>>();
    const shadow = (value: string, field: EntityField, entity: Entity) => {
      let byField = foldedShadowed.get(value);
      if (byField === undefined) foldedShadowed.set(value, (byField = {}));
      byField[field] ??= entity;
    };
    for (const entity of index.entities) {
      for (const field of entityFields) {
        const value = entity[field]?.toLowerCase();
        if (value === undefined) continue;
        let byField = folded.get(value);
        if (byField === undefined) folded.set(value, (byField = {}));
        const holder = byField[field];
        if (holder === undefined) byField[field] = entity;
        else if (takesValueFrom(rules, field, entity, holder)) {
          byField[field] = entity;
          shadow(value, field, holder);
        } else if (takesValueFrom(rules, field, holder, entity)) shadow(value, field, entity);
      }
    }
    index.folded = folded;
    index.foldedShadowed = foldedShadowed;
  }
  return index.folded;
}

/** One entity lookup: what its steps share, in one object rather than a closure per step. */
interface EntityLookup {
  readonly rules: ModelRules;
  readonly world: ModelWorld;
  readonly member: string;
  readonly value: string;
  readonly organization: Organization;
  readonly resolution: Resolution;
  readonly next: Continue;
}

/** The error types a spec gives for an entity that does not exist: a reading of one of them is "not found". */
function entityNotFoundTypes(rules: ModelRules): ReadonlySet<string> {
  return conditionIndex(rules).errorTypes.get(conditionKeys.notFound.entity) ?? noTypes;
}

function entityNotFound(lookup: EntityLookup, taken: Trail, reason: () => string): Branch[] {
  const { rules, world, member, value, organization } = lookup;
  return documentedErrors('state', rules, conditionKeys.notFound.entity, `Entity ${value} (${member}) does not exist in organization ${organization.id}.`, because(world, taken, reason));
}

function entityMissing(lookup: EntityLookup, taken: Trail): Branch[] {
  const { rules, world, member, value, organization } = lookup;
  const known = world.closedWorld || world.state?.resourceKnown('entity', organization.id, {}) === true || freshRandomForm(rules.input[member]?.forms, value) !== undefined;
  if (known) return entityNotFound(lookup, taken, () => `${member} ${value} names no entity of organization ${organization.id}`);
  return [end('state', { kind: 'unknown' }, because(world, taken, () => `${member} ${value} is not among the entities listed, and the list was not read to the end`))];
}

function entityFound(lookup: EntityLookup, entity: Entity, byId: boolean, taken: Trail): Branch[] {
  const { rules, world, member, value } = lookup;
  const point = byId ? undefined : namedNotByIdPoint(rules, entity.state);
  if (point === undefined) return entityStateCheck(lookup, entity, taken);
  return branchOn(world, point, because(world, taken, () => `${member} ${value} names ${entity.state} entity ${entity.id} by name or email (open point ${point.id})`), (outcome, afterPoint) =>
    outcome.type !== undefined && entityNotFoundTypes(rules).has(outcome.type)
      ? entityNotFound(lookup, afterPoint, () => `${member} ${value}: a ${entity.state} entity is found only by its ID`)
      : entityStateCheck(lookup, entity, afterPoint),
  );
}

function entityStateCheck(lookup: EntityLookup, entity: Entity, afterLookup: Trail): Branch[] {
  const { rules, world, member, value, resolution, next } = lookup;
  return stateOf(rules, world, 'entity', member, value, entity.state, afterLookup, (afterState) =>
    next({ organization: resolution.organization, entities: { ...resolution.entities, [member]: entity } }, afterState),
  );
}

function lookUpEntity(rules: ModelRules, world: ModelWorld, member: string, value: string, resolution: Resolution, trail: Trail, next: Continue): Branch[] {
  const organization = resolution.organization;
  if (organization === undefined) {
    return [end('state', { kind: 'unknown' }, because(world, trail, () => `nothing is known of ${member} ${value}`))];
  }
  const lookup: EntityLookup = { rules, world, member, value, organization, resolution, next };
  const index = entityIndex(rules, organization.entities);
  const exact = index.exact.get(value);
  if (exact !== undefined) return sharedValueFound(lookup, exact, index.shadowed.get(value), exact.id === value, trail);
  const folded = foldedEntityIndex(rules, index).get(value.toLowerCase());
  for (const field of entityFields) {
    const loose = folded?.[field];
    if (loose === undefined) continue;
    const point = findPoint(rules, conditionKeys.caseOnlyMatch[field]);
    if (point === undefined) break;
    const reason = () => `${member} ${value} matches the ${field} of entity ${loose.id} only when case is ignored (open point ${point.id})`;
    return branchOn(world, point, because(world, trail, reason), (outcome, taken) =>
      outcome.type !== undefined && entityNotFoundTypes(rules).has(outcome.type)
        ? entityNotFound(lookup, taken, () => `${member} ${value}: the lookup heeds letter case`)
        : sharedValueFound(lookup, loose, index.foldedShadowed?.get(value.toLowerCase())?.[field], field === 'id', taken),
    );
  }
  return entityMissing(lookup, trail);
}

/**
 * `entity`, found by the lookup's value; where an entity of a `namedNotById` state holds that name or email too
 * (`shadowed`: a name it gave up, taken again), either of the two, as the `nameShared` open point reads it.
 */
function sharedValueFound(lookup: EntityLookup, entity: Entity, shadowed: Entity | undefined, byId: boolean, trail: Trail): Branch[] {
  const { rules, world, member, value } = lookup;
  const point = shadowed === undefined || byId ? undefined : nameSharedPoint(rules, shadowed.state);
  if (shadowed === undefined || point === undefined) return entityFound(lookup, entity, byId, trail);
  const reason = () => `${member} ${value} names both ${shadowed.state} entity ${shadowed.id} and ${entity.state} entity ${entity.id} (open point ${point.id})`;
  return branchOn(world, point, because(world, trail, reason), (outcome, taken) => entityFound(lookup, outcome.type === undefined ? entity : shadowed, false, taken));
}

/**
 * Looks up each referent in precedence order (an open `lookupOrder` in each chosen order): the organization (exists, then
 * state), then each entity (by ID, name or email; letter case and deleted entities as the open points read them; then state).
 * Each branch that gets through goes on to `next` with what was resolved.
 *
 * @example
 * const branches = resolveReferents(spec, world, input, (resolution, trail) => [...]);
 */
export function resolveReferents(rules: ModelRules, world: ModelWorld, input: Readonly<Record<string, unknown>>, next: Continue): Branch[] {
  return lookupOrders(rules, world, emptyTrail, (order, trail) => lookUpFrom(rules, world, input, order, 0, nothingResolved, trail, next));
}

/** Looks up the members of `order` from `start` on (members that name nothing looked up are passed over), then goes on to `next`. */
function lookUpFrom(
  rules: ModelRules,
  world: ModelWorld,
  input: Readonly<Record<string, unknown>>,
  order: readonly string[],
  start: number,
  resolution: Resolution,
  trail: Trail,
  next: Continue,
): Branch[] {
  for (let index = start; index < order.length; index += 1) {
    const member = order[index] as string;
    const value = input[member];
    if (typeof value !== 'string') continue;
    const referent = rules.input[member]?.refersTo;
    if (referent !== 'organization' && referent !== 'entity') continue;
    const onward: Continue = (resolved, afterLookup) => lookUpFrom(rules, world, input, order, index + 1, resolved, afterLookup, next);
    if (referent === 'organization') return lookUpOrganization(rules, world, member, value, resolution, trail, onward);
    return lookUpEntity(rules, world, member, value, resolution, trail, onward);
  }
  return next(resolution, trail);
}

/**
 * The effect of a delete once every referent resolved: the resource of the spec's kind, keyed by its members (entities by
 * their IDs), is deleted when it exists; when it is absent, the `whenAbsent` open point answers; where the state does not
 * know (a list not read to the end), both.
 *
 * @example
 * deleteEffect(spec, world, input, resolution, trail);
 */
function deleteEffect(spec: OperationSpec, world: ModelWorld, input: Readonly<Record<string, unknown>>, resolution: Resolution, trail: Trail): Branch[] {
  const organization = resolution.organization;
  const kind = spec.resourceKind.name;
  if (organization === undefined) return [end('state', { kind: 'unknown' }, because(world, trail, () => `no organization was resolved for the ${kind}`))];
  const keys: Record<string, string> = {};
  const keyMembers = spec.effect.keys;
  for (const field in keyMembers) {
    const member = keyMembers[field] as string;
    keys[field] = resolution.entities[member]?.id ?? String(input[member]);
  }
  const effect: ResourceEffect = { resource: kind, organizationId: organization.id, keys };
  if (world.state?.resourceExists(kind, organization.id, keys) === true) {
    return [end('state', { kind: 'success', effect }, because(world, trail, () => `the ${kind} exists: deleted`))];
  }
  const point = spec.openPoints.find((candidate) => candidate.id === spec.effect.whenAbsent);
  const absent = (taken: Trail): Branch[] =>
    point === undefined
      ? []
      : branchOn(world, point, because(world, taken, () => `the ${kind} is absent (${pointNamed(point)})`), (outcome, afterPoint) =>
          readingAnswer('state', outcome, `The ${kind} does not exist.`, afterPoint, () => [end('state', { kind: 'success', effect: undefined }, afterPoint)]),
        );
  const notFound = (taken: Trail): Branch[] => {
    if (!world.closedWorld && world.state?.resourceKnown(kind, organization.id, keys) === false) {
      // The fixture did not list this kind to the end: it may exist, so a success may delete it.
      const unknown = because(world, taken, () => `whether the ${kind} exists is not known (its list was not read to the end)`);
      return [end('state', { kind: 'success', effect }, unknown), ...absent(unknown)];
    }
    return absent(taken);
  };
  // A record whose keys match only in another letter case: whether the lookup finds it is the keyCaseOnlyMatch point's.
  const casePoint = findPoint(modelRules(spec), conditionKeys.keyCaseOnlyMatch);
  const caseMatch = casePoint === undefined ? undefined : world.state?.resourceMatchingIgnoringCase(kind, organization.id, keys);
  if (casePoint !== undefined && caseMatch !== undefined) {
    const found: ResourceEffect = { resource: kind, organizationId: organization.id, keys: caseMatch };
    const taken = because(world, trail, () => `no ${kind} has exactly these keys; ${JSON.stringify(caseMatch)} has them in another letter case (${pointNamed(casePoint)})`);
    return branchOn(world, casePoint, taken, (outcome, afterPoint) => (outcome.finds === true ? [end('state', { kind: 'success', effect: found }, afterPoint)] : notFound(afterPoint)));
  }
  return notFound(trail);
}

/**
 * Evaluates a delete operation's documented semantics for one request body: every way it can go, one branch per
 * combination of the readings the chooser follows. The oracle follows every reading; the reference mock one.
 *
 * @example
 * const branches = evaluateOperation(spec, { state, closedWorld: false, choose: everyReading('documented') }, input, issues);
 */
export function evaluateOperation(
  spec: OperationSpec,
  world: ModelWorld,
  input: Readonly<Record<string, unknown>>,
  issues: readonly ModelIssue[],
): Branch[] {
  if (issues.length > 0) return invalidInput(modelRules(spec), world, issues);
  return resolveReferents(modelRules(spec), world, input, (resolution, trail) => deleteEffect(spec, world, input, resolution, trail));
}

const rulesCache = new WeakMap<OperationSpec, ModelRules>();

/**
 * The rules the model reads from an operation spec.
 *
 * @example
 * modelRules(spec).precedence; // ['OrganizationId', 'EntityId', 'GranteeId']
 */
export function modelRules(spec: OperationSpec): ModelRules {
  let rules = rulesCache.get(spec);
  if (rules === undefined) {
    rules = {
      operation: spec.operation,
      input: spec.input,
      errors: spec.errors,
      precedence: spec.precedence.order,
      referents: spec.referents,
      openPoints: spec.openPoints,
    };
    rulesCache.set(spec, rules);
  }
  return rules;
}
