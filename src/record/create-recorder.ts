import { createHash } from 'node:crypto';
import { closeSync, writeSync } from 'node:fs';
import { ConfigError } from '../config-error.ts';
import { errnoCode } from '../errno-code.ts';
import { openNewFile } from '../open-new-file.ts';
import type { RunEvent } from '../runner/run-conformance.ts';
import { describeExpectation, type Expectation, type ExpectedOutcome } from '../model/outcome.ts';
import type { ConformanceReport } from '../report/conformance-report.ts';
import type { Observation } from '../observation/observation.ts';
import type { SupportingRequest } from '../target/supporting-request.ts';
import type { RecordedAllowed, RecordedAnswer, RecordedExchange, RecordedObservation, RecordedRequest, RecordingEnd, RecordingHeader } from './recording-schema.ts';
import { createScrubber } from '../report/scrub-secrets.ts';

/** Outcomes as a recording gives them, each answer once. */
function recordedAnswers(outcomes: readonly ExpectedOutcome[]): RecordedAnswer[] {
  const byText = new Map<string, RecordedAnswer>();
  for (const outcome of outcomes) {
    const answer = outcome.kind === 'success' ? { status: 200 } : { status: outcome.status, type: outcome.type };
    byText.set(`${answer.status} ${answer.type ?? ''}`, answer);
  }
  return [...byText.values()];
}

/** An expectation as data, for a replay to tell an answer the documentation allows from one it does not. */
function allowedOf(expectation: Expectation): RecordedAllowed {
  const readings = expectation.readingOutcomes;
  return {
    outcomes: recordedAnswers(expectation.outcomes),
    ...(expectation.basis === 'malformedBody' ? { any4xx: true } : {}),
    openPoints: [...expectation.openPoints],
    ...(readings === undefined || Object.keys(readings).length === 0
      ? {}
      : { readings: Object.fromEntries(Object.entries(readings).map(([point, byReading]) => [point, Object.fromEntries(Object.entries(byReading).map(([reading, outcomes]) => [reading, recordedAnswers(outcomes)]))])) }),
  };
}

/** An observation as a recording gives it: the answer's status, headers, body and type, its latency to a tenth of a millisecond. */
function recordedObservation(observation: Observation): RecordedObservation {
  return observation.kind === 'response'
    ? {
        kind: 'response',
        status: observation.status,
        headers: { ...observation.headers },
        body: observation.body,
        ...(observation.errorType === undefined ? {} : { errorType: observation.errorType }),
        ...(observation.statusInferred === undefined ? {} : { statusInferred: observation.statusInferred }),
        ...(observation.wireNotSeen === true ? { wireNotSeen: true } : {}),
        ...(observation.unparsedSuccess === undefined ? {} : { unparsedSuccess: observation.unparsedSuccess }),
        latencyMs: Math.round(observation.latencyMs * 10) / 10,
        ...(observation.retriedAfter === undefined ? {} : { retriedAfter: [...observation.retriedAfter] }),
      }
    : { ...observation };
}

/** Writes a run's exchanges to an NDJSON file as they happen. */
export interface Recorder {
  readonly onEvent: (event: RunEvent) => void;
  /**
   * Writes a `request` line: a request the run sent that is no case (a read, a step of the stateful phase, a put back) and
   * its answer, answered `at` (now by default).
   */
  readonly onRequest: (request: SupportingRequest, at?: Date) => void;
  /** Exchanges written so far. */
  readonly count: () => number;
  /** Writes the end line from the run's report: the count of exchanges, and how the run ended. */
  end(report: ConformanceReport): void;
  /** Writes the end line of a run that ends with no report (quit at once), saying why, with the put backs left pending. */
  abandon(why: string): void;
  /**
   * Writes a `putBackPending` line: the commands that put back what a delete about to be sent may remove, or `[]` once it
   * is put back. A file cut after a line with commands ends between a delete and its put back.
   */
  putBackPending(commands: readonly string[]): void;
  /**
   * Why writing stopped, if it did (`ENOSPC at exchange 1200`): the run goes on, and the recording is cut short there,
   * without its end line, as `replay` tells.
   */
  readonly failure: () => string | undefined;
  close(): void;
}

/**
 * Opens an NDJSON recording: a header line, then one line per exchange (operation, input or raw body, status, response headers
 * and body, latency, the case's label and the checks it failed), then, once the run has its report, an end line (see
 * `recordingEndSchema`), with every given secret, signatures and credential headers removed.
 * Personal access token IDs are kept: they are identifiers (the API never returns a token's secret), and a replay needs them.
 * A recording may be the only trace of how a service behaved, so an existing file of that name is never replaced.
 *
 * @example
 * const recorder = createRecorder('run.ndjson', header, [credentials.secretAccessKey]);
 * const report = await runConformance({ target, onEvent: recorder.onEvent });
 * recorder.end(report);
 * recorder.close();
 * // onWriteFailure hears once that writing stopped (a full disk): a live run stops sending then.
 */
