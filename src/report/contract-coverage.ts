import { getOrInsertComputed } from '../get-or-insert-computed.ts';
import type { Case } from '../cases/case.ts';
import type { Expectation } from '../model/outcome.ts';
import type { Observation } from '../observation/observation.ts';
import { errorTypeUnderSuccessStatus } from '../observation/observe-response.ts';
import type { OperationSpec } from '../spec/spec-schema.ts';

/** One part of an operation's contract, and how many exchanges of the run exercised it. */
export interface ContractItem {
  /**
   * `error`: a documented error; `effect`: what a success does (a real delete, one read back, an absent delete, a repeated
   * delete), and that a delete names nothing across organizations (tenant isolation); `sequence`: a kind of state sequence the stateful phase judged step by step.
   */
  readonly kind: 'error' | 'effect' | 'sequence';
  /**
   * The error type, or `realDelete`, `realDeleteReadBack`, `absentDelete`, `repeatedDelete`, `tenantIsolation`, or a {@link StateSequenceKind}.
   * Counted in exchanges, or for a sequence kind in the sequences that showed it.
   */
  readonly name: string;
  readonly description: string;
  /** Exchanges where the oracle allowed it and the target answered it. */
  readonly exchanges: number;
  /** When no exchange exercised it: why, and what to add to the fixture. */
  readonly notExercised: string | undefined;
}

/** The contract coverage of one operation. */
export interface OperationContractCoverage {
  readonly operation: string;
  readonly items: readonly ContractItem[];
}

type Effect = 'realDelete' | 'realDeleteReadBack' | 'absentDelete' | 'repeatedDelete' | 'tenantIsolation';

/**
 * A kind of state sequence the stateful phase judges: a list after a real delete in its scope (`deleteThenList`), a list
 * after a real delete, then a put of the same record (`deleteThenPutThenList`), and the same delete sent twice in a row
 * (`sequenceRepeatedDelete`).
 */
export type StateSequenceKind = 'deleteThenList' | 'deleteThenPutThenList' | 'sequenceRepeatedDelete';

function isSuccess(observation: Observation): boolean {
  return observation.kind === 'response' && observation.status >= 200 && observation.status < 300;
}

function withArticle(noun: string): string {
  return `${/^[aeiou]/i.test(noun) ? 'an' : 'a'} ${noun}`;
}

/** Why a documented error can go unexercised, from the condition the spec gives for it. */
function errorHint(spec: OperationSpec, error: OperationSpec['errors'][number]): string {
  const when = error.when;
  switch (when.condition) {
    case 'notFound':
      return `no case named ${withArticle(when.referent)} that does not exist`;
    case 'badState': {
      const good = spec.referents[when.referent]?.goodStates ?? [];
      return `add ${withArticle(when.referent)} in a state other than ${good.join(' or ')} to the fixture`;
    }
    case 'state':
      return `add ${withArticle(when.referent)} in state ${when.states.join(' or ')} to the fixture`;
    case 'inputInvalid':
    case 'inputWrongType':
      return 'no invalid input was answered with it';
    case 'effectAbsent':
      return 'no case named an absent resource';
    case 'bodyMalformed':
      return 'no body that is not a JSON object was answered with it';
    case 'caseOnlyMatch':
      return `add ${withArticle(when.referent)} whose ${when.field} has letters, so a case can name it in another letter case`;
    case 'keyCaseOnlyMatch':
      return `add a ${spec.resourceKind.name} whose key has letters, so a case can name it in another letter case`;
    case 'namedNotById':
      return `add ${withArticle(when.referent)} in state ${when.states.join(' or ')} with a name or email to the fixture`;
    case 'nameShared':
      return `add ${withArticle(when.referent)} in state ${when.states.join(' or ')} whose name or email another holds to the fixture`;
    case 'lookupOrder':
      return `no case failed the lookups of ${when.members.join(' and ')} at once`;
  }
}

