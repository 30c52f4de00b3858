import { createScrubber } from '../report/scrub-secrets.ts';
import { validateRunOptions } from './validate-run-options.ts';
import fc from 'fast-check';
import { caseBodyText, caseInput, type Case } from '../cases/case.ts';
import { coverageCasesOfRun, type CoverageDepth } from '../cases/coverage-cases.ts';
import { drawRuns } from '../cases/draw-runs.ts';
import { expectOutcomesOf } from '../model/oracle.ts';
import type { Expectation, ResourceEffect } from '../model/outcome.ts';
import { propertyCasesOfRun, type PropertyKind } from '../cases/property-cases.ts';
import { allChecks } from '../checks/all-checks.ts';
import type { Check } from '../checks/check.ts';
import { buildErrorCatalog, isCommonTransient, maxTransientAnswersInARow, type ErrorCatalog } from '../checks/error-catalog.ts';
import { ConfigError, isConfigError } from '../config-error.ts';
import type { Fixture, FixtureInput } from '../fixture/fixture-schema.ts';
import { WorkMailState } from '../fixture/workmail-state.ts';
import { isValidated } from '../fixture/validated-fixtures.ts';
import type { Observation } from '../observation/observation.ts';
import { responseBodyObject } from '../observation/observe-response.ts';
import { notInRecordingErrorType } from '../observation/not-in-recording.ts';
import type { ConformanceReport } from '../report/conformance-report.ts';
import { defaultSemantics, type ConstraintSemantics } from '../spec/constraints.ts';
import { builtInCommonErrors as loadCommonErrors, builtInOperationSpecs as loadOperationSpecs } from '../spec/built-in-specs.ts';
import { findOperationSpec } from '../spec/find-operation-spec.ts';
import type { CommonErrors, OperationSpec, Profile } from '../spec/spec-schema.ts';
import { isStopSending, type Target } from '../target/target.ts';
import { judgeExchange, type ExchangeVerdict } from '../verdict/judge-exchange.ts';
import { fanOut, type Exchange, type RunEvent, type RunPhase } from '../report/run-event.ts';
import { buildAwsJsonRequest } from '../wire/aws-json.ts';
import { checkReplayHasSeed, formatCasePath, parseCasePath, type CasePath } from './case-path.ts';
import { ReportBuilder } from '../report/report-builder.ts';
import { RequestSlots, WorkerPool } from './worker-pool.ts';
import { unnameableOrganization, unreachableOrganization } from '../fixture/unreachable-organizations.ts';
import { sideBySideGroups } from './side-by-side-groups.ts';
import { codeRunReproduceContext, type ReproduceContext } from '../report/reproduce.ts';
import { deleteEffect } from '../checks/delete-effect.ts';
import type { EffectComparison } from '../checks/check.ts';
import { builtInSupportingOperationSpecs as loadSupportingOperationSpecs } from '../mock/built-in-supporting-operations.ts';
import type { SupportingOperationSpec } from '../mock/supporting-spec-schema.ts';
import { EffectReader } from './effect-reader.ts';
import { defaultSettleMs, ReadsAgain } from '../observation/read-until-settled.ts';
import type { LiveConformanceReport, LiveOptions } from '../live/live-session.ts';
import { mayReachFixtureState } from './may-reach-fixture-state.ts';
import { defaultStateSequences, defaultStateSequenceSteps, runStatefulPhase } from './stateful-phase.ts';
import { createEventLoopTurns } from './event-loop-turns.ts';
import { stateSequence } from '../checks/state-sequence.ts';
import { tellingSupportingRequests, type SupportingRequest } from '../target/supporting-request.ts';

/** Times a case that changes nothing is sent again after a common 5xx error that asks to try again (503 ServiceUnavailable). */
const transientResends = 3;

/** Options of {@link runConformance}: the target to check and how. */
export interface RunOptions {
  readonly target: Target;
  /** Absent: a run with a target given is no live run. */
  readonly live?: undefined;
  /** The operation specs; the built-in ones by default. */
  readonly specs?: readonly OperationSpec[] | undefined;
  /** Which operations to check; all of `specs` by default. */
  readonly operations?: readonly string[] | undefined;
  /**
   * What the target holds, as a `--fixture` file writes it (validated like one; lists left out are empty); without it only
   * the high-entropy rule is known of state.
   */
  readonly fixture?: FixtureInput | undefined;
  readonly profile?: Profile | undefined;
  readonly semantics?: ConstraintSemantics | undefined;
  /** Runs per property (valid inputs, invalid inputs) and operation; 100 by default. */
  readonly numRuns?: number | undefined;
  readonly seed?: number | undefined;
  /** Replays one case (`--path`), as a report's reproduction command gives it. */
  readonly path?: string | undefined;
  /** Milliseconds a target may take per request; 10 000 by default. */
  readonly timeoutMs?: number | undefined;
  /**
   * Cases in flight at once, across the operations that run side by side (each case's reads after it count with it); 8 by
   * default. Verdicts never depend on it.
   */
  readonly concurrency?: number | undefined;
  readonly coverage?: CoverageDepth | undefined;
  /** After this many timeouts (or answers that stalled until the connection closed) the run stops sending (a hanging target must not hang the run); 5 by default. */
  readonly maxTimeouts?: number | undefined;
  /**
   * Milliseconds a List may lag behind a delete or a put: neither AWS page promises that a read shows a change at once, so
   * a read that differs from what the model says is read again, after growing pauses, for up to this long, and only what
   * outlasts it is a difference. 1 500 by default (10 000 in a live run); 0 reads once. Once a difference outlasts it, later
   * ones are not read again (a target whose reads never catch up would make each failing case wait).
   */
  readonly settleMs?: number | undefined;
  /** Requests one shrink may send at the most; 200 by default. */
  readonly maxShrinkRequests?: number | undefined;
  readonly checks?: readonly Check[] | undefined;
  readonly commonErrors?: CommonErrors | undefined;
  /** How the report's reproduction commands reach the target (the CLI passes its flags); by default a run from code, replayed by `runConformance`. */
  readonly reproduce?: ReproduceContext | undefined;
  readonly onEvent?: ((event: RunEvent) => void) | undefined;
  /**
   * Hears each request the run sends that is no case, with its answer: the List reads of what the target holds (at the
   * start, after each case, in the stateful phase), the stateful phase's deletes and puts, and a live run's reads and put
   * backs. The CLI's `--record` writes each as a `request` line; nothing is judged by it.
   */
  readonly onRequest?: ((request: SupportingRequest) => void) | undefined;
  /**
   * Decides, once the oracle has judged a case, whether it may be sent (a live run reads first what a delete names, and skips
   * what could change state). Skipped cases are counted in `summary.skipped`, never judged.
   */
  readonly sendPolicy?: ((spec: OperationSpec, testCase: Case, expectation: Expectation, path?: string) => 'send' | 'skip' | Promise<'send' | 'skip'>) | undefined;
  /**
   * Called after each case the policy let through, once the target answered (or `undefined` when sending failed with a
   * configuration error), before the verdict: a live run reads here what the case deleted, and a destructive one puts it
   * back. What it gives is what those reads showed of the delete's effect, judged by `deleteEffect` in place of the run's
   * own effect reads.
   */
  readonly afterSend?: ((spec: OperationSpec, testCase: Case, observation: Observation | undefined, path?: string) => Promise<EffectComparison | undefined | void>) | undefined;
  /** Polled before each request: a reason ends the run early (e.g. a request budget spent), as `summary.incomplete`. */
  readonly shouldStop?: (() => string | undefined) | undefined;
  /**
   * Ends the run early once aborted, as `shouldStop` does: no case starts after it, the cases in flight finish (a live run
   * puts back what they deleted and reads the organizations again), and the report is `summary.incomplete` with the abort's
   * reason. The CLI aborts it at the first Ctrl-C.
   */
  readonly signal?: AbortSignal | undefined;
  /**
   * Whether the `deleteEffect` check reads the state after each delete that reaches the effect, with the List operations the
   * specs declare (`resourceKind.list`); true by default. A live run turns it off: its end comparison reads the organizations.
   */
  readonly readEffects?: boolean | undefined;
  /** The List and Put operations' specs; `specs/supporting-operations.json` by default. */
  readonly supportingSpecs?: readonly SupportingOperationSpec[] | undefined;
  /**
   * Sequences of the stateful phase (`stateSequence`: deletes, puts, lists and repeated deletes compared step by step with
   * the model), run once after the property phases where the target serves the List and Put operations the specs declare;
   * 50 by default, 0 turns the phase off.
   */
  readonly stateSequences?: number | undefined;
  /** Steps per sequence at the most; 10 by default. */
  readonly stateSequenceSteps?: number | undefined;
  /** Why this run changes no state in a stateful phase (a live run that is not destructive): every report says so instead. */
  readonly stateSequencesOff?: string | undefined;
  /** Puts the target back to the fixture's state (the reference mock's `reset`): called before each sequence when given. */
  readonly resetTarget?: (() => void | Promise<void>) | undefined;
}

