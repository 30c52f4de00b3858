import { getOrInsertComputed } from '../get-or-insert-computed.ts';
import type { Case, CaseBody } from '../cases/case.ts';
import { toolVersion } from '../tool-version.ts';
import type { Expectation } from '../model/outcome.ts';
import { ruleOf, type Check, type CheckResult } from '../checks/check.ts';
import type { Observation } from '../observation/observation.ts';
import { excerpt } from '../observation/describe-observation.ts';
import type { OperationSpec, Profile } from '../spec/spec-schema.ts';
import { codePointLength } from '../spec/constraints.ts';
import type { ExchangeVerdict } from '../verdict/judge-exchange.ts';
import type { NotSentReason, RunEvent } from './run-event.ts';
import type { CheckTally, ConformanceReport, Finding, InferredStatus, Reproduction } from './conformance-report.ts';
import { OpenPointFindings } from './open-point-findings.ts';
import { ContractCoverage, type OperationContractCoverage } from './contract-coverage.ts';
import { reproduction, type ReproduceContext } from './reproduce.ts';

/** The check whose judgement means the state was read back after the exchange (contract coverage counts it). */
const effectCheckName = 'deleteEffect';
/** The check of the stateful phase: its "not checked" reason is also why contract coverage shows no sequence. */
const sequenceCheckName = 'stateSequence';
/** Findings kept per operation and check: enough to see a pattern, bounded so memory stays flat on long runs. */
const maxFailuresPerCheck = 10;
const maxWarningsPerCheck = 3;

/** A judged exchange, as the report builder needs it. */
export interface JudgedCase {
  readonly testCase: Case;
  readonly path: string;
  readonly expectation: Expectation;
  readonly observation: Observation;
  readonly verdict: ExchangeVerdict;
  /** See {@link Exchange.readShowedDelete}. */
  readonly readShowedDelete?: boolean;
}

/** The target's message on an error answer, cut as a report's excerpts are: what it says it refused. */
function targetMessageOf(observation: Observation): { readonly targetMessage?: string } {
  if (observation.kind !== 'response' || observation.errorType === undefined || observation.message === undefined || observation.message.trim() === '') return {};
  return { targetMessage: excerpt(observation.message) };
}

/** The run's settings the report repeats. */
export interface ReportSettings {
  readonly target: string;
  readonly profile: Profile;
  readonly patternMatching: 'full' | 'search';
  readonly seed: number;
  readonly numRuns: number;
  /**
   * The run's operations, in the order the report lists them (operations that run side by side send their events
   * interleaved); without it, in the order their first events came.
   */
  readonly operations?: readonly string[];
  readonly checks: readonly Check[];
  readonly reproduce: ReproduceContext;
  /** The path of the one case a replay sends (`path`, `--path`): the contract coverage then asks nothing of the fixture. */
  readonly replayOf?: string | undefined;
}

function describeReading(observation: Observation): string | undefined {
  if (observation.kind !== 'response') return undefined;
  if (observation.status >= 200 && observation.status < 300) return `${observation.status} success`;
  return `${observation.status} ${observation.errorType ?? '(no error type)'}`;
}

/**
 * Builds the report from the engine's events alone, keeping only bounded examples: the one place a report is made.
 *
 * @example
 * const builder = new ReportBuilder(settings);
 * await runEngine({ …, onEvent: builder.onEvent });
 * const report = builder.build();
 */
export class ReportBuilder {
  private readonly startedAt = new Date();
  private readonly started = performance.now();
  private readonly tallies = new Map<string, Map<string, CheckTally>>();
  private readonly failures: Finding[] = [];
  private readonly warnings: Finding[] = [];
  private readonly findingCounts = new Map<string, number>();
  private readonly openPoints = new OpenPointFindings();
  private readonly contract = new ContractCoverage();
  private readonly inferredStatuses = new Map<string, InferredStatus>();
  private readonly transientAnswers = new Map<string, { operation: string; type: string; count: number }>();
  private readonly sentAgain = new Map<string, { operation: string; after: string; count: number }>();
  /** `operation check` of the checks a run was asked not to apply (a flag, a live or dry run). */
  private readonly notCheckedByChoice = new Set<string>();
  /** Per operation, how the target read at the start differed from the fixture, where it did (deleteEffect's reason). */
  private readonly fixtureContradicted = new Map<string, string>();
  private readonly readsSeenLate = new Map<string, { operation: string; list: string; count: number; longestMs: number; windowMs: number }>();
  private requests = 0;
  private cases = 0;
  private sequenceSteps = 0;
  private skipped = 0;
  private readonly notSent: Partial<Record<NotSentReason, number>> = {};
  private stopped: string | undefined;

