import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { generatedInput, invalidInput, memberValue, validInput } from '../../src/arbitraries/index.ts';
import { loadOperationSpec } from '../../src/spec/load-spec.ts';
import { allowedByPattern, independentValidate, independentViolations, operations, rawSpec, repoRoot } from './independent-oracle.ts';

const specOf = (operation: string) => loadOperationSpec(`${repoRoot}/specs/${operation}.json`);

describe.each(operations)('generated inputs of %s', (operation) => {
  const spec = specOf(operation);
  const raw = rawSpec(operation);

  it('valid inputs pass an independent validator and hold only spec members', () => {
    fc.assert(
      fc.property(validInput(spec), (input) => {
        expect(independentValidate(raw, input)).toEqual([]);
        expect(Object.keys(input).every((key) => key in raw.input)).toBe(true);
      }),
      { numRuns: 2000 },
    );
  });

  it('each member value is valid on its own', () => {
    for (const [name, member] of Object.entries(spec.input)) {
      fc.assert(
        fc.property(memberValue(member), (value) => {
          expect(independentViolations(raw.input[name]!, value)).toEqual([]);
        }),
        { numRuns: 500 },
      );
    }
  });

  it('invalid inputs fail the independent validator on exactly the labelled member and constraints', () => {
    fc.assert(
      fc.property(invalidInput(spec), ({ input, violation }) => {
        expect(independentValidate(raw, input)).toEqual([{ member: violation.member, constraints: [...violation.constraints] }]);
      }),
      { numRuns: 4000 },
    );
  });

  it('in search matching, invalid inputs keep true labels and pattern breaks are made of foreign characters only', () => {
    fc.assert(
      fc.property(invalidInput(spec, { semantics: { patternMatching: 'search' } }), ({ input, violation }) => {
        expect(independentValidate(raw, input, 'search')).toEqual([{ member: violation.member, constraints: [...violation.constraints] }]);
        const value = input[violation.member];
        const pattern = raw.input[violation.member]!.pattern!;
        if (violation.constraints.join() === 'pattern') {
          expect(Array.from(value as string).every((character) => !allowedByPattern(pattern, character))).toBe(true);
        }
      }),
      { numRuns: 1500 },
    );
  });

  it('generatedInput labels valid inputs with null and invalid ones with their violation', () => {
    const [valid] = fc.sample(generatedInput(spec, { invalid: false }), { seed: 3, numRuns: 1 });
    const [invalid] = fc.sample(generatedInput(spec, { invalid: true }), { seed: 3, numRuns: 1 });
    expect(valid).toMatchObject({ operation, violation: null });
    expect(invalid?.operation).toBe(operation);
    expect(independentValidate(raw, invalid!.input as Record<string, unknown>)).toEqual([
      { member: invalid!.violation!.member, constraints: [...invalid!.violation!.constraints] },
    ]);
  });

  it('overridden member values are used for the members that stay valid', () => {
    const [first] = Object.keys(spec.input);
    const pinned = fc.sample(memberValue(spec.input[first!]!), { seed: 11, numRuns: 1 })[0]!;
    const samples = fc.sample(invalidInput(spec, { memberValues: { [first!]: fc.constant(pinned) } }), { seed: 5, numRuns: 300 });
    for (const { input, violation } of samples) {
      if (violation.member !== first) expect(input[first!]).toBe(pinned);
    }
    expect(() => validInput(spec, { memberValues: { NotAMember: fc.constant('x') } })).toThrow(/NotAMember/);
  });

  it('the same seed gives the same values and another seed other values', () => {
    const arbitrary = generatedInput(spec, { invalid: true });
    const first = fc.sample(arbitrary, { seed: 42, numRuns: 50 });
    expect(fc.sample(arbitrary, { seed: 42, numRuns: 50 })).toEqual(first);
    expect(fc.sample(arbitrary, { seed: 43, numRuns: 50 })).not.toEqual(first);
  });
});

describe.each(operations)('inputs of %s as a validator of the user sees them', (operation) => {
  it('are plain objects, with the prototype every object literal has (trialH #4)', () => {
    const spec = specOf(operation);
    const inputs = [...fc.sample(validInput(spec), { seed: 1, numRuns: 300 }), ...fc.sample(invalidInput(spec), { seed: 1, numRuns: 300 }).map((drawn) => drawn.input)];

    expect(inputs.filter((input) => Object.getPrototypeOf(input) !== Object.prototype)).toEqual([]);
  });
});
