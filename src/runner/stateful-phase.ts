import { createEventLoopTurns } from './event-loop-turns.ts';
import fc from 'fast-check';
import type { Case } from '../cases/case.ts';
import type { CheckResult, SequenceStepComparison } from '../checks/check.ts';
import { transientAnswerType, type ErrorCatalog } from '../checks/error-catalog.ts';
import { stateSequence } from '../checks/state-sequence.ts';
import { ConfigError, isConfigError } from '../config-error.ts';
import type { Entity, Fixture, Organization } from '../fixture/fixture-schema.ts';
import { listedInFull } from '../fixture/organization-facts.ts';
import { WorkMailState } from '../fixture/workmail-state.ts';
import { memberValue } from '../arbitraries/member-value.ts';
import { violatedMemberConstraints } from '../mock/member-constraints.ts';
import type { MockOperationSemantics } from '../mock/mock-operation.ts';
import { supportingModelRules } from '../mock/mock-router.ts';
import { mockOperations } from '../mock/operations/mock-operations.ts';
import type { SupportingOperationSpec } from '../mock/supporting-spec-schema.ts';
import { expectOutcomesOf } from '../model/oracle.ts';
import { everyReading } from '../model/readings.ts';
import { resolveReferents, type ModelRules, type Resolution } from '../model/work-mail-model.ts';
import { describeObservation } from '../observation/describe-observation.ts';
import { isSuccessAnswer, type Observation } from '../observation/observation.ts';
import { errorTypeUnderSuccessStatus, observeResponse } from '../observation/observe-response.ts';
import type { StateSequenceKind } from '../report/contract-coverage.ts';
import type { Reproduction } from '../report/conformance-report.ts';
import type { JudgedCase } from '../report/report-builder.ts';
import { sequenceReproduction, type ReproduceContext } from '../report/reproduce.ts';
import type { ConstraintSemantics } from '../spec/constraints.ts';
import type { OperationSpec, Profile } from '../spec/spec-schema.ts';
import type { SendOptions, Target } from '../target/target.ts';
import { buildAwsJsonRequest } from '../wire/aws-json.ts';
import { afterNoRecords, canonicalRecord, tellsNothing, EffectReader, readListScope, refusedAtStart, type ListReading, type ScopeRecords } from './effect-reader.ts';
import { getOrInsertComputed } from '../get-or-insert-computed.ts';
import type { ReadsAgain } from '../observation/read-until-settled.ts';
import { formatCasePath, type CasePath } from './case-path.ts';
import { oneOfValues } from '../arbitraries/one-of-values.ts';

/** Sequences per run and steps per sequence when nothing says otherwise: a default run stays fast. */
export const defaultStateSequences = 50;
export const defaultStateSequenceSteps = 10;

/** What the phase tells the report: everything it judged, and why it judged nothing where it could not run. */
export interface StatefulPhaseSink {
  /** The phase cannot judge an operation's sequences in this run, and why. */
  /** `byChoice` where the run was asked for no sequences. */
  notChecked(spec: OperationSpec, reason: string, byChoice?: true): void;
  /** One step judged (passed), or the failing step of the minimal sequence. */
  stepJudged(spec: OperationSpec, result: CheckResult): void;
  /** A sequence every step of which was judged showed a kind of state sequence. */
  sequenceShowed(spec: OperationSpec, kind: StateSequenceKind): void;
  /** The minimal failing sequence, as a finding: its failing step, with the whole sequence as input and its reproduction. */
  finding(spec: OperationSpec, judged: JudgedCase, options: { readonly shrunk: boolean; readonly input: unknown; readonly reproduce: Reproduction }): void;
  /** A sequence drawn for the phase ended without failing (for a progress line). */
  sequenceEnded?(): void;
}

/** What the stateful phase needs of the run. */
export interface StatefulPhaseOptions {
  readonly target: Target;
  /** The operations of the run; those whose target serves their List (and Put, where declared) take part. */
  readonly specs: readonly OperationSpec[];
  /** Every operation spec the target serves (their open points are those of the supporting operations too). */
  readonly allSpecs: readonly OperationSpec[];
  readonly supportingSpecs: readonly SupportingOperationSpec[];
  readonly fixture: Fixture | undefined;
  readonly profile: Profile;
  readonly semantics: ConstraintSemantics;
  readonly sendOptions: SendOptions;
  readonly errors: (spec: OperationSpec) => ErrorCatalog;
  readonly seed: number;
  readonly sequences: number;
  readonly maxSteps: number;
  /** Replays one sequence alone, as a finding's path names it (a shrunk one straight away, through its replay path), and does not shrink it. */
  readonly replay?: Extract<CasePath, { readonly source: 'stateful' }> | undefined;
  /** The option that gave `replay` (`--path`, or `path` from code), named in the error a replay path that fits no sequence gets. */
  readonly pathOption?: string | undefined;
  /** Puts the target back to the fixture's state before each sequence, where the target can be reset (the reference mock). */
  readonly resetTarget?: (() => void | Promise<void>) | undefined;
  /** Where what the phase judged goes (the report). */
  readonly sink: StatefulPhaseSink;
  /** The run's own flags and where the target is, for the reproduction commands. */
  readonly reproduce: ReproduceContext;
  /** Polled before each sequence: a reason ends the phase (the run stopped sending, a request budget is spent). */
  readonly shouldStop?: (() => string | undefined) | undefined;
  /** Told why the phase stopped sending on its own (a target that stopped answering), so the report says the run is incomplete. */
  readonly onStopped?: ((reason: string) => void) | undefined;
  /** Reads a List step that differs from the model again before it counts (a read may lag behind the steps before it). */
  readonly readsAgain?: ReadsAgain | undefined;
  /** Told of each List step that showed what the steps before it did only when read again, and how much later. */
  readonly onSeenLate?: ((spec: OperationSpec, afterMs: number) => void) | undefined;
}

/** Requests of the phase that timed out after which it stops sending: a hanging target must not hold the run. */
const maxTimeouts = 3;

/** One kind of resource taking part: its delete operation, how it is listed and (where declared) put, through the model. */
interface KindPlan {
  readonly spec: OperationSpec;
  readonly errors: ErrorCatalog;
  /** Reads every scope of the kind at the start of a sequence. */
  readonly reader: EffectReader;
  /** Reads one List step (item fields only: the scope is what the step names). */
  readonly listReading: ListReading;
  readonly listRules: ModelRules;
  readonly put: { readonly spec: SupportingOperationSpec; readonly rules: ModelRules; readonly semantics: MockOperationSemantics } | undefined;
  /** The profile and constraint semantics the oracle judges with, as in every other phase. */
  readonly profile: Profile;
  readonly semantics: ConstraintSemantics;
  readonly readsAgain: ReadsAgain | undefined;
  readonly seenLate: (afterMs: number) => void;
  /** The keys (canonical JSON) of the record the Put probe created, if it did: named as such where it is left over. */
  readonly probeRecord?: string | undefined;
}

type StepKind = 'delete' | 'put' | 'list';

/** One request of a command: its kind and input; `repeat` for the second of a delete sent twice. */
interface Step {
  readonly kind: StepKind;
  readonly input: Readonly<Record<string, unknown>>;
  readonly repeat?: boolean;
}

/** One way a step can go in one state the model can be in: the answer, the state after it, and what it did. */
interface Possibility {
  /** `success`, or an error type; `anyError` where a reading allows any error. */
  readonly answer: string;
  /** The state after it: made only for a possibility the answer matches (most ways a step can go are not taken). */
  readonly state: () => WorkMailState;
  /** For a List success: the records the model holds in the scope, canonical and sorted. */
  readonly records?: readonly string[];
  readonly event?: SequenceEvent;
}

/** What a judged step did, for the sequence kinds of contract coverage. */
type SequenceEvent =
  | { readonly type: 'delete' | 'put'; readonly organizationId: string; readonly keys: Readonly<Record<string, string>> }
  | { readonly type: 'list'; readonly organizationId: string; readonly scope: Readonly<Record<string, string>> };

/** The model side of a sequence: every state the target can be in after the answers so far (open points followed both ways). */
interface SequenceModel {
  states: WorkMailState[];
  /** Why the rest of the sequence is not judged (a timeout, a throttled answer): what the target holds is no longer known. */
  unknown: string | undefined;
  /**
   * By resource kind, how the records of that kind the target held at the start differed from the fixture (a target that was
   * not reset), where they did: a step's finding names its own kind's difference only.
   */
  readonly startDifferences: ReadonlyMap<string, string>;
}

/** One request of a sequence as sent, and how it went. */
interface StepRecord {
  readonly plan: KindPlan;
  readonly operation: string;
  readonly input: Readonly<Record<string, unknown>>;
  /** What the target answered, as the finding says it: made only for a sequence that fails. */
  readonly observed: () => string;
  readonly event: SequenceEvent | undefined;
  readonly repeated: boolean;
}

/** The real side of a sequence: the steps sent, for the finding and for contract coverage. */
interface SequenceReal {
  readonly steps: StepRecord[];
  /** Requests of the phase that timed out so far (shared by every sequence). */
  readonly unanswered: { count: number };
  /**
   * A Put answered what the model does not allow, or a success with an error in its body (the last step, which ended the
   * judging): a warning, not a failure.
   */
  unmodelledPut?: StepNotAllowed;
}

