import type fc from 'fast-check';
import type { OperationSpec } from '../../spec/spec-schema.ts';
import { memberValue } from '../member-value.ts';

/**
 * The arbitrary of each member's valid values, overrides first; throws when an override names no input member.
 *
 * @example
 * validMemberArbitraries(spec, {}, 'validInput').OrganizationId;
 */
export function validMemberArbitraries(
  spec: OperationSpec,
  memberValues: Readonly<Record<string, fc.Arbitrary<unknown>>> = {},
  caller: string,
): Record<string, fc.Arbitrary<unknown>> {
  for (const name of Object.keys(memberValues)) {
    if (spec.input[name] === undefined) {
      throw new Error(`${caller}: memberValues names '${name}', which is not an input member of ${spec.operation}`);
    }
  }
  return Object.fromEntries(
    Object.entries(spec.input).map(([name, member]) => [name, memberValues[name] ?? memberValue(member)]),
  );
}
