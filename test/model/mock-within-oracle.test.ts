import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { coverageCases } from '../../src/cases/coverage-cases.ts';
import { caseBodyText, caseInput } from '../../src/cases/case.ts';
import { propertyCaseArbitrary } from '../../src/cases/property-cases.ts';
import type { Entity, Fixture } from '../../src/fixture/fixture-schema.ts';
import { parseFixture } from '../../src/fixture/load-fixture.ts';
import { WorkMailState } from '../../src/fixture/workmail-state.ts';
import { createWorkMailMock, type WorkMailMock } from '../../src/mock/create-work-mail-mock.ts';
import type { Expectation } from '../../src/model/outcome.ts';
import { demoFixture } from '../../src/mock/demo-fixture.ts';
import { expectOutcomesOf } from '../../src/model/oracle.ts';
import { everyReadingCombination, openPointReadings, type ChosenReadings } from '../../src/model/readings.ts';
import { loadOperationSpecs } from '../../src/spec/load-spec.ts';
import { readingName, type OperationSpec, type Profile } from '../../src/spec/spec-schema.ts';
import { buildAwsJsonRequest } from '../../src/wire/aws-json.ts';

const specs = loadOperationSpecs();
const allReadings = openPointReadings(specs);

/** The narrowest profile that accepts every chosen reading (`aws` where one is accepted only there). */
function profileFor(readings: ChosenReadings, specList: readonly OperationSpec[]): Profile {
  for (const spec of specList) {
    for (const point of spec.openPoints) {
      const outcome = point.outcomes.find((candidate) => readingName(candidate) === readings[point.id]);
      if (outcome !== undefined && !outcome.profiles.includes('documented')) return 'aws';
    }
  }
  return 'documented';
}

const mocks = new WeakMap<Fixture, Map<string, WorkMailMock>>();

/** One mock per fixture and readings, reset before each request (building one per request would dominate the test's time). */
function mockFor(fixture: Fixture, readings: ChosenReadings, mockSpecs: readonly OperationSpec[]): WorkMailMock {
  let byReadings = mocks.get(fixture);
  if (byReadings === undefined) mocks.set(fixture, (byReadings = new Map()));
  const key = `${mockSpecs.length}${JSON.stringify(readings)}`;
  let mock = byReadings.get(key);
  if (mock === undefined) byReadings.set(key, (mock = createWorkMailMock({ fixture, readings, specs: mockSpecs })));
  mock.reset();
  return mock;
}

const expectations = new Map<string, Expectation>();

/** Why the mock's answer to a body is outside the oracle's set, or `undefined` when it is inside. */
function outsideOracle(oracleSpec: OperationSpec, mockSpecs: readonly OperationSpec[], fixture: Fixture, readings: ChosenReadings, body: string): string | undefined {
  const mockSpec = mockSpecs.find((spec) => spec.operation === oracleSpec.operation) as OperationSpec;
  const response = mockFor(fixture, readings, mockSpecs).handle(buildAwsJsonRequest(mockSpec, body));
  const type = response.status === 200 ? undefined : (JSON.parse(response.body) as { __type?: string }).__type;
  const profile = profileFor(readings, mockSpecs);
  // The oracle's set does not depend on the readings: for the demo fixture it is computed once per body and profile.
  const key = fixture === demoFixture && oracleSpec === specs.find((spec) => spec.operation === oracleSpec.operation) ? `${oracleSpec.operation}\u0000${profile}\u0000${body}` : undefined;
  let expectation = key === undefined ? undefined : expectations.get(key);
  if (expectation === undefined) {
    expectation = expectOutcomesOf(oracleSpec, caseInput({ body: { kind: 'raw', text: body } }), { state: WorkMailState.fromFixture(fixture), profile });
    if (key !== undefined) expectations.set(key, expectation);
  }
  const inside =
    expectation.basis === 'malformedBody'
      ? response.status >= 400 && response.status < 500
      : expectation.outcomes.some((outcome) => (outcome.kind === 'success' ? response.status === 200 : outcome.type === type && outcome.status === response.status));
  return inside ? undefined : `${oracleSpec.operation} ${body} under ${JSON.stringify(readings)}: mock answered ${response.status} ${type ?? ''}, oracle allows ${JSON.stringify(expectation.outcomes)}`;
}

const readingsArbitrary: fc.Arbitrary<ChosenReadings> = fc.record(
  Object.fromEntries([...allReadings].map(([id, names]) => [id, fc.constantFrom(...names)])),
);

function varyCase(value: string): fc.Arbitrary<string> {
  return fc.constantFrom(value, value.toUpperCase(), value.toLowerCase(), value.charAt(0).toUpperCase() + value.slice(1));
}

