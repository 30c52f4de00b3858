import type fc from 'fast-check';
import { checkOperationSpec, describeValue } from '../../check-options.ts';
import { ConfigError } from '../../config-error.ts';
import { defaultSemantics, violatedConstraints, type ConstraintSemantics } from '../../spec/constraints.ts';
import type { OperationSpec } from '../../spec/spec-schema.ts';
import type { MemberValues } from '../../spec/shipped-operation-inputs.ts';
import { memberValueOf } from '../member-value.ts';

/** Overrides the kit built itself from valid values (a fixture's): drawn as they are, without a check on every draw. */
const checkedOverrides = new WeakSet<fc.Arbitrary<unknown>>();

/**
 * Marks an override as the kit's own, built only of values it checked, so that its draws are not checked again.
 *
 * @example
 * const overrides = { OrganizationId: trustedMemberValues(fc.constantFrom(...validIds)) };
 */
export function trustedMemberValues<T>(arbitrary: fc.Arbitrary<T>): fc.Arbitrary<T> {
  checkedOverrides.add(arbitrary);
  return arbitrary;
}

function isArbitrary(value: unknown): value is fc.Arbitrary<unknown> {
  // Duck-typed: the caller's fast-check may be another copy than the kit's, so instanceof would refuse its arbitraries.
  const candidate = value as { generate?: unknown; shrink?: unknown } | null;
  return typeof candidate === 'object' && candidate !== null && typeof candidate.generate === 'function' && typeof candidate.shrink === 'function';
}

/**
 * The arbitrary of each member's valid values, overrides first; throws a ConfigError for no spec, or an override that names
 * no input member or is no arbitrary. A caller's override is checked on every draw: a value that breaks the member's
 * constraints throws a ConfigError naming it, since the labels (valid, or which one member is broken) would be false.
 *
 * @example
 * validMemberArbitraries(spec, {}, 'validInput').OrganizationId;
 */
export function validMemberArbitraries(
  spec: OperationSpec,
  memberValues: MemberValues = {},
  caller: string,
  semantics: ConstraintSemantics = defaultSemantics,
): Record<string, fc.Arbitrary<unknown>> {
  checkOperationSpec(caller, spec);
  if (typeof memberValues !== 'object' || memberValues === null || Array.isArray(memberValues)) {
    throw new ConfigError(`${caller}: memberValues: expected an object of fast-check arbitraries by member name, got ${describeValue(memberValues)}`);
  }
  for (const [name, override] of Object.entries(memberValues)) {
    if (spec.input[name] === undefined) {
      throw new ConfigError(`${caller}: memberValues names '${name}', which is not an input member of ${spec.operation}`);
    }
    if (!isArbitrary(override)) {
      throw new ConfigError(`${caller}: memberValues.${name}: expected a fast-check arbitrary, such as fc.constantFrom(…) of valid values, got ${describeValue(override)}`);
    }
  }
  return Object.fromEntries(
    Object.entries(spec.input).map(([name, member]) => {
      const override = memberValues[name];
      if (override === undefined) return [name, memberValueOf(spec, name, caller)];
      if (checkedOverrides.has(override)) return [name, override];
      return [
        name,
        override.map((value) => {
          const broken = violatedConstraints(member, value, semantics);
          if (broken.length > 0) throw new ConfigError(`${caller}: memberValues.${name}: gave ${describeValue(value)}, which breaks ${broken.join(' and ')}: its values must be valid`);
          return value;
        }),
      ];
    }),
  );
}
