import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { drawRuns } from '../../src/cases/draw-runs.ts';
import { propertyCaseArbitrary } from '../../src/cases/property-cases.ts';
import { demoFixture } from '../../src/mock/demo-fixture.ts';
import { builtInOperationSpecs } from '../../src/spec/built-in-specs.ts';

/** The values fc.check hands its predicate, in order: what the kit's property phase used to receive. */
async function valuesOfCheck<T>(arbitrary: fc.Arbitrary<T>, seed: number, numRuns: number): Promise<T[]> {
  const values: T[] = [];
  await fc.check(
    fc.asyncProperty(arbitrary, async (value) => {
      values.push(value);
      return true;
    }),
    { seed, numRuns },
  );
  return values;
}

function drawn<T>(next: () => T, count: number): T[] {
  return Array.from({ length: count }, () => next());
}

describe('drawRuns', () => {
  afterEach(() => fc.resetConfigureGlobal());

  const properties = builtInOperationSpecs().flatMap((spec) => (['valid', 'invalid'] as const).map((kind) => [spec.operation, kind, spec] as const));

  it.each(properties)('draws the %s %s cases fc.check would run, in its order, for any seed', async (_operation, kind, spec) => {
    const arbitrary = propertyCaseArbitrary(spec, kind, { fixture: demoFixture });
    for (const seed of [0, 42, -7, 2_147_483_647, -2_147_483_648]) {
      const next = drawRuns(arbitrary, seed);
      expect(next).toBeDefined();
      // 150 runs cross three of fast-check's bias levels (runs 0-8, 9-98, 99 on).
      expect(drawn(next!, 150)).toEqual(await valuesOfCheck(arbitrary, seed, 150));
    }
  });

  it('draws what fc.check runs for arbitraries of every kind, biased ones included', async () => {
    const arbitrary = fc.record({ size: fc.integer(), name: fc.string(), items: fc.array(fc.nat(), { maxLength: 5 }), pick: fc.constantFrom('a', 'b') });
    const next = drawRuns(arbitrary, 1234);
    expect(drawn(next!, 300)).toEqual(await valuesOfCheck(arbitrary, 1234, 300));
  });

  it('declines, leaving the runs to fc.check, where fast-check draws otherwise', async () => {
    const arbitrary = fc.integer();
    fc.configureGlobal({ randomType: 'xoroshiro128plus' });
    expect(drawRuns(arbitrary, 42)).toBeUndefined();
    fc.resetConfigureGlobal();
    expect(drawRuns(arbitrary, 42)).toBeDefined();
    // A sample that differs from the replica's in one value out of the compared runs.
    const differingSample = ((given: fc.Arbitrary<number>, parameters: fc.Parameters<number>) => {
      const values = fc.sample(given, parameters);
      values[11] = (values[11] ?? 0) + 1;
      return values;
    }) as typeof fc.sample;
    expect(drawRuns(arbitrary, 42, differingSample)).toBeUndefined();
  });
});
