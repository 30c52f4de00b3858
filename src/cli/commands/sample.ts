import { once } from 'node:events';
import type { Command } from 'commander';
import fc from 'fast-check';
import { generatedInput } from '../../arbitraries/index.ts';
import { checkValuesBuildable } from '../../arbitraries/member-value.ts';
import { findOperationSpec, loadOperationSpecs } from '../../spec/load-spec.ts';
import { integerOption } from '../option-parsers.ts';

/** How many lines are generated and written at once. */
const linesPerBatch = 1000;
const largestCount = 10_000_000;

interface SampleOptions {
  readonly operation: string;
  readonly invalid?: true;
  readonly count: number;
  readonly seed?: number;
  readonly specs?: string;
}

/**
 * Writes lines to stdout, waiting while its buffer is full; `false` once stdout takes no more (`… | head` closed the pipe,
 * a full disk): nothing more is worth generating. The bin says why in one line where it is not a closed pipe.
 */
async function writeBatch(text: string): Promise<boolean> {
  if (process.stdout.destroyed) return false;
  if (!process.stdout.write(text)) {
    try {
      await once(process.stdout, 'drain');
    } catch {
      return false;
    }
  }
  return !process.stdout.destroyed;
}

/**
 * Registers `sample`: prints generated inputs of one operation as JSON lines, the same lines for the same seed.
 *
 * @example
 * registerSampleCommand(program, setExitCode); // workmail-conformance sample --operation DeletePersonalAccessToken --invalid --count 5 --seed 42
 */
export function registerSampleCommand(program: Command, setExitCode: (code: number) => void): void {
  program
    .command('sample')
    .description('Print generated inputs of an operation as JSON lines: {"operation","input","violation"} (violation is null for valid inputs).')
    .requiredOption('--operation <name>', 'the operation, as named in its spec (e.g. DeleteMailboxPermissions)')
    .option('--invalid', 'inputs with exactly one member broken, labelled with the constraints it breaks')
    .option('--count <n>', 'how many lines to print', integerOption('--count', 0, largestCount), 10)
    .option('--seed <n>', 'the fast-check seed (default: random, printed on stderr)', integerOption('--seed', -2_147_483_648, 2_147_483_647))
    .option('--specs <dir>', 'a folder of operation specs to draw from instead of the built-in ones (see "The spec format")')
    .action(async (options: SampleOptions) => {
      const spec = findOperationSpec(loadOperationSpecs(options.specs), options.operation, '--operation');
      if (options.specs !== undefined) checkValuesBuildable(spec, `--specs ${options.specs}`);
      const seed = options.seed ?? Math.floor(Math.random() * 2 ** 31);
      if (options.seed === undefined) process.stderr.write(`workmail-conformance sample: seed ${seed}\n`);
      const arbitrary = generatedInput(spec, { invalid: options.invalid === true });
      for (let start = 0, batch = 0; start < options.count; start += linesPerBatch, batch += 1) {
        const size = Math.min(linesPerBatch, options.count - start);
        const values = fc.sample(arbitrary, { seed: (seed + batch) | 0, numRuns: size });
        if (!(await writeBatch(values.map((value) => `${JSON.stringify(value)}\n`).join('')))) break;
      }
      setExitCode(0);
    });
}
