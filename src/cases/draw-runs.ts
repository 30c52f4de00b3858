import fc from 'fast-check';
import { xorshift128plus } from 'pure-rand/generator/xorshift128plus';

/** How many runs {@link drawRuns} compares with `fc.sample` before it is trusted: enough for two bias levels (runs 0-8 and 9-11). */
const runsCompared = 12;

/** The bias fast-check gives run `runIndex` (its `runIdToFrequency`): larger values become likelier as the runs go on. */
function biasOfRun(runIndex: number): number {
  return 2 + Math.trunc(Math.log(runIndex + 1) * Math.LOG10E);
}

/** fast-check's draw as the kit replicates it: one generator, jumped before each run, and each run's bias. */
function replicatedDraw<T>(arbitrary: fc.Arbitrary<T>, seed: number): () => T {
  const generator = xorshift128plus(seed);
  let runIndex = 0;
  return () => {
    generator.jump();
    const value = arbitrary.generate(new fc.Random(generator), biasOfRun(runIndex)).value;
    runIndex += 1;
    return value;
  };
}

/**
 * The values `fc.check(fc.asyncProperty(arbitrary, …), { seed })` would hand its predicate, run after run, as a function
 * that returns the next one; or `undefined` where this fast-check (its version, or a `fc.configureGlobal` such as another
 * `randomType`) draws otherwise, and the caller should let `fc.check` run. Drawing without fast-check's runner spares each
 * run its promises, hooks and bookkeeping (1-5 µs of the main thread a request over the wire: bench/README.md); a
 * run's index stays its fast-check path, so `fc.check({ seed, path })` replays it and shrinks from it. Before it is
 * trusted, the replica's first runs are compared with `fc.sample`'s, which draws as `fc.check` does.
 *
 * @example
 * const next = drawRuns(fc.nat(), 42);
 * if (next !== undefined) next(); // fc.sample(fc.nat(), { seed: 42, numRuns: 1 })[0]
 */
export function drawRuns<T>(arbitrary: fc.Arbitrary<T>, seed: number, sample: typeof fc.sample = fc.sample): (() => T) | undefined {
  const expected = sample(arbitrary, { seed, numRuns: runsCompared });
  const replica = replicatedDraw(arbitrary, seed);
  for (const value of expected) if (fc.stringify(replica()) !== fc.stringify(value)) return undefined;
  return replicatedDraw(arbitrary, seed);
}
