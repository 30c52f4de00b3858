import fc from 'fast-check';
import { ConfigError } from '../config-error.ts';
import { checkOperationSpec, checkParsedFixture, OptionChecker } from '../check-options.ts';
import { foreignCharacterCoverageValues, invalidCoverageValues, memberValue, searchOnlyCoverageValues, validCoverageValues } from '../arbitraries/index.ts';
import type { Fixture, Organization } from '../fixture/fixture-schema.ts';
import { freshRandomForm } from '../model/fresh-random-identifier.ts';
import { defaultSemantics, matchesPattern, validateInput, type ConstraintSemantics } from '../spec/constraints.ts';
import type { MemberSpec, OperationSpec } from '../spec/spec-schema.ts';
import type { Case, CaseBody } from './case.ts';
import { fixtureValues, organizationResources } from './fixture-values.ts';
import { nearMissInputs } from './near-miss-inputs.ts';
import type { Violation } from '../arbitraries/violation.ts';
import { checkFixtureReachable } from '../fixture/unreachable-organizations.ts';

/** How much of the coverage plan is sent: `full` (every value on every base input) or `compact` (one per slot on one base, for budget-conscious live runs). */
export type CoverageDepth = 'full' | 'compact';

/** Options of {@link coverageCases}. */
export interface CoverageOptions {
  readonly fixture: Fixture | undefined;
  readonly semantics?: ConstraintSemantics | undefined;
  readonly depth?: CoverageDepth | undefined;
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
    // Preferred: values the model may take to name nothing (a random value of a high-entropy form), where the member has such a form.
    const hasHighEntropyForm = (member.forms ?? []).some((form) => form.highEntropy);
    const preferred = candidates.filter((value) => !hasHighEntropyForm || freshRandomForm(member.forms, value) !== undefined);
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
  if (value === undefined) throw new ConfigError(`coverageCases: no absent value found for a member with pattern ${member.pattern ?? '(none)'}`);
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

/** A valid input that the fixture lets succeed (a good organization and entities in good states), other members as in `absent`. */
function fixtureBase(spec: OperationSpec, fixture: Fixture | undefined, absent: Readonly<Record<string, unknown>>): Record<string, unknown> | undefined {
  const organization = goodOrganization(spec, fixture);
  if (organization === undefined) return undefined;
  const goodEntities = organization.entities.filter((entity) => (spec.referents.entity?.goodStates ?? []).includes(entity.state));
  const base = { ...absent };
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

/**
 * Where the fixture lets nothing succeed (no entity in a good state in its good organization, or no good organization), the
 * base its state situations vary instead: the good organization with its entities in whatever state they are (absent values
 * where it has none), or the absent base. Each situation then still meets the lookup it names first: a Deleted organization
 * its organization lookup, a DISABLED entity its entity lookup.
 */
function stateBase(spec: OperationSpec, fixture: Fixture | undefined, absent: Readonly<Record<string, unknown>>): Record<string, unknown> {
  const organization = goodOrganization(spec, fixture);
  const base = { ...absent };
  if (organization === undefined) return base;
  let entityIndex = 0;
  for (const [name, member] of Object.entries(spec.input)) {
    if (member.refersTo === 'organization') base[name] = organization.id;
    if (member.refersTo === 'entity' && organization.entities.length > 0) {
      base[name] = organization.entities[entityIndex % organization.entities.length]?.id;
      entityIndex += 1;
    }
  }
  return base;
}

/** The most assignments of entities to entity members {@link quietBase} tries: a user's fixture may hold thousands of entities. */
const quietBaseTries = 10_000;

/**
 * The fixture's base input with its entity members moved, where the good organization allows it, to distinct good entities
 * that together name nothing the organization holds (no permission of the one to the other). The constraint values are put on
 * it: a case whose one invalid member a server leaves unchecked then deletes nothing, and a live run can send it as is.
 * Where every assignment names something held, the base as it was.
 */
function quietBase(spec: OperationSpec, fixture: Fixture | undefined, present: Readonly<Record<string, unknown>>): Record<string, unknown> {
  const organization = goodOrganization(spec, fixture);
  if (organization === undefined) return { ...present };
  const keyText = (input: Readonly<Record<string, unknown>>) => JSON.stringify(Object.values(spec.effect.keys).map((member) => input[member]));
  const held = new Set(
    organizationResources(organization, spec.effect.resource).map((record) => JSON.stringify(Object.keys(spec.effect.keys).map((field) => record[field]))),
  );
  if (!held.has(keyText(present))) return { ...present };
  const entityMembers = Object.keys(spec.input).filter((name) => spec.input[name]?.refersTo === 'entity');
  const goodEntities = organization.entities.filter((entity) => (spec.referents.entity?.goodStates ?? []).includes(entity.state));
  const tries = Math.min(goodEntities.length ** entityMembers.length, quietBaseTries);
  for (let index = 0; index < tries; index += 1) {
    const candidate = { ...present };
    let rest = index;
    for (const name of entityMembers) {
      candidate[name] = goodEntities[rest % goodEntities.length]?.id;
      rest = Math.floor(rest / goodEntities.length);
    }
    const distinct = new Set(entityMembers.map((name) => candidate[name])).size === entityMembers.length;
    if (distinct && !held.has(keyText(candidate))) return candidate;
  }
  return { ...present };
}

/** The forms an existing record's entities are named by, record after record: a delete must find what a name or an email names too. */
const entityForms = ['id', 'name', 'email'] as const;

/**
 * Inputs that name each existing resource the operation deletes (in the good organization). The entities of each record are
 * named by ID, name and email in turn (the first member of the first record by ID, of the next by name, …, the next member one
 * form on), where the entity has that form: a target that looks a name up but deletes by the text it was given is caught.
 */
function existingResourceInputs(spec: OperationSpec, fixture: Fixture | undefined, base: Record<string, unknown>): { input: Record<string, unknown>; description: string }[] {
  const organization = goodOrganization(spec, fixture);
  if (organization === undefined) return [];
  const resources = organizationResources(organization, spec.effect.resource);
  return resources.map((resource, index) => {
    const input = { ...base };
    const named: string[] = [];
    for (const [position, [field, member]] of Object.entries(spec.effect.keys).entries()) {
      const value = resource[field];
      const entity = spec.input[member]?.refersTo === 'entity' ? organization.entities.find((candidate) => candidate.id === value) : undefined;
      const form = entityForms[(index + position) % entityForms.length] ?? 'id';
      const byForm = entity?.[form];
      input[member] = byForm ?? value;
      if (byForm !== undefined && form !== 'id') named.push(`${member} by ${form}`);
    }
    const keys = Object.entries(spec.effect.keys).map(([field]) => `${field} ${String(resource[field])}`).join(', ');
    return { input, description: `existing ${spec.effect.resource} (${keys})${named.length === 0 ? '' : `, ${named.join(', ')}`}` };
  });
}

/**
 * Tenant isolation where names repeat: inputs that name, in the good organization, each of its records by the names (then
 * the emails) of its entities, where another usable organization has entities of those same names holding the same record.
 * The delete must leave that organization's record alone: a target that looks a name up in every organization deletes both.
 */
function sameNameInputs(spec: OperationSpec, fixture: Fixture | undefined, base: Record<string, unknown>): { input: Record<string, unknown>; description: string }[] {
  const home = goodOrganization(spec, fixture);
  const goodStates = spec.referents.organization?.goodStates ?? [];
  const others = fixture?.organizations.filter((organization) => organization !== home && goodStates.includes(organization.state)) ?? [];
  const entityKeys = Object.entries(spec.effect.keys).filter(([, member]) => spec.input[member]?.refersTo === 'entity');
  if (home === undefined || others.length === 0 || entityKeys.length === 0) return [];
  const inputs: { input: Record<string, unknown>; description: string }[] = [];
  for (const record of organizationResources(home, spec.effect.resource)) {
    for (const form of ['name', 'email'] as const) {
      const values = entityKeys.map(([field]) => home.entities.find((entity) => entity.id === record[field])?.[form]);
      if (values.some((value) => value === undefined)) continue;
      // Another organization whose entities of those values hold the same record.
      const twin = others.find((other) => {
        const ids = values.map((value) => other.entities.find((entity) => entity[form]?.toLowerCase() === value?.toLowerCase())?.id);
        return ids.every((id) => id !== undefined) && organizationResources(other, spec.effect.resource).some((held) => entityKeys.every(([field], index) => held[field] === ids[index]));
      });
      if (twin === undefined) continue;
      const input: Record<string, unknown> = { ...base };
      for (const [field, member] of Object.entries(spec.effect.keys)) input[member] = record[field];
      for (const [index, [, member]] of entityKeys.entries()) input[member] = values[index];
      const keys = Object.entries(spec.effect.keys).map(([field]) => `${field} ${String(record[field])}`).join(', ');
      inputs.push({ input, description: `tenant isolation: existing ${spec.effect.resource} (${keys}), its entities by ${form}, which ${twin.id} holds by the same ${form}s` });
    }
  }
  return inputs;
}

/**
 * Tenant isolation: inputs that name, in one usable organization, a record that exists only in another usable organization
 * of the fixture, its entities by ID, by name and by email (each form only where the first organization has no entity of
 * that value). The answer is that of an unknown entity or an absent record, and the other organization must not change.
 */
function tenantIsolationInputs(
  spec: OperationSpec,
  fixture: Fixture | undefined,
  base: Readonly<Record<string, unknown>>,
): { input: Record<string, unknown>; description: string; situation: string }[] {
  const goodStates = spec.referents.organization?.goodStates ?? [];
  const organizations = fixture?.organizations.filter((organization) => goodStates.includes(organization.state)) ?? [];
  const organizationMember = Object.entries(spec.input).find(([, member]) => member.refersTo === 'organization')?.[0];
  if (organizationMember === undefined || organizations.length < 2) return [];
  const inputs: { input: Record<string, unknown>; description: string; situation: string }[] = [];
  for (const home of organizations) {
    const homeValues = new Set(home.entities.flatMap((entity) => [entity.id, entity.name, entity.email]));
    for (const other of organizations) {
      if (other === home) continue;
      for (const record of organizationResources(other, spec.effect.resource)) {
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
          const byEntity = Object.values(spec.effect.keys).some((member) => spec.input[member]?.refersTo === 'entity');
          const named = byEntity ? `, its entities by ${form}` : '';
          inputs.push({ input, description: `tenant isolation: ${spec.effect.resource} of ${other.id} (${keys})${named}, named in ${home.id}`, situation: byEntity ? `entities by ${form}` : 'keys' });
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

/** Which base input a constraint value is put on: one naming nothing any fixture holds, or one the fixture lets succeed. */
type CoverageBase = 'absent organization' | 'fixture organization';

/**
 * How much of the coverage plan a depth sends. The plan is the same for every depth (every constraint kind of every member,
 * every identifier form, every fixture situation, the existing resources, tenant isolation, the malformed bodies and the
 * several-problems cases); a budget only decides how many of its cases are kept.
 */
interface CoverageBudget {
  /** The base inputs the constraint values are put on: `every` one, or only the one `closestToSuccess` (the fixture's, where it has one). */
  readonly bases: 'every' | 'closestToSuccess';
  /** Cases kept per slot (a slot is one constraint kind of a member, one identifier form, one fixture situation, …). */
  readonly perSlot: number;
  /**
   * Cases kept per slot of a kind that takes one entry per entity or record of the fixture, and so grows with it: a fixture
   * of thousands of users made tens of thousands of cases of the same few situations (the demo organizations fill 16).
   */
  readonly perFixtureSlot: number;
}

/** The slot kinds (a slot's text up to its first `|`) whose entries come one per entity or record of the fixture. */
const fixtureSlotKinds = new Set(['state', 'near miss', 'tenant isolation']);

/** The budget of each coverage depth: `full` keeps the whole plan, `compact` one case per slot on one base. */
const coverageBudgets: Readonly<Record<CoverageDepth, CoverageBudget>> = {
  full: { bases: 'every', perSlot: Number.POSITIVE_INFINITY, perFixtureSlot: 16 },
  compact: { bases: 'closestToSuccess', perSlot: 1, perFixtureSlot: 1 },
};

/** What made a planned case: the slot it fills, and the base input it varies (none for fixture values, bodies and the like). */
interface Producer {
  readonly slot: string;
  readonly base?: CoverageBase;
}

/** One case of the plan, with every entry of the plan that asked for its body (a body is sent once). */
interface PlannedCase {
  testCase: Case;
  readonly producers: Producer[];
}

/** One entry of the plan before bodies are merged. */
interface PlanEntry extends Producer {
  readonly description: string;
  readonly body: CaseBody;
  readonly problems?: readonly string[];
  readonly nearMissOf?: string;
  readonly tenantIsolation?: true;
  /** How much the entry's label says beyond its body: where entries share a body, the highest names the case. */
  readonly labelRank?: number;
}

/** Label ranks: a case that isolates tenants, and above it one that combines several problems, says which rule it probes. */
const tenantIsolationRank = 1;
const severalProblemsRank = 2;

function bodyKey(body: CaseBody): string {
  return body.kind === 'input' ? `i${JSON.stringify(body.input)}` : `r${body.text}`;
}

function kindOfBody(text: string): 'json' | 'not json' {
  try {
    JSON.parse(text);
    return 'json';
  } catch {
    return 'not json';
  }
}

/**
 * Every entry of the coverage plan, in the order cases are numbered: the constraint values of each member on each base
 * input, the fixture's values, its existing resources, tenant isolation, the malformed bodies and the several-problems
 * cases. Each entry names its slot, so that a budget can keep one value per constraint kind, form or situation.
 */
function planEntries(spec: OperationSpec, fixture: Fixture | undefined, semantics: ConstraintSemantics): { entries: PlanEntry[]; closest: CoverageBase } {
  // Both base inputs are worked out once: every entry, tenant isolation and the several-problems cases vary them.
  const absent = absentBase(spec, fixture);
  const present = fixtureBase(spec, fixture, absent);
  const bases: { readonly base: CoverageBase; readonly input: Record<string, unknown> }[] = [{ base: 'absent organization', input: absent }];
  if (present !== undefined) bases.push({ base: 'fixture organization', input: quietBase(spec, fixture, present) });
  const entries: PlanEntry[] = [];
  const input = (value: Record<string, unknown>): CaseBody => ({ kind: 'input', input: value });
  for (const { base, input: baseInput } of bases) {
    for (const [name, member] of Object.entries(spec.input)) {
      for (const invalid of [...invalidCoverageValues(member, semantics), ...foreignCharacterCoverageValues(member, semantics)]) {
        const varied = { ...baseInput };
        if (invalid.absent === true) delete varied[name];
        else varied[name] = invalid.value;
        // One slot per constraint kind, and one for edge breaks and one for structure breaks (made of allowed characters).
        const shaped = invalid.family === 'edge' || invalid.family === 'structure';
        const slot = shaped ? `invalid|${name}|${invalid.family}` : `invalid|${name}|${invalid.constraints[0] ?? ''}`;
        entries.push({ slot, base, description: `${name}: ${invalid.description} (${base})`, body: input(varied) });
      }
      for (const valid of validCoverageValues(member)) {
        // One slot per identifier form, one in lower case and one with upper-case letters (mixed counts as upper) beyond the documented case.
        const letterCase = valid.letterCase === 'mixed' ? 'upper' : valid.letterCase;
        const slot = letterCase === undefined ? `form|${name}|${formOf(member, valid.value) ?? '(none)'}` : `case|${name}|${letterCase}`;
        entries.push({ slot, base, description: `${name}: ${valid.description} (${base})`, body: input({ ...baseInput, [name]: valid.value }) });
      }
      // Only under search matching: what tells a target that matches anywhere from one that matches whole values.
      for (const valid of searchOnlyCoverageValues(member, semantics)) {
        entries.push({ slot: `search|${name}`, base, description: `${name}: ${valid.description} (${base})`, body: input({ ...baseInput, [name]: valid.value }) });
      }
    }
  }
  // Near misses go before any case that deletes a fixture record: the record a tolerant lookup takes must still be there.
  if (present !== undefined) {
    for (const near of nearMissInputs(spec, fixture, goodOrganization(spec, fixture), present, semantics)) {
      entries.push({ slot: `near miss|${near.situation}`, description: near.description, body: input(near.input), nearMissOf: near.nearMissOf });
    }
  }
  // A fixture whose entities are all DISABLED or DELETED still has its states checked (its organizations' too).
  const varied = present ?? (fixture === undefined ? undefined : stateBase(spec, fixture, absent));
  if (varied !== undefined) {
    for (const [name, member] of Object.entries(spec.input)) {
      for (const entry of fixtureValues(member, fixture, spec)) {
        // One slot per situation the state rules tell apart, and per identifier form: told by the fixture, not by the oracle.
        const slot = `state|${name}|${entry.situation}|${formOf(member, entry.value) ?? '(none)'}`;
        entries.push({ slot, description: `${name}: ${entry.description}`, body: input({ ...varied, [name]: entry.value }) });
      }
    }
  }
  if (present !== undefined) {
    for (const existing of existingResourceInputs(spec, fixture, present)) {
      entries.push({ slot: 'state|existing resource', description: existing.description, body: input(existing.input) });
    }
    for (const foreign of tenantIsolationInputs(spec, fixture, absent)) {
      entries.push({ slot: `tenant isolation|${foreign.situation}`, description: foreign.description, body: input(foreign.input), tenantIsolation: true, labelRank: tenantIsolationRank });
    }
    for (const twin of sameNameInputs(spec, fixture, present)) {
      entries.push({ slot: 'tenant isolation|same names', description: twin.description, body: input(twin.input), tenantIsolation: true, labelRank: tenantIsolationRank });
    }
  }
  for (const body of malformedBodies) entries.push({ slot: `body|${kindOfBody(body.text)}`, description: `body: ${body.description}`, body: { kind: 'raw', text: body.text } });
  // Which error wins is an open point that every depth must show: each several-problems case is a slot of its own.
  for (const [index, several] of precedenceInputs(spec, fixture, semantics, absent, present).entries()) {
    entries.push({ slot: `several problems|${index}`, description: `several problems: ${several.problems.join('; ')}`, body: input(several.input), problems: several.problems, labelRank: severalProblemsRank });
  }
  return { entries, closest: present === undefined ? 'absent organization' : 'fixture organization' };
}

/**
 * The coverage plan of one operation as cases, one per distinct body, in plan order. Where entries share a body, the first
 * one names the case, unless a later one's label says more (see the label ranks): a case found again as a tenant-isolation
 * or several-problems case is reported as such.
 */
function coveragePlan(spec: OperationSpec, fixture: Fixture | undefined, semantics: ConstraintSemantics): { planned: PlannedCase[]; closest: CoverageBase } {
  const planned: PlannedCase[] = [];
  const byBody = new Map<string, { plannedCase: PlannedCase; labelRank: number }>();
  const { entries, closest } = planEntries(spec, fixture, semantics);
  for (const entry of entries) {
    const producer: Producer = entry.base === undefined ? { slot: entry.slot } : { slot: entry.slot, base: entry.base };
    const testCase: Case = {
      operation: spec.operation,
      phase: 'coverage',
      description: entry.description,
      body: entry.body,
      violation: entry.body.kind === 'input' ? labelOf(spec, entry.body.input, semantics) : null,
      ...(entry.problems === undefined ? {} : { problems: entry.problems }),
      ...(entry.nearMissOf === undefined ? {} : { nearMissOf: entry.nearMissOf }),
      ...(entry.tenantIsolation === undefined ? {} : { tenantIsolation: true as const }),
    };
    const key = bodyKey(entry.body);
    const labelRank = entry.labelRank ?? 0;
    const earlier = byBody.get(key);
    if (earlier === undefined) {
      const plannedCase = { testCase, producers: [producer] };
      byBody.set(key, { plannedCase, labelRank });
      planned.push(plannedCase);
      continue;
    }
    earlier.plannedCase.producers.push(producer);
    if (labelRank > earlier.labelRank) {
      earlier.plannedCase.testCase = testCase;
      earlier.labelRank = labelRank;
    }
    // A body some entry plans as a near miss stays one, whichever entry names it: a live run must know it.
    const nearMissOf = entry.nearMissOf ?? earlier.plannedCase.testCase.nearMissOf;
    if (nearMissOf !== undefined && earlier.plannedCase.testCase.nearMissOf === undefined) earlier.plannedCase.testCase = { ...earlier.plannedCase.testCase, nearMissOf };
  }
  return { planned, closest };
}

/**
 * The cases of a plan a budget keeps, in plan order: a case is kept while one of its slots, on an allowed base (`closest` is
 * the base input closest to success), has room.
 */
function withinBudget(plan: { readonly planned: readonly PlannedCase[]; readonly closest: CoverageBase }, budget: CoverageBudget): Case[] {
  const { planned, closest } = plan;
  const filled = new Map<string, number>();
  const room = (slot: string) => (fixtureSlotKinds.has(slot.slice(0, slot.indexOf('|'))) ? budget.perFixtureSlot : budget.perSlot);
  const kept: Case[] = [];
  for (const { testCase, producers } of planned) {
    const open = producers.filter(
      (producer) => (budget.bases === 'every' || producer.base === undefined || producer.base === closest) && (filled.get(producer.slot) ?? 0) < room(producer.slot),
    );
    if (open.length === 0) continue;
    // One request fills every slot that asked for its body.
    for (const slot of new Set(open.map((producer) => producer.slot))) filled.set(slot, (filled.get(slot) ?? 0) + 1);
    kept.push(testCase);
  }
  return kept;
}

/**
 * The deterministic coverage phase of one operation: every member x constraint kind at its boundaries, every identifier form,
 * every state outcome the fixture makes reachable (each organization, each entity by ID, name and email, each existing
 * resource, each record of another organization), malformed bodies and several problems at once. Small and exhaustive; the
 * same cases every time. Both depths come from one plan: `full` sends all of it, `compact` one case per constraint kind,
 * form and situation on the base input closest to success, so every compact case is a full case.
 * No expectation is computed here: which answers are conforming is the oracle's business, at send time.
 *
 * @example
 * const cases = coverageCases(spec, { fixture });
 * cases.filter((c) => c.violation !== null).length; // the invalid ones
 * coverageCases(spec, { fixture, depth: 'compact' }).length < cases.length; // true
 */
export function coverageCases(spec: OperationSpec, options: CoverageOptions): Case[] {
  return checkedCoverageCases(spec, options, true);
}

/**
 * {@link coverageCases} for a run of several operations, which refuses a fixture organization only where none of them can
 * name it (`runConformance`): one operation may name an organization another cannot, and the run goes on.
 *
 * @example
 * const cases = coverageCasesOfRun(spec, { fixture, depth: 'full' });
 */
export function coverageCasesOfRun(spec: OperationSpec, options: CoverageOptions): Case[] {
  return checkedCoverageCases(spec, options, false);
}

function checkedCoverageCases(spec: OperationSpec, options: CoverageOptions, everyOrganizationNamed: boolean): Case[] {
  checkOperationSpec('coverageCases', spec);
  OptionChecker.of('coverageCases', options).only(['fixture', 'semantics', 'depth']).object('fixture').object('semantics').string('depth', ['full', 'compact']);
  checkParsedFixture('coverageCases', options.fixture);
  const semantics = options.semantics ?? defaultSemantics;
  if (everyOrganizationNamed) checkFixtureReachable('coverageCases', options.fixture, spec, semantics);
  return withinBudget(coveragePlan(spec, options.fixture, semantics), coverageBudgets[options.depth ?? 'full']);
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
  // A state no open point lets proceed first, where there is one: the case must stop at this referent to show which error wins.
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
 * Inputs that combine several problems on purpose, so that the report can say which error wins: an invalid member with unknown
 * referents, every referent unknown, and for each pair of referents in precedence order the first in a bad state with the next
 * unknown. Each comes with its problems, in the spec's precedence order.
 */
function precedenceInputs(
  spec: OperationSpec,
  fixture: Fixture | undefined,
  semantics: ConstraintSemantics,
  absent: Readonly<Record<string, unknown>>,
  present: Readonly<Record<string, unknown>> | undefined,
): { input: Record<string, unknown>; problems: string[] }[] {
  const order = spec.precedence.order;
  const unknown = (name: string) => `${name} names nothing that exists`;
  const inputs: { input: Record<string, unknown>; problems: string[] }[] = [];
  const last = Object.keys(spec.input).filter((name) => name !== order[0]).at(-1);
  const lastMember = last === undefined ? undefined : spec.input[last];
  const broken = lastMember === undefined ? undefined : invalidCoverageValues(lastMember, semantics).find((value) => value.absent !== true && value.constraints.includes('pattern'));
  if (last !== undefined && broken !== undefined) {
    inputs.push({ input: { ...absent, [last]: broken.value }, problems: [`${last} breaks ${broken.constraints.join(', ')}`, ...order.filter((name) => name !== last).map(unknown)] });
  }
  if (order.length >= 2) inputs.push({ input: { ...absent }, problems: order.map(unknown) });
  for (const [index, name] of order.entries()) {
    const next = order[index + 1];
    const member = spec.input[name];
    if (next === undefined || member === undefined || present === undefined) continue;
    const bad = badStateValue(spec, member, fixture);
    if (bad === undefined) continue;
    inputs.push({ input: { ...present, [name]: bad.value, [next]: absent[next] }, problems: [`${name} ${bad.value} is in state ${bad.state}`, unknown(next)] });
  }
  // Where the order of two lookups is an open point, the later one in a bad state with the earlier unknown too: a target
  // that looks the later one up first answers its state error, which no other reading gives.
  const lookupOrder = spec.openPoints.find((point) => point.when.condition === 'lookupOrder');
  const [first, second] = lookupOrder?.when.condition === 'lookupOrder' ? lookupOrder.when.members : [];
  const secondMember = second === undefined ? undefined : spec.input[second];
  const secondBad = secondMember === undefined ? undefined : badStateValue(spec, secondMember, fixture);
  if (first !== undefined && second !== undefined && present !== undefined && secondBad !== undefined) {
    inputs.push({ input: { ...present, [first]: absent[first], [second]: secondBad.value }, problems: [unknown(first), `${second} ${secondBad.value} is in state ${secondBad.state}`] });
  }
  return inputs;
}