/** A step whose answer the model does not allow: fast-check shrinks the sequence that led to it. */
class StepNotAllowed extends Error {
  constructor(
    readonly plan: KindPlan,
    readonly step: number,
    readonly comparison: SequenceStepComparison,
    readonly steps: readonly StepRecord[],
    readonly testCase: Case,
    readonly observation: Observation,
    readonly startDifference: string | undefined,
    /** A List step that lacks only records a Put of the sequence put, and lists nothing the model does not hold. */
    readonly lacksOnlyPuts = false,
  ) {
    super(`step ${step}: expected ${comparison.expected}, observed ${comparison.observed}`);
  }
}

/**
 * Whether a listing lacks only records that a Put of the sequence put, and holds none the model does not: how the target's
 * Put and List differ from the model's reading of them, which no delete explains (a delete can remove a record a Put puts
 * after it only by not letting the Put store it, which is the Put's to do).
 */
function lacksOnlyPuts(possibility: Possibility, listed: readonly string[], steps: readonly StepRecord[], plan: KindPlan): boolean {
  const list = possibility.event;
  if (possibility.answer !== 'success' || possibility.records === undefined || list?.type !== 'list') return false;
  if (!listed.every((record) => possibility.records?.includes(record))) return false;
  const missing = possibility.records.filter((record) => !listed.includes(record));
  const puts = steps.flatMap((step) => (step.plan === plan && step.event?.type === 'put' && step.event.organizationId === list.organizationId ? [step.event.keys] : []));
  const put = (record: string) => {
    const fields = JSON.parse(record) as Record<string, unknown>;
    return puts.some((keys) => Object.entries(keys).every(([field, value]) => (field in list.scope ? list.scope[field] === value : fields[field] === value)));
  };
  return missing.length > 0 && missing.every(put);
}


function describeRecords(records: readonly string[]): string {
  return `[${records.join(', ')}]`;
}

function describePossibility(possibility: Possibility): string {
  if (possibility.answer === 'success') return possibility.records === undefined ? '200' : `200 listing ${describeRecords(possibility.records)}`;
  return possibility.answer === 'anyError' ? 'any 4xx error' : `an error ${possibility.answer}`;
}

function sameRecords(left: readonly string[], right: readonly string[]): boolean {
  return left.length === right.length && left.every((record, index) => record === right[index]);
}

/**
 * The identifiers that name an entity: its ID, name and email, each kept where every member that can carry it accepts it.
 * Names and emails are how users call the operations as often as IDs.
 */
function identifiersOf(entity: Entity, members: readonly Parameters<typeof violatedMemberConstraints>[0][], semantics: ConstraintSemantics): string[] {
  const forms = [entity.id, entity.name, entity.email].filter((value): value is string => value !== undefined);
  return [...new Set(forms)].filter((value) => members.every((member) => violatedMemberConstraints(member, value, semantics).length === 0));
}

/** Everything the commands are drawn from, per usable organization of the fixture. */
interface Pool {
  readonly organization: Organization;
  /** Per entity (by ID), the identifiers that name it. */
  readonly names: ReadonlyMap<string, readonly string[]>;
  /** Per identifier, the ID of the entity it names. */
  readonly namedBy: ReadonlyMap<string, string>;
}

/**
 * The stateful phase: fast-check model-based sequences of deletes, repeated deletes, puts and lists over the fixture's usable
 * organizations and their entities named by ID, name and email, each answer compared with the model (the oracle and the
 * mock's state semantics, every reading of every open point) in the states the earlier answers left. A failure shrinks to
 * a minimal sequence, reported with seed, path and one AWS CLI command per step.
 *
 * @example
 * await runStatefulPhase({ target, specs, allSpecs: specs, supportingSpecs, fixture: demoFixture, profile: 'documented', semantics: defaultSemantics, sendOptions: { timeoutMs: 10_000 }, errors, seed: 1, sequences: 50, maxSteps: 10, sink, reproduce });
 */
export async function runStatefulPhase(options: StatefulPhaseOptions): Promise<void> {
  const { fixture } = options;
  // The operations some step was judged of: one the phase stopped before (at another's failing sequence) is said to be so.
  const judged = new Set<OperationSpec>();
  const sink: StatefulPhaseSink = {
    ...options.sink,
    stepJudged: (spec, result) => {
      judged.add(spec);
      options.sink.stepJudged(spec, result);
    },
  };
  const notChecked = (spec: OperationSpec, reason: string) => sink.notChecked(spec, reason);
  if (options.sequences === 0) {
    for (const spec of options.specs) sink.notChecked(spec, 'turned off (--state-sequences 0)', true);
    return;
  }
  if (fixture === undefined) {
    for (const spec of options.specs) notChecked(spec, 'no fixture: what the target holds is not known');
    return;
  }
  await options.resetTarget?.();
  // The fixture as a state, parsed once for the phase; only read here, each sequence starts from a copy.
  const fixtureState = WorkMailState.fromFixture(fixture);
  const plans: KindPlan[] = [];
  for (const spec of options.specs) {
    const plan = await planKind(options, spec, fixture, fixtureState);
    if (typeof plan === 'string') notChecked(spec, plan);
    else plans.push(plan);
  }
  if (plans.length === 0) return;
  const pools = poolsOf(plans, fixture, options);
  if (pools.length === 0) {
    for (const plan of plans) notChecked(plan.spec, 'the fixture has no usable organization with entities to name');
    return;
  }
  const commands = commandArbitraries(plans, pools, fixture, fixtureState);
  const operations = options.specs.map((spec) => spec.operation);
  let shrinking = false;
  let lastFailure: StepNotAllowed | undefined;
  let index = 0;
  const unanswered = { count: 0 };
  let stoppedHere: string | undefined;
  // What the target holds after the last sequence, where the model knows it: what the next read should show.
  let lastEnd: WorkMailState | undefined;
  // A sequence of a target that answers in the same tick would keep a Ctrl-C waiting until the phase ends.
  const eventLoopTurn = createEventLoopTurns(1);
  const replay = options.replay;
  const sequences = fc.commands(commands, { maxCommands: options.maxSteps, size: 'max', ...(replay?.replayPath === undefined ? {} : { replayPath: replay.replayPath }) });
  const property = fc.asyncProperty(sequences, async (sequence) => {
    const runIndex = index;
    index += 1;
    const turn = eventLoopTurn();
    if (turn !== undefined) await turn;
    if (unanswered.count >= maxTimeouts && stoppedHere === undefined) {
      stoppedHere = `the target did not answer ${unanswered.count} requests of the stateful phase within ${options.sendOptions.timeoutMs} ms; the phase stopped sending`;
      options.onStopped?.(stoppedHere);
    }
    if (stoppedHere !== undefined || options.shouldStop?.() !== undefined) return;
    const endBefore: WorkMailState | 'unknown' | undefined = runIndex === 0 ? undefined : (lastEnd ?? 'unknown');
    const setup = async (): Promise<{ model: SequenceModel; real: SequenceReal }> => ({ model: await startModel(options, plans, fixtureState, unanswered, endBefore), real: { steps: [], unanswered } });
    let setupDone: { model: SequenceModel; real: SequenceReal } | undefined;
    lastEnd = undefined;
    try {
      await fc.asyncModelRun(async () => (setupDone = await setup()), sequence);
      const model = (setupDone as { model: SequenceModel } | undefined)?.model;
      if (model !== undefined && model.unknown === undefined && model.states.length === 1) lastEnd = model.states[0];
    } catch (error) {
      if (!(error instanceof StepNotAllowed)) throw error;
      lastFailure = error;
      shrinking = true;
      throw error;
    }
    if (!shrinking) sink.sequenceEnded?.();
    if (!shrinking && setupDone !== undefined) {
      const { steps, unmodelledPut } = setupDone.real;
      countSequence(sink, unmodelledPut === undefined ? steps : steps.slice(0, -1));
      if (unmodelledPut !== undefined) {
        const warning: CheckResult = { status: 'warn', expected: unmodelledPut.comparison.expected, observed: unmodelledPut.comparison.observed };
        sink.stepJudged(unmodelledPut.plan.spec, warning);
        reportSequence(unmodelledPut, warning, formatCasePath(replay ?? { operation: unmodelledPut.plan.spec.operation, source: 'stateful', fastCheckPath: String(runIndex) }), false, `${unmodelledPut.testCase.operation} is no operation under test, and ${errorTypeUnderSuccessStatus(unmodelledPut.observation) === undefined ? "the model (the reference mock's reading of its page, which the contract does not include) allows only the answers expected" : 'its answer carries an error under a success status, so what the target holds after it is not known'}: a warning; the rest of the sequence was not judged`);
      }
    }
  });
  const outcome = replay === undefined ? await fc.check(property, { seed: options.seed, numRuns: options.sequences }) : await replayOne(property, options, replay, () => index);
  // A target that cannot be reset gets its permissions (every kind that can be put) back as the fixture lists them, after a
  // stop too (the user's Ctrl-C asks for the report, not for a mock left changed); not when the target stopped answering.
  if (options.resetTarget === undefined && stoppedHere === undefined) await restoreRecords(options, plans, fixtureState);
  if (outcome.failed && lastFailure !== undefined) {
    const failure = lastFailure;
    const result: CheckResult = stateSequence.run({
      spec: failure.plan.spec,
      testCase: failure.testCase,
      expectation: { basis: 'state', outcomes: [], openPoints: [], reason: '' },
      observation: failure.observation,
      errors: failure.plan.errors,
      sequenceStep: failure.comparison,
    });
    const path = formatCasePath({ operation: failure.plan.spec.operation, source: 'stateful', ...(replay ?? shrunkPath(outcome)) });
    // A replay of a shrunk sequence shrinks nothing itself: its path says it was shrunk.
    const shrunk = outcome.numShrinks > 0 || replay?.replayPath !== undefined;
    const operation = failure.plan.spec.operation;
    // Shrunk to steps with no delete of the operation under test (a Put that merges values, then a List), the sequence shows
    // how the target's Put and List differ from the model's reading of them, which the contract does not include. So does a
    // List that lacks only what a Put of the sequence put (trialZ #1: a List that shows no DISABLED user's mailbox, after a
    // Put on it, was charged to the delete of an absent permission that the delete-put-list command holds).
    const holdsNone = !failure.steps.some((step) => step.plan === failure.plan && step.operation === operation);
    if (holdsNone || failure.lacksOnlyPuts) {
      const warning: CheckResult = result.status === 'fail' ? { status: 'warn', expected: result.expected, observed: result.observed } : result;
      const why = holdsNone
        ? `the sequence holds no ${operation}, and the model's reading of the operations it holds (the reference mock's, of pages the contract does not include) allows only the answers expected`
        : `the List lacks only what a Put of the sequence put, and lists nothing the model does not hold: the target's Put did not store it, or its List does not show it, which the model's reading of them (the reference mock's, of pages the contract does not include) does not allow, and no ${operation} explains (a delete removes what was there before it)`;
      sink.stepJudged(failure.plan.spec, warning);
      reportSequence(failure, warning, path, shrunk, `${why}: a warning, not a failure of ${operation}; no sequence was sent after it`);
    } else {
      sink.stepJudged(failure.plan.spec, result);
      reportSequence(failure, result, path, shrunk, 'the model, followed through every reading of the open points from the state read at the start, allows only the answers expected');
    }
    for (const plan of plans) {
      if (!judged.has(plan.spec)) notChecked(plan.spec, `the stateful phase stopped at its first failing sequence (${failure.plan.spec.operation}'s, reported there) before a step of ${plan.spec.operation} was judged`);
    }
  } else if (outcome.failed) {
    // Not a step the model refused (the phase itself threw): said, never a silent pass.
    const error = outcome.errorInstance;
    throw error instanceof Error ? error : new Error(String(error));
  }

  /** Reports a sequence up to the step the model did not allow, with `result` (a failure, or a Put's warning) and how to replay it. */
  function reportSequence(failure: StepNotAllowed, result: CheckResult, path: string, shrunk: boolean, why: string): void {
    const steps = failure.steps;
    const description = `a sequence of ${steps.length} step(s) from the state the target held at its start: ${steps.map((step, at) => `${at + 1}) ${step.operation} ${JSON.stringify(step.input)} → ${step.observed()}`).join('; ')}`;
    sink.finding(
      failure.plan.spec,
      {
        testCase: { ...failure.testCase, description },
        path,
        expectation: {
          basis: 'state',
          outcomes: [],
          openPoints: [],
          reason: `step ${failure.step} of the sequence: ${why}${failure.startDifference === undefined ? '' : `; at the start of the sequence the target's records differed from the fixture (${failure.startDifference}): replay it from that state`}`,
        },
        observation: failure.observation,
        verdict: { outcomes: [{ check: stateSequence, result }], failed: result.status === 'fail' },
      },
      {
        shrunk,
        input: steps.map((step) => ({ operation: step.operation, input: step.input })),
        reproduce: sequenceReproduction(options.reproduce, failure.plan.spec, operations, steps, options.seed, path),
      },
    );
  }
}

