import { maxTransientAnswersInARow } from '../checks/error-catalog.ts';
import { findOperationSpec, loadCommonErrors } from '../spec/load-spec.ts';
import type { OperationSpec } from '../spec/spec-schema.ts';
import type { Target } from '../target/target.ts';
import { buildAwsJsonRequest } from '../wire/aws-json.ts';
import { describeAnswer } from '../observation/describe-answer.ts';
import type { Observation } from '../observation/observation.ts';
import type { RecordedAllowed, RecordedAnswer, RecordedObservation, Recording } from './recording-schema.ts';
import { replayReads, type ReadDifference } from './replay-reads.ts';
import { defaultSettleMs, ReadsAgain } from '../observation/read-until-settled.ts';
import { loadSupportingOperationSpecs } from '../mock/load-supporting-operation-specs.ts';
import type { SupportingOperationSpec } from '../mock/supporting-spec-schema.ts';
import type { CommonErrors } from '../spec/spec-schema.ts';

/**
 * How an outcome that differs from the recording stands against the answers the recorded run's model allowed: `allowed`
 * (another answer the documentation allows, with the readings of open points it shows), `outside` (one it does not allow,
 * or no answer at all), or `unknown` (a recording written before it kept them as data).
 */
export type DifferenceStanding =
  | {
      readonly kind: 'allowed';
      /** The open points that widened what the documentation allows for the exchange. */
      readonly openPoints: readonly string[];
      /** Each open point the two answers read otherwise: the readings the recorded answer shows, and those the new one shows. */
      readonly readings: readonly { readonly point: string; readonly recorded: readonly string[]; readonly now: readonly string[] }[];
    }
  | { readonly kind: 'outside' }
  | { readonly kind: 'unknown' };

/** One recorded exchange whose outcome the other target gives differently. */
export interface ReplayDifference {
  readonly line: number;
  readonly operation: string;
  readonly path: string;
  readonly description: string;
  /** The body sent: the input as JSON, or the raw body of a malformed-body case. */
  readonly sent: string;
  /** Both outcomes as text (`400 EntityNotFoundException`, `200 success`, `timeout`), and as data (`null`: no answer). */
  readonly recorded: string;
  readonly replayed: string;
  readonly recordedAnswer: NonNullable<Answer> | null;
  readonly replayedAnswer: NonNullable<Answer> | null;
  /** The checks the recorded answer failed when it was recorded: the recorded target broke the documentation there. */
  readonly recordedBroke: readonly string[];
  readonly standing: DifferenceStanding;
}

/** What a replay found. */
export interface ReplayResult {
  readonly compared: number;
  /** Exchanges not compared: the recording, or the target after its retries, holds a transient answer (throttling and the like). */
  readonly skipped: number;
  readonly differences: readonly ReplayDifference[];
  /** Why the replay stopped before the recording's end (the target stopped answering), if it did. */
  readonly stopped: string | undefined;
  /** The open points the recorded target read more than one way (see {@link mixedReadings}). */
  readonly mixedReadings: readonly MixedReading[];
  /** The reads of what cases did, sent again after their case (format 4 recordings; see `replayReads`), and those that listed otherwise. */
  readonly reads: { readonly compared: number; readonly differences: readonly ReadDifference[] };
}

/** An open point whose readings the recorded answers show more than one of, with those readings. */
export interface MixedReading {
  readonly point: string;
  readonly readings: readonly string[];
}

/** Options of {@link replayRecording}. */
export interface ReplayOptions {
  readonly specs: readonly OperationSpec[];
  readonly timeoutMs: number;
  /** Recorded answers that are not compared (transient error types). */
  readonly transientTypes: ReadonlySet<string>;
  /**
   * Requests the target may leave unanswered before the replay stops sending: this many timeouts in all (as in a run), or
   * this many requests in a row with no answer (timeouts, network errors: a target that died). 5 unless given.
   */
  readonly maxTimeouts?: number;
  /** The List operations' specs, to read what a case did again; `specs/supporting-operations.json` by default. */
  readonly supportingSpecs?: readonly SupportingOperationSpec[];
  /** The common errors (which answers only ask to try again); the kit's own by default. */
  readonly commonErrors?: CommonErrors;
}

/** An answer as status and error type; `undefined` for no answer (a timeout, a network error). */
type Answer = { readonly status: number; readonly errorType: string | undefined } | undefined;

