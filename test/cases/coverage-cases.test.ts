import { describe, expect, it } from 'vitest';
import type { Case } from '../../src/cases/case.ts';
import { caseInput } from '../../src/cases/case.ts';
import { coverageCases } from '../../src/cases/coverage-cases.ts';
import { expectOutcomes } from '../../src/cases/expect-outcomes.ts';
import { fixtureValues, organizationResources } from '../../src/cases/fixture-values.ts';
import type { Fixture } from '../../src/fixture/fixture-schema.ts';
import { demoFixture, demoIds } from '../../src/mock/demo-fixture.ts';
import { defaultSemantics, validateInput } from '../../src/spec/constraints.ts';
import { loadOperationSpecs } from '../../src/spec/load-spec.ts';
import type { OperationSpec } from '../../src/spec/spec-schema.ts';
import { WorkMailState } from '../../src/fixture/workmail-state.ts';

const specs = loadOperationSpecs();

/** The demo fixture as a live run discovers it: one organization only, so no tenant isolation. */
const oneOrganization: Fixture = { organizations: demoFixture.organizations.filter((organization) => organization.id === demoIds.organizationId) };

const fixtures: readonly { readonly name: string; readonly fixture: Fixture | undefined }[] = [
  { name: 'the demo fixture', fixture: demoFixture },
  { name: 'one organization', fixture: oneOrganization },
  { name: 'no fixture', fixture: undefined },
];