/**
 * Options of a live run (`runConformance({ live })`) against the real service or a stand-in: the run builds its own target and
 * send policy from `live`, so those options are not given. `fixture` is what the user says the organizations hold: judged by,
 * never trusted (the run reads the organizations too). Live runs default to 10 runs per property, the compact coverage phase and
 * 20 shrink requests.
 */
export type LiveRunOptions = Omit<RunOptions, 'target' | 'live' | 'sendPolicy' | 'afterSend' | 'shouldStop' | 'readEffects' | 'stateSequencesOff' | 'resetTarget'> & {
  readonly live: LiveOptions;
  readonly target?: undefined;
};

export type { Exchange, RunEvent, RunPhase } from '../report/run-event.ts';

type SentCase = Exchange;

function successEffect(expectation: Expectation): ResourceEffect | undefined {
  for (const outcome of expectation.outcomes) if (outcome.kind === 'success' && outcome.effect !== undefined) return outcome.effect;
  return undefined;
}

function isSuccess(observation: Observation): boolean {
  return observation.kind === 'response' && observation.status >= 200 && observation.status < 300;
}

/** Whether an SDK-based target can express a case (a JSON object whose members are present strings). */
function expressible(testCase: Case): boolean {
  return testCase.body.kind === 'input' && Object.values(testCase.body.input).every((value) => typeof value === 'string');
}

/** One run's mutable state: the oracle's model, the timeout budget, and the report being built. */
class Run {
  readonly model: WorkMailState | undefined;
  readonly report: ReportBuilder;
  /** Tells every consumer (the report, then the caller's `onEvent`) what happened. */
  readonly emit: (event: RunEvent) => void;
  readonly checks: readonly Check[];
  readonly profile: Profile;
  readonly semantics: ConstraintSemantics;
  readonly timeoutMs: number;
  /** The same options object for every request. */
  readonly sendOptions: { readonly timeoutMs: number };
  readonly maxTimeouts: number;
  /** How reproduction commands reach the target: the caller's, or a run from code's. */
  readonly reproduce: ReproduceContext;
  private timeouts = 0;
  /**
   * Per operation, answers in a row that only asked to try again, after any retries: a target that throttles everything of
   * one operation judges nothing of it, however the other operation's answers go.
   */
  private readonly transientInARow = new Map<string, number>();
  /** Answers in a row, of any operation, that refused the request's signature or credentials (see {@link credentialRefusals}). */
  private refusedCredentialsInARow = 0;
  /** Requests in a row, of any operation, whose connection was refused: nothing listens any more (a mock that crashed). */
  private refusedConnectionsInARow = 0;
  /** Whether any request of the run got an answer: refused connections then mean a target that went away, else one never there. */
  private answeredAny = false;
  /** Answers in a row that say the target serves no such operation or path (UnknownOperationException, a framework's 404 page). */
  private unservedInARow = 0;
  /** The requests since the last answer whose connection broke without one: those in flight when a mock crashed, one its cause. */
  private droppedRequests: string[] = [];
  /** Now and then a turn of the event loop, so that signals and timers are heard during the run (see createEventLoopTurns). */
  readonly eventLoopTurn = createEventLoopTurns();
  /** Bumped whenever the model changes, so that an expectation computed for the same case and model can be reused. */
  private modelVersion = 0;
  /** Per operation, the last expectation computed (operations that run side by side each keep theirs). */
  private readonly lastExpected = new Map<OperationSpec, { readonly testCase: Case; readonly modelVersion: number; readonly expectation: Expectation }>();
  /** The slots of the cases in flight, shared by every pool and every case sent alone. */
  readonly slots: RequestSlots;
  stopped: string | undefined;
  /** Per operation, the reader of its effects, where the target serves its List operation. */
  private readonly effectReaders = new Map<string, EffectReader>();
  /** Reads a difference again before it counts, in every phase: one for the run, so that one that outlasted it is known to all. */
  readonly readsAgain: ReadsAgain;