  constructor(private readonly settings: ReportSettings) {}

  /** Takes one event of the engine (see {@link RunEvent}); events the report does not show are ignored. */
  readonly onEvent = (event: RunEvent): void => {
    switch (event.type) {
      case 'exchange':
        this.requests += 1;
        return;
      case 'caseNotSent':
        this.skipped += 1;
        this.notSent[event.reason] = (this.notSent[event.reason] ?? 0) + 1;
        if (event.reason === 'heldBack' && event.testCase.tenantIsolation === true) this.contract.noteTenantIsolationHeldBack(event.spec);
        else if (event.reason === 'heldBack' && event.expectation !== undefined) this.contract.noteHeldBack(event.spec, event.expectation);
        return;
      case 'judged':
        if (event.keepFindings) this.record(event.spec, event.exchange);
        else this.tally(event.spec, event.exchange);
        return;
      case 'finding': {
        const { shrunk, note, input, reproduce } = event;
        this.addFinding(event.spec, event.exchange, event.check, { shrunk, ...(note === undefined ? {} : { note }), ...(input === undefined ? {} : { input }), ...(reproduce === undefined ? {} : { reproduce }) });
        return;
      }
      case 'stepJudged':
        this.sequenceSteps += 1;
        this.countCheckResult(event.spec, event.check, event.result);
        return;
      case 'sequenceShowed':
        this.contract.countSequence(event.spec, event.kind);
        return;
      case 'notChecked':
        this.noteNotChecked(event.spec, event.check, event.reason, event.fixtureContradicted === true);
        if (event.byChoice === true) this.notCheckedByChoice.add(`${event.spec.operation} ${event.check}`);
        return;
      case 'readSeenLate': {
        const key = `${event.spec.operation} ${event.list}`;
        const entry = getOrInsertComputed(this.readsSeenLate, key, () => ({ operation: event.spec.operation, list: event.list, count: 0, longestMs: 0, windowMs: event.windowMs }));
        entry.count += 1;
        entry.longestMs = Math.max(entry.longestMs, Math.round(event.afterMs));
        return;
      }
      case 'runEnded':
        this.stopped = event.stopped;
        return;
      default:
        return;
    }
  };

  /** Counts each check's result on one exchange, and the open-point reading it shows. */
  private tally(spec: OperationSpec, judged: JudgedCase): void {
    this.cases += 1;
    for (const after of judged.observation.retriedAfter ?? []) {
      getOrInsertComputed(this.sentAgain, `${spec.operation} ${after}`, () => ({ operation: spec.operation, after, count: 0 })).count += 1;
    }
    const checks = this.checksOf(spec);
    for (const { check, result } of judged.verdict.outcomes) {
      const tally = checks.get(check.name);
      if (tally === undefined) continue;
      if (result.status === 'pass') tally.passed += 1;
      else if (result.status === 'fail') tally.failed += 1;
      else if (result.status === 'warn') tally.warned += 1;
      else tally.skipped += 1;
    }
    if (judged.verdict.transient !== undefined) {
      this.countTransientAnswer(spec.operation, judged.verdict.transient);
      return;
    }
    let effectReadBack = false;
    for (const { check, result } of judged.verdict.outcomes) if (check.name === effectCheckName && (result.status === 'pass' || result.status === 'fail')) effectReadBack = true;
    this.contract.count(spec, judged.testCase, judged.expectation, judged.observation, effectReadBack, judged.readShowedDelete);
    if (judged.observation.kind === 'response' && judged.observation.statusInferred !== undefined) this.countInferredStatus(spec, judged.observation);
    this.openPoints.count(spec, judged.testCase, judged.expectation, judged.observation, judged.readShowedDelete);
  }