/**
 * Counts, per operation, each documented error and each effect a run exercised: the contract coverage every report shows, so
 * that a verdict says what it rests on.
 *
 * @example
 * const coverage = new ContractCoverage(specs);
 * coverage.count(spec, testCase, expectation, observation);
 * coverage.build()[0]?.items.find((item) => item.name === 'realDelete')?.exchanges; // 3
 */
export class ContractCoverage {
  private readonly errors = new Map<string, Map<string, number>>();
  private readonly effects = new Map<string, Record<Effect, number>>();
  private readonly specs = new Map<string, OperationSpec>();
  /** Per operation, why its effects were not read (the `deleteEffect` check's reason). */
  private readonly effectsNotRead = new Map<string, string>();
  /** Operations whose target, read at the start, differed from the fixture: their real and absent deletes are not counted. */
  private readonly fixtureContradicted = new Set<string>();
  private readonly sequences = new Map<string, Record<StateSequenceKind, number>>();
  /** Per operation, why the stateful phase did not judge it (the `stateSequence` check's reason). */
  private readonly sequencesNotRun = new Map<string, string>();
  /**
   * Per operation and error type: the open points under which a case could have got that error and the target answered
   * otherwise, as another reading allows (a Deleted organization answered OrganizationNotFoundException, not
   * OrganizationStateException): the situation was there, so the hint says so rather than asking for it in the fixture.
   */
  private readonly otherReadings = new Map<string, Map<string, Set<string>>>();
  /** Per operation and error type: how the target answered cases that could get that error, where it broke the contract. */
  private readonly answeredOtherwise = new Map<string, Map<string, Map<string, number>>>();

  /**
   * Records why the stateful phase judged no sequence of an operation in this run, for the hints of its sequence kinds.
   *
   * @example
   * coverage.noteSequencesNotRun(spec, 'the target serves no PutMailboxPermissions (answered 400 UnknownOperationException)');
   */
  noteSequencesNotRun(spec: OperationSpec, reason: string): void {
    this.specs.set(spec.operation, spec);
    this.sequencesNotRun.set(spec.operation, reason);
  }

  /**
   * Counts one sequence that showed a kind of state sequence, every step of it judged.
   *
   * @example
   * coverage.countSequence(spec, 'deleteThenPutThenList');
   */
  countSequence(spec: OperationSpec, kind: StateSequenceKind): void {
    this.specs.set(spec.operation, spec);
    const counts = this.sequences.get(spec.operation) ?? { deleteThenList: 0, deleteThenPutThenList: 0, sequenceRepeatedDelete: 0 };
    counts[kind] += 1;
    this.sequences.set(spec.operation, counts);
  }

  /**
   * Records why no effect of an operation is read in this run, for the hint of `realDeleteReadBack`.
   *
   * @example
   * coverage.noteEffectsNotRead('DeleteMailboxPermissions', 'the target serves no ListMailboxPermissions');
   */
  noteEffectsNotRead(operation: string, reason: string, fixtureContradicted = false): void {
    this.effectsNotRead.set(operation, reason);
    if (fixtureContradicted) this.fixtureContradicted.add(operation);
  }

  /** Per operation, the tenant-isolation cases a live run held back: its guard sends none (see {@link noteTenantIsolationHeldBack}). */
  private readonly tenantIsolationHeldBack = new Map<string, number>();

  /**
   * Counts a tenant-isolation case a live run held back: a server that ignored the OrganizationId would delete, in the other
   * organization, what the case names, so the guard never sends one. The hint then says so, not that the fixture lacks one.
   *
   * @example
   * coverage.noteTenantIsolationHeldBack(spec);
   */
  noteTenantIsolationHeldBack(spec: OperationSpec): void {
    this.specs.set(spec.operation, spec);
    this.tenantIsolationHeldBack.set(spec.operation, (this.tenantIsolationHeldBack.get(spec.operation) ?? 0) + 1);
  }

  /** Per operation and error type: the cases a live run held back that could have got that error. */
  private readonly heldBackErrors = new Map<string, Map<string, number>>();