export function createRecorder(file: string, header: RecordingHeader, secrets: readonly string[], onWriteFailure?: (why: string) => void): Recorder {
  const descriptor = openNewFile('--record', file, 'a recording');
  const scrub = createScrubber(secrets);
  let written = 0;
  let requests = 0;
  let pending: readonly string[] = [];
  let failure: string | undefined;
  // Every line written so far, hashed: the end line carries the digest, so that a reader can tell the file was not changed.
  const digest = createHash('sha256');
  const write = (line: unknown) => writeText(`${JSON.stringify(scrub(line))}\n`);
  const writeText = (text: string) => {
    if (failure !== undefined) return;
    try {
      writeSync(descriptor, text);
      digest.update(text);
    } catch (error) {
      // A full disk must not end the run between a delete and its put back: the recording stops, and says so at the end.
      failure = `${errnoCode(error)} at exchange ${written + 1}`;
      onWriteFailure?.(failure);
    }
  };
  /**
   * Writes the end line with `sha256`, its last member: the digest of every byte before it and of the end line itself as
   * written without that member, so that neither the exchanges nor the verdict can change unseen.
   */
  const writeEnd = (end: RecordingEnd) => {
    const text = JSON.stringify(scrub(end));
    const sealed = digest.copy().update(`${text}\n`).digest('hex');
    writeText(`${text.slice(0, -1)},"sha256":"${sealed}"}\n`);
  };
  write(header);
  if (failure !== undefined) {
    closeSync(descriptor);
    throw new ConfigError(`--record ${file}: cannot be written (${failure.replace(/ at exchange 1$/, '')})`);
  }
  return {
    onEvent(event) {
      if (event.type !== 'exchange') return;
      const { testCase, path, expectation, observation, verdict } = event.exchange;
      const line: RecordedExchange = {
        type: 'exchange',
        at: new Date().toISOString(),
        operation: testCase.operation,
        path,
        description: testCase.description,
        phase: testCase.phase,
        shrinking: event.shrinking,
        violation: testCase.violation === null ? null : { member: testCase.violation.member, constraints: [...testCase.violation.constraints] },
        ...(testCase.body.kind === 'input' ? { input: { ...testCase.body.input } } : { rawBody: testCase.body.text }),
        expected: describeExpectation(expectation),
        allowed: allowedOf(expectation),
        observation: recordedObservation(observation),
        verdict: {
          failed: verdict.outcomes.filter(({ result }) => result.status === 'fail').map(({ check }) => check.name),
          warned: verdict.outcomes.filter(({ result }) => result.status === 'warn').map(({ check }) => check.name),
          // An answer that only asked to try again was judged by no check: not "passed".
          ...(verdict.transient === undefined ? {} : { notJudged: `a transient answer (${verdict.transient})` }),
        },
      };
      write(line);
      written += 1;
    },
    onRequest(request, at = new Date()) {
      const line: RecordedRequest = {
        type: 'request',
        at: at.toISOString(),
        role: request.role,
        operation: request.operation,
        input: { ...request.input },
        ...(request.after === undefined ? {} : { after: request.after }),
        ...(request.before === undefined ? {} : { before: request.before }),
        ...(request.observation === undefined ? {} : { observation: recordedObservation(request.observation) }),
        ...(request.sdkAnswer === undefined ? {} : { sdkAnswer: request.sdkAnswer }),
      };
      write(line);
      requests += 1;
    },
    count: () => written,
    failure: () => failure,
    end(report) {
      const live = report.live;
      const end: RecordingEnd = {
        type: 'end',
        endedAt: new Date().toISOString(),
        exchanges: written,
        requests,
        ...(report.summary.incomplete === undefined ? {} : { incomplete: report.summary.incomplete }),
        summary: { ...report.summary },
        openPointFindings: [...report.openPointFindings],
        operations: [...report.operations],
        failures: [...report.failures],
        warnings: [...report.warnings],
        ...(live === undefined
          ? {}
          : { live: { heldBackByReason: live.heldBackByReason, endComparison: live.endComparison, ...(report.stateChanges === undefined ? {} : { stateChanges: report.stateChanges }) } }),
      };
      writeEnd(end);
    },
    abandon(why) {
      const end: RecordingEnd = {
        type: 'end',
        endedAt: new Date().toISOString(),
        exchanges: written,
        requests,
        incomplete: why,
        summary: {},
        openPointFindings: [],
        ...(pending.length === 0 ? {} : { putBackPending: [...pending] }),
      };
      writeEnd(end);
    },
    putBackPending(commands) {
      pending = [...commands];
      write({ type: 'putBackPending', at: new Date().toISOString(), commands: pending });
    },
    close: () => closeSync(descriptor),
  };
}
