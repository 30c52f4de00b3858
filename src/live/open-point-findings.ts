import { describeExpectation, type Expectation } from '../model/outcome.ts';
import type { Observation } from '../observation/observation.ts';
import type { OpenPointFinding } from '../report/conformance-report.ts';
import type { RunEvent } from '../runner/run-conformance.ts';
import type { OperationSpec } from '../spec/spec-schema.ts';

/**
 * A short text for what a target answered, as open-point findings and replays compare it: `200 success`, `400 EntityNotFoundException`, `timeout`.
 *
 * @example
 * describeAnswer({ kind: 'timeout', timeoutMs: 10, latencyMs: 10 }); // 'timeout'
 */
export function describeAnswer(observation: Observation): string {
  switch (observation.kind) {
    case 'response':
      return observation.status >= 200 && observation.status < 300 ? `${observation.status} success` : `${observation.status} ${observation.errorType ?? '(no error type)'}`;
    case 'timeout':
      return 'timeout';
    case 'networkError':
      return `network error ${observation.code}`;
  }
}

interface Tally {
  readonly operation: string;
  readonly topic: string;
  readonly situation: string;
  readonly expected: string | undefined;
  readonly answers: Map<string, number>;
  readonly readings: Map<string, number>;
}

/** The readings whose outcomes include an answer. */
function readingsFitting(byReading: NonNullable<Expectation['readingOutcomes']>[string], observation: Observation): string[] {
  if (observation.kind !== 'response') return [];
  const success = observation.status >= 200 && observation.status < 300;
  return Object.entries(byReading)
    .filter(([, outcomes]) =>
      // A reading without single outcomes is "any 4xx error".
      outcomes.length === 0 ? observation.status >= 400 && observation.status < 500 : outcomes.some((outcome) => (outcome.kind === 'success' ? success : !success && outcome.type === observation.errorType)),
    )
    .map(([reading]) => reading);
}

/** The readings of an open point an answer fits, when it tells them apart (an answer every reading allows shows none). */
function readingsShown(expectation: Expectation, point: string, observation: Observation): string[] {
  const byReading = expectation.readingOutcomes?.[point];
  if (byReading === undefined) return [];
  const fits = readingsFitting(byReading, observation);
  return fits.length === Object.keys(byReading).length ? [] : fits;
}

/** Collects, from a run's exchanges, what the target answered in each open point of the documentation and in each several-problems case. */
export interface OpenPointFindingsCollector {
  readonly onEvent: (event: RunEvent) => void;
  findings(): OpenPointFinding[];
}

/**
 * Creates a collector of open-point findings: per open point of each spec (its `situation`), every answer the target gave
 * (not only the readings the spec lists), and per several-problems case which answer won.
 *
 * @example
 * const collector = collectOpenPointFindings(loadOperationSpecs());
 * await runConformance({ target, onEvent: collector.onEvent });
 * collector.findings();
 */
export function collectOpenPointFindings(specs: readonly OperationSpec[]): OpenPointFindingsCollector {
  const tallies = new Map<string, Tally>();
  const count = (key: string, make: () => Omit<Tally, 'answers' | 'readings'>, answer: string, readings: readonly string[] = []) => {
    let tally = tallies.get(key);
    if (tally === undefined) {
      tally = { ...make(), answers: new Map(), readings: new Map() };
      tallies.set(key, tally);
    }
    tally.answers.set(answer, (tally.answers.get(answer) ?? 0) + 1);
    for (const reading of readings) tally.readings.set(reading, (tally.readings.get(reading) ?? 0) + 1);
  };
  return {
    onEvent(event) {
      if (event.type !== 'exchange' || event.shrinking) return;
      const { testCase, expectation, observation } = event.exchange;
      const spec = specs.find((candidate) => candidate.operation === testCase.operation);
      if (spec === undefined) return;
      const answer = describeAnswer(observation);
      for (const id of expectation.openPoints) {
        const point = spec.openPoints.find((candidate) => candidate.id === id);
        if (point === undefined) continue;
        // With several open points in play, an answer is counted only for the points it is a reading of.
        const byReading = expectation.readingOutcomes?.[id];
        const isReading =
          byReading === undefined
            ? point.outcomes.some((outcome) => (outcome.type === undefined ? answer.endsWith(' success') : answer.endsWith(` ${outcome.type}`)))
            : readingsFitting(byReading, observation).length > 0;
        if (expectation.openPoints.length > 1 && !isReading) continue;
        count(`${spec.operation}\u0000${id}`, () => ({ operation: spec.operation, topic: id, situation: point.situation, expected: undefined }), answer, readingsShown(expectation, id, observation));
      }
      if (testCase.problems !== undefined && testCase.phase === 'coverage') {
        const situation = testCase.problems.join(' + ');
        count(`${spec.operation}\u0000precedence\u0000${situation}`, () => ({ operation: spec.operation, topic: 'precedence', situation, expected: describeExpectation(expectation) }), answer);
      }
    },
    findings() {
      return [...tallies.values()].map((tally) => ({
        operation: tally.operation,
        topic: tally.topic,
        situation: tally.situation,
        expected: tally.expected,
        observed: [...tally.answers.entries()].map(([answer, times]) => ({ answer, count: times })),
        ...(tally.readings.size === 0 ? {} : { readings: [...tally.readings.entries()].map(([reading, times]) => ({ reading, count: times })) }),
      }));
    },
  };
}
