import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { stringNotMatching } from '../../src/arbitraries/index.ts';

const patterns = ['^m-[0-9a-f]{32}$', '[a-zA-Z0-9_-]+', '[a-zA-Z0-9._%+@-]+', '^S-1-[0-9]{1,2}-[0-9]{1,10}$', '(ab|cd)+'];
const full = (pattern: string) => new RegExp(`^(?:${pattern})$`, 'u');

describe('stringNotMatching', () => {
  it.each(patterns)('never produces a whole-value match of %s, within the length bounds', (pattern) => {
    fc.assert(
      fc.property(stringNotMatching(pattern, { minLength: 1, maxLength: 40 }), (value) => {
        expect(full(pattern).test(value)).toBe(false);
        const length = Array.from(value).length;
        expect(length).toBeGreaterThanOrEqual(1);
        expect(length).toBeLessThanOrEqual(40);
      }),
      { numRuns: 500 },
    );
  });

  it.each(patterns.slice(0, 4))('in search matching, never produces a string that contains a match of %s', (pattern) => {
    fc.assert(
      fc.property(stringNotMatching(pattern, { semantics: { patternMatching: 'search' } }), (value) => {
        expect(new RegExp(pattern, 'u').test(value)).toBe(false);
      }),
      { numRuns: 300 },
    );
  });

  it('produces 34-character strings that are not organization IDs when asked for exactly 34', () => {
    const values = fc.sample(stringNotMatching('^m-[0-9a-f]{32}$', { minLength: 34, maxLength: 34 }), { seed: 9, numRuns: 200 });
    expect(values.every((value) => Array.from(value).length === 34 && !full('^m-[0-9a-f]{32}$').test(value))).toBe(true);
    expect(values.some((value) => value.startsWith('m-'))).toBe(true);
  });

  it('rejects impossible options with a message naming the function', () => {
    expect(() => stringNotMatching('[a-z]+', { minLength: 5, maxLength: 2 })).toThrow(/^stringNotMatching:/);
    expect(() => stringNotMatching('[a-z]*', { semantics: { patternMatching: 'search' } })).toThrow(/^stringNotMatching:/);
  });
});
