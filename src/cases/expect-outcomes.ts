import type { WorkMailState } from '../fixture/workmail-state.ts';
import type { Entity } from '../fixture/fixture-schema.ts';
import { matchesPattern, validateInput, type ConstraintSemantics, defaultSemantics } from '../spec/constraints.ts';
import type { MemberSpec, OperationSpec, Profile, ReferentKind } from '../spec/spec-schema.ts';
import type { Case } from './case.ts';
import { caseInput } from './case.ts';
import type { Expectation, ExpectedOutcome } from './outcome.ts';

/** What the oracle knows when it judges a case. */
export interface OracleContext {
  /** The oracle's model of the target's state (from the fixture, updated as deletes succeed); `undefined` without a fixture. */
  readonly state: WorkMailState | undefined;
  readonly profile: Profile;
  readonly semantics?: ConstraintSemantics;
}

type Condition = OperationSpec['openPoints'][number]['when'];

/** A partial evaluation: the organization and entities resolved so far. */
interface Resolution {
  readonly organizationId: string | undefined;
  readonly entities: Readonly<Record<string, Entity>>;
}

/** Outcomes of one step: terminal outcomes, and whether (and with what) evaluation proceeds. */
interface StepResult {
  readonly terminal: ExpectedOutcome[];
  readonly proceed: Resolution[];
  readonly openPoints: string[];
  readonly unknown: boolean;
  readonly reasons: string[];
}

/** Field by field (the oracle's hottest comparison; the schema's conditions are strict, so no other field can differ). */
function sameCondition(a: Condition, b: Condition): boolean {
  if (a.condition !== b.condition) return false;
  const aReferent = 'referent' in a ? a.referent : undefined;
  const bReferent = 'referent' in b ? b.referent : undefined;
  if (aReferent !== bReferent) return false;
  const aStates = 'states' in a ? a.states : undefined;
  const bStates = 'states' in b ? b.states : undefined;
  if (aStates === undefined || bStates === undefined) return aStates === bStates;
  return aStates.length === bStates.length && aStates.every((state, index) => state === bStates[index]);
}

/** The outcomes a spec gives for a condition: its open point's outcome set (for the profile), else the documented errors it names. */
function outcomesFor(spec: OperationSpec, condition: Condition, profile: Profile): { outcomes: ExpectedOutcome[]; openPoint: string | undefined } {
  const point = spec.openPoints.find((candidate) => sameCondition(candidate.when, condition));
  if (point !== undefined) {
    const outcomes = point.outcomes
      .filter((outcome) => outcome.profiles.includes(profile))
      .map((outcome): ExpectedOutcome =>
        outcome.type === undefined ? { kind: 'success', effect: undefined } : { kind: 'error', type: outcome.type, status: outcome.status },
      );
    return { outcomes, openPoint: point.id };
  }
  const outcomes = spec.errors
    .filter((error) => sameCondition(error.when, condition))
    .map((error): ExpectedOutcome => ({ kind: 'error', type: error.type, status: error.status }));
  return { outcomes, openPoint: undefined };
}

function stateOpenPoint(spec: OperationSpec, referent: ReferentKind, state: string) {
  return spec.openPoints.find(
    (point) => point.when.condition === 'state' && point.when.referent === referent && point.when.states.includes(state),
  );
}

/** Whether a value has the shape of a high-entropy identifier form (a random one is assumed not to exist). */
function isHighEntropy(member: MemberSpec, value: string): boolean {
  return (member.forms ?? []).some((form) => form.highEntropy && matchesPattern(value, form.pattern));
}

/** Every outcome a documented state rule can give: used where nothing determines the state. */
function anyStateOutcome(spec: OperationSpec): ExpectedOutcome[] {
  const outcomes: ExpectedOutcome[] = [{ kind: 'success', effect: undefined }];
  for (const error of spec.errors) {
    if (error.when.condition === 'notFound' || error.when.condition === 'badState') {
      outcomes.push({ kind: 'error', type: error.type, status: error.status });
    }
  }
  return outcomes;
}

/** Applies a referent's state rules: good states proceed, open points give their set (a 200 there means "proceeds"), others the badState error. */
function judgeState(
  spec: OperationSpec,
  profile: Profile,
  referent: ReferentKind,
  state: string,
  resolution: Resolution,
  label: string,
): StepResult {
  const goodStates = spec.referents[referent]?.goodStates ?? [];
  if (goodStates.includes(state)) return { terminal: [], proceed: [resolution], openPoints: [], unknown: false, reasons: [] };
  const point = stateOpenPoint(spec, referent, state);
  if (point !== undefined) {
    const { outcomes } = outcomesFor(spec, point.when, profile);
    const proceeds = outcomes.some((outcome) => outcome.kind === 'success');
    return {
      terminal: outcomes.filter((outcome) => outcome.kind === 'error'),
      proceed: proceeds ? [resolution] : [],
      openPoints: [point.id],
      unknown: false,
      reasons: [`${label} is ${state} (open point ${point.id})`],
    };
  }
  return {
    terminal: outcomesFor(spec, { condition: 'badState', referent }, profile).outcomes,
    proceed: [],
    openPoints: [],
    unknown: false,
    reasons: [`${label} is ${state}, not ${goodStates.join(' or ')}`],
  };
}

