import { closeSync, writeSync } from 'node:fs';
import { openNewFile } from '../open-new-file.ts';
import type { RunEvent } from '../runner/run-conformance.ts';
import { describeExpectation } from '../model/outcome.ts';
import type { RecordedExchange, RecordingHeader } from './recording-schema.ts';
import { createScrubber } from './scrub-secrets.ts';

/** Writes a run's exchanges to an NDJSON file as they happen. */
export interface Recorder {
  readonly onEvent: (event: RunEvent) => void;
  /** Exchanges written so far. */
  readonly count: () => number;
  close(): void;
}

/**
 * Opens an NDJSON recording: a header line, then one line per exchange (operation, input or raw body, status, response headers
 * and body, latency, the case's label and the checks it failed), with every given secret, signatures and credential headers removed.
 * Personal access token IDs are kept: they are identifiers (the API never returns a token's secret), and a replay needs them.
 * A recording may be the only trace of how a service behaved, so an existing file of that name is never replaced.
 *
 * @example
 * const recorder = createRecorder('run.ndjson', header, [credentials.secretAccessKey]);
 * await runConformance({ target, onEvent: recorder.onEvent });
 * recorder.close();
 */
export function createRecorder(file: string, header: RecordingHeader, secrets: readonly string[]): Recorder {
  const descriptor = openNewFile('--record', file, 'a recording');
  const scrub = createScrubber(secrets);
  let written = 0;
  const write = (line: unknown) => writeSync(descriptor, `${JSON.stringify(scrub(line))}\n`);
  write(header);
  return {
    onEvent(event) {
      if (event.type !== 'exchange') return;
      const { testCase, path, expectation, observation, verdict } = event.exchange;
      const line: RecordedExchange = {
        type: 'exchange',
        operation: testCase.operation,
        path,
        description: testCase.description,
        phase: testCase.phase,
        shrinking: event.shrinking,
        violation: testCase.violation === null ? null : { member: testCase.violation.member, constraints: [...testCase.violation.constraints] },
        ...(testCase.body.kind === 'input' ? { input: { ...testCase.body.input } } : { rawBody: testCase.body.text }),
        expected: describeExpectation(expectation),
        observation:
          observation.kind === 'response'
            ? { kind: 'response', status: observation.status, headers: { ...observation.headers }, body: observation.body, ...(observation.errorType === undefined ? {} : { errorType: observation.errorType }), latencyMs: Math.round(observation.latencyMs * 10) / 10 }
            : { ...observation },
        verdict: {
          failed: verdict.outcomes.filter(({ result }) => result.status === 'fail').map(({ check }) => check.name),
          warned: verdict.outcomes.filter(({ result }) => result.status === 'warn').map(({ check }) => check.name),
        },
      };
      write(line);
      written += 1;
    },
    count: () => written,
    close: () => closeSync(descriptor),
  };
}
