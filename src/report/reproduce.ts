import type { CaseBody } from '../cases/case.ts';
import type { OperationSpec } from '../spec/spec-schema.ts';
import type { Reproduction } from './conformance-report.ts';

/** What a reproduction command needs beyond the case: the run's own flags, and where the target is. */
export interface ReproduceContext {
  /** Flags of the run that matter for a replay (`--endpoint`, `--fixture`, `--profile`, ...), already split into words. */
  readonly kitArgs: readonly string[];
  readonly endpointUrl: string | undefined;
  readonly region: string | undefined;
}

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
 * The commands that send a case again: the kit with seed and path, and the AWS CLI where it can express the input (string members only).
 *
 * @example
 * reproduction(context, spec, { kind: 'input', input }, 42, 'DeletePersonalAccessToken.coverage:3').awsCli;
 */
export function reproduction(context: ReproduceContext, spec: OperationSpec, body: CaseBody, seed: number, path: string): Reproduction {
  const kit = ['npx', 'workmail-conformance', 'run', ...context.kitArgs, '--operation', spec.operation, '--seed', String(seed), '--path', path]
    .map(shellQuote)
    .join(' ');
  const expressible = body.kind === 'input' && Object.values(body.input).every((value) => typeof value === 'string');
  if (!expressible) return { kit, awsCli: undefined };
  const words = ['aws', spec.service.sdkId.toLowerCase().replaceAll(' ', '-'), kebabCase(spec.operation), '--cli-input-json', JSON.stringify(body.input)];
  if (context.endpointUrl !== undefined) words.push('--endpoint-url', context.endpointUrl);
  if (context.region !== undefined) words.push('--region', context.region);
  return { kit, awsCli: words.map(shellQuote).join(' ') };
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
  const kit = ['npx', 'workmail-conformance', 'run', ...context.kitArgs, ...operations.flatMap((operation) => ['--operation', operation]), '--seed', String(seed), '--path', path]
    .map(shellQuote)
    .join(' ');
  const lines = requests.map(({ operation, input }) => {
    const words = ['aws', spec.service.sdkId.toLowerCase().replaceAll(' ', '-'), kebabCase(operation), '--cli-input-json', JSON.stringify(input)];
    if (context.endpointUrl !== undefined) words.push('--endpoint-url', context.endpointUrl);
    if (context.region !== undefined) words.push('--region', context.region);
    return words.map(shellQuote).join(' ');
  });
  return { kit, awsCli: lines.join('\n') };
}
