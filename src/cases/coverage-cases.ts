import fc from 'fast-check';
import { foreignCharacterCoverageValues, invalidCoverageValues, memberValue, validCoverageValues } from '../arbitraries/index.ts';
import type { Fixture, Organization } from '../fixture/fixture-schema.ts';
import { WorkMailState } from '../fixture/workmail-state.ts';
import { defaultSemantics, matchesPattern, validateInput, type ConstraintSemantics } from '../spec/constraints.ts';
import type { MemberSpec, OperationSpec } from '../spec/spec-schema.ts';
import type { Case, CaseBody } from './case.ts';
import { fixtureValues } from './fixture-values.ts';
import type { Violation } from '../arbitraries/violation.ts';

/** How much the coverage phase sends: `full` (every value on every base input) or `compact` (one base, for budget-conscious live runs). */
export type CoverageDepth = 'full' | 'compact';

/** Options of {@link coverageCases}. */
export interface CoverageOptions {
  readonly fixture: Fixture | undefined;
  readonly semantics?: ConstraintSemantics;
  readonly depth?: CoverageDepth;
}

/** Bodies that are not a JSON object, each with what it is. */
export const malformedBodies: readonly { readonly text: string; readonly description: string }[] = [
  { text: '{"OrganizationId": ', description: 'truncated JSON' },
  { text: 'not json', description: 'plain text' },
  { text: '[]', description: 'a JSON array' },
  { text: 'null', description: 'JSON null' },
  { text: '"text"', description: 'a JSON string' },
  { text: '42', description: 'a JSON number' },
];

const absentValueSeed = 20_171_001;

/** Candidate absent values per member and number of draws, preferred (high-entropy) first, and how many are preferred: fixed by the seed, so drawn once per member, not once per base input. */
const absentCandidatesByMember = new WeakMap<MemberSpec, Map<number, { readonly ordered: readonly string[]; readonly preferred: number }>>();

function absentCandidates(member: MemberSpec, numRuns: number): { readonly ordered: readonly string[]; readonly preferred: number } {
  const byDraws = absentCandidatesByMember.get(member) ?? new Map<number, { readonly ordered: readonly string[]; readonly preferred: number }>();
  absentCandidatesByMember.set(member, byDraws);
  let found = byDraws.get(numRuns);
  if (found === undefined) {
    const candidates = fc.sample(memberValue(member), { seed: absentValueSeed, numRuns });
    const highEntropy = (member.forms ?? []).filter((form) => form.highEntropy).map((form) => new RegExp(form.pattern, 'u'));
    const preferred = candidates.filter((value) => highEntropy.length === 0 || highEntropy.some((pattern) => pattern.test(value)));
    found = { ordered: [...preferred, ...candidates], preferred: preferred.length };
    byDraws.set(numRuns, found);
  }
  return found;
}

/** A deterministic valid value of a member that no fixture holds (high-entropy where the member has such a form). */
function absentValue(member: MemberSpec, taken: ReadonlySet<string>): string {
  // The first 16 draws are the first 16 of the 200 (same seed): a preferred value among them is the one the 200 give, at a
  // small part of the cost (the 200 draws, long values among them, took about 0.1 s of every run's start).
  const early = absentCandidates(member, 16);
  const value =
    early.ordered.slice(0, early.preferred).find((candidate) => !taken.has(candidate)) ?? absentCandidates(member, 200).ordered.find((candidate) => !taken.has(candidate));
  if (value === undefined) throw new Error(`coverageCases: no absent value found for a member with pattern ${member.pattern ?? '(none)'}`);
  return value;
}

function goodOrganization(spec: OperationSpec, fixture: Fixture | undefined): Organization | undefined {
  const goodStates = spec.referents.organization?.goodStates ?? [];
  return fixture?.organizations.find((organization) => goodStates.includes(organization.state));
}

/** A valid input naming nothing any fixture holds: every state lookup fails at its first step. */
function absentBase(spec: OperationSpec, fixture: Fixture | undefined): Record<string, unknown> {
  const base: Record<string, unknown> = {};
  for (const [name, member] of Object.entries(spec.input)) {
    base[name] = absentValue(member, new Set(fixtureValues(member, fixture, spec).map((entry) => entry.value)));
  }
  return base;
}