/** Probes what a kind needs: its List (read as the fixture says), and its Put where the spec declares one. */
async function planKind(options: StatefulPhaseOptions, spec: OperationSpec, fixture: Fixture, fixtureState: WorkMailState): Promise<KindPlan | string> {
  const list = spec.resourceKind.list;
  if (list === undefined) return `the spec of ${spec.operation} declares no List operation for ${spec.resourceKind.name} (resourceKind.list)`;
  const listSpec = options.supportingSpecs.find((candidate) => candidate.operation === list.operation);
  if (listSpec === undefined) return `no supporting spec describes ${list.operation}`;
  const errors = options.errors(spec);
  // What the target holds now is read at the start of each sequence: it need not be what the fixture lists.
  const setup = await EffectReader.setUp({ spec, target: options.target, fixture, supportingSpecs: options.supportingSpecs, sendOptions: options.sendOptions, errors, compareWithFixture: false });
  if (setup.kind === 'notChecked') return setup.reason;
  const listReading: ListReading = { spec, list, listSpec, target: options.target, sendOptions: options.sendOptions, errors, fields: Object.keys(list.itemFields) };
  const plan: KindPlan = {
    spec,
    errors,
    reader: setup.reader,
    listReading,
    listRules: supportingModelRules(listSpec, options.allSpecs),
    put: undefined,
    profile: options.profile,
    semantics: options.semantics,
    readsAgain: options.readsAgain,
    seenLate: (afterMs) => options.onSeenLate?.(spec, afterMs),
  };
  const put = spec.resourceKind.put;
  if (put === undefined) return plan;
  const putSpec = options.supportingSpecs.find((candidate) => candidate.operation === put.operation);
  if (putSpec === undefined) return `no supporting spec describes ${put.operation}`;
  const semantics = mockOperations.find((operation) => operation.operation === put.operation);
  if (semantics === undefined) return `the model has no state semantics for ${put.operation}`;
  // The probe puts a record the fixture holds with the values it holds: it changes nothing. Only one whose entities are in a
  // good state: a put naming a DISABLED entity may be refused by a target that serves Put well.
  const goodEntityStates = spec.referents.entity?.goodStates;
  for (const organization of fixture.organizations) {
    const inGoodState = (record: Readonly<Record<string, unknown>>) =>
      Object.values(put.input).every((source) => {
        const entity = source === 'organizationId' ? undefined : organization.entities.find((candidate) => candidate.id === record[source]);
        return entity === undefined || goodEntityStates === undefined || goodEntityStates.includes(entity.state);
      });
    const record = fixtureState.listResources(spec.resourceKind.name, organization.id).find(inGoodState);
    if (record === undefined || !listedInFull(organization)) continue;
    const input = inputOf(put.input, organization.id, record);
    const observation = await send(options.target, spec, putSpec.target, put.operation, input, options.sendOptions);
    // No answer (a timeout, a dropped connection) says nothing of whether the target serves it.
    if (observation.kind !== 'response') return `${put.operation} gave no answer to a put of what the fixture holds (${describeObservation(observation)}), so no sequence could be set up`;
    if (!isSuccessAnswer(observation)) return refusedAtStart(put.operation, observation, describeObservation(observation), 'a put of what the fixture holds');
    // A put of other values must show in the List: a Put that answers success and stores nothing would otherwise fail the
    // operation under test in the sequences (its delete, the put, the list), where the Put is at fault. The held values are
    // put back at once; the first sequence sets up the fixture's records again anyway.
    // On a record the target shows now, as held: one the earlier phases deleted may be one a broken delete keeps from
    // coming back (a Put lost after a Delete), which is for the sequences to find.
    const now = await plan.reader.readRecords();
    const keyFields = Object.keys(spec.effect.keys);
    const shownNow = new Set(now.kind === 'read' ? now.scopes.filter((scope) => scope.organizationId === organization.id).flatMap((scope) => scope.records.map((shown) => canonicalRecord(shown, keyFields))) : []);
    const probed = fixtureState.listResources(spec.resourceKind.name, organization.id).find((candidate) => inGoodState(candidate) && shownNow.has(canonicalRecord(candidate, keyFields)));
    const changed = probed === undefined ? undefined : withOtherValues(put.input, putSpec, probed);
    if (changed !== undefined && probed !== undefined) {
      const putChanged = await send(options.target, spec, putSpec.target, put.operation, inputOf(put.input, organization.id, changed.record), options.sendOptions);
      const stored = !isSuccessAnswer(putChanged) || (await showsValues(plan, organization.id, changed.record, changed.field));
      await send(options.target, spec, putSpec.target, put.operation, inputOf(put.input, organization.id, probed), options.sendOptions);
      if (!stored) {
        return `the target's ${put.operation} answered success to a put of other ${changed.field} on a ${spec.resourceKind.name} it holds, and ${list.operation} did not show them: a Put that stores nothing, or a List that does not show what is stored (neither is an operation under test), leaves what a sequence sets up unknown`;
      }
    }
    // A Put must also create: a record no one held or deleted is put (a Put that only updates what is held would fail the
    // delete whose record a sequence puts back, as a delete that loses later puts does). The first sequence deletes it
    // again as it sets up the fixture's records.
    const fresh = freshRecord(spec, organization, fixtureState, record, goodEntityStates);
    const created = fresh !== undefined && isSuccessAnswer(await send(options.target, spec, putSpec.target, put.operation, inputOf(put.input, organization.id, fresh), options.sendOptions));
    if (created && !(await showsValues(plan, organization.id, fresh, undefined))) {
      return `the target's ${put.operation} answered success to a put of a ${spec.resourceKind.name} it did not hold, and ${list.operation} did not show it: a Put that stores nothing new, or a List that does not show what is stored (neither is an operation under test), leaves what a sequence sets up unknown`;
    }
    const probeRecord = created ? canonicalRecord(fresh, keyFields) : undefined;
    return { ...plan, put: { spec: putSpec, rules: supportingModelRules(putSpec, options.allSpecs), semantics }, probeRecord };
  }
  return `the fixture holds no ${spec.resourceKind.name} to probe ${put.operation} with (in an organization listed in full, between entities in state ${goodEntityStates?.join(' or ') ?? 'any'})`;
}

