import { Command, CommanderError } from 'commander';
import { toolVersion } from '../tool-version.ts';
import { isConfigError } from '../config-error.ts';
import { capYoungGeneration } from './young-generation-cap.ts';

export { lowerBackgroundThreadPriority } from './background-thread-priority.ts';

type RegisterCommand = (program: Command, setExitCode: (code: number) => void) => void;

/** A subcommand as the top-level help lists it; its module (and everything the module imports) loads only when it is the one run. */
export interface LazyCommand {
  readonly name: string;
  /** The first sentence of the command's description: what `--help` lists. */
  readonly summary: string;
  readonly load: () => Promise<RegisterCommand>;
}

/** The subcommands, in help order. A test checks that each summary starts the command's own description. */
export const lazyCommands: readonly LazyCommand[] = [
  {
    name: 'run',
    summary: 'Send generated valid and invalid cases to a target and report, rule by rule, where it conforms.',
    load: async () => (await import('./commands/run.ts')).registerRunCommand,
  },
  {
    name: 'replay',
    summary: 'Send the inputs of a recording (run --record) to another target and report each outcome (status and error type) that differs.',
    load: async () => (await import('./commands/replay.ts')).registerReplayCommand,
  },
  {
    name: 'sample',
    summary: 'Print generated inputs of an operation as JSON lines: {"operation","input","violation"} (violation is null for valid inputs).',
    load: async () => (await import('./commands/sample.ts')).registerSampleCommand,
  },
  {
    name: 'serve',
    summary: 'Serve the reference WorkMail mock (awsJson1_1 over HTTP) until interrupted; without --fixture it serves the demo organizations.',
    load: async () => (await import('./commands/serve.ts')).registerServeCommand,
  },
  {
    name: 'verify',
    summary: 'Check recordings (run --record), fixtures and a folder of specs without sending anything: whether each is whole, as written and valid.',
    load: async () => (await import('./commands/verify.ts')).registerVerifyCommand,
  },
];

/** The subcommand an argument list runs (`run …`, or `help run`), if any: the only one whose module is loaded. */
function selectedCommand(argv: readonly string[]): LazyCommand | undefined {
  const [first, second] = argv;
  const name = first === 'help' ? second : first;
  return lazyCommands.find((command) => command.name === name);
}

/**
 * Makes an option that takes one value refuse a second: commander keeps the last silently, so `--num-runs 5 --num-runs 7`
 * would run 7 and `--reporter json --reporter junit` write JUnit, without a word. Repeatable options (those that collect
 * their values into a list or a record) are left as they are.
 *
 * @example
 * refuseRepeatedValues(program.commands[0]); // `run --seed 1 --seed 2` is then a usage error, exit 2
 */
export function refuseRepeatedValues(command: Command): void {
  for (const option of command.options) {
    // A collector starts from an empty list or record (`--operation`, `--reading`): those options take several.
    if (!(option.required || option.optional) || (typeof option.defaultValue === 'object' && option.defaultValue !== null)) continue;
    let given = 0;
    command.on(`option:${option.name()}`, () => {
      given += 1;
      // The values are not quoted: an --endpoint may hold a password.
      if (given === 2) command.error(`error: ${option.long ?? option.flags} is given more than once: give it once (the options --help calls repeatable take several)`, { exitCode: 2, code: 'workmail.repeatedOption' });
    });
  }
}

/** A usage error as commander words it (`error: …`, a suggestion on a line of its own), as one line of the kit's. */
function oneLineUsageError(text: string): string {
  return text.replace(/^error: /, '').replace(/\n\(Did you mean (.+)\?\)\n?$/, ' (did you mean $1?)\n');
}

/**
 * Runs the `workmail-conformance` command line and resolves to its exit code: 0 success, 1 nonconformance, 2 usage or configuration error,
 * 128 + a signal's number for a run that signal stopped (see `listenForInterrupts`).
 * User mistakes are printed as one line on stderr, never as a stack trace. Only the command that runs is loaded, so
 * `--help` and `--version` start without the AWS SDK, fast-check or the mock.
 *
 * @example
 * process.exitCode = await main(['sample', '--operation', 'DeletePersonalAccessToken', '--count', '3']);
 */
export async function main(argv: readonly string[]): Promise<number> {
  const program = new Command('workmail-conformance')
    .description('Checks that a server honours the documented contract of Amazon WorkMail DeletePersonalAccessToken and DeleteMailboxPermissions.')
    .version(toolVersion, '-V, --version', 'print the version')
    .exitOverride()
    // A usage error commander finds reads as the kit's own, on one line with commander's suggestion:
    // `workmail-conformance: unknown option '--endpiont' (did you mean --endpoint?)`.
    .configureOutput({ writeErr: (text) => process.stderr.write(text), outputError: (text, write) => write(`workmail-conformance: ${oneLineUsageError(text)}`) })
    // A repeatable option starts empty: "(default: [])" says nothing its description does not; a required one says so.
    .configureHelp({
      optionDescription: (option) => {
        const empty = Array.isArray(option.defaultValue) ? option.defaultValue.length === 0 : typeof option.defaultValue === 'object' && option.defaultValue !== null && Object.keys(option.defaultValue as object).length === 0;
        const extra = [...(option.mandatory ? ['required'] : []), ...(option.defaultValue !== undefined && !empty && !option.negate ? [`default: ${option.defaultValueDescription ?? JSON.stringify(option.defaultValue)}`] : [])];
        return extra.length === 0 ? option.description : `${option.description} (${extra.join(', ')})`;
      },
    });
  let exitCode = 0;
  const setExitCode = (code: number) => {
    exitCode = code;
  };
  const selected = selectedCommand(argv);
  // commander answers `help <anything>` with the top-level help and exit 0: a misspelt command would go unnoticed.
  if (argv[0] === 'help' && argv[1] !== undefined && selected === undefined && !argv[1].startsWith('-')) {
    process.stderr.write(`workmail-conformance: help: unknown command '${argv[1]}' (the commands are ${lazyCommands.map((command) => command.name).join(', ')})\n`);
    return 2;
  }
  // Commands that run cases or serve requests allocate fast for long: the young generation stays at Node 20's size.
  const stopCapping = selected === undefined ? undefined : capYoungGeneration();
  try {
    for (const command of lazyCommands) {
      if (command === selected) (await command.load())(program, setExitCode);
      else program.command(command.name).description(command.summary);
    }
    for (const command of program.commands) refuseRepeatedValues(command);
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
  } finally {
    stopCapping?.();
  }
}
