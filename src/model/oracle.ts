import type { WorkMailState } from '../fixture/workmail-state.ts';
import { defaultSemantics, validateInput, type ConstraintSemantics } from '../spec/constraints.ts';
import type { OperationSpec, Profile } from '../spec/spec-schema.ts';
import { sameEffect, type Expectation, type ExpectedOutcome } from './outcome.ts';
import { everyReading } from './readings.ts';
import { evaluateOperation, malformedBody, modelRules, type Branch, type ModelOutcome } from './work-mail-model.ts';

/** What the oracle knows when it judges a case. */
export interface OracleContext {
  /**
   * The oracle's model of the target's state (`WorkMailState.fromFixture(fixture)`, updated as deletes succeed), or
   * `undefined` without a fixture. Either way an organization ID of high entropy (`m-` and 32 random hex digits, as real
   * ones are) that the state does not hold is taken to exist nowhere: only OrganizationNotFoundException is expected. To
   * judge a target holding an organization, give a state that holds it.
   */
  readonly state: WorkMailState | undefined;
  readonly profile: Profile;
  readonly semantics?: ConstraintSemantics | undefined;
}

/** Whether two expected outcomes are the same answer: the same error type and status, or successes deleting the same resource. */
function sameOutcome(a: ExpectedOutcome, b: ExpectedOutcome): boolean {
  if (a === b) return true;
  if (a.kind === 'error') return b.kind === 'error' && a.status === b.status && a.type === b.type;
  return b.kind === 'success' && sameEffect(a.effect, b.effect);
}

function expected(outcome: ModelOutcome): ExpectedOutcome | undefined {
  switch (outcome.kind) {
    case 'success':
      return { kind: 'success', effect: outcome.effect };
    case 'error':
      return { kind: 'error', type: outcome.type, status: outcome.status };
    case 'anyError':
    case 'unknown':
      return undefined;
  }
}

/** Every outcome a documented state rule can give: used where nothing determines the state. */
function anyStateOutcome(spec: OperationSpec): ExpectedOutcome[] {
  const outcomes: ExpectedOutcome[] = [{ kind: 'success', effect: undefined }];
  for (const error of spec.errors) {
    if (error.when.condition === 'notFound' || error.when.condition === 'badState') outcomes.push({ kind: 'error', type: error.type, status: error.status });
  }
  return outcomes;
}

/** The branches' reasons, each once in first-seen order, as one line; most cases end in one branch with one reason. */
function reasonOf(branches: readonly Branch[]): string {
  const [only] = branches;
  if (branches.length === 1 && only !== undefined && only.reasons.length <= 1) return only.reasons[0] ?? '';
  // What every branch says is said once; the rest, branch by branch, under the readings that branch took, so that the
  // reasons of two readings never read as one sentence that contradicts itself.
  const shared = (only?.reasons ?? []).filter((reason) => branches.every((branch) => branch.reasons.includes(reason)));
  const alternatives: { readonly readings: Readonly<Record<string, string>>; readonly text: string }[] = [];
  for (const branch of branches) {
    const text = branch.reasons.filter((reason) => !shared.includes(reason)).join('; ');
    if (text !== '' && !alternatives.some((alternative) => alternative.text === text)) alternatives.push({ readings: branch.readings, text });
  }
  if (alternatives.length <= 1) return [...shared, ...alternatives.map((alternative) => alternative.text)].join('; ');
  // Each alternative is named by the readings that tell it from the others (a lookup order that changes nothing is left out).
  const telling = [...new Set(alternatives.flatMap((alternative) => Object.keys(alternative.readings)))].filter(
    (point) => new Set(alternatives.map((alternative) => alternative.readings[point])).size > 1,
  );
  const named = alternatives.map(({ readings, text }) => {
    const label = telling.flatMap((point) => (readings[point] === undefined ? [] : [`${point} ${readings[point]}`])).join(', ');
    return label === '' ? text : `reading ${label}: ${text}`;
  });
  return [...shared, `either ${named.join(', or ')}`].join('; ');
}

/** Each branch's expected outcome (`undefined` where the branch allows any answer). */
function expectedOutcomes(branches: readonly Branch[]): (ExpectedOutcome | undefined)[] {
  return branches.map((branch) => expected(branch.outcome));
}

/** The readings a point took across the branches, in first-seen order, each with its distinct outcomes. */
interface PointTally {
  readonly point: string;
  readonly readings: string[];
  /** By reading index; `undefined` until a branch allows an outcome under that reading. */
  readonly outcomes: (ExpectedOutcome[] | undefined)[];
}

/**
 * The list with an outcome added unless the same answer is there (the first of each stays, in order). A first outcome starts a
 * list of one: most lists hold one or two, and an empty array grown by a push would reserve room for many.
 */
function withDistinct(outcomes: ExpectedOutcome[] | undefined, outcome: ExpectedOutcome): ExpectedOutcome[] {
  if (outcomes === undefined) return [outcome];
  for (const other of outcomes) if (sameOutcome(other, outcome)) return outcomes;
  outcomes.push(outcome);
  return outcomes;
}

/** Whether outcome lists (each without a repeated answer) allow the same set of answers. */
function sameOutcomeSets(lists: readonly (readonly ExpectedOutcome[])[]): boolean {
  const [first = []] = lists;
  return lists.every((list) => list.length === first.length && list.every((outcome) => first.some((other) => sameOutcome(other, outcome))));
}

/** Whether any branch took a reading. */
function anyReading(branches: readonly Branch[]): boolean {
  for (const branch of branches) for (const _point in branch.readings) return true;
  return false;
}