  private countTransientAnswer(operation: string, type: string): void {
    const key = `${operation} ${type}`;
    const entry = this.transientAnswers.get(key);
    if (entry === undefined) this.transientAnswers.set(key, { operation, type, count: 1 });
    else entry.count += 1;
  }

  private countInferredStatus(spec: OperationSpec, observation: Observation & { kind: 'response' }): void {
    const answer = describeReading(observation) as string;
    const how = observation.statusInferred as string;
    const key = `${spec.operation}\u0000${answer}\u0000${how}`;
    const entry = this.inferredStatuses.get(key);
    if (entry === undefined) this.inferredStatuses.set(key, { operation: spec.operation, answer, how, count: 1 });
    else entry.count += 1;
  }

  /** Records why a check cannot judge any exchange of an operation in this run: every report says so, never a bare pass. */
  private noteNotChecked(spec: OperationSpec, checkName: string, reason: string, fixtureContradicted: boolean): void {
    if (fixtureContradicted) this.fixtureContradicted.set(spec.operation, reason);
    const tally = this.checksOf(spec).get(checkName);
    if (tally !== undefined) tally.notChecked = reason;
    if (checkName === effectCheckName) this.contract.noteEffectsNotRead(spec.operation, reason, fixtureContradicted);
    if (checkName === sequenceCheckName) this.contract.noteSequencesNotRun(spec, reason);
  }

  /**
   * Counts one result of a check judged outside an exchange's verdict (a step of the stateful phase).
   *
   * @example
   * builder.countCheckResult(spec, 'stateSequence', { status: 'pass' });
   */
  private countCheckResult(spec: OperationSpec, checkName: string, result: CheckResult): void {
    const tally = this.checksOf(spec).get(checkName);
    if (tally === undefined) return;
    if (result.status === 'pass') tally.passed += 1;
    else if (result.status === 'fail') tally.failed += 1;
    else if (result.status === 'warn') tally.warned += 1;
    else tally.skipped += 1;
  }

  /** Counts an exchange and keeps a finding for each check it fails or warns on (bounded per check). */
  private record(spec: OperationSpec, judged: JudgedCase): void {
    this.tally(spec, judged);
    for (const { check, result } of judged.verdict.outcomes) {
      if (result.status === 'fail' || result.status === 'warn') this.addFinding(spec, judged, check, { shrunk: false });
    }
  }

  /** Keeps one finding: the check's expected and observed text on this exchange, and how to reproduce it. */
  private addFinding(
    spec: OperationSpec,
    judged: JudgedCase,
    check: Check,
    options: {
      readonly shrunk: boolean;
      readonly note?: string;
      /** What the finding shows as its input instead of the case's (a whole sequence of steps). */
      readonly input?: unknown;
      /** How to reproduce it instead of the case's one request (a sequence: one command per step). */
      readonly reproduce?: Reproduction;
    },
  ): void {
    const result = judged.verdict.outcomes.find((outcome) => outcome.check === check)?.result;
    if (result === undefined || (result.status !== 'fail' && result.status !== 'warn')) return;
    // A failure-severity check warns where its rule is no requirement (a Put's answer in the stateful phase).
    const warning = check.severity === 'warning' || result.status === 'warn';
    const key = `${spec.operation}\u0000${check.name}`;
    const count = this.findingCounts.get(key) ?? 0;
    // A shrunk finding is the minimal example of its rule (one per property at most): the cap never drops it.
    if (!options.shrunk && count >= (warning ? maxWarningsPerCheck : maxFailuresPerCheck)) return;
    this.findingCounts.set(key, count + 1);
    const { testCase } = judged;
    const finding: Finding = {
      operation: spec.operation,
      check: check.name,
      rule: ruleOf(check, spec),
      phase: testCase.phase,
      description: options.note === undefined ? testCase.description : `${testCase.description} (${options.note})`,
      input: options.input ?? (testCase.body.kind === 'input' ? testCase.body.input : testCase.body.text),
      violation: testCase.violation,
      expected: result.expected,
      observed: result.observed,
      ...targetMessageOf(judged.observation),
      reason: (result.status === 'fail' ? result.why : undefined) ?? this.reasonOf(spec, judged.expectation),
      ...atLengthLimitsOf(spec, testCase.body),
      openPoints: judged.expectation.openPoints,
      seed: this.settings.seed,
      path: judged.path,
      shrunk: options.shrunk,
      reproduce: options.reproduce ?? reproduction(this.settings.reproduce, spec, testCase.body, this.settings.seed, judged.path, { readBack: check.judgesReadBack === true }),
    };
    (warning ? this.warnings : this.failures).push(finding);
  }

