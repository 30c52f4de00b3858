import { OptionChecker } from '../check-options.ts';
import { ConfigError } from '../config-error.ts';
import { checkFastCheckVersion } from '../fast-check-version.ts';
import { looksLikeSdkClient } from '../target/looks-like-sdk-client.ts';
import type { LiveOptions } from '../live/live-session.ts';
import type { LiveRunOptions, RunOptions } from './run-conformance.ts';

/** Every option of runConformance (of a run with a target, and of a live run): the compiler keeps this list whole. */
const runOptionNames = [
  'target', 'live', 'specs', 'operations', 'fixture', 'profile', 'semantics', 'numRuns', 'seed', 'path', 'timeoutMs', 'concurrency', 'coverage',
  'maxTimeouts', 'settleMs', 'maxShrinkRequests', 'checks', 'commonErrors', 'reproduce', 'onEvent', 'onRequest', 'sendPolicy', 'afterSend', 'shouldStop',
  'signal', 'readEffects', 'supportingSpecs', 'stateSequences', 'stateSequenceSteps', 'stateSequencesOff', 'resetTarget',
] as const satisfies readonly (keyof RunOptions | keyof LiveRunOptions)[];
const liveOptionNames = [
  'endpoint', 'region', 'credentials', 'awsProfile', 'transport', 'organizationIds', 'allowedOrganizations', 'deletableTokens', 'maxRps', 'maxRequests',
  'retries', 'onDiscovery', 'onPutBackPending', 'onEndReadWait',
] as const satisfies readonly (keyof LiveOptions)[];
// An option added to RunOptions, LiveRunOptions or LiveOptions and not named above fails to compile here.
const everyOptionNamed: [Exclude<keyof RunOptions | keyof LiveRunOptions, (typeof runOptionNames)[number]>, Exclude<keyof LiveOptions, (typeof liveOptionNames)[number]>] extends [never, never] ? true : never = true;
void everyOptionNamed;

const isString = (item: unknown) => typeof item === 'string';
const isObject = (item: unknown) => typeof item === 'object' && item !== null;

/** Who takes the options {@link validateRunOptions} checks, when not `runConformance` itself. */
export interface RunOptionsOwner {
  /** The name errors start with, e.g. `describeConformance`. */
  readonly name: string;
  /** Options it takes besides runConformance's own. */
  readonly extraOptions: readonly string[];
  /** Whether its `target` is a function that makes the target, checked by the owner, rather than a Target. */
  readonly targetFactory: boolean;
}

const runConformanceItself: RunOptionsOwner = { name: 'runConformance', extraOptions: [], targetFactory: false };

/**
 * Checks the options of `runConformance` (or of a function that passes them on, such as `describeConformance`) before
 * anything runs: a wrong one is one ConfigError naming it (`runConformance: numRuns: expected a whole number from 0 to
 * 10000000, got -1`).
 *
 * @example
 * validateRunOptions({ target, numRuns: 10 }); // passes
 * validateRunOptions({ target: () => target, fixtures: {} }, { name: 'describeConformance', extraOptions: ['runTimeoutMs'], targetFactory: true });
 * // throws ConfigError: describeConformance: unknown option 'fixtures' (did you mean 'fixture'?)
 */
export function validateRunOptions(options: unknown, owner: RunOptionsOwner = runConformanceItself): void {
  const { name } = owner;
  checkFastCheckVersion(name);
  const check = OptionChecker.of(name, options).only([...runOptionNames, ...owner.extraOptions]);
  const live = (options as { live?: unknown }).live;
  // A target factory is its owner's to check; what it makes, runConformance checks when the suite runs.
  if (live === undefined && !owner.targetFactory) {
    if (looksLikeSdkClient((options as { target?: unknown }).target)) {
      throw new ConfigError(`${name}: target: got an AWS SDK client, which is no target: wrap it, target: createSdkTarget({ client })`);
    }
    check.objectWith('target', ['send'], 'a Target (from createHttpTarget, createSdkTarget, createMswTarget or createHandlerTarget), or live options');
    // A target written by hand may leave out what the run asks of it before each send.
    OptionChecker.of(`${name}: target`, (options as { target: unknown }).target).objectWith('capabilities', [], "an object, such as { rawBodies: true } (whether bodies that are not JSON objects can be sent)");
  } else if (live !== undefined) {
    check.object('live').absent('target', 'a live run builds its own target from live: give target or live, not both');
    for (const hook of ['sendPolicy', 'afterSend', 'shouldStop'] as const) check.absent(hook, 'a live run checks before each delete itself');
    OptionChecker.of(`${name}: live`, live)
      .only(liveOptionNames)
      .string('region', undefined, true)
      .string('endpoint')
      .string('awsProfile')
      .string('transport', ['wire', 'sdk'])
      .array('organizationIds', isString, 'an array of organization IDs')
      .array('allowedOrganizations', isString, 'an array of organization IDs')
      .array('deletableTokens', isString, 'an array of personal access token IDs')
      .integer('maxRps', 1, 10_000)
      .integer('maxRequests', 1, Number.MAX_SAFE_INTEGER)
      .integer('retries', 0, 10)
      .function('onDiscovery')
      .function('onPutBackPending')
      .function('onEndReadWait');
  }
  check
    .array('specs', isObject, 'an array of operation specs (loadOperationSpecs())')
    .array('operations', isString, 'an array of operation names')
    .object('fixture')
    .string('profile', ['documented', 'aws'])
    .object('semantics')
    .integer('numRuns', 0, 10_000_000)
    .integer('seed', -(2 ** 31), 2 ** 32 - 1)
    .string('path')
    .integer('timeoutMs', 1, 3_600_000)
    .integer('concurrency', 1, 1024)
    .string('coverage', ['full', 'compact'])
    .integer('maxTimeouts', 0, Number.MAX_SAFE_INTEGER)
    .integer('maxShrinkRequests', 0, Number.MAX_SAFE_INTEGER)
    .integer('settleMs', 0, 3_600_000)
    .integer('stateSequences', 0, 100_000)
    .integer('stateSequenceSteps', 1, 1_000)
    .array('checks', isObject, 'an array of checks (allChecks)')
    .object('commonErrors')
    .object('reproduce')
    .function('onEvent')
    .function('onRequest')
    .function('sendPolicy')
    .function('afterSend')
    .function('shouldStop')
    .function('resetTarget')
    .objectWith('signal', ['addEventListener'], 'an AbortSignal (new AbortController().signal)', false);
}