  /**
   * Counts a case a live run held back (no read shows what it names absent): an error only it could have got is then said
   * to be held back, not missing from the fixture (a Deleted organization's token deletes, whose Lists fail there).
   *
   * @example
   * coverage.noteHeldBack(spec, expectation);
   */
  noteHeldBack(spec: OperationSpec, expectation: Expectation): void {
    this.specs.set(spec.operation, spec);
    const byType = getOrInsertComputed(this.heldBackErrors, spec.operation, () => new Map<string, number>());
    for (const outcome of expectation.outcomes) if (outcome.kind === 'error') byType.set(outcome.type, (byType.get(outcome.type) ?? 0) + 1);
  }

  /** Counts one judged exchange; `effectReadBack` when the state was read after it (the `deleteEffect` check judged it). */
  count(spec: OperationSpec, testCase: Case, expectation: Expectation, observation: Observation, effectReadBack = false, readShowedDelete?: boolean): void {
    this.specs.set(spec.operation, spec);
    if (observation.kind !== 'response') return;
    if (testCase.tenantIsolation === true) this.effectsOf(spec.operation).tenantIsolation += 1;
    // An error sent with a success status is neither a success nor that error: it is counted as answered otherwise.
    const carried = errorTypeUnderSuccessStatus(observation);
    if (expectation.openPoints.length > 0 && carried === undefined) this.noteOtherReadings(spec.operation, expectation, observation);
    if (isSuccess(observation) && carried === undefined) {
      const effects = this.effectsOf(spec.operation);
      if (testCase.phase === 'repeat') effects.repeatedDelete += 1;
      else if (expectation.basis === 'state') {
        let real = false;
        let absent = false;
        for (const outcome of expectation.outcomes) {
          if (outcome.kind !== 'success') continue;
          if (outcome.effect === undefined) absent = true;
          else real = true;
        }
        // Where both are allowed (a resource not known, a key in another letter case), a success proves neither; the read
        // after it does.
        if (real && (!absent || readShowedDelete === true)) {
          effects.realDelete += 1;
          if (effectReadBack) effects.realDeleteReadBack += 1;
        }
        else if (absent && (!real || readShowedDelete === false)) effects.absentDelete += 1;
      }
      return;
    }
    const type = observation.errorType;
    const matched = type === undefined ? undefined : expectation.outcomes.find((outcome) => outcome.kind === 'error' && outcome.type === type);
    if (type === undefined || matched === undefined) {
      // An error the case could get was answered with no readable type, or with another one: say so, not what to add.
      const answered = carried !== undefined ? `with ${carried} under status ${observation.status}` : type === undefined ? 'with no error type the kit could read' : `with ${type}`;
      const byType = getOrInsertComputed(this.answeredOtherwise, spec.operation, () => new Map<string, Map<string, number>>());
      for (const outcome of expectation.outcomes) {
        if (outcome.kind !== 'error') continue;
        const answers = getOrInsertComputed(byType, outcome.type, () => new Map<string, number>());
        answers.set(answered, (answers.get(answered) ?? 0) + 1);
      }
      return;
    }
    const errors = this.errorsOf(spec.operation);
    errors.set(type, (errors.get(type) ?? 0) + 1);
  }

  private noteOtherReadings(operation: string, expectation: Expectation, observation: Observation & { kind: 'response' }): void {
    // Only an answer the expectation allows is another reading; any other is a failure, and shows no reading at all.
    const success = isSuccess(observation);
    if (!expectation.outcomes.some((outcome) => (outcome.kind === 'success' ? success : !success && outcome.type === observation.errorType))) return;
    for (const outcome of expectation.outcomes) {
      if (outcome.kind !== 'error' || outcome.type === observation.errorType) continue;
      const byType = getOrInsertComputed(this.otherReadings, operation, () => new Map<string, Set<string>>());
      const points = getOrInsertComputed(byType, outcome.type, () => new Set<string>());
      for (const point of expectation.openPoints) points.add(point);
    }
  }