  constructor(readonly options: Checked<RunOptions>, readonly seed: number, numRuns: number, operations: readonly string[]) {
    this.model = options.fixture === undefined ? undefined : WorkMailState.fromFixture(options.fixture);
    this.checks = options.checks ?? allChecks;
    this.profile = options.profile ?? 'documented';
    this.semantics = options.semantics ?? defaultSemantics;
    this.timeoutMs = options.timeoutMs ?? 10_000;
    this.sendOptions = { timeoutMs: this.timeoutMs };
    this.maxTimeouts = options.maxTimeouts ?? 5;
    this.reproduce = options.reproduce ?? codeRunReproduceContext;
    this.slots = new RequestSlots(options.concurrency ?? 8);
    this.readsAgain = new ReadsAgain({ windowMs: options.settleMs ?? defaultSettleMs });
    this.report = new ReportBuilder({
      target: options.target.description,
      profile: this.profile,
      patternMatching: this.semantics.patternMatching,
      seed,
      numRuns,
      operations,
      checks: this.checks,
      reproduce: this.reproduce,
      replayOf: options.path,
    });
    this.emit = fanOut(options.onEvent === undefined ? [this.report.onEvent] : [this.report.onEvent, options.onEvent]);
  }

  /** Runs one phase between its start and end events. */
  async phase(operation: string, phase: RunPhase, total: number, work: () => Promise<void>): Promise<void> {
    this.emit({ type: 'phaseStarted', operation, phase, total });
    await work();
    this.emit({ type: 'phaseEnded', operation, phase });
  }

  expect(spec: OperationSpec, testCase: Case): Expectation {
    const last = this.lastExpected.get(spec);
    if (last !== undefined && last.testCase === testCase && last.modelVersion === this.modelVersion) return last.expectation;
    // The oracle itself: the public expectOutcomes checks its arguments, which the engine made, on every case.
    const expectation = expectOutcomesOf(spec, caseInput(testCase), { state: this.model, profile: this.profile, semantics: this.semantics });
    this.lastExpected.set(spec, { testCase, modelVersion: this.modelVersion, expectation });
    return expectation;
  }

  /**
   * Probes once, before an operation's cases, whether its effects can be read; where not, every report says why.
   */
  async prepareEffects(spec: OperationSpec, errors: ErrorCatalog): Promise<void> {
    if (!this.checks.includes(deleteEffect)) return;
    if (this.options.readEffects === false) {
      // A live run's guard reads around each delete it lets through (afterSend), and gives what it read.
      if (this.options.afterSend === undefined) this.emit({ type: 'notChecked', spec, check: deleteEffect.name, reason: 'effects are not read in this run (readEffects: false)' });
      return;
    }
    const target = this.options.target;
    // A read of what a case did (it names the case: `after`) that gets no whole answer counts toward the run's stop, as a
    // case does; the start's reads do not, as the reader sets itself aside where they get none.
    const counted: Target = {
      description: target.description,
      capabilities: target.capabilities,
      send: (request, sendOptions) =>
        target.send(request, sendOptions).then((observation) => {
          if (observation.kind === 'response') this.answeredAny = true;
          if (request.after !== undefined) this.countUnanswered(observation);
          return observation;
        }),
      close: () => target.close(),
    };
    const setup = await EffectReader.setUp({
      spec,
      target: counted,
      fixture: this.options.fixture,
      supportingSpecs: this.options.supportingSpecs ?? loadSupportingOperationSpecs(),
      sendOptions: this.sendOptions,
      errors,
      readsAgain: this.readsAgain,
    });
    if (setup.kind === 'reader') this.effectReaders.set(spec.operation, setup.reader);
    else this.emit({ type: 'notChecked', spec, check: deleteEffect.name, reason: setup.reason, ...(setup.fixtureContradicted === true ? { fixtureContradicted: true } : {}) });
  }

  /** Whether the state is read after this case: such cases run one at a time, so that each read shows only its own delete. */
  readsEffectOf(spec: OperationSpec, testCase: Case, expectation: Expectation): boolean {
    if (this.effectReaders.size === 0) return false;
    // The coverage phase reads after every case that reaches a fixture organization (each situation, deterministically); the
    // property phase only after a real delete: reading, one case at a time, after each of its no-ops cost 6x the throughput.
    if (testCase.phase !== 'coverage' && testCase.phase !== 'repeat' && successEffect(expectation) === undefined) return false;
    // A near miss is read after even when invalid: a target that trims its input before validating deletes what it nearly names.
    return this.effectReaders.get(spec.operation)?.applies(expectation, testCase.body.kind === 'input' ? testCase.body.input : undefined, testCase.nearMissOf !== undefined) === true;
  }

  /** A List that showed what a step did only when read again: said in the report, as evidence of how the target reads. */
  seenLate(spec: OperationSpec, afterMs: number): void {
    const list = spec.resourceKind.list?.operation ?? spec.operation;
    this.emit({ type: 'readSeenLate', spec, list, afterMs, windowMs: this.readsAgain.window.windowMs });
  }

  /**
   * Whether the run has stopped sending (an interrupt, an abort, a target that stopped answering): a phase then draws no
   * more cases, which would each be planned and dropped (a deep run took seconds to end after Ctrl-C: trialW #3).
   */
  hasStopped(): boolean {
    this.stopped ??= this.options.shouldStop?.();
    return this.stopped !== undefined;
  }

  /**
   * Counts a request left without a whole answer, a case's or a read's: at `maxTimeouts` of them the run stops sending. A
   * List that never answers held a run for hours, each case's reads waiting out the timeout three times (trialX #2).
   */
  countUnanswered(observation: Observation): void {
    if (observation.kind !== 'timeout' && !(observation.kind === 'networkError' && observation.stalled === true)) return;
    this.timeouts += 1;
    if (this.timeouts >= this.maxTimeouts && this.stopped === undefined) {
      this.stopped = `the target left ${this.timeouts} requests without a whole answer (none within ${this.timeoutMs} ms, or one that stalled until the connection closed); the run stopped sending`;
    }
  }