function lookUpOrganization(spec: OperationSpec, context: OracleContext, member: string, value: string, resolution: Resolution): StepResult {
  const organization = context.state?.findOrganization(value);
  if (organization !== undefined) {
    return judgeState(spec, context.profile, 'organization', organization.state, { ...resolution, organizationId: value }, `organization ${value}`);
  }
  const memberSpec = spec.input[member];
  if (memberSpec !== undefined && isHighEntropy(memberSpec, value)) {
    return {
      terminal: outcomesFor(spec, { condition: 'notFound', referent: 'organization' }, context.profile).outcomes,
      proceed: [],
      openPoints: [],
      unknown: false,
      reasons: [`organization ${value} is not in the fixture and its ID is high-entropy: not found`],
    };
  }
  return { terminal: [], proceed: [], openPoints: [], unknown: true, reasons: [`nothing is known of organization ${value}`] };
}

function lookUpEntity(spec: OperationSpec, context: OracleContext, member: string, value: string, resolution: Resolution): StepResult {
  const organizationId = resolution.organizationId;
  const memberSpec = spec.input[member];
  if (organizationId === undefined || context.state?.findOrganization(organizationId) === undefined) {
    if (memberSpec !== undefined && isHighEntropy(memberSpec, value) && organizationId !== undefined) {
      return {
        terminal: outcomesFor(spec, { condition: 'notFound', referent: 'entity' }, context.profile).outcomes,
        proceed: [],
        openPoints: [],
        unknown: false,
        reasons: [`${member} ${value} is high-entropy: not found`],
      };
    }
    return { terminal: [], proceed: [], openPoints: [], unknown: true, reasons: [`nothing is known of ${member} ${value}`] };
  }
  const notFound = outcomesFor(spec, { condition: 'notFound', referent: 'entity' }, context.profile).outcomes;
  const match = context.state?.findEntity(organizationId, value);
  if (match === undefined) {
    const listedAll = context.state?.resourceKnown('entity', organizationId, {}) === true;
    if (!listedAll && !(memberSpec !== undefined && isHighEntropy(memberSpec, value))) {
      return { terminal: [], proceed: [], openPoints: [], unknown: true, reasons: [`${member} ${value} is not among the entities listed, and the list was not read to the end`] };
    }
    return { terminal: notFound, proceed: [], openPoints: [], unknown: false, reasons: [`${member} ${value} names no entity of the fixture's organization`] };
  }
  const entity = match.entity;
  const byEmail = entity.email !== undefined && entity.email.toLowerCase() === value.toLowerCase();
  const definite = match.exact || byEmail;
  const judged = judgeState(spec, context.profile, 'entity', entity.state, { ...resolution, entities: Object.assign({}, resolution.entities, { [member]: entity }) }, `${member} ${value}`);
  // A name or ID matched only when case is ignored, or a deleted entity named by anything but its ID, may not be found at all.
  const mayBeMissing = !definite || (entity.state === 'DELETED' && value !== entity.id);
  if (!mayBeMissing) return judged;
  return {
    ...judged,
    terminal: [...judged.terminal, ...notFound],
    reasons: [...judged.reasons, `${member} ${value} may not resolve to ${entity.id} (case or deleted entity): not found is accepted too`],
  };
}

function lookUp(spec: OperationSpec, context: OracleContext, member: string, value: string, resolution: Resolution): StepResult {
  const referent = spec.input[member]?.refersTo;
  switch (referent) {
    case 'organization':
      return lookUpOrganization(spec, context, member, value, resolution);
    case 'entity':
      return lookUpEntity(spec, context, member, value, resolution);
    case 'personalAccessToken':
    case 'mailboxPermission':
    case undefined:
      return { terminal: [], proceed: [resolution], openPoints: [], unknown: false, reasons: [] };
  }
}

