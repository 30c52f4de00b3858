import fc from 'fast-check';
import type { OperationSpec } from '../spec/spec-schema.ts';
import type { MemberValues, ValidInputOf } from '../spec/shipped-operation-inputs.ts';
import { OptionChecker } from '../check-options.ts';
import { validMemberArbitraries } from './_internals/valid-member-arbitraries.ts';
import { recordShrunkInTurn } from './_internals/shrunk-in-turn.ts';

/** Options of {@link validInput}. */
export interface ValidInputConstraints<Input = Record<string, unknown>> {
  /**
   * Arbitraries that replace the generated values of some members (e.g. organization IDs from a fixture). Their values must be
   * valid: each drawn is checked, and one that breaks a constraint throws a ConfigError naming the member and the value.
   */
  readonly memberValues?: MemberValues<Input> | undefined;
}

/**
 * Inputs of an operation whose every member is valid; optional members are sometimes left out. A shipped spec's inputs
 * have its operation's own type (`DeleteMailboxPermissionsInput`, `DeletePersonalAccessTokenInput`), any other spec's
 * `Record<string, unknown>`.
 *
 * @example
 * const spec = findOperationSpec(loadOperationSpecs(), 'DeletePersonalAccessToken');
 * fc.sample(validInput(spec, { memberValues: { OrganizationId: fc.constant('m-0123456789abcdef0123456789abcdef') } }), 1)[0]?.PersonalAccessTokenId; // a string
 */
export function validInput<Spec extends OperationSpec>(spec: Spec, constraints: ValidInputConstraints<ValidInputOf<Spec>> = {}): fc.Arbitrary<ValidInputOf<Spec>> {
  OptionChecker.of('validInput', constraints).only(['memberValues']).object('memberValues');
  const model = validMemberArbitraries(spec, constraints.memberValues as MemberValues | undefined, 'validInput');
  const requiredKeys = Object.entries(spec.input)
    .filter(([, member]) => member.required)
    .map(([name]) => name);
  // Plain objects, as fc.record's with noNullPrototype (a record without a prototype may trip a user's validator); each member
  // gets its first shrink in turn, so that a long shrink of one leaves the others their largest step.
  return recordShrunkInTurn(model, requiredKeys) as fc.Arbitrary<ValidInputOf<Spec>>;
}
