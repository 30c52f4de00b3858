import fc from 'fast-check';

/** Above this many values, `fc.constantFrom(...values)` is not called: its arguments would overflow the call stack. */
const spreadLimit = 10_000;

/**
 * One of the values, shrinking towards the first: `fc.constantFrom` (so that seeds and paths draw what they always drew), or,
 * for more values than a call can take as arguments (a fixture of many thousands of entities), an index into them.
 *
 * @example
 * fc.sample(oneOfValues(['alice', 'bob']), 3); // e.g. ['bob', 'alice', 'alice']
 * fc.sample(oneOfValues(Array.from({ length: 300_000 }, (_, index) => `user${index}`)), 1); // e.g. ['user91422']
 */
export function oneOfValues<T>(values: readonly T[]): fc.Arbitrary<T> {
  if (values.length <= spreadLimit) return fc.constantFrom(...values);
  return fc.integer({ min: 0, max: values.length - 1 }).map((index) => values[index] as T);
}