function answerOf(observation: RecordedObservation | Observation): Answer {
  return observation.kind === 'response' ? { status: observation.status, errorType: observation.errorType } : undefined;
}

/** Whether one of `answers` (any 4xx where `any4xx`) is the answer a target gave. */
function answerIn(answers: readonly RecordedAnswer[], any4xx: boolean, answer: Answer): boolean {
  if (answer === undefined) return false;
  if (any4xx && answer.status >= 400 && answer.status < 500) return true;
  // The documented success is HTTP 200 with no error type, as statusCodeConformance judges it: a 202 is another answer.
  return answers.some((allowed) => (allowed.type === undefined ? answer.status === allowed.status && answer.errorType === undefined : allowed.status === answer.status && allowed.type === answer.errorType));
}

/** The readings of each open point whose answers include `answer`, where that tells readings apart (not every one allows it). */
function readingsTaken(allowed: RecordedAllowed, answer: Answer): Map<string, readonly string[]> {
  const taken = new Map<string, readonly string[]>();
  for (const [point, byReading] of Object.entries(allowed.readings ?? {})) {
    const readings = Object.entries(byReading).filter(([, answers]) => answerIn(answers, false, answer)).map(([reading]) => reading);
    if (readings.length > 0 && readings.length < Object.keys(byReading).length) taken.set(point, readings);
  }
  return taken;
}

/** How a replayed answer stands against what the recorded run's model allowed for the exchange. */
function standingOf(allowed: RecordedAllowed | undefined, recorded: RecordedObservation, replayed: Observation): DifferenceStanding {
  if (allowed === undefined) return { kind: 'unknown' };
  if (!answerIn(allowed.outcomes, allowed.any4xx === true, answerOf(replayed))) return { kind: 'outside' };
  const before = readingsTaken(allowed, answerOf(recorded));
  const readings = [...readingsTaken(allowed, answerOf(replayed))].map(([point, now]) => ({ point, recorded: before.get(point) ?? [], now }));
  return { kind: 'allowed', openPoints: allowed.openPoints, readings: readings.filter(({ recorded, now }) => recorded.join() !== now.join()) };
}

/**
 * The open points whose readings the recorded answers show more than one of (one reading in one exchange, another in
 * another: a server that refuses a DISABLED owner but not a DISABLED grantee, say). No target that takes one reading of
 * each point, as the embedded mock does, answers as the recorded one did throughout.
 *
 * @example
 * mixedReadings(loadRecording('run.ndjson')); // [{ point: 'disabled-entity', readings: ['EntityStateException', 'success'] }]
 */
export function mixedReadings(recording: Recording): MixedReading[] {
  const shown = new Map<string, Set<string>>();
  for (const { exchange } of recording.exchanges) {
    if (exchange.allowed === undefined) continue;
    for (const [point, readings] of readingsTaken(exchange.allowed, answerOf(exchange.observation))) {
      if (readings.length !== 1) continue;
      const seen = shown.get(point) ?? new Set<string>();
      seen.add(readings[0] as string);
      shown.set(point, seen);
    }
  }
  return [...shown].filter(([, readings]) => readings.size > 1).map(([point, readings]) => ({ point, readings: [...readings].sort() }));
}

function recordedAnswer(observation: RecordedObservation): string {
  if (observation.kind !== 'response') return describeAnswer(observation as Observation);
  const { kind, status, headers, body, errorType, latencyMs } = observation;
  return describeAnswer({ kind, status, headers, body, errorType, errorTypeSource: undefined, message: undefined, latencyMs });
}