/** A valid input that the fixture lets succeed: a good organization and entities in good states. */
function fixtureBase(spec: OperationSpec, fixture: Fixture | undefined): Record<string, unknown> | undefined {
  const organization = goodOrganization(spec, fixture);
  if (organization === undefined) return undefined;
  const goodEntities = organization.entities.filter((entity) => (spec.referents.entity?.goodStates ?? []).includes(entity.state));
  const base = absentBase(spec, fixture);
  let entityIndex = 0;
  for (const [name, member] of Object.entries(spec.input)) {
    if (member.refersTo === 'organization') base[name] = organization.id;
    if (member.refersTo === 'entity') {
      const entity = goodEntities[entityIndex % Math.max(goodEntities.length, 1)];
      if (entity === undefined) return undefined;
      base[name] = entity.id;
      entityIndex += 1;
    }
  }
  return base;
}

/** Inputs that name each existing resource the operation deletes (in the good organization). */
function existingResourceInputs(spec: OperationSpec, fixture: Fixture | undefined, base: Record<string, unknown>): { input: Record<string, unknown>; description: string }[] {
  const organization = goodOrganization(spec, fixture);
  if (organization === undefined) return [];
  const resources = WorkMailState.fromFixture({ organizations: [organization] }).listResources(spec.effect.resource, organization.id);
  return resources.map((resource) => {
    const input = { ...base };
    for (const [field, member] of Object.entries(spec.effect.keys)) input[member] = resource[field];
    const keys = Object.entries(spec.effect.keys).map(([field]) => `${field} ${String(resource[field])}`).join(', ');
    return { input, description: `existing ${spec.effect.resource} (${keys})` };
  });
}

/**
 * Tenant isolation: inputs that name, in one usable organization, a record that exists only in another usable organization
 * of the fixture, its entities by ID, by name and by email (each form only where the first organization has no entity of
 * that value). The answer is that of an unknown entity or an absent record, and the other organization must not change.
 */
function tenantIsolationInputs(spec: OperationSpec, fixture: Fixture | undefined): { input: Record<string, unknown>; description: string }[] {
  const goodStates = spec.referents.organization?.goodStates ?? [];
  const organizations = fixture?.organizations.filter((organization) => goodStates.includes(organization.state)) ?? [];
  const organizationMember = Object.entries(spec.input).find(([, member]) => member.refersTo === 'organization')?.[0];
  if (organizationMember === undefined || organizations.length < 2) return [];
  const base = absentBase(spec, fixture);
  const inputs: { input: Record<string, unknown>; description: string }[] = [];
  for (const home of organizations) {
    const homeValues = new Set(home.entities.flatMap((entity) => [entity.id, entity.name, entity.email]));
    for (const other of organizations) {
      if (other === home) continue;
      for (const record of WorkMailState.fromFixture({ organizations: [other] }).listResources(spec.effect.resource, other.id)) {
        for (const form of ['id', 'name', 'email'] as const) {
          const input: Record<string, unknown> = { ...base, [organizationMember]: home.id };
          let complete = true;
          for (const [field, member] of Object.entries(spec.effect.keys)) {
            const key = record[field];
            const entity = spec.input[member]?.refersTo === 'entity' ? other.entities.find((candidate) => candidate.id === key) : undefined;
            const value = entity === undefined ? key : entity[form];
            if (typeof value !== 'string' || homeValues.has(value)) complete = false;
            else input[member] = value;
          }
          if (!complete) continue;
          const keys = Object.entries(spec.effect.keys).map(([field]) => `${field} ${String(record[field])}`).join(', ');
          const named = Object.values(spec.effect.keys).some((member) => spec.input[member]?.refersTo === 'entity') ? `, its entities by ${form}` : '';
          inputs.push({ input, description: `tenant isolation: ${spec.effect.resource} of ${other.id} (${keys})${named}, named in ${home.id}` });
        }
      }
    }
  }
  return inputs;
}

function labelOf(spec: OperationSpec, input: Readonly<Record<string, unknown>>, semantics: ConstraintSemantics): Violation | null {
  const violations = validateInput(spec, input, semantics);
  return violations[0] ?? null;
}

/**
 * The deterministic coverage phase of one operation: every member x constraint kind at its boundaries, every identifier form,
 * every state outcome the fixture makes reachable (each organization, each entity by ID, name and email, each existing
 * resource), and malformed bodies. Small and exhaustive; the same cases every time.
 *
 * @example
 * const cases = coverageCases(spec, { fixture });
 * cases.filter((c) => c.violation !== null).length; // the invalid ones
 */