  /**
   * Why the model expected what it did; where the answer rests on the fixture's state and the target, read at the start,
   * differed from the fixture, said beside it: the finding may be the fixture's, not the target's (trialZ #3).
   */
  private reasonOf(spec: OperationSpec, expectation: Expectation): string {
    const contradicted = expectation.basis === 'state' ? this.fixtureContradicted.get(spec.operation) : undefined;
    return contradicted === undefined ? expectation.reason : `${expectation.reason}; but ${contradicted}, so the fixture may not say what the target holds: check the fixture first`;
  }

  /** Orders what the report lists per operation as the run lists its operations, each operation's own entries kept in order. */
  private inRunOrder<Entry extends { readonly operation: string }>(entries: readonly Entry[]): Entry[] {
    const order = this.settings.operations ?? [];
    const rank = (entry: Entry) => {
      const index = order.indexOf(entry.operation);
      return index === -1 ? order.length : index;
    };
    return entries.map((entry, index) => ({ entry, index })).sort((left, right) => rank(left.entry) - rank(right.entry) || left.index - right.index).map(({ entry }) => entry);
  }

  /** The report of every event taken so far. */
  build(): ConformanceReport {
    const stopped = this.stopped;
    const operations = this.inRunOrder([...this.tallies.entries()].map(([operation, checks]) => ({ operation, checks: [...checks.values()] })));
    const failedChecks = operations.reduce((total, operation) => total + operation.checks.filter((tally) => tally.severity === 'failure' && tally.failed > 0).length, 0);
    const contractCoverage = this.inRunOrder(this.contract.build(stopped !== undefined, this.settings.replayOf));
    const exchangesOf = (operation: OperationContractCoverage, name: string) => operation.items.find((item) => item.name === name)?.exchanges;
    const realDeleteNotExercised = contractCoverage.filter((operation) => exchangesOf(operation, 'realDelete') === 0).map((operation) => operation.operation);
    const realDeleteNotReadBack = contractCoverage
      .filter((operation) => (exchangesOf(operation, 'realDelete') ?? 0) > 0 && exchangesOf(operation, 'realDeleteReadBack') === 0)
      .map((operation) => operation.operation);
    // A check that judged nothing because the run could not apply it, not because a flag turned it off.
    const couldNotJudge = (operation: string, tally: CheckTally | undefined): tally is CheckTally & { notChecked: string } =>
      tally?.notChecked !== undefined && tally.passed + tally.failed + tally.warned === 0 && !this.notCheckedByChoice.has(`${operation} ${tally.name}`);
    const sequencesNotJudged = operations.filter(({ operation, checks }) => couldNotJudge(operation, checks.find((check) => check.name === sequenceCheckName))).map(({ operation }) => operation);
    // In a replay of one case: the checks that would judge it and could not (a target whose records differ from the fixture).
    const checksNotJudged =
      this.settings.replayOf === undefined
        ? []
        : operations.flatMap(({ operation, checks }) => checks.filter((tally) => tally.severity === 'failure' && couldNotJudge(operation, tally)).map((tally) => `${tally.name} (${tally.notChecked})`));
    return {
      tool: { name: 'workmail-conformance', version: toolVersion },
      target: this.settings.target,
      profile: this.settings.profile,
      patternMatching: this.settings.patternMatching,
      seed: this.settings.seed,
      numRuns: this.settings.numRuns,
      startedAt: this.startedAt.toISOString(),
      durationMs: Math.round(performance.now() - this.started),
      summary: {
        conformant: this.failures.length === 0 && failedChecks === 0 && stopped === undefined,
        failures: this.failures.length,
        failedChecks,
        warnings: this.warnings.length,
        requests: this.requests,
        cases: this.cases,
        sequenceSteps: this.sequenceSteps,
        skipped: this.skipped,
        ...(this.skipped === 0 ? {} : { notSent: { ...this.notSent } }),
        incomplete: stopped,
        transientAnswers: [...this.transientAnswers.values()].reduce((total, entry) => total + entry.count, 0),
        // A replay of one case exercises what that case does: the run's caveats on what it did not exercise say nothing of it.
        ...(this.settings.replayOf === undefined
          ? {
              ...(this.fixtureContradicted.size === 0 ? {} : { fixtureDiffered: this.inRunOrder([...this.fixtureContradicted.keys()].map((operation) => ({ operation }))).map(({ operation }) => operation) }),
              ...(realDeleteNotExercised.length === 0 ? {} : { realDeleteNotExercised }),
              ...(realDeleteNotReadBack.length === 0 ? {} : { realDeleteNotReadBack }),
              ...(sequencesNotJudged.length === 0 ? {} : { sequencesNotJudged }),
            }
          : { replayOf: this.settings.replayOf, ...(checksNotJudged.length === 0 ? {} : { checksNotJudged }) }),
      },
      operations,
      failures: this.inRunOrder(this.failures),
      warnings: this.inRunOrder(this.warnings),
      openPointFindings: this.inRunOrder(this.openPoints.build()),
      contractCoverage,
      ...(this.inferredStatuses.size === 0 ? {} : { inferredStatuses: this.inRunOrder([...this.inferredStatuses.values()]) }),
      ...(this.transientAnswers.size === 0 ? {} : { transientAnswers: this.inRunOrder([...this.transientAnswers.values()]) }),
      ...(this.sentAgain.size === 0 ? {} : { sentAgain: this.inRunOrder([...this.sentAgain.values()]) }),
      ...(this.readsSeenLate.size === 0 ? {} : { readsSeenLate: this.inRunOrder([...this.readsSeenLate.values()]) }),
    };
  }