/**
 * Sends a recording's inputs, in recorded order, to another target and lists each exchange whose outcome (status and error type,
 * or timeout / network error) differs from the recording. An answer that only asks to try again is not compared (give a
 * target gated with retries, `createGatedTarget`, to try it again first). Stops sending once the target has left `maxTimeouts` requests unanswered (see
 * {@link ReplayOptions.maxTimeouts}).
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
  /** Requests in a row the target left without an answer (a timeout, a network error): it may have stopped, or died. */
  let unansweredInARow = 0;
  let lastUnanswered = '';
  const isTransient = (answer: Answer) => answer?.errorType !== undefined && options.transientTypes.has(answer.errorType);
  // Every operation is known before anything is sent, and one that is not is named by its line.
  for (const { line, exchange } of recording.exchanges) findOperationSpec(options.specs, exchange.operation, `${recording.file}:${line}: operation`);
  const mixed = mixedReadings(recording);
  // Per operation, the target's answers in a row that still only asked to try again: as in a run, a target that throttles
  // every request of an operation compares nothing of it, and the replay stops rather than call it the same.
  const transientInARow = new Map<string, number>();
  const reads = { compared: 0, differences: [] as ReadDifference[] };
  // A destructive live run put back what each delete removed, which a replay does not: from its first such delete on, what
  // the recorded reads showed is not what the replayed target holds.
  const comparesReads = recording.header.settings?.live?.mode !== 'destructive';
  const readContext = {
    specs: options.specs,
    supportingSpecs: options.supportingSpecs ?? loadSupportingOperationSpecs(),
    commonErrors: options.commonErrors ?? loadCommonErrors(),
    sendOptions: { timeoutMs: options.timeoutMs },
    // The recorded run's window, as it read its own differences again; the default of its version where it gave none.
    readsAgain: new ReadsAgain({ windowMs: recording.header.settings?.settleMs ?? defaultSettleMs }),
  };
  const result = (stopped: string | undefined): ReplayResult => ({ compared, skipped, differences, mixedReadings: mixed, stopped, reads });
  for (const { line, exchange, readsAfter } of recording.exchanges) {
    // A target that stopped answering would make the replay wait out, or fail, every request in turn.
    if (timeouts >= maxTimeouts) return result(`the target did not answer ${timeouts} requests within ${options.timeoutMs} ms; the replay stopped sending at line ${line}`);
    if (unansweredInARow >= maxTimeouts) return result(`the target answered none of the last ${unansweredInARow} requests (${lastUnanswered}); the replay stopped sending at line ${line}`);
    const observation = exchange.observation;
    if (isTransient(answerOf(observation))) {
      skipped += 1;
      continue;
    }
    const spec = findOperationSpec(options.specs, exchange.operation);
    const body = exchange.input ?? exchange.rawBody ?? '';
    const replayed = await target.send({ operation: spec.operation, request: buildAwsJsonRequest(spec, body), input: exchange.input }, { timeoutMs: options.timeoutMs });
    const replayedAnswer = answerOf(replayed);
    // An answer that still only asks to try again (after the retries of a gated target) is never compared.
    if (isTransient(replayedAnswer)) {
      skipped += 1;
      const inARow = (transientInARow.get(exchange.operation) ?? 0) + 1;
      transientInARow.set(exchange.operation, inARow);
      if (inARow >= maxTransientAnswersInARow) {
        return result(`the target answered only "try again" (${replayedAnswer?.errorType ?? ''}) to ${inARow} requests of ${exchange.operation} in a row; the replay stopped sending at line ${line}`);
      }
      continue;
    }
    transientInARow.delete(exchange.operation);
    compared += 1;
    // No answer where the recording has none is no sign that the target died: only one where it had an answer counts.
    if (replayed.kind === 'response' || observation.kind !== 'response') unansweredInARow = 0;
    else {
      if (replayed.kind === 'timeout') timeouts += 1;
      unansweredInARow += 1;
      lastUnanswered = describeAnswer(replayed);
    }
    const before = recordedAnswer(observation);
    const after = describeAnswer(replayed);
    // A dropped connection is the same whatever the transport names it (ECONNRESET, UND_ERR_SOCKET).
    const sameNoAnswer = observation.kind === 'networkError' && replayed.kind === 'networkError';
    if (before !== after && !sameNoAnswer) {
      const sent = exchange.input === undefined ? (exchange.rawBody ?? '') : JSON.stringify(exchange.input);
      differences.push({
        line,
        operation: exchange.operation,
        path: exchange.path,
        description: exchange.description,
        sent,
        recorded: before,
        replayed: after,
        recordedAnswer: answerOf(observation) ?? null,
        replayedAnswer: replayedAnswer ?? null,
        recordedBroke: exchange.verdict.failed,
        standing: standingOf(exchange.allowed, observation, replayed),
      });
    }
    // After a case the target gave no answer to, its reads would only wait on a target that may have died.
    if (readsAfter !== undefined && comparesReads && replayed.kind === 'response') {
      const read = await replayReads(readsAfter, target, readContext);
      reads.compared += read.compared;
      reads.differences.push(...read.differences);
    }
  }
  return result(undefined);
}