  /** Why an error was not exercised: a reading the target took instead where it met the situation, else what the fixture lacks. */
  private errorHint(spec: OperationSpec, error: OperationSpec['errors'][number]): string {
    const points = this.otherReadings.get(spec.operation)?.get(error.type);
    const otherwise = this.answeredOtherwise.get(spec.operation)?.get(error.type);
    const broken = otherwise === undefined ? undefined : [...otherwise].sort((a, b) => b[1] - a[1]).map(([answer, count]) => `${answer} (${count}x)`).join(', ');
    const heldBack = this.heldBackErrors.get(spec.operation)?.get(error.type);
    if (points === undefined && broken === undefined && heldBack !== undefined) {
      return `a live run held back the ${heldBack} case(s) that could get it: no read showed what they name absent (check it against a mock or a stand-in)`;
    }
    if (points === undefined && broken === undefined) return errorHint(spec, error);
    const allowed = points === undefined ? undefined : `as another reading allows (open point ${[...points].join(', ')})`;
    return `where a case could get it, the target answered ${[allowed, broken === undefined ? undefined : `${broken}: see the failures`].filter((part) => part !== undefined).join(', or ')}`;
  }

  /**
   * The coverage of every operation counted, each documented error and effect in spec order.
   *
   * In a run that stopped before its end, each item not exercised says so first: what it asks of the fixture may be there.
   * In a replay of one case (`replayOf`, its path), each says that instead of what to add.
   *
   * @example
   * coverage.build().map((operation) => operation.operation); // ['DeletePersonalAccessToken', 'DeleteMailboxPermissions']
   */
  build(stoppedEarly = false, replayOf?: string): OperationContractCoverage[] {
    return [...this.specs.values()].map((spec) => {
      const errors = this.errorsOf(spec.operation);
      const effects = this.effectsOf(spec.operation);
      const resource = spec.effect.resource;
      const organizationStates = spec.referents.organization?.goodStates.join(' or ') ?? 'usable';
      // What the operation looks up besides the organization must be usable too (an organization of DISABLED users is not).
      const others = Object.entries(spec.referents).flatMap(([kind, referent]) => (kind === 'organization' || referent === undefined ? [] : [`${kind === 'entity' ? 'entities' : kind} in state ${referent.goodStates.join(' or ')}`]));
      const usableOrganization = `an organization whose state is ${organizationStates}${others.length === 0 ? '' : `, with ${others.join(' and ')}`}`;
      // Where the target, read, differs from the fixture, what the model calls existing or absent rests on nothing seen.
      const contradicted = this.fixtureContradicted.has(spec.operation) ? `${this.effectsNotRead.get(spec.operation) ?? 'the target differs from the fixture'}: no success is known to have found what the fixture says` : undefined;
      const item = (kind: ContractItem['kind'], name: string, description: string, exchanges: number, hint: string): ContractItem => ({
        kind,
        name,
        description,
        exchanges,
        notExercised:
          exchanges > 0 ? undefined
          : replayOf !== undefined ? `a replay sends one case (${replayOf}), and that one did not exercise it`
          : stoppedEarly ? `the run stopped before its end, which may be why; else ${hint}`
          : hint,
      });
      return {
        operation: spec.operation,
        items: [
          ...spec.errors.map((error) => item('error', error.type, `${error.status} ${error.type}`, errors.get(error.type) ?? 0, this.errorHint(spec, error))),
          item('effect', 'realDelete', `a success that deletes an existing ${resource}`, contradicted === undefined ? effects.realDelete : 0, contradicted ?? `add ${withArticle(resource)} (${Object.keys(spec.effect.keys).join(', ')}) in ${usableOrganization}, to the fixture (a live run needs --allow-destructive --allow-org too)`),
          item(
            'effect',
            'realDeleteReadBack',
            `a real delete whose effect ${spec.resourceKind.list?.operation ?? 'a List operation'} read back (deleteEffect)`,
            effects.realDeleteReadBack,
            this.effectsNotRead.get(spec.operation) ?? (effects.realDelete === 0 ? 'needs a real delete first' : 'no real delete was read back'),
          ),
          item('effect', 'absentDelete', `a success on ${withArticle(resource)} that is absent`, contradicted === undefined ? effects.absentDelete : 0, contradicted ?? `add ${usableOrganization}, to the fixture`),
          item('effect', 'repeatedDelete', 'the same successful delete sent again', effects.repeatedDelete, 'needs a successful delete first'),
          ...(spec.referents.organization === undefined
            ? []
            : [
                item(
                  'effect',
                  'tenantIsolation',
                  `a case naming, in one organization, ${withArticle(resource)} only another holds`,
                  effects.tenantIsolation,
                  this.tenantIsolationHeldBack.has(spec.operation)
                    ? `a live run holds such cases back (${this.tenantIsolationHeldBack.get(spec.operation)} here): a server that ignored the OrganizationId would delete, in the other organization, what they name; check tenant isolation against a mock or a stand-in`
                    : `add a second organization whose state is ${organizationStates}, holding ${withArticle(resource)}, to the fixture: with one, no case can show that a delete stays in its organization`,
                ),
              ]),
          ...this.sequenceItems(spec, item),
        ],
      };
    });
  }