/** Small organizations with entities in every state, names and emails in varied letter case, permissions and tokens. */
const fixtureArbitrary: fc.Arbitrary<Fixture> = fc
  .record({
    entities: fc.uniqueArray(
      fc.record({
        id: fc.uuid({ version: 4 }),
        base: fc.constantFrom('alice', 'bob', 'carol', 'dave', 'sales', 'room.1'),
        nameCase: fc.constantFrom('lower', 'upper', 'title'),
        email: fc.boolean(),
        type: fc.constantFrom('USER', 'GROUP', 'RESOURCE') as fc.Arbitrary<Entity['type']>,
        state: fc.constantFrom('ENABLED', 'DISABLED', 'DELETED') as fc.Arbitrary<Entity['state']>,
      }),
      { minLength: 1, maxLength: 5, selector: (entity) => entity.base },
    ),
    permissions: fc.array(fc.tuple(fc.nat(), fc.nat()), { maxLength: 4 }),
    tokens: fc.array(fc.tuple(fc.uuid({ version: 4 }), fc.nat()), { maxLength: 2 }),
    state: fc.constantFrom('Active', 'Active', 'Deleted', 'Creating'),
  })
  .map(({ entities, permissions, tokens, state }) => {
    const built: Entity[] = entities.map((entity) => {
      const name = entity.nameCase === 'upper' ? entity.base.toUpperCase() : entity.nameCase === 'title' ? entity.base[0]?.toUpperCase() + entity.base.slice(1) : entity.base;
      return { id: entity.id, type: entity.type, name, ...(entity.email ? { email: `${entity.base}@example.com` } : {}), state: entity.state };
    });
    const pick = (index: number) => built[index % built.length] as Entity;
    const pairs = new Map(permissions.map(([a, b]) => [`${pick(a).id}/${pick(b).id}`, { entityId: pick(a).id, granteeId: pick(b).id, permissionValues: ['FULL_ACCESS' as const] }]));
    return parseFixture({
      organizations: [
        {
          id: 'm-00000000000000000000000000000001',
          state,
          entities: built,
          mailboxPermissions: [...pairs.values()],
          personalAccessTokens: [...new Map(tokens.map(([id, user]) => [id, { id, userId: pick(user).id }])).values()],
        },
      ],
    });
  });

/** A body for a spec that reaches the fixture's state: its organization, entities by ID, name or email in varied case, its tokens. */
function bodyArbitrary(spec: OperationSpec, fixture: Fixture): fc.Arbitrary<string> {
  const organization = fixture.organizations[0];
  const entityValues = (organization?.entities ?? []).flatMap((entity) => [entity.id, entity.name, ...(entity.email === undefined ? [] : [entity.email])]);
  const members: Record<string, fc.Arbitrary<string>> = {};
  for (const [name, member] of Object.entries(spec.input)) {
    if (member.refersTo === 'organization') members[name] = fc.constantFrom(organization?.id ?? 'm-00000000000000000000000000000009', 'm-0123456789abcdef0123456789abcdef');
    else if (member.refersTo === 'entity' && entityValues.length > 0) members[name] = fc.oneof(fc.constantFrom(...entityValues).chain(varyCase), fc.constant('nobody'));
    else if (member.refersTo === spec.resourceKind.name) members[name] = fc.constantFrom(...(organization?.personalAccessTokens.map((token) => token.id) ?? []), 'no-such-token');
  }
  const fixtureInput = fc.record(members).map((input) => JSON.stringify(input));
  const generated = fc.oneof(propertyCaseArbitrary(spec, 'valid', { fixture }), propertyCaseArbitrary(spec, 'invalid', { fixture })).map(caseBodyText);
  return fc.oneof({ arbitrary: fixtureInput, weight: 4 }, { arbitrary: generated, weight: 2 }, { arbitrary: fc.constantFrom('[]', 'not json', 'null'), weight: 1 });
}

function caseArbitrary(mockSpecs: readonly OperationSpec[]) {
  return fc
    .tuple(fc.constantFrom(...mockSpecs), fixtureArbitrary, readingsArbitrary)
    .chain(([spec, fixture, readings]) => bodyArbitrary(spec, fixture).map((body) => ({ spec, fixture, readings, body })));
}

describe('the reference mock is the model with one reading per open point', () => {
  it('answers inside the oracle\'s set under every reading, over generated fixtures and inputs', () => {
    fc.assert(
      fc.property(caseArbitrary(specs), ({ spec, fixture, readings, body }) => {
        expect(outsideOracle(spec, specs, fixture, readings, body)).toBeUndefined();
      }),
      { numRuns: 300, seed: 12 },
    );
  });

  it("answers inside the oracle's set under every combination of readings, for the demo fixture's coverage cases that touch an open point", () => {
    const combinations = everyReadingCombination(specs);
    expect(combinations.length).toBe([...allReadings.values()].reduce((product, names) => product * names.length, 1));
    const state = WorkMailState.fromFixture(demoFixture);
    const bodies = specs.flatMap((spec) =>
      coverageCases(spec, { fixture: demoFixture })
        .filter((testCase) => expectOutcomesOf(spec, caseInput(testCase), { state, profile: 'aws' }).openPoints.length > 0)
        .filter((_, index) => index % 11 === 0)
        .map((testCase) => ({ spec, body: caseBodyText(testCase) })),
    );
    expect(bodies.length).toBeGreaterThan(20);
    const outside: string[] = [];
    for (const readings of combinations) {
      for (const { spec, body } of bodies) {
        const problem = outsideOracle(spec, specs, demoFixture, readings, body);
        if (problem !== undefined) outside.push(problem);
      }
    }
    expect(outside.slice(0, 3)).toEqual([]);
  });

  it('would catch a mock whose reading the oracle does not know (the property can fail)', () => {
    // The oracle reads specs without the grantee-first order; the mock still takes it.
    const narrowed = structuredClone(specs).map((spec) => ({
      ...spec,
      openPoints: spec.openPoints.map((point) => ({ ...point, outcomes: point.outcomes.filter((outcome) => outcome.reading !== 'grantee-first') })),
    }));
    const result = fc.check(
      fc.property(caseArbitrary(specs), ({ spec, fixture, readings, body }) => {
        const oracleSpec = narrowed.find((candidate) => candidate.operation === spec.operation) as OperationSpec;
        return outsideOracle(oracleSpec, specs, fixture, { ...readings, 'lookup-order': 'grantee-first' }, body) === undefined;
      }),
      { numRuns: 3000, seed: 12, endOnFailure: true },
    );
    expect(result.failed).toBe(true);
  });
});