export function coverageCases(spec: OperationSpec, options: CoverageOptions): Case[] {
  const semantics = options.semantics ?? defaultSemantics;
  const depth = options.depth ?? 'full';
  if (depth === 'compact') return compactCoverageCases(spec, options.fixture, semantics);
  const absent = absentBase(spec, options.fixture);
  const present = fixtureBase(spec, options.fixture);
  const bases = present === undefined ? [absent] : [absent, present];
  const cases: Case[] = [];
  const seen = new Set<string>();
  const add = (body: CaseBody, description: string) => {
    const key = body.kind === 'input' ? `i${JSON.stringify(body.input)}` : `r${body.text}`;
    if (seen.has(key)) return;
    seen.add(key);
    const violation = body.kind === 'input' ? labelOf(spec, body.input, semantics) : null;
    cases.push({ operation: spec.operation, phase: 'coverage', description, body, violation });
  };
  const withMember = (base: Record<string, unknown>, member: string, value: unknown, isAbsent: boolean) => {
    const input = { ...base };
    if (isAbsent) delete input[member];
    else input[member] = value;
    return input;
  };

  for (const base of bases) {
    const where = base === present ? 'fixture organization' : 'absent organization';
    for (const [name, member] of Object.entries(spec.input)) {
      for (const invalid of [...invalidCoverageValues(member, semantics), ...foreignCharacterCoverageValues(member, semantics)]) {
        add({ kind: 'input', input: withMember(base, name, invalid.value, invalid.absent === true) }, `${name}: ${invalid.description} (${where})`);
      }
      for (const valid of validCoverageValues(member)) {
        add({ kind: 'input', input: withMember(base, name, valid.value, false) }, `${name}: ${valid.description} (${where})`);
      }
    }
  }
  if (present !== undefined) {
    for (const [name, member] of Object.entries(spec.input)) {
      for (const entry of fixtureValues(member, options.fixture, spec)) {
        add({ kind: 'input', input: { ...present, [name]: entry.value } }, `${name}: ${entry.description}`);
      }
    }
    for (const existing of existingResourceInputs(spec, options.fixture, present)) {
      add({ kind: 'input', input: existing.input }, existing.description);
    }
    for (const foreign of tenantIsolationInputs(spec, options.fixture)) add({ kind: 'input', input: foreign.input }, foreign.description);
  }
  for (const body of malformedBodies) add({ kind: 'raw', text: body.text }, `body: ${body.description}`);
  // The several-problems cases, as in the compact phase: which error wins is an open point a default run must show too.
  for (const several of precedenceCases(spec, options.fixture, semantics)) {
    const key = `i${JSON.stringify(several.body.kind === 'input' ? several.body.input : null)}`;
    if (!seen.has(key)) {
      seen.add(key);
      cases.push(several);
    }
  }
  return cases;
}

/** Which identifier form a valid value has (its first matching form), or `undefined` for none. */
function formOf(member: MemberSpec, value: string): string | undefined {
  return (member.forms ?? []).find((form) => matchesPattern(value, form.pattern))?.name;
}


/** A value of a member that names something in a state other than a good one (a Deleted organization, a DELETED entity), with its state. */
function badStateValue(spec: OperationSpec, member: MemberSpec, fixture: Fixture | undefined): { value: string; state: string } | undefined {
  const referent = member.refersTo;
  if (referent !== 'organization' && referent !== 'entity') return undefined;
  const goodStates = spec.referents[referent]?.goodStates ?? [];
  // A state no open point lets proceed first (DELETED before DISABLED): the case must stop at this referent to show which error wins.
  const open = new Set(spec.openPoints.flatMap((point) => (point.when.condition === 'state' && point.when.referent === referent ? point.when.states : [])));
  const definitelyBadFirst = <T extends { readonly state: string }>(candidates: readonly T[]) =>
    [...candidates.filter((candidate) => !goodStates.includes(candidate.state))].sort((a, b) => Number(open.has(a.state)) - Number(open.has(b.state)))[0];
  if (referent === 'organization') {
    const organization = definitelyBadFirst(fixture?.organizations ?? []);
    return organization === undefined ? undefined : { value: organization.id, state: organization.state };
  }
  const entity = definitelyBadFirst(goodOrganization(spec, fixture)?.entities ?? []);
  return entity === undefined ? undefined : { value: entity.id, state: entity.state };
}

/**
 * Cases that combine several problems on purpose, so that the report can say which error wins: an invalid member with unknown
 * referents, every referent unknown, and for each pair of referents in precedence order the first in a bad state with the next unknown.
 */
