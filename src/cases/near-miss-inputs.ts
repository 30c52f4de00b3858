import type { Fixture, Organization } from '../fixture/fixture-schema.ts';
import { violatedConstraints, type ConstraintSemantics } from '../spec/constraints.ts';
import type { OperationSpec } from '../spec/spec-schema.ts';
import { organizationResources } from './fixture-values.ts';

/** A value that is almost one a fixture holds, and how it differs. */
interface NearMiss {
  readonly value: string;
  /** `one character changed`, `a prefix`, `one character more`, `another domain`. */
  readonly kind: string;
}

/**
 * Another character of the same kind (digit, or letter of the same case), never the same one in another letter case, and a
 * hexadecimal digit for a hexadecimal digit (a UUID stays a UUID).
 */
function otherCharacter(character: string): string {
  if (/[0-8]/.test(character)) return String.fromCharCode(character.charCodeAt(0) + 1);
  if (character === '9') return '8';
  if (/[b-z]/i.test(character)) return String.fromCharCode(character.charCodeAt(0) - 1);
  if (/a/i.test(character)) return String.fromCharCode(character.charCodeAt(0) + 1);
  return 'x';
}

/**
 * Values a lookup that is too tolerant (a prefix, a substring, an address by its local part, the first characters of an ID)
 * takes for `value`: the last character changed, the first half, one character more, and an address at another domain.
 */
function nearMisses(value: string): NearMiss[] {
  // A prefix first: a compact coverage phase sends the first near miss of each member, and `startsWith` is the commonest.
  const misses: NearMiss[] = [
    { value: value.slice(0, Math.max(1, Math.floor(value.length / 2))), kind: 'a prefix' },
    { value: `${value}0`, kind: 'one character more' },
    { value: value.slice(0, -1) + otherCharacter(value.slice(-1)), kind: 'one character changed' },
  ];
  const at = value.lastIndexOf('@');
  if (at > 0) misses.push({ value: `${value.slice(0, at)}@other-${value.slice(at + 1)}`, kind: 'another domain' });
  return misses;
}

/**
 * Values a target that trims its input before it validates takes for `value`: a space after it, a line break before it.
 * Each breaks an anchored pattern that admits no whitespace (and a fixed length), so the answer is a validation error and
 * nothing is deleted.
 */
function paddedMisses(value: string): NearMiss[] {
  return [
    { value: `${value} `, kind: 'a space after' },
    { value: `\n${value}`, kind: 'a line break before' },
  ];
}

/** Every value in a fixture that names something, in lower case: a near miss must name nothing, in any letter case. */
function namingValues(fixture: Fixture, spec: OperationSpec): Set<string> {
  const values = new Set<string>();
  for (const organization of fixture.organizations) {
    values.add(organization.id.toLowerCase());
    for (const entity of organization.entities) for (const name of [entity.id, entity.name, entity.email]) if (name !== undefined) values.add(name.toLowerCase());
    for (const record of organizationResources(organization, spec.effect.resource)) for (const key of Object.values(record)) if (typeof key === 'string') values.add(key.toLowerCase());
  }
  return values;
}

/**
 * Near misses: the input that names an existing record of the good organization, with one member changed to a value that is
 * almost the one it held (see {@link nearMisses}) and names nothing in the fixture, in any letter case. The answer is that
 * of an unknown organization or entity, or of an absent record, and the record must stay: a target whose lookup takes a
 * prefix, a substring or an address's local part deletes it. Each member of the record's keys is varied in every form
 * that names its entity (ID, name, email), and the organization's ID by one character. Each key, and the organization's
 * ID, is also sent with whitespace around it (`"jsmith "`): invalid, so the answer is a validation error, and a target that
 * trims its input before validating deletes the record.
 *
 * @example
 * const organization = demoFixture.organizations[0];
 * nearMissInputs(spec, demoFixture, organization, base, defaultSemantics).map((near) => near.description);
 * // ['near miss: EntityId "3f2a9c1e-7b4d-4e8a" (a prefix of id 3f2a9c1e-…), the rest naming an existing mailboxPermission', …]
 */