  private sequenceItems(spec: OperationSpec, item: (kind: ContractItem['kind'], name: string, description: string, exchanges: number, hint: string) => ContractItem): ContractItem[] {
    const counts = this.sequences.get(spec.operation) ?? { deleteThenList: 0, deleteThenPutThenList: 0, sequenceRepeatedDelete: 0 };
    const notRun = this.sequencesNotRun.get(spec.operation);
    const list = spec.resourceKind.list?.operation ?? 'a List operation';
    const resource = spec.effect.resource;
    const hint = (otherwise: string) => notRun ?? otherwise;
    const put = spec.resourceKind.put?.operation;
    // A kind no operation puts back stays deleted on a target the run cannot reset: the earlier phases' real deletes (each
    // read back) take every one the fixture lists, whatever their number, before the first sequence.
    const noneHeld =
      put === undefined
        ? `no sequence deleted ${withArticle(resource)} the target held: nothing puts ${withArticle(resource)} back, so on a target the run cannot reset (any but the embedded mock, or a runConformance without resetTarget) the earlier phases' real deletes, each read back (realDeleteReadBack), leave none for a sequence; on one it can, add one to the fixture or raise --state-sequences`
        : `no sequence deleted ${withArticle(resource)} the target held: add one to the fixture, or raise --state-sequences`;
    const items = [item('sequence', 'deleteThenList', `a sequence: ${spec.operation} deleted ${withArticle(resource)}, then ${list} was judged`, counts.deleteThenList, hint(noneHeld))];
    if (put !== undefined) {
      items.push(
        item('sequence', 'deleteThenPutThenList', `a sequence: ${spec.operation} deleted ${withArticle(resource)}, ${put} put it again, then ${list} was judged`, counts.deleteThenPutThenList, hint(`no sequence deleted ${withArticle(resource)} the target held: add one to the fixture, or raise --state-sequences`)),
      );
    }
    if (spec.output.idempotent) items.push(item('sequence', 'sequenceRepeatedDelete', `a sequence: the same ${spec.operation} sent twice in a row, both judged`, counts.sequenceRepeatedDelete, hint('raise --state-sequences')));
    return items;
  }

  private errorsOf(operation: string): Map<string, number> {
    let errors = this.errors.get(operation);
    if (errors === undefined) {
      errors = new Map();
      this.errors.set(operation, errors);
    }
    return errors;
  }

  private effectsOf(operation: string): Record<Effect, number> {
    let effects = this.effects.get(operation);
    if (effects === undefined) {
      effects = { realDelete: 0, realDeleteReadBack: 0, absentDelete: 0, repeatedDelete: 0, tenantIsolation: 0 };
      this.effects.set(operation, effects);
    }
    return effects;
  }
}