  /** Sends one case and judges it; `undefined` when the run has stopped or the target cannot express the case. */
  async send(spec: OperationSpec, errors: ErrorCatalog, testCase: Case, path: string, shrinking: boolean): Promise<SentCase | undefined> {
    // A target that answers in the same tick would keep a Ctrl-C or an abort timer waiting until the run ends.
    const turn = this.eventLoopTurn();
    if (turn !== undefined) await turn;
    if (this.hasStopped()) return undefined;
    if (!this.options.target.capabilities.rawBodies && !expressible(testCase)) {
      this.emit({ type: 'caseNotSent', spec, testCase, reason: 'inexpressible' });
      return undefined;
    }
    const expectation = this.expect(spec, testCase);
    // Only a caller's onEvent reads it (the report does not): no event object per case on the hot path otherwise.
    if (this.options.onEvent !== undefined) this.emit({ type: 'casePlanned', spec, testCase, path, expectation });
    const policy = this.options.sendPolicy;
    if (policy !== undefined && (await policy(spec, testCase, expectation, path)) === 'skip') {
      this.emit({ type: 'caseNotSent', spec, testCase, reason: 'heldBack', expectation });
      return undefined;
    }
    const request = buildAwsJsonRequest(spec, testCase.body.kind === 'input' ? testCase.body.input : testCase.body.text);
    const input = testCase.body.kind === 'input' ? testCase.body.input : undefined;
    let observation: Observation;
    try {
      observation = await this.options.target.send({ operation: spec.operation, signingName: spec.service.signingName, request, input }, this.sendOptions);
    } catch (error) {
      // A user mistake found while sending (e.g. no credentials for the real service) ends the run as a configuration error.
      if ((isConfigError(error) || isStopSending(error)) && this.options.afterSend !== undefined) await this.options.afterSend(spec, testCase, undefined, path);
      if (isConfigError(error)) throw error;
      if (isStopSending(error)) {
        this.stopped ??= error.message;
        this.emit({ type: 'caseNotSent', spec, testCase, reason: 'stopped' });
        return undefined;
      }
      observation = { kind: 'networkError', code: 'TARGET_THREW', message: String((error as Error)?.message ?? error), latencyMs: 0 };
    }
    // A recording served as a target (serve --from-recording) holds answers to the recorded run's cases alone: a case it does
    // not hold got no answer of the recorded target's, and judging it would blame that target for the recording's gap.
    if (observation.kind === 'response' && observation.errorType === notInRecordingErrorType) {
      this.stopped ??=
        `the target is a recording (serve --from-recording) that holds no answer for ${path}: a run against a recording sends the recorded run's cases only with that run's seed and settings (the recording's first line); the run stopped sending (replay compares a recording with another target)`;
      this.emit({ type: 'caseNotSent', spec, testCase, reason: 'stopped' });
      return undefined;
    }
    // A common error that asks to try again at a 5xx status (503 ServiceUnavailable) comes now and then from a real service:
    // a case that changes nothing is sent again, up to 3 times, so that one given each time (a crash on that input) is told
    // apart from one given now and then (a mock that injects them at random gives two in a row often enough).
    if (observation.kind === 'response' && observation.status >= 500 && policy === undefined && observation.retriedAfter === undefined && isCommonTransient(observation, errors) && successEffect(expectation) === undefined) {
      const retriedAfter: string[] = [];
      let last: Observation = observation;
      while (retriedAfter.length < transientResends && last.kind === 'response' && last.status >= 500 && isCommonTransient(last, errors)) {
        retriedAfter.push(last.errorType ?? `HTTP ${last.status}`);
        const again = await this.options.target.send({ operation: spec.operation, signingName: spec.service.signingName, request, input }, this.sendOptions).catch((): undefined => undefined);
        if (again === undefined) break;
        last = again;
      }
      observation = { ...last, retriedAfter };
    }
    let effectRead: EffectComparison | undefined;
    // Awaited only when set: an await per request is measurable on the hot path.
    if (this.options.afterSend !== undefined) effectRead = (await this.options.afterSend(spec, testCase, observation, path)) ?? undefined;
    // An answer that stalled until the connection closed hung as a timeout does (a body shorter than its content-length, the
    // server's keep-alive ending it seconds later): a target that does it to every success must not hold the run for minutes.
    this.countUnanswered(observation);
    // Only where a reader was set up: runs that read no effects pay one size check per request.
    if (effectRead === undefined && this.effectReaders.size !== 0 && this.readsEffectOf(spec, testCase, expectation)) {
      effectRead = await this.effectReaders.get(spec.operation)?.compare(expectation, observation, input, path);
      if (effectRead?.seenLateAfterMs !== undefined) this.seenLate(spec, effectRead.seenLateAfterMs);
    }
    const effect = successEffect(expectation);
    // A delete whose removal was put back (a destructive live run), or that the read after it showed did not happen where
    // the documentation allows that, leaves the record where it was, in the model too. Unread, a success that may delete
    // the record is taken to have: a later delete of a record the model holds as absent may be answered either way.
    if (effect !== undefined && isSuccess(observation) && this.model !== undefined && effectRead?.putBack !== true && effectRead?.recordKept !== true) {
      this.model.deleteResource(effect.resource, effect.organizationId, effect.keys);
      this.modelVersion += 1;
      this.emit({ type: 'stateChanged', spec, effect });
    }
    const verdict = judgeExchange(this.checks, { spec, testCase, expectation, observation, errors, effect: effectRead });
    if (verdict.transient === undefined) {
      if (this.transientInARow.size !== 0) this.transientInARow.delete(spec.operation);
    } else {
      const inARow = (this.transientInARow.get(spec.operation) ?? 0) + 1;
      this.transientInARow.set(spec.operation, inARow);
      if (inARow >= maxTransientAnswersInARow && this.stopped === undefined) {
        this.stopped = `the target answered only "try again" (${verdict.transient}) to ${inARow} requests of ${spec.operation} in a row, which judges nothing; the run stopped sending`;
      }
    }
    if (observation.kind === 'response' && observation.errorType !== undefined && credentialRefusals.has(observation.errorType)) {
      this.refusedCredentialsInARow += 1;
      if (this.refusedCredentialsInARow >= maxTransientAnswersInARow && this.stopped === undefined) {
        this.stopped =
          `the target refused ${this.refusedCredentialsInARow} requests in a row for their signature or credentials (${observation.status} ${observation.errorType}), which judges nothing of the contract; the run stopped sending: ` +
          'give the credentials and region it accepts (credentials and region of createHttpTarget, createSdkTarget or createMswTarget; AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY and --region for the CLI), or, for createHandlerTarget, whose requests are unsigned, serve it through createMswTarget or HTTP';
      }
    } else if (this.refusedCredentialsInARow !== 0) this.refusedCredentialsInARow = 0;
    if (observation.kind === 'response' && answersNoOperation(observation)) {
      this.unservedInARow += 1;
      if (this.unservedInARow >= maxTransientAnswersInARow && this.stopped === undefined) {
        this.stopped =
          `the target answered ${this.unservedInARow} requests in a row with ${observation.status}${observation.errorType === undefined ? ' and no error type' : ` ${observation.errorType}`}, as a server answers a request for an operation or a path it does not serve, which judges nothing of the contract; the run stopped sending: ` +
          'is the endpoint the server\'s (scheme, host, port and path), does it route POST / with X-Amz-Target: WorkMailService.<operation> to its handlers, and does it serve every operation checked (--operation names those it does)?';
      }
    } else if (this.unservedInARow !== 0) this.unservedInARow = 0;
    if (observation.kind === 'response') this.answeredAny = true;
    if (observation.kind === 'networkError' && observation.code === 'ECONNREFUSED') {
      this.refusedConnectionsInARow += 1;
      if (this.refusedConnectionsInARow >= maxTransientAnswersInARow && this.stopped === undefined) {
        const dropped = this.droppedRequests;
        const last = dropped.length === 0 ? '' : `; the request${dropped.length === 1 ? '' : 's'} before them that got no answer, one of which it may have died of: ${dropped.join('; ')}`;
        this.stopped = this.answeredAny
          ? `the target refused the connection of ${this.refusedConnectionsInARow} requests in a row: nothing listens there any more${last}; the run stopped sending`
          : `the target refused the connection of ${this.refusedConnectionsInARow} requests in a row, and no request of the run got an answer: nothing listens there (are the endpoint's host and port right, and is the server started?); the run stopped sending`;
      }
    } else {
      if (this.refusedConnectionsInARow !== 0) this.refusedConnectionsInARow = 0;
      if (observation.kind === 'networkError') this.droppedRequests = [...this.droppedRequests, `${path} (${observation.code}) ${caseBodyText(testCase).slice(0, 200)}`].slice(-5);
      else if (this.droppedRequests.length !== 0) this.droppedRequests = [];
    }
    const exchange: Exchange = { testCase, path, request, expectation, observation, verdict, ...(effectRead?.recordKept === undefined ? {} : { readShowedDelete: !effectRead.recordKept }) };
    this.emit({ type: 'exchange', spec, exchange, shrinking });
    return exchange;
  }
}

