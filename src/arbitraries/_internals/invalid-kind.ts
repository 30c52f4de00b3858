import type fc from 'fast-check';

/** A member value that breaks the member: the key left out, or a value. */
export type BrokenValue = { readonly absent: true } | { readonly absent: false; readonly value: unknown };

/**
 * The families invalid kinds come in. The property phase draws a family first, then a kind of it, so that adding kinds to
 * one family does not thin out the others.
 */
export type InvalidFamily = 'absence' | 'type' | 'length' | 'foreign' | 'edge' | 'structure';

/** One deterministic broken value of a kind, for the coverage phase. */
export interface InvalidExample {
  readonly value: unknown;
  readonly absent?: true;
  readonly description: string;
}

/** One way of breaking a member, as a random arbitrary and as deterministic examples for coverage runs. */
export interface InvalidKind {
  readonly name: string;
  readonly family: InvalidFamily;
  /** How often the property phase draws this kind within its family, relative to the family's other kinds. */
  readonly weight: number;
  readonly arbitrary: fc.Arbitrary<BrokenValue>;
  /** At least one; those that turn out not to break the member are dropped, and a kind left with none is dropped. */
  readonly examples: readonly InvalidExample[];
}
