import type { Command } from 'commander';
import { ConfigError } from '../../config-error.ts';
import { loadFixture } from '../../fixture/load-fixture.ts';
import { createGatedTarget } from '../../live/gated-target.ts';
import { createRequestGate } from '../../live/request-gate.ts';
import { transientErrorTypes } from '../../live/transient-errors.ts';
import { createWorkMailMock } from '../../mock/create-work-mail-mock.ts';
import { checkReadings } from '../../model/readings.ts';
import { demoFixture } from '../../mock/demo-fixture.ts';
import { loadRecording } from '../../record/load-recording.ts';
import { partialRecording } from '../../record/partial-recording.ts';
import { replayRecording } from '../../record/replay-recording.ts';
import { replayReporters, replayVerdict, type ReplayReport } from '../../record/replay-report.ts';
import { loadCommonErrors, loadOperationSpecs } from '../../spec/load-spec.ts';
import { checkEndpointReachable } from '../../target/check-endpoint-reachable.ts';
import { createTarget } from '../../target/create-target.ts';
import { createHandlerTarget } from '../../target/handler-target.ts';
import { isRealService, resolveTarget } from '../../target/resolve-target.ts';
import type { Target } from '../../target/target.ts';
import { toolVersion } from '../../tool-version.ts';
import { choiceOption, collectReading, integerOption } from '../option-parsers.ts';
import { checkRunFiles, writeReport } from '../run-files.ts';

interface ReplayCommandOptions {
  readonly endpoint?: string;
  readonly region: string;
  readonly fixture?: string;
  readonly timeout: number;
  readonly reading: Record<string, string>;
  readonly allowIncomplete?: boolean;
  readonly allowDestructive?: boolean;
  readonly reporter: keyof typeof replayReporters;
  readonly output?: string;
}

/**
 * Registers `replay`: sends a recording's inputs to another target and exits 0 when every outcome matches, 1 when one differs
 * (or the target stopped answering, or nothing was compared), 2 for a bad file, a recording of part of a run (unless
 * `--allow-incomplete`), a destructive run's recording against an endpoint (unless `--allow-destructive`) or a target that
 * cannot be reached.
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
    .option('--allow-incomplete', 'replay a recording of part of a run: one with no end line (its run was killed, or the file was cut), or of a run that stopped early')
    .option('--allow-destructive', "replay, against --endpoint, the recording of a destructive live run (its deletes of existing records are sent as they are; nothing is put back)")
    .option('--reporter <name>', 'console, json or junit', choiceOption('--reporter', Object.keys(replayReporters) as (keyof typeof replayReporters)[]), 'console')
    .option('--output <file>', 'write the report to a file instead of stdout')
    .addHelpText(
      'after',
      [
        '',
        'Exit codes:',
        '  0  every outcome as recorded',
        '  1  an outcome differs, the target stopped answering, or nothing was compared',
        '  2  a bad file, a recording of part of a run (without --allow-incomplete), a destructive run\'s recording against',
        '     --endpoint (without --allow-destructive), or a target that cannot be reached',
      ].join('\n'),
    )
    .action(async (file: string, options: ReplayCommandOptions) => {
      if (options.output !== undefined) checkRunFiles([{ flag: '--output', file: options.output }], [{ flag: 'recording', file }]);
      const recording = loadRecording(file);
      const partial = partialRecording(file, recording, 'replay');
      if (partial !== undefined && options.allowIncomplete !== true) throw new ConfigError(partial);
      const specs = loadOperationSpecs();
      let target: Target;
      if (options.endpoint === undefined) {
        checkReadings(specs, options.reading, '--reading');
        const fixture = options.fixture === undefined ? (recording.header.fixture ?? demoFixture) : loadFixture(options.fixture, '--fixture');
        target = createHandlerTarget(createWorkMailMock({ fixture, readings: options.reading }).handle, 'embedded reference mock');
      } else {
        if (Object.keys(options.reading).length > 0) throw new ConfigError('--reading: sets the readings of the embedded mock, so only without --endpoint');
        if (options.fixture !== undefined) throw new ConfigError('--fixture: sets what the embedded mock holds, so only without --endpoint (the target at --endpoint holds what it holds)');
        const resolved = resolveTarget({ endpoint: options.endpoint, region: options.region, env: {} });
        if (isRealService(resolved)) {
          throw new ConfigError(
            `--endpoint: ${options.endpoint} is the real WorkMail service, and replay sends a recording's deletes as they are, with no read before them: replay against a mock or a stand-in, and check the real service with run (a live run)`,
          );
        }
        // A destructive run's recording deletes what existed, and a replay puts nothing back.
        if (recording.header.settings?.live?.mode === 'destructive' && options.allowDestructive !== true) {
          throw new ConfigError(
            `${file}: is the recording of a destructive live run: replaying it deletes, at ${options.endpoint}, what that run deleted and put back, and a replay puts nothing back; give --allow-destructive to replay it against a target you can reset`,
          );
        }
        // A target that is down is the user's set-up, not a behaviour the recording differs from.
        const unreachable = await checkEndpointReachable(options.endpoint, Math.min(options.timeout, 5_000));
        if (unreachable !== undefined) throw new ConfigError(`--endpoint: ${unreachable}`);
        target = await createTarget(resolved, { transport: 'wire' });
      }
      const transientTypes = transientErrorTypes(loadCommonErrors());
      // Answers that only ask to try again are tried again with backoff, as a run's are, by the one gate the kit has.
      const gated = createGatedTarget(target, createRequestGate({ maxPerSecond: undefined, maxRequests: undefined }), transientTypes);
      try {
        const result = await replayRecording(recording, gated, { specs, timeoutMs: options.timeout, transientTypes });
        const report: ReplayReport = {
          tool: { name: 'workmail-conformance', version: toolVersion },
          replayedAt: new Date().toISOString(),
          file,
          recordedAgainst: recording.header.target,
          target: target.description,
          embedded: options.endpoint === undefined,
          recording: {
            version: recording.header.version,
            format: recording.header.format,
            whole: recording.end !== undefined,
            runIncomplete: recording.end?.incomplete,
            runFailedChecks: typeof recording.end?.summary.failedChecks === 'number' ? recording.end.summary.failedChecks : undefined,
          },
          result,
        };
        const verdict = replayVerdict(report);
        // As run says it: with --output the console holds nothing else of the replay.
        const said = { same: 'same', different: 'different', stopped: 'stopped', nothingCompared: 'nothing compared' }[verdict];
        const written = writeReport(options.output, replayReporters[options.reporter](report), (output) => process.stderr.write(`report written to ${output}: ${said}\n`));
        // Allowed, a destructive recording's deletes changed the target: the verdict says how it answered, not what it holds now.
        if (options.endpoint !== undefined && recording.header.settings?.live?.mode === 'destructive') {
          process.stderr.write(`workmail-conformance: the recording's deletes of what existed were sent to ${options.endpoint} as they are, and nothing was put back: reset it before a run that needs what it held\n`);
        } else if (options.endpoint !== undefined && recording.header.settings?.live !== undefined) {
          // A safe run's deletes named what was absent then; sent again with no read before them, they delete what is there now.
          process.stderr.write(`workmail-conformance: the recording's deletes were sent to ${options.endpoint} as they are, with no read before them, and nothing was put back: what it held by the names the live run read absent is gone\n`);
        }
        setExitCode(!written ? 2 : verdict === 'same' ? 0 : 1);
      } finally {
        await target.close();
      }
    });
}
