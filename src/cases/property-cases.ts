import { trustedMemberValues, validMemberArbitraries } from '../arbitraries/_internals/valid-member-arbitraries.ts';
import fc from 'fast-check';
import { checkOperationSpec, checkParsedFixture, describeValue, OptionChecker } from '../check-options.ts';
import { ConfigError } from '../config-error.ts';
import { invalidInput, memberValue, validInput } from '../arbitraries/index.ts';
import type { Fixture } from '../fixture/fixture-schema.ts';
import { defaultSemantics, violatedConstraints, type ConstraintSemantics } from '../spec/constraints.ts';
import type { OperationSpec } from '../spec/spec-schema.ts';
import type { Case } from './case.ts';
import { existingRecordInputs } from './existing-record-inputs.ts';
import { fixtureValues } from './fixture-values.ts';
import { oneOfValues } from '../arbitraries/one-of-values.ts';
import { checkFixtureReachable } from '../fixture/unreachable-organizations.ts';

/** The two properties of each operation: valid inputs, and inputs with exactly one member broken. */
export type PropertyKind = 'valid' | 'invalid';

/** Options of {@link propertyCaseArbitrary}. */
export interface PropertyCaseOptions {
  readonly fixture: Fixture | undefined;
  readonly semantics?: ConstraintSemantics | undefined;
}

/** The IDs of the fixture's organizations in a state in which the operation proceeds. */
function goodOrganizationIds(spec: OperationSpec, fixture: Fixture | undefined): string[] {
  const goodStates = spec.referents.organization?.goodStates ?? [];
  return (fixture?.organizations ?? []).filter((organization) => goodStates.includes(organization.state)).map((organization) => organization.id);
}

/**
 * Per member, an arbitrary mixing the fixture's valid values (to reach its state) with generated ones. Next to a broken member,
 * an organization member mostly names an organization in a good state: a target that wrongly accepts the broken value then
 * answers with a success, the plainest evidence, rather than with a state error.
 */
function fixtureAwareMemberValues(spec: OperationSpec, kind: PropertyKind, options: PropertyCaseOptions): Record<string, fc.Arbitrary<unknown>> {
  const semantics = options.semantics ?? defaultSemantics;
  const overrides: Record<string, fc.Arbitrary<unknown>> = {};
  for (const [name, member] of Object.entries(spec.input)) {
    const valid = (value: string) => violatedConstraints(member, value, semantics).length === 0;
    const known = fixtureValues(member, options.fixture, spec)
      .map((entry) => entry.value)
      .filter(valid);
    if (known.length === 0) continue;
    const good = kind === 'invalid' && member.refersTo === 'organization' ? goodOrganizationIds(spec, options.fixture).filter(valid) : [];
    overrides[name] = trustedMemberValues(fc.oneof(
      ...(good.length === 0 ? [] : [{ arbitrary: oneOfValues(good), weight: 6 }]),
      { arbitrary: oneOfValues(known), weight: 3 },
      { arbitrary: memberValue(member), weight: 1 },
    ));
  }
  return overrides;
}

/**
 * The cases of one property of an operation, as a fast-check arbitrary: valid inputs that mix the fixture's organizations,
 * entities and tokens with generated values (one in four names a record the fixture holds, of the kind the operation deletes,
 * so that real deletes come up), or invalid inputs labelled with the one member they break.
 *
 * @example
 * fc.sample(propertyCaseArbitrary(spec, 'invalid', { fixture }), 3).map((c) => c.violation);
 */
export function propertyCaseArbitrary(spec: OperationSpec, kind: PropertyKind, options: PropertyCaseOptions): fc.Arbitrary<Case> {
  return checkedPropertyCases(spec, kind, options, true);
}

/**
 * {@link propertyCaseArbitrary} for a run of several operations, which refuses a fixture organization only where none of
 * them can name it (`runConformance`): one operation may name an organization another cannot, and the run goes on.
 *
 * @example
 * const arbitrary = propertyCasesOfRun(spec, 'valid', { fixture });
 */
export function propertyCasesOfRun(spec: OperationSpec, kind: PropertyKind, options: PropertyCaseOptions): fc.Arbitrary<Case> {
  return checkedPropertyCases(spec, kind, options, false);
}

function checkedPropertyCases(spec: OperationSpec, kind: PropertyKind, options: PropertyCaseOptions, everyOrganizationNamed: boolean): fc.Arbitrary<Case> {
  checkOperationSpec('propertyCaseArbitrary', spec);
  if (kind !== 'valid' && kind !== 'invalid') throw new ConfigError(`propertyCaseArbitrary: kind: expected 'valid' or 'invalid', got ${describeValue(kind)}`);
  OptionChecker.of('propertyCaseArbitrary', options).only(['fixture', 'semantics']).object('fixture').object('semantics');
  checkParsedFixture('propertyCaseArbitrary', options.fixture);
  if (everyOrganizationNamed) checkFixtureReachable('propertyCaseArbitrary', options.fixture, spec, options.semantics ?? defaultSemantics);
  const memberValues = fixtureAwareMemberValues(spec, kind, options);
  if (kind === 'valid') {
    const validCase = (description: string) => (input: Record<string, unknown>): Case => ({ operation: spec.operation, phase: 'property', description, body: { kind: 'input', input }, violation: null });
    const generated = validInput(spec, { memberValues }).map(validCase('generated valid input'));
    const semantics = options.semantics ?? defaultSemantics;
    const existing = existingRecordInputs(spec, options.fixture, validMemberArbitraries(spec, memberValues, 'propertyCaseArbitrary', semantics), semantics);
    if (existing === undefined) return generated;
    // One case in four names a record the fixture holds, so that a property reaches real deletes (its members drawn one by one
    // seldom name a record together). Such a case shrinks towards the fixture's first record, named by its own key values.
    return fc.oneof({ arbitrary: generated, weight: 3 }, { arbitrary: existing.map(validCase(`valid input naming a ${spec.effect.resource} the fixture held at the start (an earlier case may have deleted it since)`)), weight: 1 });
  }
  return invalidInput(spec, { memberValues, semantics: options.semantics ?? defaultSemantics }).map(
    ({ input, violation }): Case => ({
      operation: spec.operation,
      phase: 'property',
      description: `generated input with ${violation.member} breaking ${violation.constraints.join(', ')}`,
      body: { kind: 'input', input },
      violation,
    }),
  );
}
