import type fc from 'fast-check';
import { checkOperationSpec } from '../../check-options.ts';
import { ConfigError } from '../../config-error.ts';
import type { OperationSpec } from '../../spec/spec-schema.ts';
import { memberValue } from '../member-value.ts';

/**
 * The arbitrary of each member's valid values, overrides first; throws a ConfigError for no spec, or an override that names
 * no input member.
 *
 * @example
 * validMemberArbitraries(spec, {}, 'validInput').OrganizationId;
 */
export function validMemberArbitraries(
  spec: OperationSpec,
  memberValues: Readonly<Record<string, fc.Arbitrary<unknown>>> = {},
  caller: string,
): Record<string, fc.Arbitrary<unknown>> {
  checkOperationSpec(caller, spec);
  for (const name of Object.keys(memberValues)) {
    if (spec.input[name] === undefined) {
      throw new ConfigError(`${caller}: memberValues names '${name}', which is not an input member of ${spec.operation}`);
    }
  }
  return Object.fromEntries(
    Object.entries(spec.input).map(([name, member]) => [name, memberValues[name] ?? memberValue(member)]),
  );
}