/**
 * Whether an answer says the target serves no such operation or path: UnknownOperationException (AWS's own, and a mock's
 * for an X-Amz-Target it has no handler for), or a 404, 405 or 501 with no error type and a body that is no JSON object (a
 * web framework's or Python http.server's page, given before any handler of the operation). An untyped JSON error is left
 * to the checks: it may be the operation's own answer, wrongly shaped.
 */
function answersNoOperation(observation: Observation & { kind: 'response' }): boolean {
  if (observation.errorType === 'UnknownOperationException') return true;
  return observation.errorType === undefined && (observation.status === 404 || observation.status === 405 || observation.status === 501) && responseBodyObject(observation) === undefined;
}

/**
 * Error types that refuse a request for its signature or credentials (AWS's common and protocol errors, and S3-style names
 * a hand-written mock may use): a target that gives only these checks signatures the run does not make as it expects.
 */
const credentialRefusals: ReadonlySet<string> = new Set([
  'IncompleteSignature',
  'InvalidClientTokenId',
  'UnrecognizedClientException',
  'InvalidSignatureException',
  'MissingAuthenticationTokenException',
  'MissingAuthenticationToken',
  'SignatureDoesNotMatch',
  'ExpiredToken',
  'ExpiredTokenException',
  'RequestExpired',
]);

function firstFailedCheck(checks: readonly Check[], verdict: ExchangeVerdict): Check | undefined {
  return verdict.outcomes.find(({ check, result }) => check.severity === 'failure' && result.status === 'fail' && checks.includes(check))?.check;
}

function failedWith(verdict: ExchangeVerdict, check: Check): boolean {
  return verdict.outcomes.some((outcome) => outcome.check === check && outcome.result.status === 'fail');
}

async function runCoverage(run: Run, spec: OperationSpec, errors: ErrorCatalog, only: number | undefined): Promise<void> {
  const all = coverageCasesOfRun(spec, { fixture: run.options.fixture, semantics: run.semantics, depth: run.options.coverage ?? 'full' });
  if (only !== undefined && all[only] === undefined) {
    throw new ConfigError(`${pathOptionName(run.options)}: ${spec.operation} has ${all.length} coverage cases, so index ${only} does not exist`);
  }
  const indices = only === undefined ? all.map((_, index) => index) : [only];
  // Cases that delete what the fixture holds change the model: they run one at a time, in order, before the rest. So do cases
  // after which the state is read: a read must show only its own case's effect. Both are told from the case, not the oracle:
  // an expectation is computed once, when its case is sent, against the model as the earlier deletes left it.
  const stateful: number[] = [];
  const stateless: number[] = [];
  for (const index of indices) (mayReachFixtureState(spec, all[index] as Case, run.options.fixture, run.semantics) ? stateful : stateless).push(index);
  // Exchanges are recorded in the order the cases start in (the report never depends on timing): the cases that run one at
  // a time as each ends, then the others in plan order, each as soon as every earlier one is done. Only the few that
  // finished out of order wait. Recording in plan order instead held every case that ran alone until the pooled cases
  // before it were done: hundreds of exchanges kept alive through the phase, which also made V8 allocate the objects of
  // every later case straight into its old generation (allocation-site pretenuring), at twice the cost in garbage collection.
  const runOrder = [...stateful, ...stateless];
  const waiting = new Map<number, readonly SentCase[]>();
  let nextToRecord = 0;
  const recordInOrder = (rank: number, sent: readonly SentCase[]) => {
    waiting.set(rank, sent);
    for (let ready = waiting.get(nextToRecord); ready !== undefined; ready = waiting.get(nextToRecord)) {
      waiting.delete(nextToRecord);
      for (const exchange of ready) run.emit({ type: 'judged', spec, exchange, keepFindings: true });
      nextToRecord += 1;
    }
  };
  const sendWithRepeat = async (rank: number) => {
    const index = runOrder[rank] as number;
    const testCase = all[index] as Case;
    const path = formatCasePath({ operation: spec.operation, source: 'coverage', index });
    const sent: SentCase[] = [];
    const first = await run.send(spec, errors, testCase, path, false);
    if (first !== undefined) {
      sent.push(first);
      const validInput = first.expectation.basis === 'state' || first.expectation.basis === 'unknownState';
      if (spec.output.idempotent && validInput && isSuccess(first.observation)) {
        const repeat: Case = { ...testCase, phase: 'repeat', description: `${testCase.description}, sent again` };
        const second = await run.send(spec, errors, repeat, path, false);
        if (second !== undefined) sent.push(second);
      }
    }
    recordInOrder(rank, sent);
  };
  await run.phase(spec.operation, 'coverage', indices.length, async () => {
    for (let rank = 0; rank < stateful.length; rank += 1) await run.slots.whileHolding(() => sendWithRepeat(rank));
    await runPooled(stateful.length, runOrder.length, run.slots, sendWithRepeat);
  });
}

/** Runs `task` for each rank from `from` up to (not including) `to`, as many at a time as `slots` give. */
async function runPooled(from: number, to: number, slots: RequestSlots, task: (rank: number) => Promise<void>): Promise<void> {
  const pool = new WorkerPool(slots);
  for (let rank = from; rank < to; rank += 1) await pool.submit(() => task(rank));
  await pool.drain();
}

