import fc from 'fast-check';
import type { Fixture } from '../fixture/fixture-schema.ts';
import { defaultSemantics, violatedConstraints, type ConstraintSemantics } from '../spec/constraints.ts';
import type { OperationSpec } from '../spec/spec-schema.ts';
import { organizationResources } from './fixture-values.ts';
import { oneOfValues } from '../arbitraries/one-of-values.ts';
import { recordShrunkInTurn } from '../arbitraries/_internals/shrunk-in-turn.ts';

/** One record of the fixture, as the valid values of each member that names it (a key member's first value is the record's own). */
type NamedRecord = Readonly<Record<string, readonly string[]>>;

/**
 * Valid inputs that name a record the fixture holds, of the kind the operation's success deletes (`effect.resource`): the
 * record's organization in each member that refers to an organization, and in each member `effect.keys` gives, the record's
 * own value or, where the member refers to an entity, that entity's name or email. The other members are drawn from
 * `memberArbitraries` (each member's valid values). `undefined` where the fixture holds no such record that valid values can name.
 *
 * Members drawn one by one from the fixture's values seldom name a record together (an entity, a grantee of its mailbox, in
 * the organization holding both): these inputs reach a real delete, where a server's over-delete or under-delete shows.
 *
 * @example
 * fc.sample(existingRecordInputs(spec, demoFixture, validMemberArbitraries(spec, {}, 'example'))!, 1); // [{ EntityId: 'alice', GranteeId: '…', OrganizationId: 'm-…' }]
 */
export function existingRecordInputs(
  spec: OperationSpec,
  fixture: Fixture | undefined,
  memberArbitraries: Readonly<Record<string, fc.Arbitrary<unknown>>>,
  semantics: ConstraintSemantics = defaultSemantics,
): fc.Arbitrary<Record<string, unknown>> | undefined {
  if (fixture === undefined) return undefined;
  const memberNames = Object.keys(spec.input);
  const organizationMembers = memberNames.filter((name) => spec.input[name]?.refersTo === 'organization');
  const keyMembers = Object.entries(spec.effect.keys);
  const named: NamedRecord[] = [];
  for (const organization of fixture.organizations) {
    const entities = new Map(organization.entities.map((entity) => [entity.id, entity]));
    for (const record of organizationResources(organization, spec.effect.resource)) {
      const candidates: [string, readonly string[]][] = organizationMembers.map((name) => [name, [organization.id]]);
      for (const [field, name] of keyMembers) {
        const value = record[field];
        const entity = typeof value === 'string' && spec.input[name]?.refersTo === 'entity' ? entities.get(value) : undefined;
        const forms = entity === undefined ? [] : [entity.name, ...(entity.email === undefined ? [] : [entity.email])];
        candidates.push([name, typeof value === 'string' ? [value, ...forms] : []]);
      }
      // A record is named only where its own value of every member is valid; a name or email that is not is left out.
      const values: Record<string, readonly string[]> = {};
      let nameable = true;
      for (const [name, forms] of candidates) {
        const member = spec.input[name];
        const valid = member === undefined ? [] : forms.filter((form) => violatedConstraints(member, form, semantics).length === 0);
        if (valid.length === 0 || valid[0] !== forms[0]) nameable = false;
        values[name] = valid;
      }
      if (nameable) named.push(values);
    }
  }
  if (named.length === 0) return undefined;
  const namedMembers = new Set([...organizationMembers, ...keyMembers.map(([, name]) => name)]);
  const otherNames = memberNames.filter((name) => !namedMembers.has(name));
  const others = Object.fromEntries(otherNames.map((name) => [name, memberArbitraries[name] as fc.Arbitrary<unknown>]));
  const requiredOthers = otherNames.filter((name) => spec.input[name]?.required === true);
  const picks = fc.tuple(...memberNames.map(() => fc.nat()));
  return fc.tuple(oneOfValues(named), picks, recordShrunkInTurn(others, requiredOthers)).map(([record, chosen, rest]) => {
    // In the spec's member order, as validInput builds inputs.
    const input: Record<string, unknown> = {};
    memberNames.forEach((name, index) => {
      const forms = record[name];
      if (forms !== undefined) input[name] = forms[(chosen[index] ?? 0) % forms.length];
      else if (name in rest) input[name] = rest[name];
    });
    return input;
  });
}