function isJson(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

/**
 * What kinds of cases a list holds, read from the cases themselves: each constraint each member breaks, each fixture
 * situation a valid input names, tenant isolation, each several-problems case and each kind of malformed body.
 */
function kindsOf(spec: OperationSpec, cases: readonly Case[], fixture: Fixture | undefined): Set<string> {
  const kinds = new Set<string>();
  for (const testCase of cases) {
    if (testCase.problems !== undefined) kinds.add(`several problems: ${testCase.problems.join('; ')}`);
    if (testCase.description.startsWith('tenant isolation')) kinds.add('tenant isolation');
    if (testCase.body.kind === 'raw') kinds.add(`body ${isJson(testCase.body.text) ? 'json' : 'not json'}`);
    for (const constraint of testCase.violation?.constraints ?? []) kinds.add(`${testCase.violation?.member} breaks ${constraint}`);
    const input = caseInput(testCase);
    if (input === undefined || validateInput(spec, input, defaultSemantics).length > 0) continue;
    for (const [name, member] of Object.entries(spec.input)) {
      for (const entry of fixtureValues(member, fixture, spec)) if (input[name] === entry.value) kinds.add(`${name} names ${entry.situation}`);
    }
  }
  return kinds;
}

const several = (cases: readonly Case[]) => cases.filter((testCase) => testCase.problems !== undefined);

describe.each(specs.map((spec) => [spec.operation, spec] as const))('the coverage cases of %s', (_, spec) => {
  describe.each(fixtures.map(({ name, fixture }) => [name, fixture] as const))('with %s', (__, fixture) => {
    const full = coverageCases(spec, { fixture, depth: 'full' });
    const compact = coverageCases(spec, { fixture, depth: 'compact' });

    it('in compact depth are full cases, each with the same description, body and labels', () => {
      const fullCases = new Set(full.map((testCase) => JSON.stringify(testCase)));

      const notInFull = compact.filter((testCase) => !fullCases.has(JSON.stringify(testCase))).map((testCase) => testCase.description);

      expect(notInFull).toEqual([]);
      expect(compact.length).toBeLessThan(full.length);
    });

    it('are of the same kinds in both depths: constraint kinds, fixture situations, tenant isolation, several problems, bodies', () => {
      const fullKinds = kindsOf(spec, full, fixture);

      const compactKinds = kindsOf(spec, compact, fixture);

      expect([...fullKinds].filter((kind) => !compactKinds.has(kind))).toEqual([]);
      for (const member of Object.keys(spec.input)) {
        for (const constraint of ['required', 'type', 'length', 'pattern']) expect(fullKinds).toContain(`${member} breaks ${constraint}`);
      }
    });

    it('hold every several-problems case in both depths, an invalid member with unknown referents among them', () => {
      const inFull = several(full).map((testCase) => testCase.description);

      const inCompact = several(compact).map((testCase) => testCase.description);

      expect(inCompact.sort()).toEqual([...inFull].sort());
      expect(several(full).some((testCase) => testCase.violation !== null && (testCase.problems?.length ?? 0) >= 2)).toBe(true);
    });

    it('send each body once', () => {
      for (const cases of [full, compact]) {
        const bodies = cases.map((testCase) => JSON.stringify(testCase.body));
        expect(new Set(bodies).size).toBe(bodies.length);
      }
    });
  });
});

describe('the coverage cases with two usable organizations', () => {
  it('name the records of the other organization in both depths, once per way of naming them in compact depth', () => {
    for (const spec of specs) {
      const tenant = (depth: 'full' | 'compact') => coverageCases(spec, { fixture: demoFixture, depth }).filter((testCase) => testCase.description.startsWith('tenant isolation'));
      expect(tenant('full').length, spec.operation).toBeGreaterThan(0);
      expect(tenant('compact').length, spec.operation).toBeGreaterThan(0);
      expect(tenant('compact').length, spec.operation).toBeLessThanOrEqual(3);
    }
  });
});

describe('the absent organization the coverage cases name', () => {
  it('is one the oracle takes as absent without a fixture: each valid input on it expects OrganizationNotFoundException', () => {
    for (const spec of specs) {
      const onAbsent = coverageCases(spec, { fixture: undefined }).filter(
        (testCase) => testCase.description.endsWith('(absent organization)') && validateInput(spec, caseInput(testCase) ?? {}).length === 0,
      );
      expect(onAbsent.length, spec.operation).toBeGreaterThan(0);
      for (const testCase of onAbsent) {
        const expectation = expectOutcomes(spec, testCase, { state: undefined, profile: 'documented' });
        expect(expectation.outcomes, `${spec.operation}: ${testCase.description}`).toEqual([expect.objectContaining({ kind: 'error', type: 'OrganizationNotFoundException' })]);
      }
    }
  });
});

describe('the constraint values put on the fixture organization', () => {
  it('go on inputs whose keys name nothing it holds, so that a server that leaves the broken member unchecked deletes nothing', () => {
    const organization = demoFixture.organizations.find((candidate) => candidate.id === demoIds.organizationId);
    for (const spec of specs) {
      const held = new Set(organizationResources(organization!, spec.effect.resource).map((record) => JSON.stringify(Object.keys(spec.effect.keys).map((field) => record[field]))));
      for (const depth of ['full', 'compact'] as const) {
        const onFixture = coverageCases(spec, { fixture: demoFixture, depth }).filter((testCase) => testCase.description.endsWith('(fixture organization)'));
        const namingHeld = onFixture.filter((testCase) => held.has(JSON.stringify(Object.values(spec.effect.keys).map((member) => caseInput(testCase)?.[member]))));

        expect(onFixture.length, `${spec.operation} ${depth}`).toBeGreaterThan(5);
        expect(namingHeld.map((testCase) => testCase.description), `${spec.operation} ${depth}`).toEqual([]);
      }
    }
  });
});

describe('the coverage cases of a fixture whose entities are all DISABLED or DELETED', () => {
  // The demo organizations with no entity in a state a delete can succeed in: nothing succeeds, but every state still shows.
  const inactive: Fixture = {
    organizations: demoFixture.organizations.map((organization) => ({
      ...organization,
      entities: organization.entities.map((entity, index) => ({ ...entity, state: index % 2 === 0 ? 'DISABLED' : 'DELETED' })),
    })),
  };

  it.each(specs.map((spec) => [spec.operation, spec] as const))('%s: still name each organization in another state, and each entity in its state', (_, spec) => {
    const cases = coverageCases(spec, { fixture: inactive });
    const named = (value: string) => cases.some((testCase) => Object.values(caseInput(testCase) ?? {}).includes(value));

    for (const organization of inactive.organizations.filter((candidate) => candidate.state !== 'Active')) expect(named(organization.id), organization.id).toBe(true);
    if (spec.referents.entity !== undefined) {
      const active = inactive.organizations.find((organization) => organization.state === 'Active');
      for (const entity of active?.entities ?? []) expect(named(entity.id), entity.id).toBe(true);
      const outcomes = cases.flatMap((testCase) => expectOutcomes(spec, testCase, { state: WorkMailState.fromFixture(inactive), profile: 'documented' }).outcomes);
      expect(outcomes.some((outcome) => outcome.kind === 'error' && outcome.type === 'EntityStateException')).toBe(true);
    }
  });
});

describe('coverage of a fixture of thousands of users (trialF #1)', () => {
  /** The demo organizations, the first one holding `count` more ENABLED users, each with an email. */
  function withUsers(count: number): Fixture {
    const [first, ...rest] = demoFixture.organizations;
    const users = Array.from({ length: count }, (_, index) => {
      const hex = index.toString(16).padStart(12, '0');
      return { id: `5e1f0c2a-7b3d-4e5f-8a6b-${hex}`, type: 'USER' as const, name: `user${index}`, email: `user${index}@example.com`, state: 'ENABLED' as const };
    });
    return { organizations: [{ ...first!, entities: [...first!.entities, ...users] }, ...rest] };
  }

  it('sends at most 16 cases of each fixture situation and form, the first ones: the plan stays the demo size, not one per user', () => {
    for (const spec of loadOperationSpecs()) {
      const demo = coverageCases(spec, { fixture: demoFixture });
      const large = coverageCases(spec, { fixture: withUsers(2000) });
      expect(large.length).toBeLessThan(demo.length + 200);
      // The demo organizations fill no situation past the limit: their plan is what it was.
      expect(coverageCases(spec, { fixture: withUsers(0) }).map((testCase) => testCase.description)).toEqual(demo.map((testCase) => testCase.description));
    }
    const permissions = loadOperationSpecs().find((spec) => spec.operation === 'DeleteMailboxPermissions')!;
    const byUserName = coverageCases(permissions, { fixture: withUsers(2000) }).filter((testCase) => /^EntityId: .*user\d+/.test(testCase.description));
    expect(byUserName.length).toBeGreaterThan(0);
    // 16 of each situation the users are in (by ID, name and email, in each letter case...), not 2,000 of each.
    expect(byUserName.length).toBeLessThanOrEqual(160);
  });
});
