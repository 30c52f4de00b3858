import type { Command } from 'commander';
import { ConfigError } from '../../config-error.ts';
import { createWorkMailMock } from '../../mock/create-work-mail-mock.ts';
import { demoFixture } from '../../mock/demo-fixture.ts';
import { loadFixture } from '../../fixture/load-fixture.ts';
import { transientErrorTypes } from '../../live/transient-errors.ts';
import { loadRecording } from '../../record/load-recording.ts';
import { replayRecording } from '../../record/replay-recording.ts';
import type { Recording } from '../../record/recording-schema.ts';
import { checkEndpointReachable } from '../../target/check-endpoint-reachable.ts';
import { loadCommonErrors, loadOperationSpecs } from '../../spec/load-spec.ts';
import { createTarget } from '../../target/create-target.ts';
import { createHandlerTarget } from '../../target/handler-target.ts';
import { isRealService, resolveTarget } from '../../target/resolve-target.ts';
import type { Target } from '../../target/target.ts';
import { collectReading, integerOption } from '../option-parsers.ts';

interface ReplayCommandOptions {
  readonly endpoint?: string;
  readonly region: string;
  readonly fixture?: string;
  readonly timeout: number;
  readonly reading: Record<string, string>;
  readonly allowIncomplete?: boolean;
}

/** The most characters of a body a difference line shows. */
const shownBodyLength = 300;

/** Why a recording with no end line is not replayed unless the user allows it: the run that wrote it did not finish, or the file was cut. */
function missingEnd(file: string, recording: Recording): string {
  const last = recording.exchanges.at(-1)?.line ?? 1;
  const why =
    recording.header.format === undefined
      ? 'it was written before recordings had one (format 1), so whether it is whole cannot be told'
      : `the run that wrote it ended before its report (killed), or the file was cut after line ${last}`;
  return `${file}: has no end line: ${why}; give --allow-incomplete to replay the ${recording.exchanges.length} exchange(s) it holds`;
}

/**
 * Registers `replay`: sends a recording's inputs to another target and exits 0 when every outcome matches, 1 when one differs
 * (or the target stopped answering, or nothing was compared), 2 for a bad file, a recording with no end line (unless
 * `--allow-incomplete`) or a target that cannot be reached.
 *
 * @example
 * registerReplayCommand(program, setExitCode); // workmail-conformance replay run.ndjson --endpoint http://127.0.0.1:4566
 */
export function registerReplayCommand(program: Command, setExitCode: (code: number) => void): void {
  program
    .command('replay')
    .description('Send the inputs of a recording (run --record) to another target and report each outcome (status and error type) that differs. Without --endpoint, replays against the embedded reference mock holding the recorded fixture.')
    .argument('<file>', 'an NDJSON recording made with run --record')
    .option('--endpoint <url>', 'the target to replay against (default: the embedded reference mock)')
    .option('--region <region>', 'SigV4 region for --endpoint', 'us-east-1')
    .option('--fixture <file>', 'what the embedded mock holds (default: the fixture in the recording, else the demo organizations)')
    .option('--timeout <ms>', 'milliseconds a target may take per request', integerOption('--timeout', 1, 3_600_000), 10_000)
    .option('--reading <point=reading>', "the embedded mock answers an open point of the documentation by this reading, as the recorded target did, e.g. 'disabled-entity=success' (repeatable)", collectReading, {})
    .option('--allow-incomplete', 'replay a recording that has no end line (its run was killed, or the file was cut)')
    .action(async (file: string, options: ReplayCommandOptions) => {
      const recording = loadRecording(file);
      if (recording.end === undefined && options.allowIncomplete !== true) throw new ConfigError(missingEnd(file, recording));
      let target: Target;
      if (options.endpoint === undefined) {
        const fixture = options.fixture === undefined ? (recording.header.fixture ?? demoFixture) : loadFixture(options.fixture);
        target = createHandlerTarget(createWorkMailMock({ fixture, readings: options.reading }).handle, 'embedded reference mock');
      } else {
        if (Object.keys(options.reading).length > 0) throw new ConfigError('--reading: sets the readings of the embedded mock, so only without --endpoint');
        const resolved = resolveTarget({ endpoint: options.endpoint, region: options.region, env: {} });
        if (isRealService(resolved)) {
          throw new ConfigError(
            `--endpoint: ${options.endpoint} is the real WorkMail service, and replay sends a recording's deletes as they are, with no read before them: replay against a mock or a stand-in, and check the real service with run (a live run)`,
          );
        }
        // A target that is down is the user's set-up, not a behaviour the recording differs from.
        const unreachable = await checkEndpointReachable(options.endpoint, Math.min(options.timeout, 5_000));
        if (unreachable !== undefined) throw new ConfigError(`--endpoint: ${unreachable}`);
        target = await createTarget(resolved, { transport: 'wire' });
      }
      try {
        const result = await replayRecording(recording, target, { specs: loadOperationSpecs(), timeoutMs: options.timeout, transientTypes: transientErrorTypes(loadCommonErrors()) });
        const lines = [`replay of ${file} (recorded against ${recording.header.target}) against ${target.description}`];
        if (recording.end === undefined) lines.push(`note: ${file} has no end line (--allow-incomplete): it may hold only part of its run`);
        else if (recording.end.incomplete !== undefined) lines.push(`note: the recorded run stopped before its end (${recording.end.incomplete}): the recording holds what it sent until then`);
        for (const difference of result.differences) {
          lines.push(`  ${file}:${difference.line} ${difference.operation} ${difference.path} · ${difference.description}: recorded ${difference.recorded}, now ${difference.replayed}`);
          const sent = difference.sent.length > shownBodyLength ? `${difference.sent.slice(0, shownBodyLength)}…` : difference.sent;
          lines.push(`      sent: ${sent}`);
        }
        const skipped = result.skipped > 0 ? ` (${result.skipped} transient answer(s) not compared)` : '';
        if (result.stopped !== undefined) lines.push(`STOPPED: ${result.stopped}; ${result.differences.length} of the ${result.compared} outcome(s) compared differ`);
        else if (result.compared === 0) lines.push(`NOTHING COMPARED: ${file} holds no exchange to replay${skipped}`);
        else lines.push(`${result.differences.length === 0 ? 'SAME' : 'DIFFERENT'}: ${result.differences.length} of ${result.compared} outcome(s) differ from the recording${skipped}`);
        if (result.differences.length > 0 && options.endpoint === undefined) {
          // Two conformant targets may differ where the documentation leaves a point open: the mock takes one reading of each.
          lines.push('The embedded mock answers each open point of the documentation by one reading; where the recorded target took another (its report lists the readings it was seen to take), give it with --reading POINT=READING.');
        }
        process.stdout.write(`${lines.join('\n')}\n`);
        setExitCode(result.differences.length === 0 && result.stopped === undefined && result.compared > 0 ? 0 : 1);
      } finally {
        await target.close();
      }
    });
}
