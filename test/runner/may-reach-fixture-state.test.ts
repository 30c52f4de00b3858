import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Case } from '../../src/cases/case.ts';
import { caseInput } from '../../src/cases/case.ts';
import { coverageCases } from '../../src/cases/coverage-cases.ts';
import { expectOutcomes } from '../../src/cases/expect-outcomes.ts';
import { propertyCaseArbitrary } from '../../src/cases/property-cases.ts';
import type { Fixture } from '../../src/fixture/fixture-schema.ts';
import { WorkMailState } from '../../src/fixture/workmail-state.ts';
import { demoFixture, demoIds } from '../../src/mock/demo-fixture.ts';
import { mayReachFixtureState } from '../../src/runner/may-reach-fixture-state.ts';
import type { ConstraintSemantics } from '../../src/spec/constraints.ts';
import { findOperationSpec, loadOperationSpecs } from '../../src/spec/load-spec.ts';
import type { OperationSpec, Profile } from '../../src/spec/spec-schema.ts';

const specs = loadOperationSpecs();
const permissions = findOperationSpec(specs, 'DeleteMailboxPermissions');
const oneOrganization: Fixture = { organizations: demoFixture.organizations.filter((organization) => organization.id === demoIds.organizationId) };

/**
 * What the runner must run one at a time, as the oracle tells it: a case whose success deletes a record, or whose expectation
 * rests on the state of an organization of the fixture (its effect may be read).
 */
function oracleSaysStateful(spec: OperationSpec, testCase: Case, fixture: Fixture, profile: Profile, semantics: ConstraintSemantics): boolean {
  const expectation = expectOutcomes(spec, testCase, { state: WorkMailState.fromFixture(fixture), profile, semantics });
  if (expectation.outcomes.some((outcome) => outcome.kind === 'success' && outcome.effect !== undefined)) return true;
  const input = caseInput(testCase);
  const organizationMember = Object.entries(spec.input).find(([, member]) => member.refersTo === 'organization')?.[0] ?? '';
  return expectation.basis === 'state' && fixture.organizations.some((organization) => organization.id === input?.[organizationMember]);
}

const settings: readonly { readonly name: string; readonly fixture: Fixture; readonly profile: Profile; readonly semantics: ConstraintSemantics }[] = [
  { name: 'the demo fixture, documented profile', fixture: demoFixture, profile: 'documented', semantics: { patternMatching: 'full' } },
  { name: 'the demo fixture, aws profile, search matching', fixture: demoFixture, profile: 'aws', semantics: { patternMatching: 'search' } },
  { name: 'one organization', fixture: oneOrganization, profile: 'documented', semantics: { patternMatching: 'full' } },
];

describe('mayReachFixtureState, which sorts the coverage phase without the oracle', () => {
  describe.each(settings.map((setting) => [setting.name, setting] as const))('with %s', (_, { fixture, profile, semantics }) => {
    it.each(specs.map((spec) => [spec.operation, spec] as const))('says yes to every coverage case of %s the oracle says deletes or may be read', (__, spec) => {
      const cases = coverageCases(spec, { fixture, semantics, depth: 'full' });

      const missed = cases.filter((testCase) => oracleSaysStateful(spec, testCase, fixture, profile, semantics) && !mayReachFixtureState(spec, testCase, fixture, semantics));

      expect(missed.map((testCase) => testCase.description)).toEqual([]);
      // Not a blanket yes: no invalid case runs alone but a near miss of a record (its key padded with whitespace), whose read
      // after shows a target that trims before it validates deleting that record.
      const invalid = cases.filter((testCase) => testCase.violation !== null);
      expect(invalid.length).toBeGreaterThan(0);
      const alone = invalid.filter((testCase) => mayReachFixtureState(spec, testCase, fixture, semantics));
      expect(alone.filter((testCase) => testCase.nearMissOf === undefined).map((testCase) => testCase.description)).toEqual([]);
      expect(alone.length).toBeLessThanOrEqual(14);
    });

    it.each(specs.flatMap((spec) => (['valid', 'invalid'] as const).map((kind) => [spec.operation, kind, spec] as const)))(
      'says yes to every generated %s %s case the oracle says deletes or may be read',
      (__, kind, spec) => {
        fc.assert(
          fc.property(propertyCaseArbitrary(spec, kind, { fixture, semantics }), (testCase) => {
            expect(!oracleSaysStateful(spec, testCase, fixture, profile, semantics) || mayReachFixtureState(spec, testCase, fixture, semantics)).toBe(true);
          }),
          { seed: 42, numRuns: 300 },
        );
      },
    );
  });

  it('says no to an invalid input, a body that is not a JSON object, an unknown organization and a run without a fixture', () => {
    const valid = { OrganizationId: demoIds.organizationId, EntityId: 'alice', GranteeId: 'sales' };
    const withBody = (body: Case['body']) => ({ body });

    expect(mayReachFixtureState(permissions, withBody({ kind: 'input', input: valid }), demoFixture, { patternMatching: 'full' })).toBe(true);
    expect(mayReachFixtureState(permissions, withBody({ kind: 'input', input: { ...valid, GranteeId: 'sales!' } }), demoFixture, { patternMatching: 'full' })).toBe(false);
    expect(mayReachFixtureState(permissions, withBody({ kind: 'raw', text: 'not json' }), demoFixture, { patternMatching: 'full' })).toBe(false);
    expect(mayReachFixtureState(permissions, withBody({ kind: 'input', input: { ...valid, OrganizationId: 'm-0123456789abcdef0123456789abcdef' } }), demoFixture, { patternMatching: 'full' })).toBe(false);
    expect(mayReachFixtureState(permissions, withBody({ kind: 'input', input: valid }), undefined, { patternMatching: 'full' })).toBe(false);
  });
});
