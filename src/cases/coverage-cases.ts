import fc from 'fast-check';
import { invalidCoverageValues, memberValue, validCoverageValues } from '../arbitraries/index.ts';
import type { Fixture, Organization } from '../fixture/fixture-schema.ts';
import { defaultSemantics, validateInput, type ConstraintSemantics } from '../spec/constraints.ts';
import type { MemberSpec, OperationSpec } from '../spec/spec-schema.ts';
import type { Case, CaseBody } from './case.ts';
import { fixtureValues } from './fixture-values.ts';
import type { Violation } from './violation.ts';

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

/** A deterministic valid value of a member that no fixture holds (high-entropy where the member has such a form). */
function absentValue(member: MemberSpec, taken: ReadonlySet<string>): string {
  const candidates = fc.sample(memberValue(member), { seed: absentValueSeed, numRuns: 200 });
  const highEntropy = (member.forms ?? []).filter((form) => form.highEntropy).map((form) => new RegExp(form.pattern, 'u'));
  const preferred = candidates.filter((value) => highEntropy.length === 0 || highEntropy.some((pattern) => pattern.test(value)));
  const value = [...preferred, ...candidates].find((candidate) => !taken.has(candidate));
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
    base[name] = absentValue(member, new Set(fixtureValues(member, fixture).map((entry) => entry.value)));
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
  const resources: readonly Readonly<Record<string, unknown>>[] =
    spec.effect.resource === 'mailboxPermission' ? organization.mailboxPermissions : spec.effect.resource === 'personalAccessToken' ? organization.personalAccessTokens : [];
  return resources.map((resource) => {
    const input = { ...base };
    for (const [field, member] of Object.entries(spec.effect.keys)) input[member] = resource[field];
    const keys = Object.entries(spec.effect.keys).map(([field]) => `${field} ${String(resource[field])}`).join(', ');
    return { input, description: `existing ${spec.effect.resource} (${keys})` };
  });
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
  const absent = absentBase(spec, options.fixture);
  const present = fixtureBase(spec, options.fixture);
  const bases = depth === 'compact' ? [present ?? absent] : present === undefined ? [absent] : [absent, present];
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
      for (const invalid of invalidCoverageValues(member, semantics)) {
        add({ kind: 'input', input: withMember(base, name, invalid.value, invalid.absent === true) }, `${name}: ${invalid.description} (${where})`);
      }
      for (const valid of validCoverageValues(member)) {
        add({ kind: 'input', input: withMember(base, name, valid.value, false) }, `${name}: ${valid.description} (${where})`);
      }
    }
  }
  if (present !== undefined) {
    for (const [name, member] of Object.entries(spec.input)) {
      for (const entry of fixtureValues(member, options.fixture)) {
        add({ kind: 'input', input: { ...present, [name]: entry.value } }, `${name}: ${entry.description}`);
      }
    }
    for (const existing of existingResourceInputs(spec, options.fixture, present)) {
      add({ kind: 'input', input: existing.input }, existing.description);
    }
  }
  for (const body of malformedBodies) add({ kind: 'raw', text: body.text }, `body: ${body.description}`);
  return cases;
}
