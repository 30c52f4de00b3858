import type { CaseBody } from '../cases/case.ts';
import type { OperationSpec } from '../spec/spec-schema.ts';
import type { Reproduction } from './conformance-report.ts';

/** What a reproduction command needs beyond the case: the run's own flags, and where the target is. */
export interface ReproduceContext {
  /**
   * Flags of the CLI run that matter for a replay (`--endpoint`, `--fixture`, `--profile`, ...), already split into words;
   * `undefined` for a run started from code (`runConformance`), whose target no command line names: it is replayed by
   * `runConformance` with the same options and the finding's seed and path.
   */
  readonly kitArgs: readonly string[] | undefined;
  /** The target's endpoint, where the AWS CLI reaches it with `--endpoint-url`. */
  readonly endpointUrl: string | undefined;
  readonly region: string | undefined;
  /**
   * Whether the target is the real service, which the AWS CLI reaches without `--endpoint-url`. Without an endpoint and
   * without this, no AWS CLI command is given: it would go to the real service, not to the target (an in-process mock).
   */
  readonly realService?: boolean;
}

/** The context of a run started from code: replayed by `runConformance` itself, and no AWS CLI command reaches its target. */
export const codeRunReproduceContext: ReproduceContext = { kitArgs: undefined, endpointUrl: undefined, region: undefined };

/**
 * Quotes a word for a POSIX shell (single quotes, `'` written as `'\''`) unless it is plainly safe.
 *
 * @example
 * shellQuote("it's"); // "'it'\\''s'"
 */
export function shellQuote(word: string): string {
  return /^[A-Za-z0-9_./:=@%+-]+$/.test(word) ? word : `'${word.replaceAll("'", "'\\''")}'`;
}

function kebabCase(name: string): string {
  return name.replace(/([a-z0-9])([A-Z])/g, '$1-$2').toLowerCase();
}

/**
 * How the kit replays a case or sequence: the CLI with the run's flags, or, for a run started from code, `runConformance`
 * with the caller's options.
 */
function kitReplay(context: ReproduceContext, operations: readonly string[], seed: number, path: string): string {
  if (context.kitArgs === undefined) {
    const names = operations.map((operation) => `'${operation}'`).join(', ');
    return `runConformance({ ...the same options, operations: [${names}], seed: ${seed}, path: '${path}' })`;
  }
  return ['npx', 'workmail-conformance', 'run', ...context.kitArgs, ...operations.flatMap((operation) => ['--operation', operation]), '--seed', String(seed), '--path', path]
    .map(shellQuote)
    .join(' ');
}

/** The AWS CLI command that sends one input to the target, where the AWS CLI reaches it. */
function awsCliCommand(context: ReproduceContext, spec: Pick<OperationSpec, 'service'>, operation: string, input: unknown): string | undefined {
  if (context.endpointUrl === undefined && context.realService !== true) return undefined;
  const words = ['aws', spec.service.sdkId.toLowerCase().replaceAll(' ', '-'), kebabCase(operation), '--cli-input-json', JSON.stringify(input)];
  if (context.endpointUrl !== undefined) words.push('--endpoint-url', context.endpointUrl);
  if (context.region !== undefined) words.push('--region', context.region);
  return words.map(shellQuote).join(' ');
}

/**
 * The commands that send a case again: the kit with seed and path, and the AWS CLI where it can express the input (string
 * members only) and reaches the target (an endpoint, or the real service).
 *
 * @example
 * reproduction(context, spec, { kind: 'input', input }, 42, 'DeletePersonalAccessToken.coverage:3').awsCli;
 */
export function reproduction(context: ReproduceContext, spec: OperationSpec, body: CaseBody, seed: number, path: string, options: { readonly readBack?: boolean } = {}): Reproduction {
  const kit = kitReplay(context, [spec.operation], seed, path);
  const expressible = body.kind === 'input' && Object.values(body.input).every((value) => typeof value === 'string');
  const command = expressible ? awsCliCommand(context, spec, spec.operation, body.input) : undefined;
  if (command === undefined || options.readBack !== true || body.kind !== 'input') return { kit, awsCli: command };
  return { kit, awsCli: [command, ...readBackCommands(context, spec, body.input)].join('\n') };
}

/**
 * The List commands that show what a request changed, sent after it: per the List of its resource kind, one per entity its
 * input names (a mailbox's permissions list: the entity's and the grantee's, where a mirror permission would go) or one for
 * its organization (tokens).
 */
function readBackCommands(context: ReproduceContext, spec: OperationSpec, input: Readonly<Record<string, unknown>>): string[] {
  const list = spec.resourceKind.list;
  if (list === undefined) return [];
  const organization = Object.entries(spec.input).find(([, member]) => member.refersTo === 'organization')?.[0];
  const organizationId = organization === undefined ? undefined : input[organization];
  const perEntity = Object.entries(list.input).find(([, source]) => source !== 'organizationId')?.[0];
  const entities = [...new Set(Object.entries(spec.input).filter(([, member]) => member.refersTo === 'entity').map(([name]) => input[name]))];
  const inputs = (perEntity === undefined ? [undefined] : entities).map((entity) =>
    Object.fromEntries(Object.entries(list.input).map(([member, source]) => [member, source === 'organizationId' ? organizationId : entity])),
  );
  return inputs.flatMap((listInput) => awsCliCommand(context, spec, list.operation, listInput) ?? []);
}

/** One request of a sequence, as a reproduction lists it. */
export interface SequenceRequest {
  readonly operation: string;
  readonly input: Readonly<Record<string, unknown>>;
}

/**
 * The commands that run a sequence again: the kit replaying the stateful phase with seed and path (every operation of the run
 * named, so that the phase builds the same commands), and one AWS CLI command per request, in order.
 *
 * @example
 * sequenceReproduction(context, spec, ['DeleteMailboxPermissions'], [{ operation: 'DeleteMailboxPermissions', input }], 42, 'DeleteMailboxPermissions.stateful:7').awsCli;
 */
export function sequenceReproduction(
  context: ReproduceContext,
  spec: Pick<OperationSpec, 'service'>,
  operations: readonly string[],
  requests: readonly SequenceRequest[],
  seed: number,
  path: string,
): Reproduction {
  const kit = kitReplay(context, operations, seed, path);
  const lines = requests.map(({ operation, input }) => awsCliCommand(context, spec, operation, input));
  return { kit, awsCli: lines.some((line) => line === undefined) ? undefined : lines.join('\n') };
}
