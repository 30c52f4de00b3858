import type { Fixture } from '../fixture/fixture-schema.ts';
import type { MemberSpec } from '../spec/spec-schema.ts';

/** A value a fixture makes meaningful for a member, with what it names. */
export interface FixtureValue {
  readonly value: string;
  readonly description: string;
}

function emailVariant(email: string): string {
  const upper = email.toUpperCase();
  return upper === email ? email.toLowerCase() : upper;
}

/**
 * The values of a fixture a member can name, by what the member refers to: organization IDs; entity IDs, names, emails (and an
 * email in other case); token IDs. Used to reach the fixture's state with valid inputs.
 *
 * @example
 * fixtureValues(spec.input.EntityId!, fixture).map((v) => v.value); // ['1f…', 'alice', 'alice@example.com', 'ALICE@EXAMPLE.COM', …]
 */
export function fixtureValues(member: MemberSpec, fixture: Fixture | undefined): FixtureValue[] {
  if (fixture === undefined) return [];
  const values: FixtureValue[] = [];
  for (const organization of fixture.organizations) {
    switch (member.refersTo) {
      case 'organization':
        values.push({ value: organization.id, description: `organization ${organization.id} (${organization.state})` });
        break;
      case 'entity':
        for (const entity of organization.entities) {
          const what = `${entity.type.toLowerCase()} ${entity.name} (${entity.state})`;
          values.push({ value: entity.id, description: `ID of ${what}` });
          values.push({ value: entity.name, description: `name of ${what}` });
          if (entity.email !== undefined) {
            values.push({ value: entity.email, description: `email of ${what}` });
            values.push({ value: emailVariant(entity.email), description: `email of ${what}, in other case` });
          }
        }
        break;
      case 'personalAccessToken':
        for (const token of organization.personalAccessTokens) values.push({ value: token.id, description: `token ${token.id}` });
        break;
      case 'mailboxPermission':
      case undefined:
        break;
    }
  }
  return values;
}