/** The open points in play and each reading's outcomes, as {@link pointsInPlay} finds them. */
interface PointsInPlay {
  readonly openPoints: readonly string[];
  readonly readingOutcomes: Readonly<Record<string, Readonly<Record<string, readonly ExpectedOutcome[]>>>>;
}

/** No open point in play, shared by every case that reaches none (frozen: expectations are read, never changed). */
const noPointsInPlay: PointsInPlay = Object.freeze({ openPoints: Object.freeze([]), readingOutcomes: Object.freeze({}) });

/** The distinct expected outcomes of the branches, in order (none where every branch allows any answer). */
function distinctOutcomes(outcomesByBranch: readonly (ExpectedOutcome | undefined)[]): ExpectedOutcome[] {
  let distinct: ExpectedOutcome[] | undefined;
  for (const outcome of outcomesByBranch) if (outcome !== undefined) distinct = withDistinct(distinct, outcome);
  return distinct ?? [];
}

/**
 * The open points in play, with each reading's outcomes: a point counts where it has one reading, or where its readings
 * allow different outcomes (a lookup order that changes nothing is not in play).
 */
function pointsInPlay(branches: readonly Branch[], outcomesByBranch: readonly (ExpectedOutcome | undefined)[]): PointsInPlay {
  // Most cases reach no open point: nothing to tabulate.
  if (!anyReading(branches)) return noPointsInPlay;
  const [only] = branches;
  if (branches.length === 1 && only !== undefined) {
    // One branch: each point it passed has one reading, the branch's outcome.
    const outcome = outcomesByBranch[0];
    const openPoints: string[] = [];
    const readingOutcomes: Record<string, Record<string, ExpectedOutcome[]>> = {};
    for (const point in only.readings) {
      openPoints.push(point);
      readingOutcomes[point] = { [only.readings[point] as string]: outcome === undefined ? [] : [outcome] };
    }
    return { openPoints, readingOutcomes };
  }
  // Few points and readings per case: lists searched in order cost less than maps, and keep first-seen order as maps did.
  const tallies: PointTally[] = [];
  for (const branch of branches) {
    for (const point in branch.readings) {
      const reading = branch.readings[point] as string;
      let tally = tallies.find((candidate) => candidate.point === point);
      if (tally === undefined) tallies.push((tally = { point, readings: [], outcomes: [] }));
      if (!tally.readings.includes(reading)) {
        tally.readings.push(reading);
        tally.outcomes.push(undefined);
      }
    }
  }
  branches.forEach((branch, index) => {
    const outcome = outcomesByBranch[index];
    if (outcome === undefined) return;
    for (const tally of tallies) {
      // A branch that ended before reaching a point is an outcome of every reading of it.
      const taken = branch.readings[tally.point];
      tally.readings.forEach((reading, readingIndex) => {
        if (taken === undefined || taken === reading) tally.outcomes[readingIndex] = withDistinct(tally.outcomes[readingIndex], outcome);
      });
    }
  });
  const openPoints: string[] = [];
  const readingOutcomes: Record<string, Record<string, ExpectedOutcome[]>> = {};
  for (const { point, readings, outcomes: allowed } of tallies) {
    const outcomes = allowed.map((list) => list ?? []);
    if (readings.length > 1 && sameOutcomeSets(outcomes)) continue;
    openPoints.push(point);
    const byReading: Record<string, ExpectedOutcome[]> = {};
    readings.forEach((reading, readingIndex) => {
      byReading[reading] = outcomes[readingIndex] as ExpectedOutcome[];
    });
    readingOutcomes[point] = byReading;
  }
  return { openPoints, readingOutcomes };
}

/**
 * The set of outcomes a conforming target may give for a request body (`undefined` input: not a JSON object): the model of
 * the documented semantics followed under every reading the profile accepts.
 *
 * @example
 * const expectation = expectOutcomesOf(spec, { OrganizationId: 'm-…', EntityId: 'alice', GranteeId: 'sales' }, { state, profile: 'documented' });
 */
export function expectOutcomesOf(spec: OperationSpec, input: Readonly<Record<string, unknown>> | undefined, context: OracleContext): Expectation {
  const world = { state: context.state, closedWorld: false, choose: everyReading(context.profile) };
  if (input === undefined) {
    const branches = malformedBody(modelRules(spec), world, 'a body that is not a JSON object');
    const { openPoints, readingOutcomes } = pointsInPlay(branches, expectedOutcomes(branches));
    // Any 4xx awsJson error where a reading says so; the readings' own answers are inside that set.
    return { basis: 'malformedBody', outcomes: [], openPoints, readingOutcomes, reason: 'the body is not a JSON object: any 4xx awsJson error' };
  }
  const issues = validateInput(spec, input, context.semantics ?? defaultSemantics);
  const branches = evaluateOperation(spec, world, input, issues);
  if (branches.some((branch) => branch.outcome.kind === 'unknown')) {
    return { basis: 'unknownState', outcomes: anyStateOutcome(spec), openPoints: [], reason: reasonOf(branches.filter((branch) => branch.outcome.kind === 'unknown')) };
  }
  const reason = reasonOf(branches);
  const outcomesByBranch = expectedOutcomes(branches);
  const outcomes = distinctOutcomes(outcomesByBranch);
  const { openPoints, readingOutcomes } = pointsInPlay(branches, outcomesByBranch);
  const basis = issues.length > 0 ? 'validation' : 'state';
  return openPoints.length === 0 ? { basis, outcomes, openPoints, reason } : { basis, outcomes, openPoints, readingOutcomes, reason };
}
