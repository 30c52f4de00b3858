import type { Fixture } from '../fixture/fixture-schema.ts';
import { violatedConstraints, type ConstraintSemantics } from '../spec/constraints.ts';
import type { OperationSpec } from '../spec/spec-schema.ts';

/**
 * The first organization of a fixture that no valid request of the operations checked can name: its ID breaks the length
 * or pattern of the member that names an organization in every one of them (`m-123` for `^m-[0-9a-f]{32}$`), so every case
 * meant for it is rejected as invalid input and what it holds is never reached. Described with its JSON path; `undefined`
 * when every organization can be named, or no operation names one.
 *
 * @example
 * unreachableOrganization({ organizations: [{ id: 'm-123', state: 'Active', ... }] }, specs, defaultSemantics);
 * // "$.organizations[0].id: 'm-123' breaks OrganizationId's length and pattern (^m-[0-9a-f]{32}$) …"
 */
export function unreachableOrganization(fixture: Fixture, specs: readonly OperationSpec[], semantics: ConstraintSemantics): string | undefined {
  const namers = specs.flatMap((spec) => Object.entries(spec.input).filter(([, member]) => member.refersTo === 'organization'));
  if (namers.length === 0) return undefined;
  for (const [index, organization] of fixture.organizations.entries()) {
    const broken = namers.map(([name, member]) => ({ name, member, constraints: violatedConstraints(member, organization.id, semantics) }));
    if (broken.some(({ constraints }) => constraints.length === 0)) continue;
    const [first] = broken;
    if (first === undefined) continue;
    const pattern = first.member.pattern === undefined ? '' : ` (${first.member.pattern})`;
    return `$.organizations[${index}].id: '${organization.id}' breaks ${first.name}'s ${first.constraints.join(' and ')}${pattern}, so no valid request names that organization and nothing in it is checked; give its real ID`;
  }
  return undefined;
}
