import type fc from 'fast-check';
import { checkOperationSpec, describeValue, OptionChecker } from '../check-options.ts';
import { ConfigError } from '../config-error.ts';
import type { GeneratedInput } from './violation.ts';
import type { ConstraintSemantics } from '../spec/constraints.ts';
import type { OperationSpec } from '../spec/spec-schema.ts';
import type { MemberValues, ValidInputOf } from '../spec/shipped-operation-inputs.ts';
import { invalidInput } from './invalid-input.ts';
import { validInput } from './valid-input.ts';

/** Options of {@link generatedInput}. */
export interface GeneratedInputConstraints<Input = Record<string, unknown>> {
  /** `true` for inputs with exactly one member broken, `false` for valid inputs. */
  readonly invalid: boolean;
  /** Arbitraries that replace the generated values of the members that stay valid; they must be valid. */
  readonly memberValues?: MemberValues<Input> | undefined;
  readonly semantics?: ConstraintSemantics | undefined;
}

/**
 * Labelled inputs of an operation in the line format of `sample`: valid ones with `violation: null`, or invalid ones with their label.
 *
 * @example
 * fc.sample(generatedInput(spec, { invalid: true }), 1); // [{ operation: 'DeletePersonalAccessToken', input: {…}, violation: { member: …, constraints: […] } }]
 */
export function generatedInput<Spec extends OperationSpec>(spec: Spec, constraints: GeneratedInputConstraints<ValidInputOf<Spec>>): fc.Arbitrary<GeneratedInput> {
  checkOperationSpec('generatedInput', spec);
  OptionChecker.of('generatedInput', constraints).only(['invalid', 'memberValues', 'semantics']).object('memberValues').object('semantics');
  if (typeof constraints.invalid !== 'boolean') {
    throw new ConfigError(`generatedInput: invalid: expected true (inputs with one member broken) or false (valid inputs), got ${describeValue(constraints.invalid)}`);
  }
  const { operation } = spec;
  const shared = {
    ...(constraints.memberValues === undefined ? {} : { memberValues: constraints.memberValues }),
    ...(constraints.semantics === undefined ? {} : { semantics: constraints.semantics }),
  };
  if (constraints.invalid) {
    return invalidInput(spec, shared).map(({ input, violation }): GeneratedInput => ({ operation, input, violation }));
  }
  return validInput(spec, shared).map((input): GeneratedInput => ({ operation, input, violation: null }));
}