async function runProperty(run: Run, spec: OperationSpec, errors: ErrorCatalog, kind: PropertyKind, numRuns: number): Promise<void> {
  const arbitrary = propertyCasesOfRun(spec, kind, { fixture: run.options.fixture, semantics: run.semantics });
  // The first failing run of each check, by run index, so that what is shrunk never depends on timing.
  const firstFailures = new Map<Check, { index: number; sent: SentCase }>();
  const pool = new WorkerPool(run.slots);
  const settle = (index: number, sent: SentCase | undefined) => {
    if (sent === undefined) return;
    run.emit({ type: 'judged', spec, exchange: sent, keepFindings: false });
    for (const { check, result } of sent.verdict.outcomes) {
      if (result.status === 'fail' || result.status === 'warn') {
        const known = firstFailures.get(check);
        if (known === undefined || index < known.index) firstFailures.set(check, { index, sent });
      }
    }
  };
  // A case the model says may change the fixture's state is sent alone, so that the read after it shows its own effect.
  const sendCase = async (testCase: Case, runIndex: number): Promise<void> => {
    const path = formatCasePath({ operation: spec.operation, source: kind, fastCheckPath: String(runIndex) });
    const expectation = run.expect(spec, testCase);
    if (successEffect(expectation) !== undefined || run.readsEffectOf(spec, testCase, expectation)) {
      await pool.drain();
      settle(runIndex, await run.slots.whileHolding(() => run.send(spec, errors, testCase, path, false)));
      return;
    }
    await pool.submit(async () => settle(runIndex, await run.send(spec, errors, testCase, path, false)));
  };
  await run.phase(spec.operation, kind, numRuns, async () => {
    // An error a send throws (a configuration error, in the pool or alone) is not shrunk but ends the run, once the
    // requests in flight are answered.
    let thrown: { readonly error: unknown } | undefined;
    const next = drawRuns(arbitrary, run.seed);
    if (next !== undefined) {
      try {
        for (let runIndex = 0; runIndex < numRuns && !run.hasStopped(); runIndex += 1) await sendCase(next(), runIndex);
      } catch (error) {
        thrown = { error };
      }
    } else {
      let runIndex = 0;
      const details = await fc.check(
        fc.asyncProperty(arbitrary, async (testCase) => {
          // fast-check still draws each run; a stopped run only plans none of them.
          if (!run.hasStopped()) await sendCase(testCase, runIndex);
          runIndex += 1;
          return true;
        }),
        { seed: run.seed, numRuns, endOnFailure: true },
      );
      if (details.failed) thrown = { error: details.errorInstance ?? new Error(`the ${kind} property phase of ${spec.operation} failed without an error`) };
    }
    await pool.drain();
    if (thrown !== undefined) throw thrown.error;
  });
  for (const check of run.checks) {
    const first = firstFailures.get(check);
    if (first === undefined) continue;
    if (check.severity === 'warning' || check.shrinkable === false) {
      // A check that declares itself not shrinkable (a timeout would be waited out again and again) reports its first failing input.
      run.emit({ type: 'finding', spec, exchange: first.sent, check, shrunk: false });
      continue;
    }
    await shrink(run, spec, errors, arbitrary, kind, String(first.index), check, first.sent);
  }
}

async function shrink(
  run: Run,
  spec: OperationSpec,
  errors: ErrorCatalog,
  arbitrary: fc.Arbitrary<Case>,
  kind: PropertyKind,
  startPath: string,
  lockedCheck: Check | undefined,
  original: SentCase | undefined,
  countExchanges = false,
): Promise<void> {
  const maxRequests = run.options.maxShrinkRequests ?? 200;
  let requests = 0;
  let timeouts = 0;
  let locked = lockedCheck;
  let lastFailure: SentCase | undefined;
  let sentAgain = 0;
  // An error a send throws (a configuration error) is no failing case to shrink: it ends the run once fast-check is done.
  let thrown: { readonly error: unknown } | undefined;
  run.emit({ type: 'phaseStarted', operation: spec.operation, phase: 'shrink', total: maxRequests });
  const result = await fc.check(
    fc.asyncProperty(arbitrary, async (testCase) => {
      if (thrown !== undefined || requests >= maxRequests || timeouts >= 2) return true;
      requests += 1;
      const path = formatCasePath({ operation: spec.operation, source: kind, fastCheckPath: startPath });
      let sent: SentCase | undefined;
      try {
        sent = await run.slots.whileHolding(() => run.send(spec, errors, testCase, path, true));
      } catch (error) {
        thrown = { error };
        return true;
      }
      if (sent === undefined) return true;
      sentAgain += 1;
      // A replay (--path) is the whole run: its exchanges count like any other.
      if (countExchanges) run.emit({ type: 'judged', spec, exchange: sent, keepFindings: false });
      if (sent.observation.kind === 'timeout') timeouts += 1;
      locked ??= firstFailedCheck(run.checks, sent.verdict);
      if (locked === undefined || !failedWith(sent.verdict, locked)) return true;
      lastFailure = sent;
      return false;
    }),
    // The case at the path, then only what shrinking tries: a case that no longer fails is not followed by the next ones.
    { seed: run.seed, path: startPath, numRuns: 1 },
  );
  if (thrown !== undefined) throw thrown.error;
  const check = locked;
  if (check !== undefined && result.failed && lastFailure !== undefined && result.counterexamplePath !== null) {
    const path = formatCasePath({ operation: spec.operation, source: kind, fastCheckPath: result.counterexamplePath });
    run.emit({ type: 'finding', spec, exchange: { ...lastFailure, path }, check, shrunk: result.numShrinks > 0 });
  } else if (check !== undefined && original !== undefined) {
    // A run stopped (an interrupt) before the case was sent again says nothing of the target (trialW #4).
    const note = sentAgain === 0 && run.hasStopped() ? 'not shrunk: the run stopped before the case could be sent again' : 'not shrunk: sent again to shrink it, the case did not fail again (the target may be nondeterministic)';
    run.emit({ type: 'finding', spec, exchange: original, check, shrunk: false, note });
  }
  run.emit({ type: 'phaseEnded', operation: spec.operation, phase: 'shrink' });
}

/**
 * Runs the conformance checks of one or more operations against a target and returns the report: a deterministic coverage
 * phase, then a fast-check property phase per operation (valid and invalid inputs), each failure shrunk to a minimal input
 * that still breaks the same rule; operations that cannot see each other's cases run side by side, and the stateful phase
 * follows them all. With `live` instead of a target, a live run against the real service or a stand-in: it
 * reads the organizations first, sends a delete of what may exist only after a read just before it shows it absent (or, in
 * `live.allowedOrganizations`, puts back what it deleted), and compares the organizations at the end with the start
 * (`report.live`, `report.stateChanges`).
 *
 * @example
 * const mock = createWorkMailMock();
 * const report = await runConformance({ target: createHandlerTarget(mock.handle), fixture: demoFixture });
 * report.summary.conformant; // true
 * const live = await runConformance({ live: { region: 'eu-west-1', organizationIds: ['m-0123…'] } });
 * live.live.endComparison.unchanged; // true: the organization is as the run found it
 */
