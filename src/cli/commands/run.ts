import { verdictCaveats, verdictText, withCaveats, withStrictVerdict } from '../../report/verdict.ts';
import { closeSync, writeSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import type { Command } from 'commander';
import { caseBodyText } from '../../cases/case.ts';
import type { CoverageDepth } from '../../cases/coverage-cases.ts';
import { unnameableOrganization, unnameableResourceKey, unreachableOrganization } from '../../fixture/unreachable-organizations.ts';
import { ConfigError } from '../../config-error.ts';
import type { Fixture } from '../../fixture/fixture-schema.ts';
import type { Discovery } from '../../live/discover-fixture.ts';
import { planLiveSend } from '../../live/live-send-plan.ts';
import { liveSafetyProblems, liveSafetyStanding } from '../../report/live-safety-problems.ts';
import { createRequestGate } from '../../live/request-gate.ts';
import { transientErrorTypes } from '../../live/transient-errors.ts';
import { createReferenceMock } from '../../mock/reference-mock.ts';
import { demoFixtureFor } from '../../mock/demo-fixture.ts';
import { createRecorder, type Recorder } from '../../record/create-recorder.ts';
import type { SupportingRequest } from '../../target/supporting-request.ts';
// From its own module: a run that records loads no validator (zod) for it.
import { recordingFormat } from '../../record/recording-format.ts';
import type { RecordingSettings } from '../../record/recording-schema.ts';
import { createScrubber } from '../../report/scrub-secrets.ts';
import type { ConformanceReport } from '../../report/conformance-report.ts';
import { toolVersion } from '../../tool-version.ts';
import { createProgressLine } from '../../runner/progress-line.ts';
import { listenForInterrupts } from '../run-interrupts.ts';
import { checkRunFiles, writeReport, writeReportFile } from '../run-files.ts';
import { openNewFile } from '../../open-new-file.ts';
import { leftoverJournalWarning, openRestoreJournal, type RestoreJournal } from '../restore-journal.ts';
import { putMailboxPermissionsCommandPrefix } from '../../live/delete-guard.ts';
import { reporters, type ReporterName } from '../../report/reporters.ts';
import { runConformance, type RunEvent, type RunOptions } from '../../runner/run-conformance.ts';
import { checkReplayHasSeed, parseCasePath } from '../../runner/case-path.ts';
import { builtInCommonErrors, builtInOperationSpecs } from '../../spec/built-in-specs.ts';
import { findOperationSpec } from '../../spec/find-operation-spec.ts';
import type { OperationSpec, Profile } from '../../spec/spec-schema.ts';
import { createGatedTarget } from '../../live/gated-target.ts';
import { createHandlerTarget } from '../../target/handler-target.ts';
import type { AwsCredentialIdentityProvider } from '@smithy/types';
import type { HttpRequestMessage } from '../../wire/http-message.ts';
import { withoutUserinfo } from '../../target/describe-endpoint.ts';
import { isRealService, resolveTarget, type ResolvedTarget } from '../../target/resolve-target.ts';
import { probesOneConnection, type Target } from '../../target/target.ts';
import { choiceOption, collect, collectReport, integerOption, type ExtraReport } from '../option-parsers.ts';
import { errnoCode } from '../../errno-code.ts';

interface RunCommandOptions {
  readonly endpoint?: string;
  readonly region?: string;
  readonly awsProfile?: string;
  readonly fixture?: string;
  readonly operation: string[];
  readonly profile: Profile;
  readonly patternMatching: 'full' | 'search';
  readonly transport: 'wire' | 'sdk';
  readonly numRuns?: number;
  readonly seed?: number;
  readonly path?: string;
  readonly timeout: number;
  readonly concurrency: number;
  readonly reporter: ReporterName;
  /** More reports, each in a format of its own, to a file of its own (`--report junit=conformance.xml`). */
  readonly report: ExtraReport<ReporterName>[];
  readonly output?: string;
  readonly live?: boolean;
  readonly allowDestructive?: boolean;
  readonly allowOrg: string[];
  readonly allowTokenDelete: string[];
  readonly dryRun?: boolean;
  readonly organizationId: string[];
  readonly saveFixture?: string;
  readonly maxRps?: number;
  readonly maxRequests?: number;
  readonly retries?: number;
  readonly record?: string;
  readonly coverage?: CoverageDepth;
  readonly specs?: string;
  readonly stateSequences?: number;
  readonly stateSequenceSteps?: number;
  readonly settleMs?: number;
  readonly strict?: boolean;
}

/**
 * The User Timing mark `run` sets at the start and the end of each phase of each operation (its detail: `{ phase, operation,
 * edge }`, `phase` one of `coverage`, `valid`, `invalid`, `shrink`, `stateful`, and `edge` `start` or `end`), and once as the
 * report is rendered (`{ phase: 'report', edge: 'start' }`). Phases of operations that run side by side overlap.
 */
export const phaseMarkName = 'workmail-conformance:phase';

/** How long a target may take per request, unless `--timeout` says otherwise. */
const defaultTimeoutMs = 10_000;

/** The flags of this run that a replay needs, for the reproduction commands in the report. */
function replayFlags(options: RunCommandOptions): string[] {
  const flags: string[] = [];
  // A live run replays as one: the same organizations, read first, and nothing changed unless the user adds the flags.
  if (options.live === true) flags.push('--live');
  for (const organizationId of options.organizationId) flags.push('--organization-id', organizationId);
  // The endpoint's user and password (http://user:password@host) are left out, as a live run's put-back commands leave them.
  if (options.endpoint !== undefined) flags.push('--endpoint', withoutUserinfo(options.endpoint));
  if (options.region !== undefined) flags.push('--region', options.region);
  if (options.specs !== undefined) flags.push('--specs', options.specs);
  if (options.fixture !== undefined) flags.push('--fixture', options.fixture);
  if (options.profile !== 'documented') flags.push('--profile', options.profile);
  if (options.patternMatching !== 'full') flags.push('--pattern-matching', options.patternMatching);
  if (options.transport !== 'wire') flags.push('--transport', options.transport);
  // A drawn case's path names its run by index: a path past the default count replays only with the run's own (trialW #1).
  if (options.numRuns !== undefined) flags.push('--num-runs', String(options.numRuns));
  if (options.stateSequences !== undefined) flags.push('--state-sequences', String(options.stateSequences));
  // The steps bound what a sequence can be: a stateful path replays only with the same bound.
  if (options.stateSequenceSteps !== undefined) flags.push('--state-sequence-steps', String(options.stateSequenceSteps));
  // A difference read once, or read again longer, can be judged otherwise: a replay reads as the run did.
  if (options.settleMs !== undefined) flags.push('--settle-ms', String(options.settleMs));
  // An answer slower than the run's timeout fails responseTime, or is none: a replay waits as long as the run did.
  if (options.timeout !== defaultTimeoutMs) flags.push('--timeout', String(options.timeout));
  return flags;
}

/**
 * The line a live run starts with: where it sends, why that is a live run (the flag or variable that chose the target),
 * and what it may change.
 */
function liveRunNotice(options: RunCommandOptions, resolved: ResolvedTarget & { readonly kind: 'endpoint' | 'aws' }): string {
  const chosenBy = resolved.chosenBy ?? 'the options given';
  const where =
    resolved.kind === 'endpoint'
      ? `${withoutUserinfo(resolved.endpoint)} (${chosenBy}${options.live === true ? ', --live' : ', an AWS host'})`
      : `the real WorkMail service in ${resolved.region} (${chosenBy})`;
  const mode = options.allowDestructive === true ? `destructive in ${options.allowOrg.join(', ')}: what it deletes there is put back` : 'safe: it deletes nothing a read shows present';
  return `workmail-conformance: a live run against ${where}, ${mode}`;
}

function resolveRunTarget(options: RunCommandOptions): ResolvedTarget {
  return resolveTarget({
    ...(options.endpoint === undefined ? {} : { endpoint: options.endpoint }),
    ...(options.region === undefined ? {} : { region: options.region }),
    ...(options.awsProfile === undefined ? {} : { awsProfile: options.awsProfile }),
  });
}

/** Connects once to where the run will send, and says which flag or variable named a place that does not answer. */
async function checkReachable(resolved: ResolvedTarget & { readonly kind: 'endpoint' | 'aws' }, endpoint: string, timeoutMs: number): Promise<void> {
  const { checkEndpointReachable } = await import('../../target/check-endpoint-reachable.ts');
  const problem = await checkEndpointReachable(endpoint, Math.min(timeoutMs, 5_000));
  if (problem !== undefined) throw new ConfigError(resolved.kind === 'endpoint' ? `${resolved.chosenBy ?? '--endpoint'}: ${problem}` : problem);
}

async function prepareTarget(
  options: RunCommandOptions,
  resolved: ResolvedTarget,
  fixture: Fixture | undefined,
  specs: readonly OperationSpec[],
  credentials: AwsCredentialIdentityProvider | undefined,
): Promise<{ target: Target; fixture: Fixture | undefined; endpointUrl: string | undefined; region: string | undefined; resetTarget?: () => void; concurrency?: number }> {
  if (resolved.kind === 'none') {
    const mockFixture = fixture ?? demoFixtureFor(specs);
    const mock = createReferenceMock({ fixture: mockFixture, specs });
    const description = `embedded reference mock (${fixture === undefined ? 'demo organization' : options.fixture})`;
    return { target: createHandlerTarget(mock.handle, description), fixture: mockFixture, endpointUrl: undefined, region: undefined, resetTarget: () => mock.reset() };
  }
  // The HTTP and SDK transports (undici, the AWS SDK) load only for a run that sends to an endpoint.
  const { createTarget, workMailEndpoint } = await import('../../target/create-target.ts');
  const endpoint = resolved.kind === 'endpoint' ? resolved.endpoint : workMailEndpoint(resolved.region);
  await checkReachable(resolved, endpoint, options.timeout);
  const target = await createTarget(resolved, { transport: options.transport, ...(credentials === undefined ? {} : { credentials }) });
  let oneConnection = false;
  try {
    // Signed as the run's requests are: credentials that cannot be loaded end the run here, before anything is sent.
    oneConnection = resolved.kind === 'endpoint' && probesOneConnection(target) && (await target.useOneConnectionIfServedSo(await probeRequest(specs), Math.min(options.timeout, 5_000)));
  } catch (error) {
    await target.close();
    throw error;
  }
  if (oneConnection) {
    process.stderr.write(
      `workmail-conformance: ${withoutUserinfo(endpoint)} answered nothing on a second connection while a first stayed open, and answered it once the first closed: it serves one connection at a time (as Python's HTTPServer does on HTTP/1.1), so the run sends one request at a time over one connection\n`,
    );
  }
  return { target, fixture, endpointUrl: resolved.kind === 'endpoint' ? endpoint : undefined, region: resolved.region, ...(oneConnection ? { concurrency: 1 } : {}) };
}

/**
 * The request that finds a mock serving one connection at a time (see `useOneConnectionIfServedSo`): a List of no
 * organization, which changes nothing; every target the kit reads effects of serves its List.
 */
async function probeRequest(specs: readonly OperationSpec[]): Promise<HttpRequestMessage> {
  const spec = specs.find((candidate) => candidate.resourceKind.list !== undefined) ?? specs[0];
  if (spec === undefined) throw new Error('a run checks at least one operation');
  // Loaded here, as the transports are: a run against the embedded mock loads neither.
  const [{ loadSupportingOperationSpecs }, { buildAwsJsonRequest }] = await Promise.all([import('../../mock/load-supporting-operation-specs.ts'), import('../../wire/aws-json.ts')]);
  const listSpec = loadSupportingOperationSpecs().find((candidate) => candidate.operation === spec.resourceKind.list?.operation);
  return buildAwsJsonRequest({ protocol: { ...spec.protocol, target: listSpec?.target ?? spec.protocol.target } }, {});
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
    .option('--specs <dir>', 'a folder of operation specs to check instead of the built-in ones (see "The spec format")')
    .option('--profile <profile>', "which outcomes count as conformant: 'documented' (exactly the docs) or 'aws' (also ValidationException, SerializationException)", choiceOption('--profile', ['documented', 'aws'] as const), 'documented')
    .option('--pattern-matching <mode>', "'full' (whole value, as AWS does) or 'search'", choiceOption('--pattern-matching', ['full', 'search'] as const), 'full')
    .option('--transport <transport>', "'wire' (fast, sends any body) or 'sdk' (through @aws-sdk/client-workmail)", choiceOption('--transport', ['wire', 'sdk'] as const), 'wire')
    .option('--num-runs <n>', 'runs per property and operation (default 100; 10 in a live run)', integerOption('--num-runs', 0, 10_000_000))
    .option('--seed <n>', 'seed of the property phase (default: random, printed in the report)', integerOption('--seed', -2_147_483_648, 2_147_483_647))
    .option('--path <path>', 'replay one case, as a report gives it (e.g. DeletePersonalAccessToken.invalid:42:3); a drawn case that fails again is shrunk further')
    .option('--timeout <ms>', 'milliseconds a target may take per request', integerOption('--timeout', 1, 3_600_000), defaultTimeoutMs)
    .option('--concurrency <n>', 'cases in flight at once, every operation together', integerOption('--concurrency', 1, 1024), 8)
    .option('--reporter <name>', 'console, json, junit or github (the console report and a GitHub Actions annotation per finding)', choiceOption('--reporter', Object.keys(reporters) as ReporterName[]), 'console')
    .option('--output <file>', 'write the report to a file instead of stdout (it replaces only an earlier report of the kit, or an empty file)')
    .option('--report <name=file>', 'also write the report as console, json, junit or github to a file (repeatable), e.g. --report junit=conformance.xml --report json=conformance.json', collectReport('--report', Object.keys(reporters) as ReporterName[]), [])
    .option('--live', 'treat the endpoint as the real service: safe by default, rate-limited, budgeted (implied without an endpoint)')
    .option('--allow-destructive', 'let a live run delete existing mailbox permissions (restored afterwards), and the tokens named by --allow-token-delete; needs --allow-org')
    .option('--allow-org <id>', 'an organization where --allow-destructive applies (repeatable)', collect, [])
    .option('--allow-token-delete <id>', 'a personal access token a destructive run may delete for good (repeatable): no call puts one back, and a token --fixture lists is not deleted without it', collect, [])
    .option('--dry-run', 'print the planned requests (sent or held back) and send nothing')
    .option('--organization-id <id>', 'without --fixture: build the fixture of this organization with read-only calls (repeatable)', collect, [])
    .option('--save-fixture <file>', 'write the discovered fixture to a file for review; never replaces an existing file')
    .option('--max-rps <n>', 'requests per second at the most (default: 2 for the real service, 20 for a --live endpoint, unlimited otherwise)', integerOption('--max-rps', 1, 100_000))
    .option('--max-requests <n>', 'stop sending after this many requests (default: 600 in a live run, reads included; unlimited otherwise)', integerOption('--max-requests', 1, 100_000_000))
    .option('--retries <n>', 'retries of transient answers (throttling, internal failures, network errors) with backoff (default: 3 in a live run, 0 otherwise)', integerOption('--retries', 0, 10))
    .option('--record <file>', 'write every exchange as NDJSON (credentials and signatures removed), for replay and serve --from-recording; never replaces an existing file')
    .option('--coverage <depth>', "coverage phase: 'full' or 'compact' (default: compact in a live run, full otherwise)", choiceOption('--coverage', ['full', 'compact'] as const))
    .option('--state-sequences <n>', 'sequences of deletes, puts and lists in the stateful phase, judged step by step with the model (default 50; 0 turns it off; never in a live run)', integerOption('--state-sequences', 0, 100_000))
    .option('--state-sequence-steps <n>', 'steps per sequence at the most (default 10)', integerOption('--state-sequence-steps', 1, 1_000))
    .option('--settle-ms <ms>', 'how long a List may lag behind a delete or a put: a read that differs is read again for up to this long (default 1500; 10000 in a live run; 0 reads once)', integerOption('--settle-ms', 0, 3_600_000))
    .option('--strict', "exit 1 where a conformant verdict rests on less than it says: no real delete exercised or read back, no state sequence judged (the verdict line's \"but …\")")
    .addHelpText(
      'after',
      [
        '',
        'Exit codes:',
        '  0    conformant: no rule broken, and the run complete (a live run: the organizations also as it found them)',
        '  1    a rule broken, or the run stopped early (target stopped answering, budget spent: summary.incomplete in',
        '       JSON), or a live run left an organization changed or unverified; with --strict, a conformant verdict with a "but"',
        '  2    a usage or configuration error (bad flag, fixture or spec; endpoint unreachable at the start)',
        '  130  interrupted (143 SIGTERM, 129 SIGHUP), after the report of what it judged',
      ].join('\n'),
    )
    .action(async (options: RunCommandOptions) => {
      checkRunFiles(
        [
          ...(options.output === undefined ? [] : [{ flag: '--output', file: options.output }]),
          ...options.report.map(({ file }) => ({ flag: '--report', file })),
          ...(options.record === undefined ? [] : [{ flag: '--record', file: options.record, keptAs: 'a recording' }]),
          ...(options.saveFixture === undefined ? [] : [{ flag: '--save-fixture', file: options.saveFixture, keptAs: 'a saved fixture' }]),
        ],
        options.fixture === undefined ? [] : [{ flag: '--fixture', file: options.fixture }],
      );
      const resolved = resolveRunTarget(options);
      // The real service, named by a region or by its URL, is only ever sent to by a live run.
      const live = isRealService(resolved) || options.live === true;
      checkLiveFlags(options, live, resolved);
      // What the user gives is validated (with zod, loaded only then); the shipped specs were validated by the tests.
      const userFixture = options.fixture === undefined ? undefined : (await import('../../fixture/load-fixture.ts')).loadFixture(options.fixture, '--fixture');
      const specs = options.specs === undefined ? builtInOperationSpecs() : (await import('../../spec/load-spec.ts')).loadOperationSpecs(options.specs);
      const selected = options.operation.length === 0 ? specs : [...new Set(options.operation.map((operation) => findOperationSpec(specs, operation, '--operation')))];
      if (options.specs !== undefined) {
        const { checkValuesBuildable } = await import('../../arbitraries/member-value.ts');
        for (const spec of selected) checkValuesBuildable(spec, `--specs ${options.specs}`);
      }
      const unreachable = userFixture === undefined ? undefined : unreachableOrganization(userFixture, selected, { patternMatching: options.patternMatching });
      if (unreachable !== undefined) throw new ConfigError(`--fixture ${options.fixture}: ${unreachable}`);
      for (const [flag, ids] of [['--organization-id', options.organizationId], ['--allow-org', options.allowOrg]] as const) {
        for (const id of ids) {
          const broken = unnameableOrganization(id, selected, { patternMatching: options.patternMatching });
          if (broken !== undefined) throw new ConfigError(`${flag} ${id}: ${broken}, so it names no organization; give its real ID`);
        }
      }
      // Once each ID has its form: an ID that could name no organization is told as that, not as one the run does not read.
      for (const organizationId of options.allowOrg) {
        if (!options.organizationId.includes(organizationId) && userFixture?.organizations.some((organization) => organization.id === organizationId) !== true) {
          throw new ConfigError(`--allow-org ${organizationId}: the run must read that organization first: name it with --organization-id (or in the --fixture file)`);
        }
      }
      for (const id of options.allowTokenDelete) {
        const broken = unnameableResourceKey(id, 'personalAccessToken', selected, { patternMatching: options.patternMatching });
        if (broken !== undefined) throw new ConfigError(`--allow-token-delete ${id}: ${broken}, so it names no token; give its real ID`);
      }
      if (options.path !== undefined) checkReplayHasSeed(parseCasePath(options.path), options.seed, { path: '--path', seed: '--seed' });
      const settings = runSettings(options, live);
      if (options.dryRun === true) {
        await dryRun(options, live, resolved, userFixture, specs, settings);
        setExitCode(0);
        return;
      }
      const progress = createProgressLine(process.stderr);
      const seed = options.seed ?? (Date.now() ^ (Math.random() * 0x1_0000_0000)) | 0;
      let recorder: Recorder | undefined;
      const recordingLost = new AbortController();
      // Neither a recording nor a report may hold them: a target's answer may echo a request's signature or token.
      // One provider for the run, so that a profile's credential_process (perhaps an MFA prompt) runs once, not once per user.
      const chain = await runCredentials(options, resolved);
      const secrets = await knownSecrets(resolved, chain);
      // Credentials renewed during the run (SSO, an assumed role, a credential_process) sign requests too: each is a secret.
      const credentials = chain === undefined ? undefined : (await import('../../target/resolve-credentials.ts')).collectingSecrets(chain, secrets);
      const scrub = createScrubber(secrets);
      const startRecording = (description: string, fixture: Fixture | undefined, startRead?: Discovery) => {
        if (options.record === undefined) return;
        const header = {
          type: 'run' as const,
          format: recordingFormat,
          tool: 'workmail-conformance' as const,
          version: toolVersion,
          target: description,
          startedAt: new Date().toISOString(),
          seed,
          settings: recordingSettings(options, settings, selected, live, resolved, startRead),
          fixture: fixture ?? null,
          // A live run's start read is what the service held; with --fixture, the cases were drawn from the user's file instead.
          ...(startRead === undefined ? {} : { startRead: { ...(userFixture === undefined ? {} : { fixture: startRead.fixture }), gaps: [...startRead.gaps] } }),
          ...(journal === undefined ? {} : { restoreJournal: journal.path }),
          // Without their `$schema`: a path beside the spec file, which means nothing in a recording.
          rules: { operations: selected.map(({ $schema: _path, ...spec }) => spec), commonErrors: withoutSchemaPath(builtInCommonErrors()) },
        };
        // A live run's recording is the evidence it is made for: once it cannot be written, no case starts.
        recorder = createRecorder(options.record, header, secrets, live ? (why) => recordingLost.abort(`--record ${options.record ?? ''}: writing stopped (${why}), and a live run does not go on without its recording: no case started after it`) : undefined);
        for (const { request, at } of heardBeforeHeader.splice(0)) recorder.onRequest(request, at);
      };
      // A live run's reads at its start come before the header can be written (it holds what they read): kept until then.
      const heardBeforeHeader: { request: SupportingRequest; at: Date }[] = [];
      const recordRequest = (request: SupportingRequest) => {
        if (recorder === undefined) heardBeforeHeader.push({ request, at: new Date() });
        else recorder.onRequest(request);
      };
      // From here on, Ctrl-C quits at once before the first case, and stops the run softly after it (a destructive live run
      // must not end between a delete and its put back).
      const interrupts = listenForInterrupts({
        stderr: process.stderr,
        live,
        exit: (code) => {
          // Quit at once, with no report: the recording still says it holds only part of the run.
          recorder?.abandon('quit at once by an interrupt, with no report');
          process.exit(code);
        },
        beforeMessage: () => progress.finish(),
      });
      const onEvent = (event: RunEvent) => {
        if (event.type === 'phaseStarted') interrupts.casesStarted();
        // A User Timing mark per phase (a handful per run), so that a profiler or `npm run bench` can time the phases.
        if (event.type === 'phaseStarted' || event.type === 'phaseEnded') {
          performance.mark(phaseMarkName, { detail: { phase: event.phase, operation: event.operation, edge: event.type === 'phaseStarted' ? 'start' : 'end' } });
        }
        progress.onEvent(event);
        recorder?.onEvent(event);
      };
      let journal: RestoreJournal | undefined;
      try {
        let report: ConformanceReport;
        if (live && resolved.kind !== 'none') {
          const endpoint = resolved.kind === 'endpoint' ? resolved.endpoint : undefined;
          // Checked here too, so that a stand-in that does not answer is named by the flag that chose it, not as live.endpoint.
          if (endpoint !== undefined) await checkReachable(resolved, endpoint, options.timeout);
          // A run killed before it put back left its journal: a new run would take its losses, unseen, as the organization's state.
          const fixCommand = { region: resolved.region, endpoint };
          if (options.allowDestructive === true) {
            const prefixes = options.allowOrg.map((organizationId) => putMailboxPermissionsCommandPrefix(fixCommand, organizationId));
            journal = openRestoreJournal((line) => process.stderr.write(`${line}\n`), undefined, prefixes);
          } else {
            const warning = leftoverJournalWarning([putMailboxPermissionsCommandPrefix(fixCommand)]);
            if (warning !== undefined) process.stderr.write(`${warning}\n`);
          }
          report = await runConformance({
            ...caseOptions(options, specs, settings),
            ...(userFixture === undefined ? {} : { fixture: userFixture }),
            seed,
            timeoutMs: options.timeout,
            concurrency: options.concurrency,
            reproduce: { kitArgs: replayFlags(options), endpointUrl: endpoint === undefined ? undefined : withoutUserinfo(endpoint), region: resolved.region, realService: endpoint === undefined },
            onEvent,
            ...(options.record === undefined ? {} : { onRequest: recordRequest }),
            signal: AbortSignal.any([interrupts.signal, recordingLost.signal]),
            live: {
              ...(endpoint === undefined ? {} : { endpoint }),
              region: resolved.region,
              ...(credentials === undefined ? {} : { credentials }),
              transport: options.transport,
              organizationIds: options.organizationId,
              allowedOrganizations: options.allowDestructive === true ? options.allowOrg : [],
              deletableTokens: options.allowTokenDelete,
              ...(options.maxRps === undefined ? {} : { maxRps: options.maxRps }),
              ...(options.maxRequests === undefined ? {} : { maxRequests: options.maxRequests }),
              ...(options.retries === undefined ? {} : { retries: options.retries }),
              onEndReadWait: (why) => process.stderr.write(`workmail-conformance: ${why}\n`),
              onPutBackPending: (commands) => {
                interrupts.setPutBackCommands(commands);
                journal?.keep(commands);
                recorder?.putBackPending(commands);
              },
              onDiscovery: (discovery) => {
                // Said once the organizations are read, before the first case: a region in the environment
                // (AWS_DEFAULT_REGION) makes `run` live unasked.
                process.stderr.write(`${liveRunNotice(options, resolved)}\n`);
                saveDiscovery(options, discovery, scrub);
                startRecording(endpoint === undefined ? `WorkMail ${resolved.region}` : withoutUserinfo(endpoint), userFixture ?? discovery.fixture, discovery);
              },
            },
          });
        } else {
          const prepared = await prepareTarget(options, resolved, userFixture, specs, credentials);
          const gate = settings.gated ? createRequestGate({ maxPerSecond: options.maxRps, maxRequests: options.maxRequests, retries: options.retries ?? 0 }) : undefined;
          const target = gate === undefined ? prepared.target : createGatedTarget(prepared.target, gate, transientErrorTypes(builtInCommonErrors()));
          startRecording(target.description, prepared.fixture);
          try {
            report = await runConformance({
              target,
              ...caseOptions(options, specs, settings),
              ...(prepared.fixture === undefined ? {} : { fixture: prepared.fixture }),
              seed,
              timeoutMs: options.timeout,
              concurrency: prepared.concurrency ?? options.concurrency,
              reproduce: { kitArgs: replayFlags(options), endpointUrl: prepared.endpointUrl === undefined ? undefined : withoutUserinfo(prepared.endpointUrl), region: prepared.region },
              onEvent,
              ...(recorder === undefined ? {} : { onRequest: recorder.onRequest }),
              signal: interrupts.signal,
              ...(gate === undefined ? {} : { shouldStop: () => gate.stopReason() }),
              ...(prepared.resetTarget === undefined ? {} : { resetTarget: prepared.resetTarget }),
            });
          } finally {
            await target.close();
          }
        }
        progress.finish();
        if (options.strict === true) report = withStrictVerdict(report);
        recorder?.end(report);
        performance.mark(phaseMarkName, { detail: { phase: 'report', operation: undefined, edge: 'start' } });
        const shown = scrub(report);
        const text = reporters[options.reporter](shown);
        const safety = liveSafetyProblems(shown);
        // The line says what the exit code will: a conformant target, and what a live run left of the organizations.
        const standing = liveSafetyStanding(shown);
        const caveats = [...(standing === undefined ? [] : [`the organizations are ${standing} (see stderr)`]), ...verdictCaveats(report.summary)];
        const verdict = verdictText(report.summary);
        const saidWritten = (file: string) => process.stderr.write(`report written to ${file}: ${withCaveats(verdict, caveats)}\n`);
        const written = writeReport(options.output, text, saidWritten);
        // Each --report after the main one, so that a report that cannot be written never hides it; exit 2 if one could not.
        const extraWritten = options.report.map(({ reporter, file }) => writeReportFile(`--report ${reporter}=${file}`, file, reporters[reporter](shown), saidWritten));
        for (const line of safety) process.stderr.write(line.startsWith(' ') ? `${line}\n` : `workmail-conformance: ${line}\n`);
        const recordingFailure = recorder?.failure();
        if (recordingFailure !== undefined) {
          process.stderr.write(`workmail-conformance: --record ${options.record ?? ''}: writing stopped (${recordingFailure}); the recording is cut short there, without its end line\n`);
        }
        // An interrupt that came once every case was sent stopped nothing: the run's own code stands.
        const stoppedBy = report.summary.incomplete === undefined ? undefined : interrupts.exitCode();
        // --strict: a CI gate that takes a verdict's "but …" (a target serving no List, a fixture with nothing to delete) as a failure.
        const unmetStrict = report.summary.strict?.unmet ?? [];
        if (unmetStrict.length > 0) process.stderr.write(`workmail-conformance: --strict: conformant, but ${unmetStrict.join(', and ')}: exit 1\n`);
        setExitCode(stoppedBy ?? (!written || extraWritten.includes(false) || recordingFailure !== undefined ? 2 : report.summary.conformant && safety.length === 0 && unmetStrict.length === 0 ? 0 : 1));
      } finally {
        interrupts.dispose();
        journal?.close();
        progress.finish();
        recorder?.close();
      }
    });
}

function saveDiscovery(options: RunCommandOptions, discovery: Discovery, scrub: <T>(value: T) => T): void {
  // A gap's why quotes the target's answer, which may quote the request's credentials.
  for (const gap of discovery.gaps) process.stderr.write(scrub(`not known: ${gap.organizationId} ${gap.what} (${gap.why})\n`));
  if (options.saveFixture === undefined) return;
  const descriptor = openNewFile('--save-fixture', options.saveFixture, 'a saved fixture');
  try {
    writeSync(descriptor, `${JSON.stringify(discovery.fixture, null, 2)}\n`);
  } catch (error) {
    throw new ConfigError(`--save-fixture ${options.saveFixture}: cannot be written (${errnoCode(error)})`);
  } finally {
    closeSync(descriptor);
  }
  process.stderr.write(`fixture of ${discovery.fixture.organizations.map((organization) => organization.id).join(', ')} written to ${options.saveFixture}\n`);
}

interface RunSettings {
  /** A plain mock run sent through a request gate (rate, budget, retries) because a flag asks for one. */
  readonly gated: boolean;
  readonly numRuns: number;
  readonly coverage: CoverageDepth;
}

/** The run options a real run and a dry run both take from the flags: which cases, judged how. */
function caseOptions(options: RunCommandOptions, specs: readonly OperationSpec[], settings: RunSettings) {
  return {
    specs,
    ...(options.operation.length === 0 ? {} : { operations: options.operation }),
    profile: options.profile,
    semantics: { patternMatching: options.patternMatching },
    numRuns: settings.numRuns,
    ...(options.path === undefined ? {} : { path: options.path }),
    coverage: settings.coverage,
    ...(options.stateSequences === undefined ? {} : { stateSequences: options.stateSequences }),
    ...(options.stateSequenceSteps === undefined ? {} : { stateSequenceSteps: options.stateSequenceSteps }),
    ...(options.settleMs === undefined ? {} : { settleMs: options.settleMs }),
  } satisfies Partial<RunOptions>;
}

/** The common errors as a recording keeps them: without the `$schema` path of their file. */
function withoutSchemaPath<Errors extends { readonly $schema?: string | undefined }>(errors: Errors): Omit<Errors, '$schema'> {
  const { $schema: _path, ...rest } = errors;
  return rest;
}

/** How a run is set up, for its recording's header: what a reader of the recording needs to understand its verdicts. */
function recordingSettings(options: RunCommandOptions, settings: RunSettings, selected: readonly OperationSpec[], live: boolean, resolved: ResolvedTarget, startRead: Discovery | undefined): RecordingSettings {
  const region = resolved.kind === 'none' ? undefined : resolved.region;
  return {
    operations: selected.map((spec) => spec.operation),
    profile: options.profile,
    patternMatching: options.patternMatching,
    transport: resolved.kind === 'none' ? 'in-process' : options.transport,
    ...(region === undefined ? {} : { region }),
    coverage: settings.coverage,
    numRuns: settings.numRuns,
    ...(live
      ? {
          live: {
            mode: options.allowDestructive === true ? ('destructive' as const) : ('safe' as const),
            // Those named by --organization-id and those of --fixture: every one the start read.
            organizationIds: startRead === undefined ? [...options.organizationId] : startRead.fixture.organizations.map((organization) => organization.id),
            allowedOrganizations: options.allowDestructive === true ? [...options.allowOrg] : [],
          },
        }
      : {}),
    ...(options.maxRps === undefined ? {} : { maxRps: options.maxRps }),
    ...(options.maxRequests === undefined ? {} : { maxRequests: options.maxRequests }),
    ...(options.retries === undefined ? {} : { retries: options.retries }),
    ...(options.path === undefined ? {} : { path: options.path }),
    ...(options.strict === true ? { strict: true } : {}),
    timeoutMs: options.timeout,
    concurrency: options.concurrency,
    ...(options.settleMs === undefined ? {} : { settleMs: options.settleMs }),
    ...(options.stateSequences === undefined ? {} : { stateSequences: options.stateSequences }),
    ...(options.stateSequenceSteps === undefined ? {} : { stateSequenceSteps: options.stateSequenceSteps }),
    node: process.version,
    specs: selected.map((spec) => ({ operation: spec.operation, documentation: spec.provenance.documentation, model: spec.provenance.model, encoded: spec.provenance.encoded })),
  };
}

/**
 * The defaults that depend on the kind of run: fewer cases in a live run. A live run's rate, budget and retries, unless given,
 * are its session's own (`openLiveSession`: low and safe for the real service); a plain mock run is gated only when a flag
 * asks for it.
 */
function runSettings(options: RunCommandOptions, live: boolean): RunSettings {
  return {
    gated: !live && (options.maxRps !== undefined || options.maxRequests !== undefined || options.retries !== undefined),
    numRuns: options.numRuns ?? (live ? 10 : 100),
    coverage: options.coverage ?? (live ? 'compact' : 'full'),
  };
}

function checkLiveFlags(options: RunCommandOptions, live: boolean, resolved: ResolvedTarget): void {
  if (options.live === true && resolved.kind === 'none') {
    throw new ConfigError('--live: needs a target standing in for the real service (--endpoint URL, or --region for the real service)');
  }
  if (!live && (options.allowDestructive === true || options.allowOrg.length > 0)) {
    throw new ConfigError('--allow-destructive and --allow-org apply to live runs only (the real service, or --live with --endpoint)');
  }
  if (options.allowDestructive === true && options.allowOrg.length === 0) {
    throw new ConfigError('--allow-destructive: name the organization(s) it may change with --allow-org ID');
  }
  if (options.allowOrg.length > 0 && options.allowDestructive !== true) {
    throw new ConfigError('--allow-org: a destructive run also needs --allow-destructive');
  }
  if (options.allowTokenDelete.length > 0 && options.allowDestructive !== true) {
    throw new ConfigError('--allow-token-delete: deletes a token for good, so only in a destructive run: add --allow-destructive --allow-org ID');
  }
  if (options.saveFixture !== undefined && (options.organizationId.length === 0 || options.fixture !== undefined)) {
    throw new ConfigError('--save-fixture: writes a discovered fixture, so it needs --organization-id and no --fixture');
  }
  if (options.organizationId.length > 0 && options.fixture === undefined && resolved.kind === 'none' && options.dryRun !== true) {
    throw new ConfigError('--organization-id: discovery needs a target (--endpoint URL or --region)');
  }
}




/** The credentials that sign a run's requests: the chain's (or `--aws-profile`'s, or the dummy ones), resolved once for the run. */
async function runCredentials(options: RunCommandOptions, resolved: ResolvedTarget): Promise<AwsCredentialIdentityProvider | undefined> {
  if (resolved.kind === 'none') return undefined;
  const { resolveCredentials } = await import('../../target/resolve-credentials.ts');
  return resolveCredentials({
    ...(resolved.kind === 'endpoint' ? { endpoint: resolved.endpoint } : {}),
    ...(options.awsProfile === undefined ? {} : { awsProfile: options.awsProfile }),
  });
}

/** The secrets no recording or report may contain: the signing credentials, and any credentials in the environment. */
async function knownSecrets(resolved: ResolvedTarget, credentials: AwsCredentialIdentityProvider | undefined): Promise<string[]> {
  const secrets = [process.env['AWS_ACCESS_KEY_ID'], process.env['AWS_SECRET_ACCESS_KEY'], process.env['AWS_SESSION_TOKEN'], process.env['AWS_SECURITY_TOKEN']].filter((value): value is string => value !== undefined && value !== '');
  // A password in the endpoint (http://user:password@host) is one too, wherever the endpoint is repeated.
  if (resolved.kind === 'endpoint') {
    const { password } = new URL(resolved.endpoint);
    if (password !== '') secrets.push(password, decodeURIComponent(password));
  }
  if (credentials === undefined) return secrets;
  try {
    // Through collectingSecrets: it adds the identity's values, but for the package's own dummy credentials.
    const { collectingSecrets } = await import('../../target/resolve-credentials.ts');
    await collectingSecrets(credentials, secrets)();
  } catch {
    // No credentials: nothing to scrub, and the run itself reports the problem.
  }
  return secrets;
}

/** A target for dry runs: the send policy holds every case back, so it is never called. */
const noNetworkTarget: Target = {
  description: 'dry run (nothing is sent)',
  capabilities: { rawBodies: true },
  send: () => Promise.reject(new ConfigError('dry run: a request was about to be sent')),
  close: () => Promise.resolve(),
};

/** Prints, one line each, the requests a run would send, or send only after a read shows what they name absent; opens no connection. */
async function dryRun(options: RunCommandOptions, live: boolean, resolved: ResolvedTarget, userFixture: Fixture | undefined, specs: readonly OperationSpec[], settings: RunSettings): Promise<void> {
  const fixture = userFixture ?? (resolved.kind === 'none' ? demoFixtureFor(specs) : undefined);
  const lines: string[] = [];
  if (live) {
    lines.push('# a live run first reads the organizations it names (read-only calls); each "read" line is sent only if a read just before shows what it names absent');
    if (options.allowDestructive === true) {
      const tokens = options.allowTokenDelete.length === 0 ? 'no token is deleted (none is named by --allow-token-delete)' : `the tokens ${options.allowTokenDelete.join(', ')} (--allow-token-delete) are deleted for good where a read shows them present`;
      lines.push(`# except in ${options.allowOrg.join(', ')} (--allow-destructive --allow-org): there a "read" line is sent also when the read shows the mailbox permission it names present, which is then put back and read back; ${tokens}`);
    }
    if (userFixture === undefined && options.organizationId.length > 0) {
      // The cases of a real run are drawn from what its read finds, which a dry run does not read: these name none of it.
      lines.push(`# without --fixture this plan knows nothing of ${options.organizationId.join(', ')}: the run draws its cases from what it reads there, so they differ from these; give --fixture (one saved by --save-fixture) to see the plan for what the organization holds`);
    }
  }
  const counts = { send: 0, read: 0, hold: 0 };
  const words = { inert: 'send', readFirst: 'read', holdBack: 'hold' } as const;
  // Not live, every case goes as it is, deletes of what the target holds included: the comment says so, not that it is inert.
  const comments = { inert: live ? 'changes nothing' : 'sent as it is', readFirst: 'read first', holdBack: 'held back' } as const;
  const semantics = { patternMatching: options.patternMatching };
  const report = await runConformance({
    target: noNetworkTarget,
    ...caseOptions(options, specs, settings),
    ...(fixture === undefined ? {} : { fixture }),
    ...(options.seed === undefined ? {} : { seed: options.seed }),
    stateSequencesOff: 'a dry run sends nothing',
    sendPolicy: (spec, testCase) => {
      const plan = live ? planLiveSend(spec, testCase, { known: fixture === undefined ? [] : [fixture], semantics }) : { kind: 'inert' as const, reason: 'not a live run, so nothing is read first (it may delete what the target holds)' };
      const word = words[plan.kind];
      counts[word] += 1;
      lines.push(`${word} ${spec.operation} ${caseBodyText(testCase)}  # ${testCase.description}; ${comments[plan.kind]}: ${plan.reason}`);
      return 'skip';
    },
  });
  const held = counts.hold > 0 ? `, ${counts.hold} held back (each line says why)` : '';
  lines.push(`# dry run (seed ${report.seed}): ${counts.send} request(s) would be sent as they are, ${counts.read} only after a read shows what they name absent${held}; nothing was sent`);
  process.stdout.write(`${lines.join('\n')}\n`);
}
