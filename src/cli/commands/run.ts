import { writeFileSync } from 'node:fs';
import type { Command } from 'commander';
import { ConfigError } from '../../config-error.ts';
import type { Fixture } from '../../fixture/fixture-schema.ts';
import { loadFixture } from '../../fixture/load-fixture.ts';
import { createWorkMailMock } from '../../mock/create-work-mail-mock.ts';
import { demoFixture } from '../../mock/demo-fixture.ts';
import { createProgressLine } from '../../report/progress-line.ts';
import { reporters, type ReporterName } from '../../report/reporters.ts';
import { runConformance } from '../../runner/run-conformance.ts';
import { checkEndpointReachable } from '../../target/check-endpoint-reachable.ts';
import { createTarget, workMailEndpoint } from '../../target/create-target.ts';
import { createHandlerTarget } from '../../target/handler-target.ts';
import { resolveTarget } from '../../target/resolve-target.ts';
import type { Target } from '../../target/target.ts';
import type { Profile } from '../../spec/spec-schema.ts';
import { choiceOption, collect, integerOption } from '../option-parsers.ts';

interface RunCommandOptions {
  readonly endpoint?: string;
  readonly region?: string;
  readonly awsProfile?: string;
  readonly fixture?: string;
  readonly operation: string[];
  readonly profile: Profile;
  readonly patternMatching: 'full' | 'search';
  readonly transport: 'wire' | 'sdk';
  readonly numRuns: number;
  readonly seed?: number;
  readonly path?: string;
  readonly timeout: number;
  readonly concurrency: number;
  readonly reporter: ReporterName;
  readonly output?: string;
}

/** The flags of this run that a replay needs, for the reproduction commands in the report. */
function replayFlags(options: RunCommandOptions): string[] {
  const flags: string[] = [];
  if (options.endpoint !== undefined) flags.push('--endpoint', options.endpoint);
  if (options.region !== undefined) flags.push('--region', options.region);
  if (options.fixture !== undefined) flags.push('--fixture', options.fixture);
  if (options.profile !== 'documented') flags.push('--profile', options.profile);
  if (options.patternMatching !== 'full') flags.push('--pattern-matching', options.patternMatching);
  if (options.transport !== 'wire') flags.push('--transport', options.transport);
  return flags;
}

async function prepareTarget(options: RunCommandOptions): Promise<{ target: Target; fixture: Fixture | undefined; endpointUrl: string | undefined; region: string | undefined }> {
  const resolved = resolveTarget({
    ...(options.endpoint === undefined ? {} : { endpoint: options.endpoint }),
    ...(options.region === undefined ? {} : { region: options.region }),
    ...(options.awsProfile === undefined ? {} : { profile: options.awsProfile }),
  });
  const fixture = options.fixture === undefined ? undefined : loadFixture(options.fixture);
  if (resolved.kind === 'none') {
    const mockFixture = fixture ?? demoFixture;
    const mock = createWorkMailMock({ fixture: mockFixture });
    const description = `embedded reference mock (${fixture === undefined ? 'demo organization' : options.fixture})`;
    return { target: createHandlerTarget(mock.handle, description), fixture: mockFixture, endpointUrl: undefined, region: undefined };
  }
  const endpoint = resolved.kind === 'endpoint' ? resolved.endpoint : workMailEndpoint(resolved.region);
  const problem = await checkEndpointReachable(endpoint, Math.min(options.timeout, 5_000));
  if (problem !== undefined) throw new ConfigError(problem);
  const target = createTarget(resolved, { transport: options.transport, ...(options.awsProfile === undefined ? {} : { profile: options.awsProfile }) });
  return { target, fixture, endpointUrl: resolved.kind === 'endpoint' ? endpoint : undefined, region: resolved.region };
}

/**
 * Registers `run`: checks a target against the documented contract and exits 0 (conformant), 1 (nonconformance found) or 2 (usage or configuration error).
 *
 * @example
 * registerRunCommand(program, setExitCode); // workmail-conformance run --endpoint http://127.0.0.1:4566 --fixture state.json
 */
export function registerRunCommand(program: Command, setExitCode: (code: number) => void): void {
  program
    .command('run')
    .description('Send generated valid and invalid cases to a target and report, rule by rule, where it conforms. Without an endpoint or AWS settings, runs against the embedded reference mock.')
    .option('--endpoint <url>', 'the target endpoint (else AWS_ENDPOINT_URL_WORKMAIL, AWS_ENDPOINT_URL, or the real service when a region is set)')
    .option('--region <region>', 'AWS region (else AWS_REGION, AWS_DEFAULT_REGION)')
    .option('--aws-profile <name>', 'AWS credentials profile for the default provider chain (else AWS_PROFILE)')
    .option('--fixture <file>', 'what the target holds (organizations, entities, permissions, tokens)')
    .option('--operation <name>', 'an operation to check (repeatable; default: all)', collect, [])
    .option('--profile <profile>', "which outcomes count as conformant: 'documented' (exactly the docs) or 'aws' (also ValidationException, SerializationException)", choiceOption('--profile', ['documented', 'aws'] as const), 'documented')
    .option('--pattern-matching <mode>', "'full' (whole value, as AWS does) or 'search'", choiceOption('--pattern-matching', ['full', 'search'] as const), 'full')
    .option('--transport <transport>', "'wire' (fast, sends any body) or 'sdk' (through @aws-sdk/client-workmail)", choiceOption('--transport', ['wire', 'sdk'] as const), 'wire')
    .option('--num-runs <n>', 'runs per property and operation', integerOption('--num-runs', 0, 10_000_000), 100)
    .option('--seed <n>', 'seed of the property phase (default: random, printed in the report)', integerOption('--seed', -2_147_483_648, 2_147_483_647))
    .option('--path <path>', 'replay one case, as a report gives it (e.g. DeletePersonalAccessToken.invalid:42:3)')
    .option('--timeout <ms>', 'milliseconds a target may take per request', integerOption('--timeout', 1, 3_600_000), 10_000)
    .option('--concurrency <n>', 'requests in flight at once', integerOption('--concurrency', 1, 1024), 8)
    .option('--reporter <name>', 'console, json or junit', choiceOption('--reporter', Object.keys(reporters) as ReporterName[]), 'console')
    .option('--output <file>', 'write the report to a file instead of stdout')
    .action(async (options: RunCommandOptions) => {
      const { target, fixture, endpointUrl, region } = await prepareTarget(options);
      const progress = createProgressLine(process.stderr);
      try {
        const report = await runConformance({
          target,
          ...(fixture === undefined ? {} : { fixture }),
          ...(options.operation.length === 0 ? {} : { operations: options.operation }),
          profile: options.profile,
          semantics: { patternMatching: options.patternMatching },
          numRuns: options.numRuns,
          ...(options.seed === undefined ? {} : { seed: options.seed }),
          ...(options.path === undefined ? {} : { path: options.path }),
          timeoutMs: options.timeout,
          concurrency: options.concurrency,
          reproduce: { kitArgs: replayFlags(options), endpointUrl, region },
          onEvent: progress.onEvent,
        });
        progress.finish();
        const text = reporters[options.reporter](report);
        if (options.output === undefined) process.stdout.write(text);
        else {
          writeFileSync(options.output, text);
          process.stderr.write(`report written to ${options.output}: ${report.summary.conformant ? 'conformant' : `${report.summary.failedChecks} check(s) failed`}\n`);
        }
        setExitCode(report.summary.conformant ? 0 : 1);
      } finally {
        progress.finish();
        await target.close();
      }
    });
}
