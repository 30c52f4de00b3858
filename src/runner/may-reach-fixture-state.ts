import { caseInput, type Case } from '../cases/case.ts';
import type { Fixture } from '../fixture/fixture-schema.ts';
import { validateInput, type ConstraintSemantics } from '../spec/constraints.ts';
import type { OperationSpec } from '../spec/spec-schema.ts';

/**
 * Whether a case may delete what a fixture holds or be followed by a read of its state, told from the case alone (no oracle):
 * a near miss of a fixture record, or a valid input whose organization member names an organization of the fixture, by ID.
 * Anything else stops at validation or at an organization the fixture does not hold, before any record is looked up. Where
 * a spec names no organization member, every valid input may. It may say yes to a case that changes nothing; never no to
 * one that does.
 *
 * @example
 * mayReachFixtureState(spec, { body: { kind: 'input', input: { OrganizationId: demoIds.organizationId, EntityId: 'alice', GranteeId: 'sales' } } }, demoFixture, defaultSemantics); // true
 * mayReachFixtureState(spec, { body: { kind: 'raw', text: 'not json' } }, demoFixture, defaultSemantics); // false
 */
export function mayReachFixtureState(spec: OperationSpec, testCase: Pick<Case, 'body' | 'nearMissOf'>, fixture: Fixture | undefined, semantics: ConstraintSemantics): boolean {
  if (fixture === undefined) return false;
  // A near miss names a record of the fixture nearly (an invalid one with whitespace around a key): a target whose lookup
  // is tolerant, or that trims before it validates, deletes it, which only a read after the case shows.
  if (testCase.nearMissOf !== undefined) return true;
  const input = caseInput(testCase);
  if (input === undefined || validateInput(spec, input, semantics).length > 0) return false;
  const organizationMembers = Object.entries(spec.input).filter(([, member]) => member.refersTo === 'organization');
  if (organizationMembers.length === 0) return true;
  return organizationMembers.some(([name]) => fixture.organizations.some((organization) => organization.id === input[name]));
}
