import type { Fixture, Organization } from '../fixture/fixture-schema.ts';
import { WorkMailState } from '../fixture/workmail-state.ts';
import { getOrInsertComputed } from '../get-or-insert-computed.ts';
import type { MemberSpec, OperationSpec, ReferentKind } from '../spec/spec-schema.ts';

/** A value a fixture makes meaningful for a member, with what it names. */
export interface FixtureValue {
  readonly value: string;
  readonly description: string;
  /**
   * What the value names, as far as the state rules can tell it apart (kind, type and state, and how it is named), so that a
   * compact coverage phase sends one value per situation without asking the oracle.
   */
  readonly situation: string;
}

/** The value in other letter case: in upper case, or in lower case where it is all upper case already. */
function inOtherCase(value: string): string {
  const upper = value.toUpperCase();
  return upper === value ? value.toLowerCase() : upper;
}

/**
 * The address with only its domain in other case (`alice@EXAMPLE.COM`), where that differs from the address and from
 * {@link inOtherCase}'s: a server may ignore the case of domains only, as mail does (RFC 5321), and only this tells it apart.
 */
function emailDomainVariant(email: string): string | undefined {
  const at = email.lastIndexOf('@');
  if (at < 0) return undefined;
  const variant = email.slice(0, at + 1) + inOtherCase(email.slice(at + 1));
  return variant === email || variant === inOtherCase(email) ? undefined : variant;
}

/** A state per organization object of a fixture, only ever read: copying the fixture once, not on every listing. */
const statesByOrganization = new WeakMap<Organization, WorkMailState>();

const stateOf = (organization: Organization): WorkMailState => WorkMailState.fromFixture({ organizations: [organization] });

/**
 * The records of a kind that an organization of a fixture holds (what `WorkMailState.listResources` reads), through a state
 * made once per organization object and never changed. The organization must not be changed after the first call.
 *
 * @example
 * organizationResources(fixture.organizations[0]!, 'personalAccessToken').map((record) => record.id); // ['a1b2…', …]
 */
export function organizationResources(organization: Organization, kind: ReferentKind): readonly Readonly<Record<string, unknown>>[] {
  return getOrInsertComputed(statesByOrganization, organization, stateOf).listResources(kind, organization.id);
}

/** The field of the spec's resource records that a member keys (by `effect.keys`), else `id`. */
function keyField(member: MemberSpec, spec: Pick<OperationSpec, 'input' | 'effect'> | undefined): string {
  const entry = Object.entries(spec?.effect.keys ?? {}).find(([, name]) => spec?.input[name] === member);
  return entry?.[0] ?? 'id';
}

/**
 * The values of a fixture a member can name, by what the member refers to: organization IDs; entity IDs, names, emails (each
 * also in other case); the key values of the records of a resource kind (the field the spec's `effect.keys` gives the
 * member), each also in other case.
 * Used to reach the fixture's state with valid inputs.
 *
 * @example
 * fixtureValues(spec.input.EntityId!, fixture, spec).map((v) => v.value); // ['1f…', 'alice', 'alice@example.com', 'ALICE@EXAMPLE.COM', …]
 */
export function fixtureValues(member: MemberSpec, fixture: Fixture | undefined, spec?: Pick<OperationSpec, 'input' | 'effect'>): FixtureValue[] {
  if (fixture === undefined) return [];
  const values: FixtureValue[] = [];
  const field = keyField(member, spec);
  for (const organization of fixture.organizations) {
    switch (member.refersTo) {
      case 'organization':
        values.push({ value: organization.id, description: `organization ${organization.id} (${organization.state})`, situation: `organization ${organization.state}` });
        break;
      case 'entity':
        for (const entity of organization.entities) {
          const what = `${entity.type.toLowerCase()} ${entity.name} (${entity.state})`;
          const situation = (form: string) => `entity ${organization.state} ${entity.state} by ${form}`;
          values.push({ value: entity.id, description: `ID of ${what}`, situation: situation('ID') });
          values.push({ value: entity.name, description: `name of ${what}`, situation: situation('name') });
          // Letter case of lookups is an open point of the documentation: each form is also sent in other case.
          for (const [form, value] of [['ID', entity.id], ['name', entity.name]] as const) {
            const variant = inOtherCase(value);
            if (variant !== value) values.push({ value: variant, description: `${form} of ${what}, in other case`, situation: situation(`${form} in other case`) });
          }
          if (entity.email !== undefined) {
            values.push({ value: entity.email, description: `email of ${what}`, situation: situation('email') });
            values.push({ value: inOtherCase(entity.email), description: `email of ${what}, in other case`, situation: situation('email in other case') });
            const domainVariant = emailDomainVariant(entity.email);
            if (domainVariant !== undefined) values.push({ value: domainVariant, description: `email of ${what}, its domain in other case`, situation: situation('email with its domain in other case') });
          }
        }
        break;
      case undefined:
        break;
      default:
        for (const record of organizationResources(organization, member.refersTo)) {
          const value = record[field];
          if (typeof value !== 'string') continue;
          // Whether a record's key is found in another letter case is an open point too (token-id-case): sent first, while
          // the record is there, since the value as stored deletes it.
          const variant = inOtherCase(value);
          if (variant !== value) values.push({ value: variant, description: `${member.refersTo} ${value}, its ID in other case`, situation: `${member.refersTo} ${organization.state} existing, in other case` });
          values.push({ value, description: `${member.refersTo} ${value}`, situation: `${member.refersTo} ${organization.state} existing` });
        }
    }
  }
  return values;
}
