// The TypeScript types of the shipped specs' valid inputs, so that a typed handler takes what `validInput` draws without
// a cast. test/spec/shipped-operation-inputs.test.ts checks each against its spec in specs/: the same members, every one
// a required string.
import type fc from 'fast-check';
import type { OperationSpec } from './spec-schema.ts';

/**
 * A valid DeleteMailboxPermissions input, as `validInput` draws it from the shipped spec.
 *
 * @example
 * const input: DeleteMailboxPermissionsInput = { OrganizationId: 'm-0123456789abcdef0123456789abcdef', EntityId: 'alice', GranteeId: 'bob' };
 */
export type DeleteMailboxPermissionsInput = { OrganizationId: string; EntityId: string; GranteeId: string };

/**
 * A valid DeletePersonalAccessToken input, as `validInput` draws it from the shipped spec.
 *
 * @example
 * const input: DeletePersonalAccessTokenInput = { OrganizationId: 'm-0123456789abcdef0123456789abcdef', PersonalAccessTokenId: 'b9a8c7d6-…' };
 */
export type DeletePersonalAccessTokenInput = { OrganizationId: string; PersonalAccessTokenId: string };

/**
 * The valid input of each shipped operation, by operation name.
 *
 * @example
 * type Input = ShippedOperationInputs['DeletePersonalAccessToken']; // DeletePersonalAccessTokenInput
 */
export type ShippedOperationInputs = {
  DeleteMailboxPermissions: DeleteMailboxPermissionsInput;
  DeletePersonalAccessToken: DeletePersonalAccessTokenInput;
};

/**
 * A shipped operation spec, as `loadOperationSpecs()` gives it: its `operation` is the literal name, which is what types
 * its valid inputs (a spec from a file of your own has `operation: string`, and inputs typed `Record<string, unknown>`).
 *
 * @example
 * const spec = findOperationSpec(loadOperationSpecs(), 'DeleteMailboxPermissions'); // ShippedOperationSpec<'DeleteMailboxPermissions'>
 */
export type ShippedOperationSpec<Name extends keyof ShippedOperationInputs = keyof ShippedOperationInputs> = Name extends unknown
  ? OperationSpec & { readonly operation: Name }
  : never;

/**
 * The type of a spec's valid inputs: a shipped operation's own input type where the spec's `operation` is its literal
 * name, otherwise `Record<string, unknown>`.
 *
 * @example
 * type Input = ValidInputOf<ShippedOperationSpec<'DeleteMailboxPermissions'>>; // DeleteMailboxPermissionsInput
 * type Other = ValidInputOf<OperationSpec>; // Record<string, unknown>
 */
export type ValidInputOf<Spec extends Pick<OperationSpec, 'operation'>> = Spec extends { readonly operation: infer Name }
  ? string extends Name
    ? Record<string, unknown>
    : Name extends keyof ShippedOperationInputs
      ? ShippedOperationInputs[Name]
      : Record<string, unknown>
  : never;

/**
 * Arbitraries to put into some members of an input in place of generated values (the option `memberValues` of
 * `validInput`, `invalidInput` and `generatedInput`), keyed by the members of the spec's input type: a shipped spec's
 * member names are checked by `tsc` too.
 *
 * @example
 * const values: MemberValues<DeletePersonalAccessTokenInput> = { OrganizationId: fc.constant('m-0123456789abcdef0123456789abcdef') };
 */
export type MemberValues<Input = Record<string, unknown>> = { readonly [Member in keyof Input]?: fc.Arbitrary<unknown> };