export async function runConformance(options: LiveRunOptions): Promise<LiveConformanceReport>;
export async function runConformance(options: RunOptions): Promise<ConformanceReport>;
export async function runConformance(options: RunOptions | LiveRunOptions): Promise<ConformanceReport> {
  validateRunOptions(options);
  if (options.live === undefined && options.target.capabilities.realService === true) {
    throw new ConfigError(
      `runConformance: target: ${options.target.description} is the real WorkMail service, where a run that is not live would send its deletes and puts unguarded: give live: { region, organizationIds } instead (it reads before each delete, and changes nothing unless allowed); for requests msw intercepts in-process, use createMswTarget(handlers) or createSdkTarget({ client })`,
    );
  }
  const checked = await withValidFixture(options);
  return checked.live === undefined ? runEngine(checked) : runLive(checked);
}

/**
 * The options with their fixture validated by the fixture schema, as a `--fixture` file is: a wrong one is one ConfigError
 * naming the JSON path (`runConformance: fixture: $.organizations[0].state: …`). A fixture known to be valid (loaded or
 * parsed by the kit, or its own demo) is not validated again, so a run that needs no validator loads none.
 */
async function withValidFixture<Options extends RunOptions | LiveRunOptions>(options: Options): Promise<Checked<Options>> {
  const fixture: unknown = options.fixture;
  // A fixture the kit itself made or validated is a Fixture already; the types cannot tell it apart from the input form.
  if (fixture === undefined || isValidated(fixture as object)) return options as unknown as Checked<Options>;
  const { parseFixture } = await import('../fixture/load-fixture.ts');
  return { ...options, fixture: parseFixture(fixture, 'runConformance: fixture') } as unknown as Checked<Options>;
}

/** Options whose fixture the fixture schema has checked and completed (lists left out are empty): what a run works with. */
type Checked<Options extends RunOptions | LiveRunOptions> = Options extends unknown ? Omit<Options, 'fixture'> & { readonly fixture?: Fixture } : never;

/** The specs of the operations a run checks, each once; a run of none is refused, as it would be "conformant" on nothing. */
function selectedSpecs(options: Pick<RunOptions, 'specs' | 'operations'>): OperationSpec[] {
  const specs = options.specs ?? loadOperationSpecs();
  const operations = options.operations ?? specs.map((spec) => spec.operation);
  // An operation named twice is checked once: its cases sent twice over would double the load (and a live run's budget).
  const selected = [...new Set(operations.map((operation) => findOperationSpec(specs, operation, 'runConformance: operations')))];
  if (selected.length === 0) throw new ConfigError(`runConformance: ${options.specs?.length === 0 ? 'specs' : 'operations'}: names no operation to check`);
  return selected;
}

/** A live run: the engine between the live session's read at the start and its read at the end. */
async function runLive(options: Checked<LiveRunOptions>): Promise<LiveConformanceReport> {
  // An ID of a form no request can name is a typo, said before anything is sent (as the CLI says it of its flags).
  const selected = selectedSpecs(options);
  for (const field of ['organizationIds', 'allowedOrganizations'] as const) {
    for (const [index, id] of (options.live[field] ?? []).entries()) {
      const broken = unnameableOrganization(id, selected, options.semantics ?? defaultSemantics);
      if (broken !== undefined) throw new ConfigError(`runConformance: live.${field}[${index}] ${id}: ${broken}, so it names no organization; give its real ID`);
    }
  }
  // The AWS SDK, undici and the live sequence load only for a live run.
  const { openLiveSession } = await import('../live/live-session.ts');
  const session = await openLiveSession(options.live, options);
  let report: ConformanceReport;
  try {
    report = await runEngine({
      ...options,
      live: undefined,
      numRuns: options.numRuns ?? 10,
      coverage: options.coverage ?? 'compact',
      maxShrinkRequests: options.maxShrinkRequests ?? 20,
      target: session.target,
      fixture: session.fixture,
      sendPolicy: session.sendPolicy,
      afterSend: session.afterSend,
      shouldStop: session.shouldStop,
      stateSequencesOff: session.stateSequencesOff,
      // Reads after deletes would spend the budget; the end comparison reads the organizations instead.
      readEffects: false,
    });
  } finally {
    await session.target.close();
  }
  return withoutSecretsOf(session.target, await session.finish(report));
}

/**
 * The report with the credentials `target` signed with removed, wherever an answer quoted them (as it is, escaped, or cut
 * short); the report as it is for a target that signs nothing.
 */
function withoutSecretsOf<Report extends ConformanceReport>(target: Target, report: Report): Report {
  const secrets = target.secrets?.() ?? [];
  return secrets.length === 0 ? report : createScrubber(secrets)(report);
}

/** How an error names the case path option: the flag in a CLI run (whose reproduce context has its flags), the option from code. */
function pathOptionName(options: Pick<RunOptions, 'reproduce'>): string {
  return options.reproduce?.kitArgs === undefined ? 'runConformance: path' : '--path';
}

/** Why an aborted signal ends a run: its reason when that is text or an error, else that it was aborted. */
function abortReasonOf(signal: AbortSignal): string {
  const reason: unknown = signal.reason;
  if (typeof reason === 'string') return reason;
  return reason instanceof Error && reason.name !== 'AbortError' ? reason.message : 'the run was aborted (runConformance: signal)';
}

/** The run's own stop condition and its abort signal, as one `shouldStop`. */
function withAbortSignal(options: Checked<RunOptions>): Checked<RunOptions> {
  const { signal, shouldStop } = options;
  if (signal === undefined) return options;
  return { ...options, shouldStop: () => (signal.aborted ? abortReasonOf(signal) : shouldStop?.()) };
}

/** The options with a target that tells `onRequest` of each request that is no case, where it is given. */
function withRequestsTold(options: Checked<RunOptions>): Checked<RunOptions> {
  return options.onRequest === undefined ? options : { ...options, target: tellingSupportingRequests(options.target, options.onRequest) };
}