/**
 * A record with one list field a Put sets (of an enum) given other values: those it does not hold, else one value fewer.
 * `undefined` where the Put sets no such field.
 */
function withOtherValues(
  mapping: Readonly<Record<string, string>>,
  putSpec: SupportingOperationSpec,
  record: Readonly<Record<string, unknown>>,
): { readonly record: Readonly<Record<string, unknown>>; readonly field: string } | undefined {
  for (const [member, field] of Object.entries(mapping)) {
    const memberSpec = putSpec.input[member];
    const held = record[field];
    if (memberSpec?.type !== 'list' || !Array.isArray(held)) continue;
    const others = memberSpec.member.enum.filter((value) => !held.includes(value));
    const values = others.length > 0 ? others : held.slice(1);
    if (values.length > 0) return { record: { ...record, [field]: values }, field };
  }
  return undefined;
}

/**
 * A record of the fixture's with one key field's entity replaced by another of the same type, in a good state, such that
 * the organization holds no record of those keys: one a put creates. `undefined` where the fixture has none to make.
 */
function freshRecord(
  spec: OperationSpec,
  organization: Organization,
  fixtureState: WorkMailState,
  record: Readonly<Record<string, unknown>>,
  goodEntityStates: readonly string[] | undefined,
): Readonly<Record<string, unknown>> | undefined {
  const keyFields = Object.keys(spec.effect.keys);
  const held = new Set(fixtureState.listResources(spec.resourceKind.name, organization.id).map((other) => canonicalRecord(other, keyFields)));
  for (const field of [...keyFields].reverse()) {
    const current = organization.entities.find((entity) => entity.id === record[field]);
    if (current === undefined) continue;
    const otherKeys = new Set(keyFields.filter((other) => other !== field).map((other) => record[other]));
    for (const entity of organization.entities) {
      if (entity.type !== current.type || otherKeys.has(entity.id) || (goodEntityStates !== undefined && !goodEntityStates.includes(entity.state))) continue;
      const candidate = { ...record, [field]: entity.id };
      if (!held.has(canonicalRecord(candidate, keyFields))) return candidate;
    }
  }
  return undefined;
}

/**
 * Whether a read of every scope shows `record` (by its keys) with at least the values of its `field`, where one is given (a
 * Put that adds values to those held shows them too), read again within the window where it does not. A read that fails
 * shows nothing either way.
 */
async function showsValues(plan: KindPlan, organizationId: string, record: Readonly<Record<string, unknown>>, field: string | undefined): Promise<boolean> {
  const keyFields = Object.keys(plan.spec.effect.keys);
  const keys = canonicalRecord(record, keyFields);
  const wanted = field === undefined ? [] : (record[field] as readonly unknown[]);
  const holdsWanted = (other: Readonly<Record<string, unknown>>) => field === undefined || (Array.isArray(other[field]) && wanted.every((value) => (other[field] as unknown[]).includes(value)));
  const shows = (read: RecordsRead) =>
    read.kind === 'read' && read.scopes.some((scope) => scope.organizationId === organizationId && scope.records.some((other) => canonicalRecord(other, keyFields) === keys && holdsWanted(other)));
  const read = await plan.reader.readRecords();
  if (read.kind === 'failed' || shows(read)) return true;
  if (plan.readsAgain === undefined) return false;
  const settled = await plan.readsAgain.settle<RecordsRead>(read, () => plan.reader.readRecords(), (again) => (again.kind === 'failed' ? afterNoRecords(again) : shows(again) ? 'settled' : 'readAgain'));
  // Read once only (no window): what it showed stands; a read that failed on the way proves nothing either way.
  return settled !== undefined && settled.outcome !== 'outlasted';
}

/** Sends one request of the phase: a step (a delete or a put) or, where `role` says so, a read. */
async function send(target: Target, spec: OperationSpec, amzTarget: string, operation: string, input: Readonly<Record<string, unknown>>, sendOptions: SendOptions, role: 'read' | 'step' = 'step'): Promise<Observation> {
  const request = buildAwsJsonRequest({ protocol: { ...spec.protocol, target: amzTarget } }, input);
  try {
    return await target.send({ operation, signingName: spec.service.signingName, request, input, role }, sendOptions);
  } catch (error) {
    // A user mistake (no credentials for the real service) ends the run as a configuration error, as in every phase.
    if (isConfigError(error)) throw error;
    return { kind: 'networkError', code: 'TARGET_THREW', message: String((error as Error)?.message ?? error), latencyMs: 0 };
  }
}

function poolsOf(plans: readonly KindPlan[], fixture: Fixture, options: StatefulPhaseOptions): Pool[] {
  const goodStates = new Set(plans.flatMap((plan) => plan.spec.referents.organization?.goodStates ?? []));
  // Every member that names an entity in some step: an identifier is used only where all of them accept it.
  const entityMembers = plans.flatMap((plan) => [
    ...Object.values(plan.spec.input).filter((member) => member.refersTo === 'entity'),
    ...Object.values(plan.listReading.listSpec.input).filter((member) => member.type === 'string' && member.refersTo === 'entity'),
    ...Object.values(plan.put?.spec.input ?? {}).filter((member) => member.type === 'string' && member.refersTo === 'entity'),
  ]);
  return fixture.organizations
    .filter((organization) => listedInFull(organization) && (goodStates.size === 0 || goodStates.has(organization.state)))
    .map((organization) => {
      const names = new Map(organization.entities.map((entity) => [entity.id, identifiersOf(entity, entityMembers, options.semantics)]));
      const namedBy = new Map<string, string>();
      for (const [entityId, identifiers] of names) for (const identifier of identifiers) if (!namedBy.has(identifier)) namedBy.set(identifier, entityId);
      return { organization, names, namedBy };
    })
    .filter((pool) => [...pool.names.values()].some((names) => names.length > 0));
}

/** An identifier of an entity of the pool's organization, in any form: records of the fixture's entities come up more often. */
function entityIdentifier(pool: Pool, entityId: string | undefined): fc.Arbitrary<string> {
  const named = [...pool.names.entries()].filter(([, names]) => names.length > 0);
  const preferred = entityId === undefined ? undefined : pool.names.get(entityId);
  const any = oneOfValues(named).chain(([, names]) => oneOfValues(names));
  return preferred === undefined || preferred.length === 0 ? any : fc.oneof({ arbitrary: oneOfValues(preferred), weight: 5 }, { arbitrary: any, weight: 1 });
}

/** A value of a record field that is no entity (a token's ID): any the fixture holds. */
function fixtureValues(plan: KindPlan, field: string, fixture: Fixture, fixtureState: WorkMailState): string[] {
  const values = fixture.organizations.flatMap((organization) =>
    fixtureState
      .listResources(plan.spec.resourceKind.name, organization.id)
      .map((record) => record[field])
      .filter((value): value is string => typeof value === 'string'),
  );
  return [...new Set(values)];
}

/** The input members of each step kind, and which record field (or the organization) fills each. */
interface Mappings {
  readonly delete: Readonly<Record<string, string>>;
  readonly list: Readonly<Record<string, string>>;
  readonly put: Readonly<Record<string, string>> | undefined;
}

function mappingsOf(plan: KindPlan): Mappings {
  const keyField = (member: string) => Object.entries(plan.spec.effect.keys).find(([, keyMember]) => keyMember === member)?.[0] ?? member;
  return {
    delete: Object.fromEntries(Object.entries(plan.spec.input).map(([member, memberSpec]) => [member, memberSpec.refersTo === 'organization' ? 'organizationId' : keyField(member)])),
    list: plan.listReading.list.input,
    put: plan.put === undefined ? undefined : plan.spec.resourceKind.put?.input,
  };
}

/**
 * One record a step names, field by field, in an organization: entity fields named in any form (a record the fixture holds
 * chosen most often, the first one most, so that the steps of a short sequence meet on one record), other key fields from
 * the fixture, value fields (a permission's values) generated from the Put member's type.
 */
