import type { ConstraintKind } from '../spec/constraints.ts';

/** The label of an invalid input: the one member it breaks and every constraint the broken value violates. */
export interface Violation {
  readonly member: string;
  readonly constraints: readonly ConstraintKind[];
}

/** A generated input with its label: `violation` is `null` for a valid input. The line format of `sample`. */
export interface GeneratedInput {
  readonly operation: string;
  readonly input: Readonly<Record<string, unknown>>;
  readonly violation: Violation | null;
}