async function runEngine(givenOptions: Checked<RunOptions>): Promise<ConformanceReport> {
  const options = withRequestsTold(withAbortSignal(givenOptions));
  const selected = selectedSpecs(options);
  const unreachable = options.fixture === undefined ? undefined : unreachableOrganization(options.fixture, selected, options.semantics ?? defaultSemantics);
  if (unreachable !== undefined) throw new ConfigError(`runConformance: fixture: ${unreachable}`);
  // Checked by validateRunOptions (and by the CLI's own flag parsing) before anything is sent.
  const numRuns = options.numRuns ?? 100;
  const seed = options.seed ?? (Date.now() ^ (Math.random() * 0x1_0000_0000)) | 0;
  const pathOption = pathOptionName(options);
  const replay: CasePath | undefined = options.path === undefined ? undefined : parseCasePath(options.path, pathOption);
  if (replay !== undefined && !selected.some((spec) => spec.operation === replay.operation)) {
    throw new ConfigError(`${pathOption}: operation '${replay.operation}' is not among the operations of this run`);
  }
  if (replay !== undefined) checkReplayHasSeed(replay, options.seed, { path: pathOption, seed: pathOption === '--path' ? '--seed' : 'seed' });
  // A drawn case past the run's count is none the run named: replayed, it would judge another input in its name.
  const cli = pathOption === '--path';
  if (replay !== undefined && replay.source !== 'coverage') {
    const index = Number(replay.fastCheckPath.split(':')[0]);
    const [count, what, option] = replay.source === 'stateful' ? [options.stateSequences ?? defaultStateSequences, 'sequences', cli ? '--state-sequences' : 'stateSequences'] : [numRuns, 'runs per property', cli ? '--num-runs' : 'numRuns'];
    if (index >= count) throw new ConfigError(`${pathOption}: the run makes ${count} ${what} (${option}), so index ${index} does not exist: give ${option} as the report's reproduce line does`);
  }
  const commonErrors = options.commonErrors ?? loadCommonErrors();
  const run = new Run(options, seed, numRuns, selected.map((spec) => spec.operation));
  const runOperation = async (spec: OperationSpec) => {
    if (replay !== undefined && (replay.operation !== spec.operation || replay.source === 'stateful')) return;
    const errors = buildErrorCatalog(spec, commonErrors);
    await run.prepareEffects(spec, errors);
    if (replay === undefined || replay.source === 'coverage') {
      await runCoverage(run, spec, errors, replay?.source === 'coverage' ? replay.index : undefined);
    }
    for (const kind of ['valid', 'invalid'] as const) {
      if (replay === undefined) await runProperty(run, spec, errors, kind, numRuns);
      else if (replay.source === kind) await shrink(run, spec, errors, propertyCasesOfRun(spec, kind, { fixture: options.fixture, semantics: run.semantics }), kind, replay.fastCheckPath, undefined, undefined, true);
    }
  };
  // Operations that cannot see each other's cases run side by side: one's cases sent alone (a delete, then a read of what it
  // did) wait on round trips, while the other's fill the slots. A send policy or an after-send hook (a live run's guard, which
  // puts back what a case deleted) sees one operation after another.
  const groups = options.sendPolicy === undefined && options.afterSend === undefined ? sideBySideGroups(selected) : [selected];
  const settled = await Promise.allSettled(
    groups.map(async (group) => {
      try {
        for (const spec of group) await runOperation(spec);
      } catch (error) {
        // The run ends with this error: the groups still running stop sending, and it is thrown once they have ended.
        run.stopped ??= 'an error ended the run';
        throw error;
      }
    }),
  );
  for (const result of settled) if (result.status === 'rejected') throw result.reason;
  if (run.checks.includes(stateSequence) && (replay === undefined || replay.source === 'stateful')) await runStatefulPhaseOf(run, options.specs ?? loadOperationSpecs(), selected, commonErrors, replay);
  run.emit({ type: 'runEnded', stopped: run.stopped });
  return withoutSecretsOf(givenOptions.target, run.report.build());
}

/** The stateful phase, once per run, after every operation's property phases (or alone, to replay one of its sequences). */
async function runStatefulPhaseOf(run: Run, specs: readonly OperationSpec[], selected: readonly OperationSpec[], commonErrors: CommonErrors, replay: CasePath | undefined): Promise<void> {
  const { options } = run;
  if (options.stateSequencesOff !== undefined) {
    for (const spec of selected) run.emit({ type: 'notChecked', spec, check: stateSequence.name, reason: options.stateSequencesOff, byChoice: true });
    return;
  }
  // A run that stopped sending (a target that stopped answering, a budget spent, an interrupt) sends nothing more: the
  // phase's start reads included.
  const sequences = options.stateSequences ?? defaultStateSequences;
  const stoppedBefore = (run.stopped ??= options.shouldStop?.());
  // A phase turned off (0 sequences) says so, by choice, whether or not the run stopped before it: it sends nothing.
  if (stoppedBefore !== undefined && sequences !== 0) {
    for (const spec of selected) run.emit({ type: 'notChecked', spec, check: stateSequence.name, reason: `the stateful phase did not start: ${stoppedBefore}` });
    return;
  }
  const maxSteps = options.stateSequenceSteps ?? defaultStateSequenceSteps;
  const operation = selected.map((spec) => spec.operation).join(', ');
  run.emit({ type: 'phaseStarted', operation, phase: 'stateful', total: sequences });
  let sequencesEnded = 0;
  await runStatefulPhase({
    target: options.target,
    specs: selected,
    allSpecs: specs,
    supportingSpecs: options.supportingSpecs ?? loadSupportingOperationSpecs(),
    fixture: options.fixture,
    profile: run.profile,
    semantics: run.semantics,
    sendOptions: run.sendOptions,
    errors: (spec) => buildErrorCatalog(spec, commonErrors),
    seed: run.seed,
    sequences,
    maxSteps,
    replay: replay?.source === 'stateful' ? replay : undefined,
    pathOption: pathOptionName(options),
    resetTarget: options.resetTarget,
    sink: {
      notChecked: (spec, reason, byChoice) => run.emit({ type: 'notChecked', spec, check: stateSequence.name, reason, ...(byChoice === true ? { byChoice } : {}) }),
      stepJudged: (spec, result) => run.emit({ type: 'stepJudged', spec, check: stateSequence.name, result }),
      sequenceShowed: (spec, kind) => run.emit({ type: 'sequenceShowed', spec, kind }),
      sequenceEnded: () => run.emit({ type: 'phaseAdvanced', operation, phase: 'stateful', done: (sequencesEnded += 1) }),
      finding: (spec, judged, { shrunk, input, reproduce }) =>
        run.emit({ type: 'finding', spec, exchange: judged, check: stateSequence, shrunk, input, reproduce }),
    },
    reproduce: run.reproduce,
    // A stop seen here makes the run incomplete, as one seen before a case does: the sequences after it are not run.
    shouldStop: () => (run.stopped ??= options.shouldStop?.()),
    onStopped: (reason) => {
      run.stopped ??= reason;
    },
    readsAgain: run.readsAgain,
    onSeenLate: (spec, afterMs) => run.seenLate(spec, afterMs),
  });
  run.emit({ type: 'phaseEnded', operation, phase: 'stateful' });
}
