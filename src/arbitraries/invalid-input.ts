import { OptionChecker } from '../check-options.ts';
import fc from 'fast-check';
import { ConfigError } from '../config-error.ts';
import type { Violation } from './violation.ts';
import { defaultSemantics, violatedConstraints, type ConstraintSemantics } from '../spec/constraints.ts';
import type { OperationSpec } from '../spec/spec-schema.ts';
import type { MemberValues, ValidInputOf } from '../spec/shipped-operation-inputs.ts';
import { brokenValue, invalidKinds, type BrokenValue } from './_internals/invalid-kinds.ts';
import { validMemberArbitraries } from './_internals/valid-member-arbitraries.ts';
import { recordShrunkInTurn, tupleShrunkInTurn } from './_internals/shrunk-in-turn.ts';
import { memberValueOf } from './member-value.ts';
import { validCoverageValues } from './valid-coverage-values.ts';

/** Options of {@link invalidInput}. */
export interface InvalidInputConstraints<Input = Record<string, unknown>> {
  /** Arbitraries that replace the generated values of the members that stay valid; they must be valid. */
  readonly memberValues?: MemberValues<Input> | undefined;
  /** How patterns are applied; in `search` mode pattern violations are made of foreign characters only. Default: whole-value. */
  readonly semantics?: ConstraintSemantics | undefined;
}

/** An invalid input and its label. */
export interface InvalidInput {
  readonly input: Record<string, unknown>;
  readonly violation: Violation;
}

/**
 * Inputs with exactly one member broken and every other member valid, labelled with every constraint the broken value violates
 * (computed by `violatedConstraints`, so true by construction and after shrinking). The broken value comes from one of six
 * families, equally likely: absent (missing, null), a wrong JSON type, a wrong length, foreign characters spliced in, a
 * character at an edge of a valid value (leading or trailing whitespace or NUL, a final "\n", also at full length), and a
 * structure break of allowed characters (a literal such as `m-` dropped, moved or repeated, characters in the wrong order,
 * lengths the pattern forbids). The last two need whole-value matching and a pattern, and structure breaks a pattern with
 * structure.
 *
 * @example
 * fc.sample(invalidInput(spec), 1); // [{ input: { OrganizationId: 'm-0a5…', PersonalAccessTokenId: 'ab!' }, violation: { member: 'PersonalAccessTokenId', constraints: ['pattern'] } }]
 */
export function invalidInput<Spec extends OperationSpec>(spec: Spec, constraints: InvalidInputConstraints<ValidInputOf<Spec>> = {}): fc.Arbitrary<InvalidInput> {
  OptionChecker.of('invalidInput', constraints).only(['memberValues', 'semantics']).object('semantics');
  const semantics = constraints.semantics ?? defaultSemantics;
  const valid = validMemberArbitraries(spec, constraints.memberValues as MemberValues | undefined, 'invalidInput', semantics);
  const names = Object.keys(spec.input);
  const perMember: fc.Arbitrary<InvalidInput>[] = [];
  for (const [name, member] of Object.entries(spec.input)) {
    const values = memberValueOf(spec, name, 'invalidInput');
    const example = validCoverageValues(member)[0]?.value ?? '';
    const kinds = invalidKinds(member, semantics, values, example, 'invalidInput');
    if (kinds.length === 0) continue;
    const others = Object.fromEntries(Object.entries(valid).filter(([other]) => other !== name));
    const assemble = ([values, broken]: [Record<string, unknown>, BrokenValue]): InvalidInput => {
      const input: Record<string, unknown> = {};
      for (const key of names) {
        if (key !== name) input[key] = values[key];
        else if (!broken.absent) input[key] = broken.value;
      }
      const value = broken.absent ? undefined : broken.value;
      return { input, violation: { member: name, constraints: violatedConstraints(member, value, semantics) } };
    };
    perMember.push(tupleShrunkInTurn<[Record<string, unknown>, BrokenValue]>([recordShrunkInTurn(others), brokenValue(kinds)]).map(assemble));
  }
  if (perMember.length === 0) throw new ConfigError(`invalidInput: no member of ${spec.operation} can be broken`);
  return fc.oneof(...perMember);
}
