import type { WorkMailState } from '../fixture/workmail-state.ts';
import { defaultSemantics, validateInput, type ConstraintSemantics } from '../spec/constraints.ts';
import type { OperationSpec, Profile } from '../spec/spec-schema.ts';
import type { Expectation, ExpectedOutcome } from './outcome.ts';
import { everyReading } from './readings.ts';
import { evaluateOperation, malformedBody, modelRules, type Branch, type ModelOutcome } from './work-mail-model.ts';

/** What the oracle knows when it judges a case. */
export interface OracleContext {
  /** The oracle's model of the target's state (from the fixture, updated as deletes succeed); `undefined` without a fixture. */
  readonly state: WorkMailState | undefined;
  readonly profile: Profile;
  readonly semantics?: ConstraintSemantics;
}

function outcomeKey(outcome: ExpectedOutcome): string {
  return outcome.kind === 'success' ? `success:${JSON.stringify(outcome.effect ?? null)}` : `${outcome.status}:${outcome.type}`;
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

function unique(texts: readonly string[]): string[] {
  return [...new Set(texts)];
}

/** The branches' reasons, each once, as one line; most cases end in one branch with one reason, which needs no set. */
function reasonOf(branches: readonly Branch[]): string {
  const [only] = branches;
  if (branches.length === 1 && only !== undefined && only.reasons.length <= 1) return only.reasons[0] ?? '';
  return unique(branches.flatMap((branch) => branch.reasons)).join('; ');
}

/** A branch's expected outcome, with its key (worked out on first use, once): the outcome set and every reading share it. */
interface KeyedOutcome {
  readonly outcome: ExpectedOutcome;
  key: string | undefined;
}

function keyOf(keyed: KeyedOutcome): string {
  return (keyed.key ??= outcomeKey(keyed.outcome));
}

/** Each branch's expected outcome (`undefined` where the branch allows any answer), built once per branch. */
function keyedOutcomes(branches: readonly Branch[]): (KeyedOutcome | undefined)[] {
  return branches.map((branch) => {
    const outcome = expected(branch.outcome);
    return outcome === undefined ? undefined : { outcome, key: undefined };
  });
}

/** The first outcome of each key, in order. */
function dedupeKeyed(outcomes: readonly KeyedOutcome[]): KeyedOutcome[] {
  if (outcomes.length < 2) return [...outcomes];
  const seen = new Map<string, KeyedOutcome>();
  for (const keyed of outcomes) if (!seen.has(keyOf(keyed))) seen.set(keyOf(keyed), keyed);
  return [...seen.values()];
}

/** The readings a point took across the branches, in first-seen order, each with its distinct outcomes. */
interface PointTally {
  readonly point: string;
  readonly readings: string[];
  readonly outcomes: KeyedOutcome[][];
}

/** Adds an outcome to a list unless one of its key is there (the first of each key stays, in order). */
function addDistinct(outcomes: KeyedOutcome[], keyed: KeyedOutcome): void {
  if (outcomes.length === 0 || !outcomes.some((other) => other === keyed || keyOf(other) === keyOf(keyed))) outcomes.push(keyed);
}

/** Whether outcome lists (each without repeated keys) allow the same set of outcomes. */
function sameOutcomeSets(lists: readonly (readonly KeyedOutcome[])[]): boolean {
  const [first = []] = lists;
  return lists.every((list) => list.length === first.length && list.every((keyed) => first.some((other) => keyOf(other) === keyOf(keyed))));
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
function distinctOutcomes(outcomesByBranch: readonly (KeyedOutcome | undefined)[]): ExpectedOutcome[] {
  if (outcomesByBranch.length === 1) {
    const [only] = outcomesByBranch;
    return only === undefined ? [] : [only.outcome];
  }
  return dedupeKeyed(outcomesByBranch.filter((keyed) => keyed !== undefined)).map((keyed) => keyed.outcome);
}

/**
 * The open points in play, with each reading's outcomes: a point counts where it has one reading, or where its readings
 * allow different outcomes (a lookup order that changes nothing is not in play).
 */
function pointsInPlay(branches: readonly Branch[], outcomesByBranch: readonly (KeyedOutcome | undefined)[]): PointsInPlay {
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
      readingOutcomes[point] = { [only.readings[point] as string]: outcome === undefined ? [] : [outcome.outcome] };
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
        tally.outcomes.push([]);
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
        if (taken === undefined || taken === reading) addDistinct(tally.outcomes[readingIndex] as KeyedOutcome[], outcome);
      });
    }
  });
  const openPoints: string[] = [];
  const readingOutcomes: Record<string, Record<string, ExpectedOutcome[]>> = {};
  for (const { point, readings, outcomes } of tallies) {
    if (readings.length > 1 && sameOutcomeSets(outcomes)) continue;
    openPoints.push(point);
    const byReading: Record<string, ExpectedOutcome[]> = {};
    readings.forEach((reading, readingIndex) => {
      byReading[reading] = (outcomes[readingIndex] as KeyedOutcome[]).map((keyed) => keyed.outcome);
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
    const { openPoints, readingOutcomes } = pointsInPlay(branches, keyedOutcomes(branches));
    // Any 4xx awsJson error where a reading says so; the readings' own answers are inside that set.
    return { basis: 'malformedBody', outcomes: [], openPoints, readingOutcomes, reason: 'the body is not a JSON object: any 4xx awsJson error' };
  }
  const issues = validateInput(spec, input, context.semantics ?? defaultSemantics);
  const branches = evaluateOperation(spec, world, input, issues);
  if (branches.some((branch) => branch.outcome.kind === 'unknown')) {
    return { basis: 'unknownState', outcomes: anyStateOutcome(spec), openPoints: [], reason: reasonOf(branches.filter((branch) => branch.outcome.kind === 'unknown')) };
  }
  const reason = reasonOf(branches);
  const outcomesByBranch = keyedOutcomes(branches);
  const outcomes = distinctOutcomes(outcomesByBranch);
  const { openPoints, readingOutcomes } = pointsInPlay(branches, outcomesByBranch);
  const basis = issues.length > 0 ? 'validation' : 'state';
  return openPoints.length === 0 ? { basis, outcomes, openPoints, reason } : { basis, outcomes, openPoints, readingOutcomes, reason };
}
