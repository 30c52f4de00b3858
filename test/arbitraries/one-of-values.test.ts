import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { oneOfValues } from '../../src/arbitraries/one-of-values.ts';

describe('oneOfValues', () => {
  it('draws what fc.constantFrom draws, seed for seed, for the lists a fixture usually gives', () => {
    const values = Array.from({ length: 500 }, (_, index) => `user${index}`);
    for (const seed of [1, 2, 3]) expect(fc.sample(oneOfValues(values), { numRuns: 50, seed })).toEqual(fc.sample(fc.constantFrom(...values), { numRuns: 50, seed }));
  });

  it('draws from a list too long to spread into a call (a fixture of 300,000 users), and shrinks towards its first value (trialF #1)', () => {
    const values = Array.from({ length: 300_000 }, (_, index) => `user${index}`);
    expect(() => fc.constantFrom(...values)).toThrow(RangeError);

    const drawn = fc.sample(oneOfValues(values), { numRuns: 200, seed: 4 });
    expect(drawn.every((value) => values.includes(value))).toBe(true);
    expect(new Set(drawn).size).toBeGreaterThan(100);
    const failure = fc.check(fc.property(oneOfValues(values), (value) => value === 'user0'), { seed: 4 });
    expect(failure.counterexample).toEqual(['user1']);
  });
});
