import fc from 'fast-check';
import { describe, expect, expectTypeOf, it } from 'vitest';
import { invalidInput } from '../../src/arbitraries/invalid-input.ts';
import { validInput } from '../../src/arbitraries/valid-input.ts';
import { findOperationSpec, loadOperationSpec, loadOperationSpecs } from '../../src/spec/load-spec.ts';
import type { OperationSpec } from '../../src/spec/spec-schema.ts';
import type {
  DeleteMailboxPermissionsInput,
  DeletePersonalAccessTokenInput,
  ShippedOperationInputs,
  ShippedOperationSpec,
} from '../../src/spec/shipped-operation-inputs.ts';

// `tsc` (npm test's typecheck) holds this list to the input types: a member added to or dropped from a type without this
// list fails it; the test below holds the list to the shipped spec files.
const membersOf: { [Name in keyof ShippedOperationInputs]: Record<keyof ShippedOperationInputs[Name], true> } = {
  DeleteMailboxPermissions: { OrganizationId: true, EntityId: true, GranteeId: true },
  DeletePersonalAccessToken: { OrganizationId: true, PersonalAccessTokenId: true },
};

describe('the input types of the shipped specs', () => {
  it('name each shipped operation, and each of its members, every one a required string', () => {
    const specs = loadOperationSpecs();
    expect(specs.map((spec) => spec.operation)).toEqual(Object.keys(membersOf).sort());
    for (const spec of specs) {
      expect(Object.keys(spec.input).sort(), spec.operation).toEqual(Object.keys(membersOf[spec.operation]).sort());
      for (const [name, member] of Object.entries(spec.input)) expect({ name, required: member.required, type: member.type }).toEqual({ name, required: true, type: 'string' });
    }
  });

  it('type what validInput draws from a shipped spec found by its name', () => {
    const permissions = findOperationSpec(loadOperationSpecs(), 'DeleteMailboxPermissions');
    const tokens = findOperationSpec(loadOperationSpecs(), 'DeletePersonalAccessToken');
    expectTypeOf(permissions).toEqualTypeOf<ShippedOperationSpec<'DeleteMailboxPermissions'>>();
    expectTypeOf(validInput(permissions)).toEqualTypeOf<fc.Arbitrary<DeleteMailboxPermissionsInput>>();
    expectTypeOf(validInput(tokens)).toEqualTypeOf<fc.Arbitrary<DeletePersonalAccessTokenInput>>();
    // The values are what the types say: every member there, a string.
    for (const input of fc.sample(validInput(permissions), 50)) {
      const { OrganizationId, EntityId, GranteeId }: DeleteMailboxPermissionsInput = input;
      expect([OrganizationId, EntityId, GranteeId].map((value) => typeof value)).toEqual(['string', 'string', 'string']);
    }
  });

  it('take memberValues by the members of a shipped spec, and any record of arbitraries', () => {
    const tokens = findOperationSpec(loadOperationSpecs(), 'DeletePersonalAccessToken');
    const organizationId = 'm-0123456789abcdef0123456789abcdef';
    expect(fc.sample(validInput(tokens, { memberValues: { OrganizationId: fc.constant(organizationId) } }), 3).map((input) => input.OrganizationId)).toEqual([organizationId, organizationId, organizationId]);
    // @ts-expect-error -- no such member: tsc says so before the run-time error does
    expect(() => validInput(tokens, { memberValues: { OrganisationId: fc.constant(organizationId) } })).toThrow("memberValues names 'OrganisationId'");
    const byName: Record<string, fc.Arbitrary<string>> = { OrganizationId: fc.constant(organizationId) };
    expect(fc.sample(invalidInput(tokens, { memberValues: byName }), 20).filter(({ violation }) => violation.member !== 'OrganizationId').map(({ input }) => input.OrganizationId)).toContain(organizationId);
  });

  it('type the inputs of a spec named at run time as either operation\'s, and of a spec from a file as a plain record', () => {
    const named: string = 'DeletePersonalAccessToken';
    expectTypeOf(validInput(findOperationSpec(loadOperationSpecs(), named))).toEqualTypeOf<
      fc.Arbitrary<DeleteMailboxPermissionsInput | DeletePersonalAccessTokenInput>
    >();
    const fromFile = loadOperationSpec(new URL('../../specs/DeletePersonalAccessToken.json', import.meta.url).pathname);
    expectTypeOf(fromFile).toEqualTypeOf<OperationSpec>();
    expectTypeOf(validInput(fromFile)).toEqualTypeOf<fc.Arbitrary<Record<string, unknown>>>();
    expectTypeOf(validInput(findOperationSpec([fromFile], 'DeletePersonalAccessToken'))).toEqualTypeOf<fc.Arbitrary<Record<string, unknown>>>();
    expect(fc.sample(validInput(fromFile), 1)[0]).toHaveProperty('PersonalAccessTokenId');
  });
});
