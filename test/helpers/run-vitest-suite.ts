import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const root = fileURLToPath(new URL('../..', import.meta.url));

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