export function nearMissInputs(
  spec: OperationSpec,
  fixture: Fixture | undefined,
  organization: Organization | undefined,
  base: Readonly<Record<string, unknown>>,
  semantics: ConstraintSemantics,
): { input: Record<string, unknown>; description: string; situation: string; nearMissOf: string }[] {
  if (fixture === undefined || organization === undefined) return [];
  const record = organizationResources(organization, spec.effect.resource)[0];
  if (record === undefined) return [];
  const existing: Record<string, unknown> = { ...base };
  for (const [field, member] of Object.entries(spec.effect.keys)) existing[member] = record[field];
  const taken = namingValues(fixture, spec);
  const nearMissOf = `${spec.effect.resource} ${Object.keys(spec.effect.keys).map((field) => `${field}=${String(record[field])}`).join(' ')} in ${organization.id}`;
  const inputs: { input: Record<string, unknown>; description: string; situation: string; nearMissOf: string }[] = [];
  // A padded value must break the member's pattern (and its length where that is fixed) and nothing else: then only a target
  // that trims first deletes the record.
  const add = (member: string, named: string, miss: NearMiss, padded = false) => {
    const memberSpec = spec.input[member];
    if (memberSpec === undefined || taken.has(miss.value.toLowerCase())) return;
    const broken = violatedConstraints(memberSpec, miss.value, semantics);
    if (padded ? !broken.includes('pattern') || broken.some((kind) => kind !== 'pattern' && kind !== 'length') : broken.length > 0) return;
    inputs.push({
      input: { ...existing, [member]: miss.value },
      description: padded
        ? `near miss: ${member} ${JSON.stringify(miss.value)} (${named} with ${miss.kind}, which breaks its ${broken.join(' and ')}), the rest naming an existing ${spec.effect.resource}`
        : `near miss: ${member} ${JSON.stringify(miss.value)} (${miss.kind} of ${named}), the rest naming an existing ${spec.effect.resource}`,
      situation: padded ? `${member}|padded` : member,
      nearMissOf,
    });
  };
  for (const [member, memberSpec] of Object.entries(spec.input)) {
    if (memberSpec.refersTo === 'organization') {
      // Only one character changed keeps an organization ID's fixed length and pattern.
      for (const miss of nearMisses(organization.id)) if (miss.kind === 'one character changed') add(member, `organization ${organization.id}`, miss);
      for (const miss of paddedMisses(organization.id)) add(member, `organization ${organization.id}`, miss, true);
      continue;
    }
    const value = existing[member];
    if (typeof value !== 'string' || !Object.values(spec.effect.keys).includes(member)) continue;
    const entity = memberSpec.refersTo === 'entity' ? organization.entities.find((candidate) => candidate.id === value) : undefined;
    const forms = entity === undefined ? [['', value] as const] : (['id', 'name', 'email'] as const).flatMap((form) => (entity[form] === undefined ? [] : [[`${form} `, entity[form]] as const]));
    for (const [form, named] of forms) for (const miss of nearMisses(named)) add(member, `${form}${named}`, miss);
    for (const [form, named] of forms) for (const miss of paddedMisses(named)) add(member, `${form}${named}`, miss, true);
  }
  // The ID of the entity a record belongs to, where the record itself is named (a token by its user's ID): it names no record
  // of the kind, and a target that looks one up by its own ID or its owner's deletes every record of that owner.
  const ownKeys = new Set(organizationResources(organization, spec.effect.resource).flatMap((other) => Object.keys(spec.effect.keys).map((field) => String(other[field]).toLowerCase())));
  for (const [field, member] of Object.entries(spec.effect.keys)) {
    const memberSpec = spec.input[member];
    if (memberSpec === undefined || memberSpec.refersTo === 'entity' || memberSpec.refersTo === 'organization') continue;
    for (const [ownerField, owner] of Object.entries(record)) {
      const entity = organization.entities.find((candidate) => candidate.id === owner);
      if (ownerField === field || entity === undefined || ownKeys.has(entity.id.toLowerCase()) || violatedConstraints(memberSpec, entity.id, semantics).length > 0) continue;
      inputs.push({
        input: { ...existing, [member]: entity.id },
        description: `near miss: ${member} ${JSON.stringify(entity.id)} (the ID of its ${ownerField === 'userId' ? 'user' : ownerField}, ${entity.name}), the rest naming an existing ${spec.effect.resource}`,
        situation: member,
        nearMissOf,
      });
    }
  }
  return inputs;
}
