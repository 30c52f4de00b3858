import type { Command } from 'commander';
import { ConfigError } from '../../config-error.ts';
import { choiceOption, collectReading } from '../option-parsers.ts';
import { loadFixture } from '../../fixture/load-fixture.ts';
import { createWorkMailMock } from '../../mock/create-work-mail-mock.ts';
import { checkReadings } from '../../model/readings.ts';
import { loadOperationSpecs } from '../../spec/load-spec.ts';
import { demoIds } from '../../mock/demo-fixture.ts';
import { startMockServer, type MockServer } from '../../mock/start-mock-server.ts';
import { loadRecording } from '../../record/load-recording.ts';
import { partialRecording } from '../../record/partial-recording.ts';
import { createRecordingHandle } from '../../record/recording-handle.ts';
import { errnoCode } from '../../errno-code.ts';

/** The port `serve` listens on when `--port` is not given. */
export const defaultServePort = 8080;

function parsePort(text: string): number {
  const port = Number(text);
  if (!/^\d+$/.test(text) || port > 65_535) throw new ConfigError(`--port: expected an integer from 0 to 65535, got '${text}'`);
  return port;
}

function waitForStopSignal(): Promise<NodeJS.Signals> {
  return new Promise((resolve) => {
    const stop = (signal: NodeJS.Signals) => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      resolve(signal);
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
}

async function listen(options: Parameters<typeof startMockServer>[0], host: string, port: number): Promise<MockServer> {
  try {
    return await startMockServer(options);
  } catch (error) {
    const code = errnoCode(error);
    const reason = code === 'EADDRINUSE' ? 'the address is already in use' : code === 'EADDRNOTAVAIL' || code === 'ENOTFOUND' ? 'no such local address' : code === 'EACCES' ? 'permission denied' : code;
    throw new ConfigError(`cannot listen on ${host}:${port}: ${reason}`);
  }
}

/**
 * Registers `serve`: runs the reference WorkMail mock over HTTP until SIGINT or SIGTERM.
 *
 * @example
 * registerServeCommand(program, setExitCode); // workmail-conformance serve --port 0 --fixture state.json
 */
export function registerServeCommand(program: Command, setExitCode: (code: number) => void): void {
  program
    .command('serve')
    .description('Serve the reference WorkMail mock (awsJson1_1 over HTTP) until interrupted; without --fixture it serves the demo organizations.')
    .option('--port <port>', 'port to listen on (0 = any free port)', String(defaultServePort))
    .option('--host <host>', 'address to listen on', '127.0.0.1')
    .option('--fixture <file>', 'JSON file with the organizations to serve')
    .option('--reading <point=reading>', "answer an open point of the documentation by one reading, e.g. 'email-case=case-sensitive' (repeatable)", collectReading, {})
    .option('--from-recording <file>', 'answer the inputs of a recording (run --record) as recorded, anything else with a 400 error')
    .option('--allow-incomplete', 'with --from-recording: serve a recording of part of a run (no end line, or a run that stopped early)')
    .option('--specs <dir>', 'a folder of operation specs to serve instead of the built-in ones (see "The spec format")')
    .option('--pattern-matching <mode>', "'full' (whole value, as AWS does) or 'search' (a match anywhere), as run's flag of that name judges", choiceOption('--pattern-matching', ['full', 'search'] as const), 'full')
    .action(async (options: { port: string; host: string; fixture?: string; fromRecording?: string; allowIncomplete?: boolean; reading: Record<string, string>; specs?: string; patternMatching: 'full' | 'search' }) => {
      const port = parsePort(options.port);
      // An empty host listens everywhere, and the URL printed for it ('http://:4566') reaches nothing.
      if (options.host.trim() === '') throw new ConfigError("--host: needs an address to listen on, such as 127.0.0.1 or 0.0.0.0, got ''");
      if (options.fromRecording !== undefined && options.fixture !== undefined) throw new ConfigError('--from-recording and --fixture cannot be combined');
      const specs = options.specs === undefined ? {} : { specs: loadOperationSpecs(options.specs) };
      checkReadings(specs.specs ?? loadOperationSpecs(), options.reading, '--reading');
      const base = createWorkMailMock({ ...specs, ...(options.fixture === undefined ? {} : { fixture: loadFixture(options.fixture, '--fixture') }), readings: options.reading, semantics: { patternMatching: options.patternMatching } });
      if (options.allowIncomplete === true && options.fromRecording === undefined) throw new ConfigError('--allow-incomplete: applies to --from-recording only, which was not given');
      const recording = options.fromRecording === undefined ? undefined : loadRecording(options.fromRecording);
      // A recording of part of a run answers only part of the inputs a replay of it sends: served only where the user allows
      // it, as replay does.
      const partial = recording === undefined || options.allowIncomplete === true ? undefined : partialRecording(options.fromRecording ?? '', recording, 'serve');
      if (partial !== undefined) throw new ConfigError(partial);
      // The server only calls handle: answering from a recording replaces it and keeps the rest of the mock as it is.
      const mock = recording === undefined ? base : { ...base, handle: createRecordingHandle(recording) };
      const server = await listen({ mock, port, host: options.host }, options.host, port);
      const stopped = waitForStopSignal();
      process.stdout.write(`listening on ${server.url}\n`);
      if (recording !== undefined) {
        // Only the recorded inputs get an answer: a replay of the recording is what a user can point at it.
        process.stdout.write(`try: npx workmail-conformance replay ${options.fromRecording ?? ''} --endpoint ${server.url}\n`);
      } else {
        const example = mock.state.listOrganizations()[0]?.id ?? demoIds.organizationId;
        process.stdout.write(
          `try: AWS_ACCESS_KEY_ID=x AWS_SECRET_ACCESS_KEY=x aws workmail describe-organization --endpoint-url ${server.url} --region us-east-1 --organization-id ${example}\n`,
        );
      }
      await stopped;
      await server.close();
      setExitCode(0);
    });
}