function recordChoice(plan: KindPlan, pool: Pool, fixture: Fixture, fixtureState: WorkMailState): fc.Arbitrary<Readonly<Record<string, unknown>>> {
  const records = fixtureState.listResources(plan.spec.resourceKind.name, pool.organization.id);
  const recordArbitrary: fc.Arbitrary<Readonly<Record<string, unknown>> | undefined> =
    records.length === 0
      ? fc.constant(undefined)
      : fc.option(fc.oneof({ arbitrary: fc.constant(records[0] as Readonly<Record<string, unknown>>), weight: 2 }, { arbitrary: oneOfValues(records), weight: 1 }), { nil: undefined, freq: 5 });
  const putMembers = plan.put?.spec.input ?? {};
  const putMapping = plan.spec.resourceKind.put?.input ?? {};
  // Any value of each key field that is no entity, made once: the same for every record chosen.
  const anyValues = new Map<string, fc.Arbitrary<string>>();
  for (const [field, member] of Object.entries(plan.spec.effect.keys)) {
    const memberSpec = plan.spec.input[member];
    if (memberSpec?.refersTo === 'entity') continue;
    const values = fixtureValues(plan, field, fixture, fixtureState);
    // A fixture without records of the kind: a valid value that names none (each delete is then an absent one).
    anyValues.set(field, values.length > 0 ? oneOfValues(values) : memberSpec === undefined ? fc.constant('') : memberValue(memberSpec));
  }
  // The fields' arbitrary for each record (the fixture's records, or none), built the first time the record is chosen.
  const fieldsByRecord = new Map<Readonly<Record<string, unknown>> | undefined, fc.Arbitrary<Readonly<Record<string, unknown>>>>();
  return recordArbitrary.chain((record) => {
    const built = fieldsByRecord.get(record);
    if (built !== undefined) return built;
    const parts: Record<string, fc.Arbitrary<unknown>> = {};
    for (const field of Object.keys(plan.spec.effect.keys)) {
      const preferred = record?.[field];
      const any = anyValues.get(field);
      if (any === undefined) parts[field] = entityIdentifier(pool, typeof preferred === 'string' ? preferred : undefined);
      else parts[field] = typeof preferred === 'string' ? fc.oneof({ arbitrary: fc.constant(preferred), weight: 3 }, { arbitrary: any, weight: 1 }) : any;
    }
    for (const [member, field] of Object.entries(putMapping)) {
      const memberSpec = putMembers[member];
      if (parts[field] === undefined && field !== 'organizationId' && memberSpec?.type === 'list') parts[field] = fc.subarray(memberSpec.member.enum, { minLength: 1 });
    }
    const fields = fc.record(parts);
    fieldsByRecord.set(record, fields);
    return fields;
  });
}

function inputOf(mapping: Readonly<Record<string, string>>, organizationId: string, record: Readonly<Record<string, unknown>>): Record<string, unknown> {
  const input: Record<string, unknown> = {};
  for (const [member, source] of Object.entries(mapping)) input[member] = source === 'organizationId' ? organizationId : record[source];
  return input;
}

function commandArbitraries(plans: readonly KindPlan[], pools: readonly Pool[], fixture: Fixture, fixtureState: WorkMailState): fc.Arbitrary<fc.AsyncCommand<SequenceModel, SequenceReal>>[] {
  const arbitraries: fc.Arbitrary<fc.AsyncCommand<SequenceModel, SequenceReal>>[] = [];
  // The first usable organization comes up most, for the same reason; the others keep tenants apart in the same sequences.
  const poolArbitrary = pools.length === 1 ? fc.constant(pools[0] as Pool) : fc.oneof({ arbitrary: fc.constant(pools[0] as Pool), weight: 3 }, { arbitrary: fc.constantFrom(...pools), weight: 1 });
  for (const plan of plans) {
    const mappings = mappingsOf(plan);
    const readable = plan.reader.readableScopes();
    // One record arbitrary per organization, built the first time a command is drawn there (arbitraries hold no state).
    const choices = new Map<Pool, fc.Arbitrary<Readonly<Record<string, unknown>>>>();
    const choiceIn = (pool: Pool) => getOrInsertComputed(choices, pool, (unchosen) => recordChoice(plan, unchosen, fixture, fixtureState));
    const command = (build: (organizationId: string, record: Readonly<Record<string, unknown>>) => readonly Step[]) =>
      poolArbitrary.chain((pool) => choiceIn(pool).map((record) => new SequenceCommand(plan, build(pool.organization.id, record))));
    const deleteStep = (organizationId: string, record: Readonly<Record<string, unknown>>): Step => ({ kind: 'delete', input: inputOf(mappings.delete, organizationId, record) });
    // A List step names only a part the target listed at the probe: a part it refuses to list (a DELETED entity's mailbox) is
    // left out, as deleteEffect leaves it out, since the List operation's own errors are not what this phase judges.
    const listSteps = (organizationId: string, record: Readonly<Record<string, unknown>>): Step[] => {
      const pool = pools.find((candidate) => candidate.organization.id === organizationId) as Pool;
      const fixed: Record<string, string> = {};
      for (const source of Object.values(mappings.list)) {
        if (source === 'organizationId') continue;
        const entityId = pool.namedBy.get(String(record[source]));
        if (entityId === undefined) return [];
        fixed[source] = entityId;
      }
      const listable = readable.some((scope) => scope.organizationId === organizationId && Object.entries(fixed).every(([field, value]) => scope.fixedFields[field] === value) && Object.keys(scope.fixedFields).length === Object.keys(fixed).length);
      return listable ? [{ kind: 'list', input: inputOf(mappings.list, organizationId, record) }] : [];
    };
    arbitraries.push(command((organizationId, record) => [deleteStep(organizationId, record)]));
    // A delete sent twice is judged only where the spec says the operation is idempotent, as the idempotency check does.
    if (plan.spec.output.idempotent) arbitraries.push(command((organizationId, record) => [deleteStep(organizationId, record), { ...deleteStep(organizationId, record), repeat: true }]));
    arbitraries.push(command((organizationId, record) => listSteps(organizationId, record)));
    const putMapping = mappings.put;
    if (putMapping !== undefined) {
      // No put names one entity twice (its mailbox granted to itself): the documentation does not say what that does.
      const putSteps = (organizationId: string, record: Readonly<Record<string, unknown>>): Step[] => {
        const pool = pools.find((candidate) => candidate.organization.id === organizationId) as Pool;
        const named = Object.values(putMapping).filter((source) => source !== 'organizationId' && pool.namedBy.has(String(record[source]))).map((source) => pool.namedBy.get(String(record[source])));
        return new Set(named).size < named.length ? [] : [{ kind: 'put', input: inputOf(putMapping, organizationId, record) }];
      };
      arbitraries.push(command((organizationId, record) => putSteps(organizationId, record)));
      // A record deleted, put again and listed, as one command: a Put lost after a Delete of the same record shows in 3 steps.
      arbitraries.push(command((organizationId, record) => [deleteStep(organizationId, record), ...putSteps(organizationId, record), ...listSteps(organizationId, record)]));
    }
  }
  return arbitraries;
}

/**
 * Replays the one sequence `replay` names, not shrunk. fast-check walks the path before it runs a sequence: a path, or a
 * replay path, that fits no sequence of this seed throws there (at once, or in the run's details), or ends with none run,
 * where a report would say the target passed a sequence never sent; each is the user's mistake, said in one line.
 */
async function replayOne<T>(property: fc.IAsyncProperty<[T]>, options: StatefulPhaseOptions, replay: Extract<CasePath, { readonly source: 'stateful' }>, sequencesRun: () => number): Promise<fc.RunDetails<[T]>> {
  const fits = (walkError?: unknown) => {
    const walk = walkError === undefined ? '' : ` (${walkError instanceof Error ? walkError.message : String(walkError)})`;
    return new ConfigError(`${options.pathOption ?? '--path'}: '${formatCasePath(replay)}' names no sequence of this seed${walk}: copy the reproduce line whole`);
  };
  let outcome: fc.RunDetails<[T]>;
  try {
    // From a path fast-check goes on to the values after it (the next runs, or the next shrinks) unless told to run one.
    outcome = await fc.check(property, { seed: options.seed, path: replay.fastCheckPath, numRuns: 1, endOnFailure: true });
  } catch (error) {
    throw fits(error);
  }
  if (sequencesRun() === 0) throw fits(outcome.failed ? outcome.errorInstance : undefined);
  return outcome;
}

/**
 * Where fast-check shrank a failing sequence to: its path, with the replay path fast-check prints at the end of the sequence
 * (a `replayPath="…"` comment: which commands ran as it shrank) where it shrank; a replay of both sends that sequence alone.
 */
function shrunkPath(outcome: { readonly counterexamplePath: string | null; readonly counterexample: readonly unknown[] | null }): { fastCheckPath: string; replayPath?: string } {
  const fastCheckPath = outcome.counterexamplePath ?? '0';
  if (!fastCheckPath.includes(':')) return { fastCheckPath };
  const replayPath = /\/\*replayPath="([A-Za-z0-9+/]*:[A-Za-z0-9+/]*)"\*\/$/.exec(String(outcome.counterexample?.[0]))?.[1];
  // Without it only the run that first failed can be named: replayed, it fails as it did, before it was shrunk.
  return replayPath === undefined ? { fastCheckPath: fastCheckPath.slice(0, fastCheckPath.indexOf(':')) } : { fastCheckPath, replayPath };
}

