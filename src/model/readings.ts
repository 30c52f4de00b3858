import { ConfigError } from '../config-error.ts';
import { readingName } from '../spec/reading-name.ts';
import type { OpenPoint, OperationSpec, OutcomeSpec, Profile } from '../spec/spec-schema.ts';

/**
 * Which readings of an open point the model follows: every reading a profile accepts (the oracle), or the one reading a
 * target chose (the reference mock).
 */
export type ReadingChooser = (point: OpenPoint) => readonly OutcomeSpec[];

/** One reading chosen per open point, by open point id (`{ 'disabled-entity': 'success' }`); a point not named takes its default. */
export type ChosenReadings = Readonly<Record<string, string>>;

/**
 * Follows every reading a profile accepts: the oracle's chooser.
 *
 * @example
 * const choose = everyReading('documented');
 * const point = findOperationSpec(loadOperationSpecs(), 'DeletePersonalAccessToken').openPoints.find((open) => open.id === 'deleted-organization')!;
 * choose(point).map((outcome) => outcome.type); // ['OrganizationStateException', 'OrganizationNotFoundException']
 */
export function everyReading(profile: Profile): ReadingChooser {
  // One chooser per profile, each point's readings listed once: the oracle asks on every case.
  let choose = everyReadingChoosers.get(profile);
  if (choose === undefined) {
    const byPoint = new WeakMap<OpenPoint, readonly OutcomeSpec[]>();
    choose = (point) => {
      let outcomes = byPoint.get(point);
      if (outcomes === undefined) {
        outcomes = Object.freeze(point.outcomes.filter((outcome) => outcome.profiles.includes(profile)));
        byPoint.set(point, outcomes);
      }
      return outcomes;
    };
    everyReadingChoosers.set(profile, choose);
  }
  return choose;
}

const everyReadingChoosers = new Map<Profile, ReadingChooser>();

/**
 * The reading a point takes when nothing chooses one: its first reading of the `documented` profile.
 *
 * @example
 * readingName(defaultReading(point)); // 'EntityStateException'
 */
export function defaultReading(point: OpenPoint): OutcomeSpec {
  const documented = point.outcomes.find((outcome) => outcome.profiles.includes('documented'));
  return documented ?? (point.outcomes[0] as OutcomeSpec);
}

/**
 * Whether a target can take a reading as its one answer: `anyType` ("any 4xx error") is a set, not an answer.
 *
 * @example
 * isSingleAnswer({ status: 400, anyType: true, profiles: ['documented'] }); // false
 */
export function isSingleAnswer(outcome: OutcomeSpec): boolean {
  return outcome.anyType !== true;
}

/**
 * Follows exactly one reading per open point: the chosen one, else the default. The reference mock's chooser. `chosen` is
 * read the first time a point is asked about, so change it only before the chooser is used.
 *
 * @example
 * const choose = oneReading({ 'disabled-entity': 'success' });
 */
export function oneReading(chosen: ChosenReadings): ReadingChooser {
  // Each point's reading is looked up once per chooser (the mock asks on every request); `chosen` is read then.
  const byPoint = new WeakMap<OpenPoint, readonly OutcomeSpec[]>();
  return (point) => {
    let outcomes = byPoint.get(point);
    if (outcomes === undefined) {
      const name = chosen[point.id];
      const outcome = name === undefined ? defaultReading(point) : point.outcomes.find((candidate) => readingName(candidate) === name);
      outcomes = Object.freeze([outcome ?? defaultReading(point)]);
      byPoint.set(point, outcomes);
    }
    return outcomes;
  };
}

/**
 * The open points of several specs, each id once (specs share ids such as `constraint-violation-error`), with the union
 * of the readings a target can take as its one answer.
 *
 * @example
 * openPointReadings(loadOperationSpecs()).get('disabled-entity'); // ['EntityStateException', 'success']
 */
export function openPointReadings(specs: readonly Pick<OperationSpec, 'openPoints'>[]): Map<string, string[]> {
  const readings = new Map<string, string[]>();
  for (const spec of specs) {
    for (const point of spec.openPoints) {
      const names = readings.get(point.id) ?? [];
      for (const outcome of point.outcomes) {
        const name = readingName(outcome);
        if (isSingleAnswer(outcome) && !names.includes(name)) names.push(name);
      }
      readings.set(point.id, names);
    }
  }
  return readings;
}

/**
 * Checks chosen readings against the specs' open points: each id must be an open point and each value one of its readings;
 * anything else is a one-line {@link ConfigError} naming it.
 *
 * @example
 * checkReadings(loadOperationSpecs(), { 'disabled-entity': 'maybe' }, 'createWorkMailMock: readings');
 * // throws: createWorkMailMock: readings: 'maybe' is not a reading of open point 'disabled-entity' (EntityStateException | success)
 */
export function checkReadings(specs: readonly Pick<OperationSpec, 'openPoints'>[], chosen: ChosenReadings, where: string): ChosenReadings {
  const known = openPointReadings(specs);
  for (const [id, name] of Object.entries(chosen)) {
    const names = known.get(id);
    if (names === undefined) throw new ConfigError(`${where}: '${id}' is not an open point of the specs (known: ${[...known.keys()].join(', ')})`);
    if (typeof name !== 'string' || !names.includes(name)) {
      throw new ConfigError(`${where}: '${String(name)}' is not a reading of open point '${id}' (${names.join(' | ')})`);
    }
  }
  return Object.freeze({ ...chosen });
}

/**
 * Every combination of one reading per open point (the cross product), for proving that each stays inside the oracle's set.
 *
 * @example
 * everyReadingCombination(loadOperationSpecs()).length; // 2 × 2 × 2 × 2 × … combinations
 */
export function everyReadingCombination(specs: readonly Pick<OperationSpec, 'openPoints'>[]): ChosenReadings[] {
  let combinations: Record<string, string>[] = [{}];
  for (const [id, names] of openPointReadings(specs)) {
    combinations = combinations.flatMap((combination) => names.map((name) => ({ ...combination, [id]: name })));
  }
  return combinations;
}
