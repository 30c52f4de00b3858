import { Command, CommanderError } from 'commander';
import { isConfigError } from '../config-error.ts';
import { registerReplayCommand } from './commands/replay.ts';
import { registerRunCommand } from './commands/run.ts';
import { registerSampleCommand } from './commands/sample.ts';
import { registerServeCommand } from './commands/serve.ts';

/**
 * Runs the `workmail-conformance` command line and resolves to its exit code: 0 success, 1 nonconformance, 2 usage or configuration error.
 * User mistakes are printed as one line on stderr, never as a stack trace.
 *
 * @example
 * process.exitCode = await main(['sample', '--operation', 'DeletePersonalAccessToken', '--count', '3']);
 */
export async function main(argv: readonly string[]): Promise<number> {
  const program = new Command('workmail-conformance')
    .description('Checks that a server honours the documented contract of Amazon WorkMail DeletePersonalAccessToken and DeleteMailboxPermissions.')
    .exitOverride()
    .configureOutput({ writeErr: (text) => process.stderr.write(text) });
  let exitCode = 0;
  const setExitCode = (code: number) => {
    exitCode = code;
  };
  registerRunCommand(program, setExitCode);
  registerReplayCommand(program, setExitCode);
  registerSampleCommand(program, setExitCode);
  registerServeCommand(program, setExitCode);
  try {
    await program.parseAsync([...argv], { from: 'user' });
    return exitCode;
  } catch (error) {
    if (error instanceof CommanderError) {
      return error.exitCode === 0 ? 0 : 2;
    }
    if (isConfigError(error)) {
      process.stderr.write(`workmail-conformance: ${error.message}\n`);
      return 2;
    }
    throw error;
  }
}