function effectOutcomes(spec: OperationSpec, context: OracleContext, input: Readonly<Record<string, unknown>>, resolution: Resolution): StepResult {
  const keys: Record<string, string> = {};
  for (const [field, member] of Object.entries(spec.effect.keys)) {
    keys[field] = resolution.entities[member]?.id ?? String(input[member]);
  }
  const organizationId = resolution.organizationId;
  const exists = organizationId !== undefined && context.state?.resourceExists(spec.effect.resource, organizationId, keys) === true;
  if (exists) {
    return {
      terminal: [{ kind: 'success', effect: { resource: spec.effect.resource, organizationId, keys } }],
      proceed: [],
      openPoints: [],
      unknown: false,
      reasons: [`the ${spec.effect.resource} exists: deleted`],
    };
  }
  const point = spec.openPoints.find((candidate) => candidate.id === spec.effect.whenAbsent);
  const outcomes = point === undefined ? [] : outcomesFor(spec, point.when, context.profile).outcomes;
  if (organizationId !== undefined && context.state?.resourceKnown(spec.effect.resource, organizationId, keys) === false) {
    // The fixture did not list this resource's kind to the end: it may exist, so a success may delete it.
    return {
      terminal: [{ kind: 'success', effect: { resource: spec.effect.resource, organizationId, keys } }, ...outcomes],
      proceed: [],
      openPoints: point === undefined ? [] : [point.id],
      unknown: false,
      reasons: [`whether the ${spec.effect.resource} exists is not known (its list was not read to the end)`],
    };
  }
  return {
    terminal: outcomes,
    proceed: [],
    openPoints: point === undefined ? [] : [point.id],
    unknown: false,
    reasons: [`the ${spec.effect.resource} is absent (open point ${spec.effect.whenAbsent})`],
  };
}

function dedupe(outcomes: readonly ExpectedOutcome[]): ExpectedOutcome[] {
  if (outcomes.length < 2) return [...outcomes];
  const seen = new Map<string, ExpectedOutcome>();
  for (const outcome of outcomes) {
    const key = outcome.kind === 'success' ? `success:${JSON.stringify(outcome.effect ?? null)}` : `${outcome.status}:${outcome.type}`;
    if (!seen.has(key)) seen.set(key, outcome);
  }
  return [...seen.values()];
}

/**
 * The set of outcomes a conforming target may give for a case: validation first, then each referent in the spec's precedence
 * order (exists, then state), then the effect; documented ambiguities widen the set, never narrow it.
 *
 * @example
 * const expectation = expectOutcomes(spec, testCase, { state: WorkMailState.fromFixture(fixture), profile: 'documented' });
 * expectation.outcomes; // [{ kind: 'error', type: 'OrganizationNotFoundException', status: 400 }]
 */
export function expectOutcomes(spec: OperationSpec, testCase: Pick<Case, 'body'>, context: OracleContext): Expectation {
  const input = caseInput(testCase);
  if (input === undefined) {
    return { basis: 'malformedBody', outcomes: [], openPoints: [], reason: 'the body is not a JSON object: any 4xx awsJson error' };
  }
  const violations = validateInput(spec, input, context.semantics ?? defaultSemantics);
  if (violations.length > 0) {
    const outcomes: ExpectedOutcome[] = [];
    const openPoints: string[] = [];
    const wrongType = violations.some((violation) => violation.constraints.includes('type'));
    const conditions: Condition[] = wrongType ? [{ condition: 'inputWrongType' }] : [{ condition: 'inputInvalid' }];
    for (const condition of conditions) {
      const found = outcomesFor(spec, condition, context.profile);
      outcomes.push(...found.outcomes);
      if (found.openPoint !== undefined) openPoints.push(found.openPoint);
    }
    const what = violations.map((violation) => `${violation.member} breaks ${violation.constraints.join(', ')}`).join('; ');
    return { basis: 'validation', outcomes: dedupe(outcomes), openPoints, reason: `${what}: input validation comes first` };
  }

  const terminal: ExpectedOutcome[] = [];
  const openPoints = new Set<string>();
  const reasons: string[] = [];
  let pending: Resolution[] = [{ organizationId: undefined, entities: {} }];
  for (const member of spec.precedence.order) {
    const next: Resolution[] = [];
    for (const resolution of pending) {
      const step = lookUp(spec, context, member, String(input[member]), resolution);
      if (step.unknown) {
        return { basis: 'unknownState', outcomes: anyStateOutcome(spec), openPoints: [], reason: step.reasons.join('; ') };
      }
      terminal.push(...step.terminal);
      next.push(...step.proceed);
      step.openPoints.forEach((point) => openPoints.add(point));
      reasons.push(...step.reasons);
    }
    pending = next;
  }
  for (const resolution of pending) {
    const step = effectOutcomes(spec, context, input, resolution);
    terminal.push(...step.terminal);
    step.openPoints.forEach((point) => openPoints.add(point));
    reasons.push(...step.reasons);
  }
  return { basis: 'state', outcomes: dedupe(terminal), openPoints: [...openPoints], reason: reasons.join('; ') };
}
