import { describeExpectation, type Expectation, type ExpectedOutcome } from '../model/outcome.ts';
import type { Observation } from '../observation/observation.ts';
import type { Case } from '../cases/case.ts';
import { describeAnswer } from '../observation/describe-answer.ts';
import { errorTypeUnderSuccessStatus } from '../observation/observe-response.ts';
import type { OpenPointFinding } from './conformance-report.ts';
import type { OperationSpec } from '../spec/spec-schema.ts';


interface Tally {
  readonly operation: string;
  readonly topic: string;
  readonly situation: string;
  readonly expected: string | undefined;
  readonly answers: Map<string, number>;
  readonly readings: Map<string, number>;
}

/**
 * The readings whose outcomes include an answer; a success that a read showed to have deleted the record it names, or not
 * (`readShowedDelete`), fits only the readings whose successes do that.
 */
function readingsFitting(byReading: NonNullable<Expectation['readingOutcomes']>[string], observation: Observation, readShowedDelete: boolean | undefined): string[] {
  // An error sent with a success status is neither: it shows no reading.
  if (observation.kind !== 'response' || errorTypeUnderSuccessStatus(observation) !== undefined) return [];
  const success = observation.status >= 200 && observation.status < 300;
  const fits = (outcome: ExpectedOutcome): boolean =>
    outcome.kind === 'success' ? success && (readShowedDelete === undefined || (outcome.effect !== undefined) === readShowedDelete) : !success && outcome.type === observation.errorType;
  return Object.entries(byReading)
    // A reading without single outcomes is "any 4xx error".
    .filter(([, outcomes]) => (outcomes.length === 0 ? observation.status >= 400 && observation.status < 500 : outcomes.some(fits)))
    .map(([reading]) => reading);
}

/**
 * Whether an answer is a reading of an open point. A lookup point (letter case, deleted entities, a shared name, lookup order) is read
 * through what follows the lookup, so any answer its readings allow counts; any other point gives its answers itself, so
 * only those count (a disabled entity's EntityStateException is no reading of an absent delete, though both are in play).
 */
function isReadingOf(point: OperationSpec['openPoints'][number], byReading: NonNullable<Expectation['readingOutcomes']>[string] | undefined, observation: Observation, answer: string, readShowedDelete: boolean | undefined): boolean {
  switch (point.when.condition) {
    case 'caseOnlyMatch':
    case 'keyCaseOnlyMatch':
    case 'namedNotById':
    case 'nameShared':
    case 'lookupOrder':
      return byReading !== undefined && readingsFitting(byReading, observation, readShowedDelete).length > 0;
    case 'inputInvalid':
    case 'inputWrongType':
    case 'effectAbsent':
    case 'bodyMalformed':
    case 'notFound':
    case 'badState':
    case 'state': {
      // An error sent with a success status is counted where its error is one of the point's, as what the target answered.
      const carried = errorTypeUnderSuccessStatus(observation);
      return point.outcomes.some((outcome) =>
        carried !== undefined
          ? outcome.type === carried
          : outcome.anyType === true
          ? /^4\d\d /.test(answer)
          : outcome.type === undefined
          ? answer.endsWith(' success')
          : answer.endsWith(` ${outcome.type}`),
      );
    }
  }
}

/** The readings of an open point an answer fits, when it tells them apart (an answer every reading allows shows none). */
function readingsShown(expectation: Expectation, point: string, observation: Observation, readShowedDelete: boolean | undefined): string[] {
  const byReading = expectation.readingOutcomes?.[point];
  if (byReading === undefined) return [];
  const fits = readingsFitting(byReading, observation, readShowedDelete);
  return fits.length === Object.keys(byReading).length ? [] : fits;
}

/**
 * What the target answered in each open point of the documentation and in each several-problems case: per open point of each
 * spec (its `situation`), every answer the target gave (not only the readings the spec lists) and the readings those answers
 * show; per several-problems case, which answer won. The report counts open points here and nowhere else.
 *
 * @example
 * const findings = new OpenPointFindings();
 * findings.count(spec, testCase, expectation, observation);
 * findings.build(); // [{ operation: 'DeleteMailboxPermissions', topic: 'disabled-entity', observed: [{ answer: '400 EntityStateException', count: 6 }], … }]
 */
export class OpenPointFindings {
  private readonly tallies = new Map<string, Tally>();

  /**
   * Counts one judged exchange (shrinking apart), if it touches an open point or several problems at once; `readShowedDelete`
   * is what a read after a success showed (see `Exchange.readShowedDelete`).
   */
  count(spec: OperationSpec, testCase: Case, expectation: Expectation, observation: Observation, readShowedDelete?: boolean): void {
    const several = testCase.problems !== undefined && testCase.phase === 'coverage';
    if (expectation.openPoints.length === 0 && !several) return;
    const answer = describeAnswer(observation);
    for (const id of expectation.openPoints) {
      const point = spec.openPoints.find((candidate) => candidate.id === id);
      if (point === undefined) continue;
      // With several open points in play, an answer is counted only for the points it is a reading of.
      if (expectation.openPoints.length > 1 && !isReadingOf(point, expectation.readingOutcomes?.[id], observation, answer, readShowedDelete)) continue;
      this.add(`${spec.operation}\u0000${id}`, () => ({ operation: spec.operation, topic: id, situation: point.situation, expected: undefined }), answer, readingsShown(expectation, id, observation, readShowedDelete));
    }
    if (several) {
      const situation = (testCase.problems ?? []).join(' + ');
      this.add(`${spec.operation}\u0000precedence\u0000${situation}`, () => ({ operation: spec.operation, topic: 'precedence', situation, expected: describeExpectation(expectation) }), answer);
    }
  }

  /** The findings, in the order their open points were first met. */
  build(): OpenPointFinding[] {
    return [...this.tallies.values()].map((tally) => ({
      operation: tally.operation,
      topic: tally.topic,
      situation: tally.situation,
      expected: tally.expected,
      observed: [...tally.answers.entries()].map(([answer, times]) => ({ answer, count: times })),
      ...(tally.readings.size === 0 ? {} : { readings: [...tally.readings.entries()].map(([reading, times]) => ({ reading, count: times })) }),
    }));
  }

  private add(key: string, make: () => Omit<Tally, 'answers' | 'readings'>, answer: string, readings: readonly string[] = []): void {
    let tally = this.tallies.get(key);
    if (tally === undefined) {
      tally = { ...make(), answers: new Map(), readings: new Map() };
      this.tallies.set(key, tally);
    }
    tally.answers.set(answer, (tally.answers.get(answer) ?? 0) + 1);
    for (const reading of readings) tally.readings.set(reading, (tally.readings.get(reading) ?? 0) + 1);
  }
}