/** The state a sequence starts from: the fixture, with every record the target lists now (so a target that cannot be reset is judged from where it is). */
async function startModel(options: StatefulPhaseOptions, plans: readonly KindPlan[], fixtureState: WorkMailState, unanswered: { count: number }, endBefore: WorkMailState | 'unknown' | undefined): Promise<SequenceModel> {
  // After a sequence not followed to its end, what the target should hold is not known: a target whose reads lag gets time.
  if (endBefore === 'unknown' && options.resetTarget === undefined) await options.readsAgain?.waitOutLag();
  const lastEnd = endBefore === 'unknown' ? undefined : endBefore;
  // Where the restore sent nothing, what it read is what the target holds: only kinds it did not read are read again.
  let restore: Restore = { wrote: new Map(), reads: new Map() };
  if (options.resetTarget === undefined) restore = await restoreRecords(options, plans, fixtureState, lastEnd);
  else await options.resetTarget();
  const state = fixtureState.clone();
  const startDifferences = new Map<string, string>();
  for (const plan of plans) {
    const kind = plan.spec.resourceKind.name;
    const restored = restore.reads.get(plan);
    // What the target should hold now: what the restore put back, or else what the last sequence left (where known).
    const wrote = restore.wrote.get(plan);
    const expected: Expected | undefined =
      wrote !== undefined ? { shows: (read) => wrote.every((write) => write(read)) } : options.resetTarget === undefined && lastEnd !== undefined ? { state: lastEnd } : undefined;
    const read = restored ?? (await readSettled(plan, expected));
    if (read.kind === 'failed') {
      if (read.observation?.kind === 'timeout') unanswered.count += 1;
      return { states: [state], unknown: `the read at the start of the sequence got ${read.observed}`, startDifferences };
    }
    const difference = differenceFrom(plan, read, state);
    if (difference !== undefined) startDifferences.set(kind, difference);
    for (const scope of read.scopes) {
      // Each scope replaces only its own records; a record of a scope not read (a mailbox the target refuses to list) stays.
      state.replaceResources(kind, scope.organizationId, scopeFilter(scope), scope.records);
    }
  }
  return { states: [state], unknown: undefined, startDifferences };
}

/** Whether a record is in a scope: it has the values the scope fixes. */
function scopeFilter(scope: ScopeRecords): (record: Readonly<Record<string, unknown>>) => boolean {
  return (record) => Object.entries(scope.fixedFields).every(([field, value]) => record[field] === value);
}

/**
 * Every scope of a kind, read again while it differs from `expected` (a read may lag behind the steps or puts before it,
 * in a service that is eventually consistent), within the run's window; read once where nothing is expected.
 */
async function readSettled(plan: KindPlan, expected: Expected | undefined): Promise<RecordsRead> {
  const read = await plan.reader.readRecords();
  if (expected === undefined) return read;
  const shows = (records: RecordsRead & { readonly kind: 'read' }) => ('state' in expected ? differenceFrom(plan, records, expected.state) === undefined : expected.shows(records));
  if (plan.readsAgain === undefined || read.kind === 'failed' || shows(read)) return read;
  const settled = await plan.readsAgain.settle<RecordsRead>(read, () => plan.reader.readRecords(), (again) => (again.kind === 'failed' ? afterNoRecords(again) : shows(again) ? 'settled' : 'readAgain'));
  // A window that ended on a listing no state can be, or on no answer, gives that read: what the target holds is then not known.
  return settled === undefined || (settled.outcome === 'stopped' && !(settled.read.kind === 'failed' && tellsNothing(settled.read))) ? read : settled.read;
}

/**
 * How a read of a kind differs from the records `expected` holds of it (the first difference, worded as against the fixture,
 * where the start's differences are reported), or `undefined` where it does not.
 */
