import fc from 'fast-check';
import type { Violation } from '../cases/violation.ts';
import { defaultSemantics, violatedConstraints, type ConstraintSemantics } from '../spec/constraints.ts';
import type { OperationSpec } from '../spec/spec-schema.ts';
import { invalidKinds, type BrokenValue } from './_internals/invalid-kinds.ts';
import { validMemberArbitraries } from './_internals/valid-member-arbitraries.ts';
import { memberValue } from './member-value.ts';
import { validCoverageValues } from './valid-coverage-values.ts';

/** Options of {@link invalidInput}. */
export interface InvalidInputConstraints {
  /** Arbitraries that replace the generated values of the members that stay valid; they must be valid. */
  readonly memberValues?: Readonly<Record<string, fc.Arbitrary<unknown>>>;
  /** How patterns are applied; in `search` mode pattern violations are made of foreign characters only. Default: whole-value. */
  readonly semantics?: ConstraintSemantics;
}

/** An invalid input and its label. */
export interface InvalidInput {
  readonly input: Record<string, unknown>;
  readonly violation: Violation;
}

/**
 * Inputs with exactly one member broken (missing, null, wrong JSON type, wrong length, foreign characters) and every other member valid,
 * labelled with every constraint the broken value violates (computed by `violatedConstraints`, so true by construction and after shrinking).
 *
 * @example
 * fc.sample(invalidInput(spec), 1); // [{ input: { OrganizationId: 'm-0a5…', PersonalAccessTokenId: 'ab!' }, violation: { member: 'PersonalAccessTokenId', constraints: ['pattern'] } }]
 */
export function invalidInput(spec: OperationSpec, constraints: InvalidInputConstraints = {}): fc.Arbitrary<InvalidInput> {
  const semantics = constraints.semantics ?? defaultSemantics;
  const valid = validMemberArbitraries(spec, constraints.memberValues, 'invalidInput');
  const names = Object.keys(spec.input);
  const perMember: fc.Arbitrary<InvalidInput>[] = [];
  for (const [name, member] of Object.entries(spec.input)) {
    const example = validCoverageValues(member)[0]?.value ?? '';
    const kinds = invalidKinds(member, semantics, memberValue(member), example, 'invalidInput');
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
    perMember.push(fc.tuple(fc.record(others), fc.oneof(...kinds.map((kind) => kind.arbitrary))).map(assemble));
  }
  if (perMember.length === 0) throw new Error(`invalidInput: no member of ${spec.operation} can be broken`);
  return fc.oneof(...perMember);
}
