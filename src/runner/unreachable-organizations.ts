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
  for (const [index, organization] of fixture.organizations.entries()) {
    const broken = unnameableOrganization(organization.id, specs, semantics);
    if (broken !== undefined) return `$.organizations[${index}].id: '${organization.id}' ${broken}, so no valid request names that organization and nothing in it is checked; give its real ID`;
  }
  return undefined;
}

/**
 * What an organization ID breaks, where it breaks the member that names an organization in every operation checked (so no
 * valid request can name it); `undefined` when some operation can, or none names an organization.
 *
 * @example
 * unnameableOrganization('m-0F1E…', specs, defaultSemantics); // "breaks OrganizationId's pattern (^m-[0-9a-f]{32}$)"
 */
export function unnameableOrganization(organizationId: string, specs: readonly OperationSpec[], semantics: ConstraintSemantics): string | undefined {
  const namers = specs.flatMap((spec) => Object.entries(spec.input).filter(([, member]) => member.refersTo === 'organization'));
  return firstBreak(organizationId, namers, semantics);
}

/**
 * What a value breaks, where it breaks every member that keys a `resource` some operation checked deletes (so no valid
 * request can name that resource by it: a token ID given to `--allow-token-delete`); `undefined` when some member takes it,
 * or no operation checked deletes that resource.
 *
 * @example
 * unnameableResourceKey('bad id!', 'personalAccessToken', specs, defaultSemantics); // "breaks PersonalAccessTokenId's pattern ([a-zA-Z0-9_-]+)"
 */
export function unnameableResourceKey(value: string, resource: string, specs: readonly OperationSpec[], semantics: ConstraintSemantics): string | undefined {
  const keyers = specs
    .filter((spec) => spec.effect.resource === resource)
    .flatMap((spec) => Object.values(spec.effect.keys).flatMap((name) => (spec.input[name] === undefined ? [] : [[name, spec.input[name]] as const])));
  return firstBreak(value, keyers, semantics);
}

function firstBreak(value: string, members: readonly (readonly [string, OperationSpec['input'][string]])[], semantics: ConstraintSemantics): string | undefined {
  const broken = members.map(([name, member]) => ({ name, member, constraints: violatedConstraints(member, value, semantics) }));
  const [first] = broken;
  if (first === undefined || broken.some(({ constraints }) => constraints.length === 0)) return undefined;
  const pattern = first.member.pattern === undefined ? '' : ` (${first.member.pattern})`;
  return `breaks ${first.name}'s ${first.constraints.join(' and ')}${pattern}`;
}