function differenceFrom(plan: KindPlan, read: RecordsRead & { readonly kind: 'read' }, expected: WorkMailState): string | undefined {
  const kind = plan.spec.resourceKind.name;
  const keyFields = Object.keys(plan.spec.effect.keys);
  for (const scope of read.scopes) {
    const inScope = scopeFilter(scope);
    const fields = [...new Set([...Object.keys(scope.fixedFields), ...Object.keys(plan.listReading.list.itemFields)])];
    // The reader keeps the same fields (those the scope fixes and the List's item fields): its canonical records are these.
    const held = new Set(scope.canonicalRecords);
    const listed = new Set(expected.listResources(kind, scope.organizationId).filter(inScope).map((record) => canonicalRecord(record, fields)));
    const missing = [...listed].find((record) => !held.has(record));
    if (missing !== undefined) return `it lacked ${missing}, which the fixture lists`;
    const extra = [...held].find((record) => !listed.has(record));
    if (extra !== undefined) {
      // The record the Put probe created, where the target's delete did not remove it again: said as what it is.
      const probed = plan.probeRecord !== undefined && scope.records.some((other) => canonicalRecord(other, keyFields) === plan.probeRecord && canonicalRecord(other, fields) === extra);
      return `it held ${extra}, which the fixture does not list${probed ? ` (put by the probe of ${plan.put?.spec.operation ?? 'Put'} before the sequences, and not removed by the delete the first sequence sent to set up the fixture's records)` : ''}`;
    }
  }
  return undefined;
}

/** What a read of a kind should show: a state's records, or what a test of the read says. */
type Expected = { readonly state: WorkMailState } | { readonly shows: (read: RecordsRead & { readonly kind: 'read' }) => boolean };

/** Whether two reads' scopes are the same part: the same organization and the same fixed fields. */
function sameScope(left: ScopeRecords, right: ScopeRecords): boolean {
  const fields = Object.keys(left.fixedFields);
  return left.organizationId === right.organizationId && fields.length === Object.keys(right.fixedFields).length && fields.every((field) => left.fixedFields[field] === right.fixedFields[field]);
}

/** What a restore did: the kinds it sent puts or deletes of, and (where it sent none) its reads, which still show what the target holds. */
interface Restore {
  /** Per kind the restore changed, whether a read shows each change it made (a put or a delete that answered success). */
  readonly wrote: ReadonlyMap<KindPlan, readonly ((read: RecordsRead & { readonly kind: 'read' }) => boolean)[]>;
  readonly reads: ReadonlyMap<KindPlan, RecordsRead>;
}

/** What a read of every scope of a kind gave. */
type RecordsRead = Awaited<ReturnType<EffectReader['readRecords']>>;

/**
 * Puts back, through the target, the records of the kinds that can be put (a Put of each record the fixture lists that the
 * target lacks or holds with other values, a delete of each it holds that the fixture does not list), for a target that
 * cannot be reset. Nothing here is judged: what the target holds afterwards is read before a sequence starts. When it sent
 * nothing at all, gives back its reads, which still show what the target holds (else none: everything is read again).
 */
async function restoreRecords(options: StatefulPhaseOptions, plans: readonly KindPlan[], state: WorkMailState, lastEnd?: WorkMailState): Promise<Restore> {
  const reads = new Map<KindPlan, RecordsRead>();
  const wrote = new Map<KindPlan, ((read: RecordsRead & { readonly kind: 'read' }) => boolean)[]>();
  for (const plan of plans) {
    const put = plan.put;
    const putMapping = plan.spec.resourceKind.put?.input;
    if (put === undefined || putMapping === undefined) continue;
    // A read that still shows the last sequence's steps undone would leave them unrestored: it is read again until it shows them.
    const read = await readSettled(plan, lastEnd === undefined ? undefined : { state: lastEnd });
    if (read.kind === 'failed') return { wrote, reads: new Map() };
    const keyFields = Object.keys(plan.spec.effect.keys);
    const deleteMapping = mappingsOf(plan).delete;
    let sent = false;
    for (const scope of read.scopes) {
      const inScope = scopeFilter(scope);
      const fields = [...new Set([...Object.keys(scope.fixedFields), ...Object.keys(plan.listReading.list.itemFields)])];
      const listed = state.listResources(plan.spec.resourceKind.name, scope.organizationId).filter(inScope);
      const held = new Set(scope.records.map((record) => canonicalRecord(record, fields)));
      const listedKeys = new Set(listed.map((record) => canonicalRecord(record, keyFields)));
      const writes = getOrInsertComputed(wrote, plan, () => []);
      const recordsOfScope = (later: RecordsRead & { readonly kind: 'read' }) => later.scopes.find((other) => sameScope(other, scope))?.records ?? [];
      for (const record of listed) {
        const canonical = canonicalRecord(record, fields);
        if (held.has(canonical)) continue;
        sent = true;
        const answer = await send(options.target, plan.spec, put.spec.target, put.spec.operation, inputOf(putMapping, scope.organizationId, record), options.sendOptions);
        if (isSuccessAnswer(answer)) writes.push((later) => recordsOfScope(later).some((other) => canonicalRecord(other, fields) === canonical));
      }
      for (const record of scope.records) {
        const keys = canonicalRecord(record, keyFields);
        if (listedKeys.has(keys) || !keyFields.every((field) => typeof record[field] === 'string')) continue;
        sent = true;
        const answer = await send(options.target, plan.spec, plan.spec.protocol.target, plan.spec.operation, inputOf(deleteMapping, scope.organizationId, record), options.sendOptions);
        if (isSuccessAnswer(answer)) writes.push((later) => !recordsOfScope(later).some((other) => canonicalRecord(other, keyFields) === keys));
      }
    }
    if (!sent) wrote.delete(plan);
    reads.set(plan, read);
  }
  return { wrote, reads: wrote.size > 0 ? new Map() : reads };
}

/** Whether two records' keys are the same fields in the same order with the same values (as their JSON would be equal). */
function sameKeys(left: Readonly<Record<string, string>>, right: Readonly<Record<string, string>>): boolean {
  const fields = Object.keys(left);
  const rightFields = Object.keys(right);
  return fields.length === rightFields.length && fields.every((field, index) => field === rightFields[index] && left[field] === right[field]);
}

/** Records a sequence's kinds for contract coverage: what the judged steps did, in order. */
function countSequence(sink: StatefulPhaseSink, steps: readonly StepRecord[]): void {
  const seen = new Map<OperationSpec, Set<StateSequenceKind>>();
  const note = (spec: OperationSpec, kind: StateSequenceKind) => {
    const kinds = seen.get(spec) ?? new Set();
    kinds.add(kind);
    seen.set(spec, kinds);
  };
  steps.forEach((step, at) => {
    if (step.repeated) note(step.plan.spec, 'sequenceRepeatedDelete');
    const event = step.event;
    if (event?.type !== 'list') return;
    const earlier = steps.slice(0, at).filter((other) => other.plan === step.plan);
    const inScope = (keys: Readonly<Record<string, string>>) => Object.entries(event.scope).every(([field, value]) => keys[field] === value);
    earlier.forEach((other, position) => {
      const deleted = other.event;
      if (deleted?.type !== 'delete' || deleted.organizationId !== event.organizationId || !inScope(deleted.keys)) return;
      note(step.plan.spec, 'deleteThenList');
      const putAgain = earlier.slice(position + 1).some((later) => later.event?.type === 'put' && later.event.organizationId === deleted.organizationId && sameKeys(later.event.keys, deleted.keys));
      if (putAgain) note(step.plan.spec, 'deleteThenPutThenList');
    });
  });
  for (const [spec, kinds] of seen) for (const kind of kinds) sink.sequenceShowed(spec, kind);
  for (const step of steps) sink.stepJudged(step.plan.spec, { status: 'pass' });
}

/** One command of a sequence: one step, or steps that belong together (a delete sent twice; a delete, a put and a list of one record), each judged against the model. */
class SequenceCommand implements fc.AsyncCommand<SequenceModel, SequenceReal> {
  constructor(
    private readonly plan: KindPlan,
    private readonly steps: readonly Step[],
  ) {}

  check(model: Readonly<SequenceModel>): boolean {
    return model.unknown === undefined;
  }

  async run(model: SequenceModel, real: SequenceReal): Promise<void> {
    for (const step of this.steps) {
      if (model.unknown !== undefined) return;
      await new StepRun(this.plan, step).step(model, real);
    }
  }

  toString(): string {
    return this.steps.map((step) => `${operationOf(this.plan, step.kind)} ${JSON.stringify(step.input)}`).join(', then ');
  }
}

/** The operation a step of a kind sends. */
function operationOf(plan: KindPlan, kind: StepKind): string {
  switch (kind) {
    case 'delete':
      return plan.spec.operation;
    case 'list':
      return plan.listReading.list.operation;
    case 'put':
      return plan.put?.spec.operation ?? '';
  }
}

/** One step sent and judged. */
class StepRun {
  private readonly kind: StepKind;
  private readonly input: Readonly<Record<string, unknown>>;
  private readonly repeat: boolean;

  constructor(
    private readonly plan: KindPlan,
    step: Step,
  ) {
    this.kind = step.kind;
    this.input = step.input;
    this.repeat = step.repeat === true;
  }

  private operation(): string {
    return operationOf(this.plan, this.kind);
  }

  async step(model: SequenceModel, real: SequenceReal): Promise<void> {
    const { plan, input, repeat } = this;
    const operation = this.operation();
    const possibilities = model.states.flatMap((state) => this.possibilities(state));
    let observation: Observation;
    let records: readonly string[] | undefined;
    let readAgainNote: string | undefined;
    if (this.kind === 'list') {
      const scope = { organizationId: '', input: input as Record<string, string>, fixedFields: {}, label: operation };
      let read = await readListScope(plan.listReading, scope);
      if (!Array.isArray(read) && read.unreliable === true && plan.readsAgain !== undefined) {
        // A listing no state can be (a record twice: pages from states a moment apart) is read again within the window.
        const settled = await plan.readsAgain.settle(read, async () => readListScope(plan.listReading, scope), (again) => (Array.isArray(again) ? 'settled' : afterNoRecords(again)));
        if (settled !== undefined) read = settled.read;
      }
      const allowed = (listed: readonly string[]) => possibilities.some((possibility) => possibility.answer === 'success' && (possibility.records === undefined || sameRecords(possibility.records, listed)));
      if (Array.isArray(read) && !allowed(read.sort()) && possibilities.some((possibility) => possibility.answer === 'success') && plan.readsAgain !== undefined) {
        // A List may lag behind the steps before it (a service that is eventually consistent): what outlasts the window counts.
        const settled = await plan.readsAgain.settle(read, async () => readListScope(plan.listReading, scope), (again) =>
          !Array.isArray(again) ? afterNoRecords(again) : allowed(again.sort()) ? 'settled' : 'readAgain',
        );
        // A window that ended on a listing no state can be, or on no answer, leaves the difference unconfirmed: judged below as such (unknown).
        if (settled !== undefined && (settled.outcome !== 'stopped' || (!Array.isArray(settled.read) && tellsNothing(settled.read)))) read = settled.read;
        if (settled?.outcome === 'settled') plan.seenLate(settled.afterMs);
        // Said beside the listing, should it not be allowed: how long it was read again, or why it was read once.
        readAgainNote = settled === undefined ? plan.readsAgain.whyNotReadAgain() : settled.outcome === 'outlasted' ? `still so when read again over the whole ${plan.readsAgain.window.windowMs} ms window` : undefined;
      }
      if (Array.isArray(read) && read.leftOut === true && !allowed(read) && possibilities.some((possibility) => possibility.answer === 'success' && (possibility.records?.length ?? 0) > 0)) {
        // A List that leaves its list out where the model holds records may be a stub answering every request alike (200 {}):
        // it is no operation under test, and what the target holds is then not known.
        model.unknown = `${operation} answered with no ${plan.listReading.list.items} list where the model holds records`;
        return;
      }
      if (Array.isArray(read)) {
        records = [...read].sort();
        // Every page was a 200 with a list: the answer is judged by its records.
        observation = observeResponse({ status: 200, headers: { 'content-type': 'application/x-amz-json-1.1' }, body: '{}' }, 0);
      } else if (read.observation !== undefined && read.observation.kind === 'response' && !isSuccessAnswer(read.observation)) {
        // A List that refuses a part the model holds empty (a mailbox whose last permission is gone) says nothing of the
        // deletes, as deleteEffect takes it; what the target holds is then not known.
        if (possibilities.length > 0 && possibilities.every((possibility) => possibility.records?.length === 0)) {
          model.unknown = `${operation} answered ${describeObservation(read.observation)} where the model holds nothing to list`;
          return;
        }
        observation = read.observation;
      } else {
        if (!read.answered || read.unreliable === true) {
          if (read.observation?.kind === 'timeout') real.unanswered.count += 1;
          // A List that lists a record twice is no operation under test: what the target holds is then not known.
          model.unknown = `${operation} ${read.answered ? '' : 'got '}${read.observed}`;
          return;
        }
        // A success that is no list where the model holds nothing to list says nothing of the deletes, as deleteEffect takes it.
        if (possibilities.length > 0 && possibilities.every((possibility) => possibility.records?.length === 0)) {
          model.unknown = `${operation} answered ${read.observed} where the model holds nothing to list`;
          return;
        }
        this.refuse(model, real, possibilities, read.observed, read.observation ?? { kind: 'networkError', code: 'NOT_A_LIST', message: read.observed, latencyMs: 0 });
        return;
      }
    } else {
      const put = plan.put;
      const amzTarget = this.kind === 'delete' ? plan.spec.protocol.target : (put?.spec.target ?? '');
      observation = await send(plan.listReading.target, plan.spec, amzTarget, operation, input, plan.listReading.sendOptions);
    }
    // No answer, or one that only asks to try again: what the target holds is no longer known, so the rest is not judged.
    if (observation.kind === 'timeout') real.unanswered.count += 1;
    if (observation.kind !== 'response' || transientAnswerType(observation, plan.errors) !== undefined || observation.status >= 500) {
      model.unknown = `${operation} got ${describeObservation(observation)}`;
      return;
    }
    // An error whose type no client can read is errorResponseShape's to judge: here it is an error, of any type.
    const answer = isSuccessAnswer(observation) ? 'success' : (observation.errorType ?? 'anyError');
    // A Put answered 2xx with an error in its body (an error sent with a success status) reads as a success to every client,
    // but whether the target put is not known: a later List that lacks the record is the Put's doing, not the delete's.
    const errorUnderSuccess = this.kind === 'put' && answer === 'success' ? errorTypeUnderSuccessStatus(observation) : undefined;
    if (errorUnderSuccess !== undefined) {
      const observed = `${observation.status} with an error body (${errorUnderSuccess}), which a client reads as a success: whether the target put is not known`;
      real.unmodelledPut = this.notAllowed(real, possibilities, observed, observation, model.startDifferences);
      model.unknown = `${this.operation()} answered ${observed}`;
      return;
    }
    const matching = possibilities.filter(
      (possibility) =>
        (possibility.answer === answer || (answer !== 'success' && (possibility.answer === 'anyError' || answer === 'anyError') && possibility.answer !== 'success')) &&
        (possibility.records === undefined || records === undefined || sameRecords(possibility.records, records)),
    );
    const status = observation.status;
    const observed = () =>
      answer === 'success'
        ? records === undefined
          ? '200'
          : `200 listing ${describeRecords(records)}${readAgainNote === undefined ? '' : ` (${readAgainNote})`}`
        : `${status} ${answer === 'anyError' ? '(an error of no readable type)' : answer}`;
    if (matching.length === 0) {
      if (this.kind !== 'put') {
        const putsLost = records !== undefined && possibilities.some((possibility) => lacksOnlyPuts(possibility, records as readonly string[], real.steps, plan));
        this.refuse(model, real, possibilities, observed(), observation, putsLost);
      }
      // A Put is no operation under test, and the model's Put (the reference mock's reading of a page the contract does not
      // include) is no requirement: a target's Put that answers otherwise, such as one that does not find a DISABLED
      // entity, is a warning, and what the target then holds is not known, so the rest of the sequence is not judged.
      real.unmodelledPut = this.notAllowed(real, possibilities, observed(), observation, model.startDifferences);
      model.unknown = `${this.operation()} answered ${observed()}, which the model does not allow`;
      return;
    }
    // One state per content; most steps leave one state object, which needs no fingerprint to tell apart.
    const after = [...new Set(matching.map((possibility) => possibility.state()))];
    if (after.length === 1) model.states = after;
    else {
      const states = new Map<string, WorkMailState>();
      for (const state of after) states.set(state.fingerprint(), state);
      model.states = [...states.values()];
    }
    real.steps.push({ plan, operation, input, observed, event: matching[0]?.event, repeated: repeat });
  }

  private refuse(model: SequenceModel, real: SequenceReal, possibilities: readonly Possibility[], observed: string, observation: Observation, lacksOnlyPuts = false): never {
    model.unknown = 'a step was refused';
    throw this.notAllowed(real, possibilities, observed, observation, model.startDifferences, lacksOnlyPuts);
  }

  /** This step as sent, with every answer the model allowed and the one the target gave. */
  private notAllowed(real: SequenceReal, possibilities: readonly Possibility[], observed: string, observation: Observation, startDifferences: ReadonlyMap<string, string>, lacksOnlyPuts = false): StepNotAllowed {
    const startDifference = startDifferences.get(this.plan.spec.resourceKind.name);
    const operation = this.operation();
    real.steps.push({ plan: this.plan, operation, input: this.input, observed: () => observed, event: undefined, repeated: this.repeat });
    const expected = [...new Set(possibilities.map(describePossibility))].join(' | ');
    const testCase: Case = { operation, phase: 'stateful', description: `${operation} ${JSON.stringify(this.input)}`, body: { kind: 'input', input: this.input }, violation: null };
    return new StepNotAllowed(this.plan, real.steps.length, { expected, observed, allowed: false }, [...real.steps], testCase, observation, startDifference, lacksOnlyPuts);
  }

  /** Every way this step can go from one state, under every reading of every open point. */
  private possibilities(state: WorkMailState): Possibility[] {
    const { plan, input } = this;
    const unchanged = () => state;
    switch (this.kind) {
      case 'delete': {
        // The oracle every other phase uses; it validates the input too.
        const expectation = expectOutcomesOf(plan.spec, input, { state, profile: plan.profile, semantics: plan.semantics });
        // An operation its spec does not call idempotent may refuse a delete of what is gone (deleted earlier in the sequence):
        // there, its documented not-found errors are accepted too.
        const absentErrors: Possibility[] =
          plan.spec.output.idempotent || !expectation.outcomes.some((outcome) => outcome.kind === 'success' && outcome.effect === undefined)
            ? []
            : plan.spec.errors.filter((error) => error.when.condition === 'notFound').map((error) => ({ answer: error.type, state: unchanged }));
        return [...absentErrors, ...expectation.outcomes.map((outcome): Possibility => {
          if (outcome.kind === 'error') return { answer: outcome.type, state: unchanged };
          const effect = outcome.effect;
          if (effect === undefined) return { answer: 'success', state: unchanged };
          const after = () => {
            const changed = state.clone();
            changed.deleteResource(effect.resource, effect.organizationId, effect.keys);
            return changed;
          };
          return { answer: 'success', state: after, event: { type: 'delete', organizationId: effect.organizationId, keys: effect.keys } };
        })];
      }
      case 'put': {
        const put = plan.put;
        if (put === undefined) return [];
        // Readings that resolve to the same organization and entities put the same thing: they share one state after.
        const afters = new Map<string, () => WorkMailState>();
        const objectIds = new Map<object, number>();
        const idOf = (value: object | undefined): number => {
          if (value === undefined) return -1;
          if (!objectIds.has(value)) objectIds.set(value, objectIds.size);
          return objectIds.get(value) as number;
        };
        return resolved(put.rules, plan.profile, state, input, (resolution) => {
          const organization = resolution.organization as Organization;
          const resolvedTo = [idOf(organization), ...Object.keys(resolution.entities).sort().map((member) => `${member}=${idOf(resolution.entities[member])}`)].join(' ');
          const after =
            afters.get(resolvedTo) ??
            once(() => {
              const changed = state.clone();
              const changedOrganization = changed.findOrganization(organization.id) as Organization;
              put.semantics.apply({ state: changed, input, organization: changedOrganization, entity: (member) => resolution.entities[member] });
              return changed;
            });
          afters.set(resolvedTo, after);
          return { answer: 'success', state: after, event: { type: 'put', organizationId: organization.id, keys: keysOf(plan, plan.spec.resourceKind.put?.input ?? {}, input, resolution) } };
        });
      }
      case 'list':
        return resolved(plan.listRules, plan.profile, state, input, (resolution) => {
          const organization = resolution.organization as Organization;
          const scope: Record<string, string> = {};
          for (const [member, source] of Object.entries(plan.listReading.list.input)) {
            if (source !== 'organizationId') scope[source] = resolution.entities[member]?.id ?? String(input[member]);
          }
          const records = state
            .listResources(plan.spec.resourceKind.name, organization.id)
            .filter((record) => Object.entries(scope).every(([field, value]) => record[field] === value))
            .map((record) => canonicalRecord(record, plan.listReading.fields))
            .sort();
          return { answer: 'success', state: unchanged, records, event: { type: 'list', organizationId: organization.id, scope } };
        });
    }
  }
}

/** A state made the first time it is asked for, and the same one after. */
function once(make: () => WorkMailState): () => WorkMailState {
  let made: WorkMailState | undefined;
  return () => (made ??= make());
}

/** The record keys (effect.keys fields) a put names, entities by their resolved IDs. */
function keysOf(plan: KindPlan, mapping: Readonly<Record<string, string>>, input: Readonly<Record<string, unknown>>, resolution: Resolution): Record<string, string> {
  const keys: Record<string, string> = {};
  for (const [member, source] of Object.entries(mapping)) {
    if (plan.spec.effect.keys[source] !== undefined) keys[source] = resolution.entities[member]?.id ?? String(input[member]);
  }
  return keys;
}

/**
 * The model's lookups of a supporting operation under every reading: each error branch as an answer in the same state, each
 * branch that gets through to `onSuccess` with what it resolved.
 */
function resolved(rules: ModelRules, profile: Profile, state: WorkMailState, input: Readonly<Record<string, unknown>>, onSuccess: (resolution: Resolution) => Possibility): Possibility[] {
  const successes: Possibility[] = [];
  const branches = resolveReferents(rules, { state, closedWorld: false, choose: everyReading(profile) }, input, (resolution, trail) => {
    successes.push(onSuccess(resolution));
    return [{ stage: 'state', outcome: { kind: 'success', effect: undefined }, readings: trail.readings, reasons: trail.reasons }];
  });
  const possibilities: Possibility[] = [...successes];
  for (const branch of branches) {
    const outcome = branch.outcome;
    if (outcome.kind === 'error') possibilities.push({ answer: outcome.type, state: () => state });
    else if (outcome.kind === 'anyError' || outcome.kind === 'unknown') possibilities.push({ answer: 'anyError', state: () => state });
  }
  return possibilities;
}
