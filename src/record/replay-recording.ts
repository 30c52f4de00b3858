import { findOperationSpec } from '../spec/load-spec.ts';
import type { OperationSpec } from '../spec/spec-schema.ts';
import type { Target } from '../target/target.ts';
import { buildAwsJsonRequest } from '../wire/aws-json.ts';
import { describeAnswer } from '../observation/describe-answer.ts';
import type { Observation } from '../observation/observation.ts';
import type { RecordedObservation, Recording } from './recording-schema.ts';

/** One recorded exchange whose outcome the other target gives differently. */
export interface ReplayDifference {
  readonly line: number;
  readonly operation: string;
  readonly path: string;
  readonly description: string;
  /** The body sent: the input as JSON, or the raw body of a malformed-body case. */
  readonly sent: string;
  readonly recorded: string;
  readonly replayed: string;
}

/** What a replay found. */
export interface ReplayResult {
  readonly compared: number;
  /** Exchanges not compared: the recording holds a transient answer (throttling and the like). */
  readonly skipped: number;
  readonly differences: readonly ReplayDifference[];
  /** Why the replay stopped before the recording's end (the target stopped answering), if it did. */
  readonly stopped: string | undefined;
}

/** Options of {@link replayRecording}. */
export interface ReplayOptions {
  readonly specs: readonly OperationSpec[];
  readonly timeoutMs: number;
  /** Recorded answers that are not compared (transient error types). */
  readonly transientTypes: ReadonlySet<string>;
  /** Requests the target may leave unanswered (timeouts) before the replay stops sending: 5 unless given, as in a run. */
  readonly maxTimeouts?: number;
}

function recordedAnswer(observation: RecordedObservation): string {
  return describeAnswer(observation.kind === 'response' ? { ...observation, errorType: observation.errorType, errorTypeSource: undefined, message: undefined } : (observation as Observation));
}

/**
 * Sends a recording's inputs, in recorded order, to another target and lists each exchange whose outcome (status and error type,
 * or timeout / network error) differs from the recording. Stops sending once the target has left `maxTimeouts` requests
 * unanswered.
 *
 * @example
 * const result = await replayRecording(loadRecording('run.ndjson'), createHandlerTarget(createWorkMailMock().handle), { specs, timeoutMs: 10_000, transientTypes });
 * result.differences.length; // 0 when the target answers as recorded
 */
export async function replayRecording(recording: Recording, target: Target, options: ReplayOptions): Promise<ReplayResult> {
  const differences: ReplayDifference[] = [];
  const maxTimeouts = options.maxTimeouts ?? 5;
  let compared = 0;
  let skipped = 0;
  let timeouts = 0;
  for (const { line, exchange } of recording.exchanges) {
    // A target that stopped answering would make the replay wait out every request in turn.
    if (timeouts >= maxTimeouts) {
      return { compared, skipped, differences, stopped: `the target did not answer ${timeouts} requests within ${options.timeoutMs} ms; the replay stopped sending at line ${line}` };
    }
    const observation = exchange.observation;
    if (observation.kind === 'response' && observation.errorType !== undefined && options.transientTypes.has(observation.errorType)) {
      skipped += 1;
      continue;
    }
    const spec = findOperationSpec(options.specs, exchange.operation);
    const body = exchange.input ?? exchange.rawBody ?? '';
    const request = buildAwsJsonRequest(spec, body);
    const replayed = await target.send({ operation: spec.operation, request, input: exchange.input }, { timeoutMs: options.timeoutMs });
    compared += 1;
    if (replayed.kind === 'timeout') timeouts += 1;
    const before = recordedAnswer(observation);
    const after = describeAnswer(replayed);
    if (before !== after) {
      differences.push({ line, operation: exchange.operation, path: exchange.path, description: exchange.description, sent: exchange.input === undefined ? exchange.rawBody ?? '' : JSON.stringify(exchange.input), recorded: before, replayed: after });
    }
  }
  return { compared, skipped, differences, stopped: undefined };
}
