/**
 * What a CommonJS file (or ts-jest) that imports `workmail-conformance/vitest` sees: the entry is ES modules only, as
 * vitest 4 is, and the member's type says so where the compiler reports a use of it.
 *
 * @example
 * // In a CommonJS test, instead of describeConformance:
 * // const { runConformance, checkFailureMessage } = require('workmail-conformance');
 */
export declare const describeConformance: {
  readonly 'workmail-conformance/vitest is ES modules only, as vitest 4 is: under Jest or CommonJS use runConformance and checkFailureMessage from workmail-conformance': never;
};
