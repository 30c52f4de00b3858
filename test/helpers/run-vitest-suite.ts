import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll } from 'vitest';

const root = fileURLToPath(new URL('../..', import.meta.url));

/** A folder for suite files, removed after the test file that made it. */
export interface SuiteFolder {
  readonly directory: string;
  /** How a suite file imports a file of this repository (`src/…`, `test/…`): its absolute path, quoted. */
  source(path: string): string;
  /** Writes the suite `name` (its code `text`) in the folder and gives its path. */
  write(name: string, text: string): string;
}

/**
 * Makes a temporary folder for suite files, removed once the calling test file has run.
 *
 * @example
 * const suites = suiteFolder('wmc-strict-suite-');
 * const file = suites.write('no-lists', `import { describeConformance } from ${suites.source('src/vitest/describe-conformance.ts')}; …`);
 */
export function suiteFolder(prefix: string): SuiteFolder {
  const directory = mkdtempSync(join(tmpdir(), prefix));
  afterAll(() => rmSync(directory, { recursive: true, force: true }));
  return {
    directory,
    source: (path) => JSON.stringify(join(root, path)),
    write(name, text) {
      const file = join(directory, `${name}.suite.ts`);
      writeFileSync(file, text);
      return file;
    },
  };
}

/**
 * Runs the suite in `file` in a vitest of its own (a child process, so that its failing tests fail nothing here) and
 * gives each of its tests, by name, with its status and first failure message.
 *
 * @example
 * const tests = await runVitestSuite('/tmp/x/strict.suite.ts', '/tmp/x');
 * tests.get('the run was complete')?.status; // 'passed'
 */
export async function runVitestSuite(file: string, directory: string): Promise<Map<string, { status: string; message: string }>> {
  const output = `${file}.json`;
  const program = `const { startVitest } = await import('vitest/node');
const vitest = await startVitest('test', [], { run: true, watch: false, config: false, include: [${JSON.stringify(file)}], dir: ${JSON.stringify(directory)}, reporters: ['json'], outputFile: ${JSON.stringify(output)} }, { root: ${JSON.stringify(root)} });
await vitest?.close();`;
  await promisify(execFile)(process.execPath, ['--input-type=module', '-e', program], { cwd: root }).catch(() => undefined);
  const report = JSON.parse(readFileSync(output, 'utf8')) as { testResults: { assertionResults: { title: string; status: string; failureMessages: string[] }[] }[] };
  return new Map(report.testResults.flatMap((result) => result.assertionResults.map((test) => [test.title, { status: test.status, message: test.failureMessages[0] ?? '' }])));
}