function precedenceCases(spec: OperationSpec, fixture: Fixture | undefined, semantics: ConstraintSemantics): Case[] {
  const absent = absentBase(spec, fixture);
  const order = spec.precedence.order;
  const unknown = (name: string) => `${name} names nothing that exists`;
  const cases: Case[] = [];
  const push = (input: Record<string, unknown>, problems: string[]) => {
    const violation = labelOf(spec, input, semantics);
    cases.push({ operation: spec.operation, phase: 'coverage', description: `several problems: ${problems.join('; ')}`, body: { kind: 'input', input }, violation, problems });
  };
  const last = Object.keys(spec.input).filter((name) => name !== order[0]).at(-1);
  const lastMember = last === undefined ? undefined : spec.input[last];
  const broken = lastMember === undefined ? undefined : invalidCoverageValues(lastMember, semantics).find((value) => value.absent !== true && value.constraints.includes('pattern'));
  if (last !== undefined && broken !== undefined) {
    push({ ...absent, [last]: broken.value }, [`${last} breaks ${broken.constraints.join(', ')}`, ...order.filter((name) => name !== last).map(unknown)]);
  }
  if (order.length >= 2) push({ ...absent }, order.map(unknown));
  const present = fixtureBase(spec, fixture);
  for (const [index, name] of order.entries()) {
    const next = order[index + 1];
    const member = spec.input[name];
    if (next === undefined || member === undefined || present === undefined) continue;
    const bad = badStateValue(spec, member, fixture);
    if (bad === undefined) continue;
    push({ ...present, [name]: bad.value, [next]: absent[next] }, [`${name} ${bad.value} is in state ${bad.state}`, unknown(next)]);
  }
  return cases;
}

/**
 * The compact coverage phase, for budget-conscious live runs: on one base input, one invalid value per member and constraint kind
 * and one edge break and one structure break per member, one valid value per identifier form (and one of no form) and per
 * letter case (lower, upper) a member allows beyond the documented one, one fixture value per distinct expected answer and form, one existing resource,
 * one malformed body that is not JSON and one that is JSON but not an object, and the several-problems cases.
 */
function compactCoverageCases(spec: OperationSpec, fixture: Fixture | undefined, semantics: ConstraintSemantics): Case[] {
  const present = fixtureBase(spec, fixture);
  const base = present ?? absentBase(spec, fixture);
  const where = present === undefined ? 'absent organization' : 'fixture organization';
  const cases: Case[] = [];
  const seen = new Set<string>();
  const add = (input: Record<string, unknown>, description: string, key: string) => {
    if (seen.has(key)) return;
    seen.add(key);
    cases.push({ operation: spec.operation, phase: 'coverage', description, body: { kind: 'input', input }, violation: labelOf(spec, input, semantics) });
  };
  for (const [name, member] of Object.entries(spec.input)) {
    for (const invalid of invalidCoverageValues(member, semantics)) {
      const input = { ...base };
      if (invalid.absent === true) delete input[name];
      else input[name] = invalid.value;
      // One per constraint kind, and one edge break and one structure break (made of allowed characters) per member.
      const shaped = invalid.family === 'edge' || invalid.family === 'structure';
      add(input, `${name}: ${invalid.description} (${where})`, shaped ? `invalid|${name}|${invalid.family}` : `invalid|${name}|${invalid.constraints[0] ?? ''}`);
    }
    for (const valid of validCoverageValues(member)) {
      // One per identifier form, one in lower case and one with upper-case letters (mixed counts as upper) beyond the documented case.
      const letterCase = valid.letterCase === 'mixed' ? 'upper' : valid.letterCase;
      const key = letterCase === undefined ? `form|${name}|${formOf(member, valid.value) ?? '(none)'}` : `case|${name}|${letterCase}`;
      add({ ...base, [name]: valid.value }, `${name}: ${valid.description} (${where})`, key);
    }
  }
  if (present !== undefined) {
    for (const [name, member] of Object.entries(spec.input)) {
      for (const entry of fixtureValues(member, fixture, spec)) {
        const input = { ...present, [name]: entry.value };
        // One value per situation the state rules tell apart, and per identifier form: chosen from the fixture, not the oracle.
        add(input, `${name}: ${entry.description}`, `state|${name}|${entry.situation}|${formOf(member, entry.value) ?? '(none)'}`);
      }
    }
    const existing = existingResourceInputs(spec, fixture, present)[0];
    if (existing !== undefined) add(existing.input, existing.description, 'state|existing resource');
  }
  cases.push(...precedenceCases(spec, fixture, semantics));
  const kindOfBody = (text: string) => {
    try {
      JSON.parse(text);
      return 'json';
    } catch {
      return 'not json';
    }
  };
  const bodyKinds = new Set<string>();
  for (const body of malformedBodies) {
    if (bodyKinds.has(kindOfBody(body.text))) continue;
    bodyKinds.add(kindOfBody(body.text));
    cases.push({ operation: spec.operation, phase: 'coverage', description: `body: ${body.description}`, body: { kind: 'raw', text: body.text }, violation: null });
  }
  return cases;
}