  private checksOf(spec: OperationSpec): Map<string, CheckTally> {
    const operation = spec.operation;
    let checks = this.tallies.get(operation);
    if (checks === undefined) {
      checks = new Map(
        this.settings.checks.map((check) => [check.name, { name: check.name, rule: ruleOf(check, spec), severity: check.severity, passed: 0, failed: 0, warned: 0, skipped: 0 }]),
      );
      this.tallies.set(operation, checks);
    }
    return checks;
  }
}

/**
 * The members of an input at a documented length limit (a member whose length is not fixed), as a finding says them.
 *
 * @example
 * atLengthLimitsOf(spec, { kind: 'input', input: { GranteeId: 'g'.repeat(256) } }); // { atLengthLimits: ['GranteeId: 256 characters, its documented maximum'] }
 */
function atLengthLimitsOf(spec: OperationSpec, body: CaseBody): { atLengthLimits?: readonly string[] } {
  if (body.kind !== 'input') return {};
  const notes: string[] = [];
  for (const [name, value] of Object.entries(body.input)) {
    const range = spec.input[name]?.length;
    if (typeof value !== 'string' || range === undefined || range.min === range.max) continue;
    const length = codePointLength(value);
    const limit = length === range.max ? 'maximum' : length === range.min ? 'minimum' : undefined;
    if (limit !== undefined) notes.push(`${name}: ${length} character${length === 1 ? '' : 's'}, its documented ${limit}`);
  }
  return notes.length === 0 ? {} : { atLengthLimits: notes };
}
