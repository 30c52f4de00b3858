import { sameEffect, type Expectation, type ResourceEffect } from '../model/outcome.ts';
import type { EffectComparison } from '../checks/check.ts';
import { transientAnswerType, type ErrorCatalog } from '../checks/error-catalog.ts';
import type { Fixture } from '../fixture/fixture-schema.ts';
import { listedInFull } from '../fixture/organization-facts.ts';
import { getOrInsertComputed } from '../get-or-insert-computed.ts';
import { WorkMailState } from '../fixture/workmail-state.ts';
import { readUntilSettled, type ReadsAgain } from '../observation/read-until-settled.ts';
import type { SupportingOperationSpec } from '../mock/supporting-spec-schema.ts';
import { describeObservation, excerpt } from '../observation/describe-observation.ts';
import { isSuccessAnswer, type Observation } from '../observation/observation.ts';
import { responseBodyObject } from '../observation/observe-response.ts';
import type { OperationSpec, ResourceListSpec } from '../spec/spec-schema.ts';
import type { SendOptions, Target } from '../target/target.ts';
import { buildAwsJsonRequest } from '../wire/aws-json.ts';

/** One List request of a resource kind: an organization, the input that lists one part of it, and the record fields it fixes. */
export interface ListScope {
  readonly organizationId: string;
  readonly input: Readonly<Record<string, string>>;
  /** Record fields the input fixes (e.g. `entityId` for one mailbox), added to every item read. */
  readonly fixedFields: Readonly<Record<string, string>>;
  /** How reports name this part, e.g. `ListMailboxPermissions of 3f2a… in m-0f1e…`. */
  readonly label: string;
}

/** The records one List scope gave, as objects. */
export interface ScopeRecords {
  readonly organizationId: string;
  /** The record fields the scope fixes (e.g. `entityId`): a record is in the scope when it has these values. */
  readonly fixedFields: Readonly<Record<string, string>>;
  readonly records: readonly Readonly<Record<string, unknown>>[];
  /** The same records as canonical JSON of the fields the reader keeps (see {@link canonicalRecord}), sorted. */
  readonly canonicalRecords: readonly string[];
}

/**
 * What one read of a scope gave: its records as canonical JSON, and every string a record holds (lower-cased), to find the
 * records a case refers to (left empty by a read that only gives records: {@link EffectReader.readRecords}).
 */
interface ScopeRead {
  readonly records: readonly string[];
  readonly values: ReadonlySet<string>;
}

/** The records of a kind as read, scope by scope. */
type Snapshot = ReadonlyMap<ListScope, ScopeRead>;

/** An entity of the fixture as a case can name it: its ID, and every identifier (ID, name, email) lower-cased. */
interface NameableEntity {
  readonly id: string;
  readonly identifiers: readonly string[];
}

/** What a List request gave instead of a list: an answer (an error, a body without the items), or none (a timeout, a lost connection). */
export interface NotAList {
  readonly observed: string;
  readonly answered: boolean;
  /** The answer that was no list, where the target answered. */
  readonly observation: Observation | undefined;
  /** A list that cannot be what the target holds (a record listed twice, as a List whose pages overlap gives it). */
  readonly unreliable?: true;
}

/** What a read of some scopes gave: their records, or the first scope, in order, that did not answer with a list. */
type ReadResult = { readonly kind: 'read'; readonly snapshot: Snapshot } | ({ readonly kind: 'failed'; readonly scope: ListScope } & NotAList);

/**
 * Why a supporting operation's refusal at the start leaves a check undone: that the target serves no such operation where
 * its answer says so (UnknownOperationException, 404, 405 or 501, or no awsJson error), else that it refused the request,
 * which it may read otherwise than the kit sends it (a body it did not parse: `OrganizationId is required`).
 *
 * @example
 * refusedAtStart('ListMailboxPermissions', observation, '400 InvalidParameterException', "the start's read of what the target holds");
 * // "ListMailboxPermissions refused the start's read of what the target holds (answered 400 InvalidParameterException: \"…\")"
 */
export function refusedAtStart(operation: string, observation: Observation | undefined, observed: string, request: string): string {
  const unserved =
    observation?.kind !== 'response' || observation.errorType === undefined || observation.errorType === 'UnknownOperationException' || [404, 405, 501].includes(observation.status);
  if (unserved) return `the target serves no ${operation} (answered ${observed})`;
  // The target's own words say what it did not take: the body's member it missed, a value it refused.
  const message = observation.message === undefined || observation.message === '' ? '' : `: ${JSON.stringify(excerpt(observation.message))}`;
  return `${operation} refused ${request} (answered ${observed}${message})`;
}

/** Pages followed at most per scope, so that a target that always answers with a token cannot hold the run. */
const maxPages = 50;

/**
 * After a case, only the scopes it could have changed are read (see {@link EffectReader.compare}); every this many reads,
 * every scope is read, so that a delete that changed a part the case does not refer to is still seen. A fixture with more
 * scopes than this reads them all once per as many reads as it has scopes: a full read then costs no more requests, over
 * the run, than the reads after each case (an organization of 600 mailboxes made every case cost 79 List requests).
 */
export const fullReadInterval = 8;


function canonicalValue(value: unknown): unknown {
  // The order of a list's values never counts (`PermissionValues`), nor the order of an object's keys.
  if (Array.isArray(value)) return value.map((item) => JSON.stringify(canonicalValue(item))).sort().map((item) => JSON.parse(item) as unknown);
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).sort(([left], [right]) => (left < right ? -1 : left > right ? 1 : 0));
    return Object.fromEntries(entries.map(([key, item]) => [key, canonicalValue(item)]));
  }
  return value;
}

/**
 * A record as canonical JSON of some of its fields: keys sorted, list values in a fixed order (their order never counts).
 *
 * @example
 * canonicalRecord({ granteeId: 'g', permissionValues: ['SEND_AS', 'FULL_ACCESS'] }, ['granteeId', 'permissionValues']); // '{"granteeId":"g","permissionValues":["FULL_ACCESS","SEND_AS"]}'
 */
export function canonicalRecord(record: Readonly<Record<string, unknown>>, fields: readonly string[]): string {
  return canonicalRecordOfSorted(record, [...fields].sort());
}

/** {@link canonicalRecord} with the fields already sorted (a read of many records sorts them once). */
function canonicalRecordOfSorted(record: Readonly<Record<string, unknown>>, sorted: readonly string[]): string {
  const parts: string[] = [];
  for (const [index, field] of sorted.entries()) {
    const value = record[field];
    if (value === undefined || field === sorted[index - 1]) continue;
    const json = flatJson(value);
    // Anything but text, a number, a flag or a list of texts, or a field name an object treats apart, takes the general way.
    if (json === undefined || arrayIndexLike.test(field) || field === '__proto__') return canonicalRecordOf(record, sorted);
    parts.push(`${JSON.stringify(field)}:${json}`);
  }
  return `{${parts.join(',')}}`;
}

/** Field names an object lists before the others, in numeric order, whatever order they were set in. */
const arrayIndexLike = /^(?:0|[1-9][0-9]*)$/;

/** The canonical JSON of a string, number, boolean, null or list of strings (sorted, as {@link canonicalValue} sorts it); `undefined` for anything else. */
function flatJson(value: unknown): string | undefined {
  if (value === null || typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return JSON.stringify(value);
  if (!Array.isArray(value)) return undefined;
  const items: string[] = [];
  for (let index = 0; index < value.length; index += 1) {
    const item: unknown = value[index];
    if (typeof item !== 'string') return undefined;
    items.push(JSON.stringify(item));
  }
  return `[${items.sort().join(',')}]`;
}

function canonicalRecordOf(record: Readonly<Record<string, unknown>>, sortedFields: readonly string[]): string {
  const picked: Record<string, unknown> = {};
  for (const field of sortedFields) if (record[field] !== undefined) picked[field] = record[field];
  return JSON.stringify(canonicalValue(picked));
}

/** Whether a List scope holds the record an effect removes: the same organization, and the fields the scope fixes. */
function covers(scope: ListScope, effect: ResourceEffect): boolean {
  return scope.organizationId === effect.organizationId && Object.entries(scope.fixedFields).every(([field, value]) => effect.keys[field] === value);
}

/** Multiset difference: what `left` holds that `right` does not, each record as often as it is in excess. */
function without(left: readonly string[], right: readonly string[]): string[] {
  const counts = new Map<string, number>();
  for (const record of right) counts.set(record, (counts.get(record) ?? 0) + 1);
  const excess: string[] = [];
  for (const record of left) {
    const count = counts.get(record) ?? 0;
    if (count > 0) counts.set(record, count - 1);
    else excess.push(record);
  }
  return excess;
}

/** Whether a read still lists a record one of `effects` removes. */
function listsAnyOf(snapshot: Snapshot, effects: readonly ResourceEffect[]): boolean {
  for (const [scope, read] of snapshot) {
    for (const effect of effects) {
      if (effect.organizationId === scope.organizationId && read.records.some((record) => matchesKeys(record, effect.keys))) return true;
    }
  }
  return false;
}

function matchesKeys(record: string, keys: Readonly<Record<string, string>>): boolean {
  const parsed = JSON.parse(record) as Record<string, unknown>;
  return Object.entries(keys).every(([field, value]) => parsed[field] === value);
}

function organizationMemberOf(spec: OperationSpec): string | undefined {
  return Object.entries(spec.input).find(([, member]) => member.refersTo === 'organization')?.[0];
}

/** Why a run reads no effects of an operation, or the reader that does. */
export type EffectReaderSetup =
  | { readonly kind: 'reader'; readonly reader: EffectReader }
  /** `fixtureContradicted` where the target was read and differs from the fixture: what the model calls existing is not. */
  | { readonly kind: 'notChecked'; readonly reason: string; readonly fixtureContradicted?: true };

/** What {@link EffectReader.setUp} needs: the target, what it holds, the supporting specs, and the per-request timeout. */
export interface EffectReaderOptions {
  readonly spec: OperationSpec;
  readonly target: Target;
  readonly fixture: Fixture | undefined;
  readonly supportingSpecs: readonly SupportingOperationSpec[];
  readonly sendOptions: SendOptions;
  /** The operation's error catalogue: a List answer that only asks to try again is no read. */
  readonly errors: ErrorCatalog;
  /**
   * Whether the records read must be those the fixture lists (true by default); false where what the target holds now is read
   * as the start (the stateful phase, after phases that deleted).
   */
  readonly compareWithFixture?: boolean;
  /** Reads a difference again before it counts (a read may lag behind the delete); read once when absent. */
  readonly readsAgain?: ReadsAgain;
}

/** The records of each organization among `scopes` as `snapshot` holds them, merged and sorted: how reports name them. */
function byOrganization(scopes: Iterable<ListScope>, snapshot: Snapshot): Map<string, string[]> {
  const merged = new Map<string, string[]>();
  for (const scope of scopes) {
    const records = merged.get(scope.organizationId) ?? [];
    records.push(...(snapshot.get(scope)?.records ?? []));
    merged.set(scope.organizationId, records);
  }
  for (const records of merged.values()) records.sort();
  return merged;
}

/**
 * Reads the records of an operation's resource kind through the target, with the List operation its spec declares
 * (`resourceKind.list`), and compares what a delete did with what the model says it should have done.
 *
 * @example
 * const setup = await EffectReader.setUp({ spec, target, fixture: demoFixture, supportingSpecs, sendOptions: { timeoutMs: 10_000 } });
 * if (setup.kind === 'reader' && setup.reader.applies(expectation, input)) await setup.reader.compare(expectation, observation, input);
 */
export class EffectReader {
  /** The records each scope held at its last read: what the next delete is compared against. */
  private last: Map<ListScope, ScopeRead> = new Map();
  /**
   * The parts that may have changed since their last read without a read showing it (those a case that timed out or a
   * success that proves neither delete could change; every part after a read that failed): the next read reads them and
   * only starts again, as comparing with `last` would blame its case for an earlier one.
   */
  private stale: Set<ListScope> | 'every' | undefined;
  /**
   * What the deletes left unjudged since the last read may have removed (the model's effect of each): a fresh read that
   * still lists one is read again within the window, since it may lag behind that delete.
   */
  private unjudgedEffects: ResourceEffect[] = [];
  /** The organizations read: a case naming another one is not read after. */
  private readonly organizations: ReadonlySet<string>;
  /** Reads since every scope was last read after a case; `undefined` before the first, which reads every scope (a replay of one case makes only that read). */
  private readsSinceFullRead: number | undefined;
  /** Each identifier (lower-cased) an entity can be named by, with the IDs (lower-cased) of the entities it names: made on first use. */
  private entityIdsByIdentifier: Map<string, string[]> | undefined;
  /** Each scope's fixed values, lower-cased: made on first use. */
  private readonly fixedValuesOf = new Map<ListScope, readonly string[]>();

  private constructor(
    private readonly spec: OperationSpec,
    private readonly list: ResourceListSpec,
    private readonly listSpec: SupportingOperationSpec,
    private readonly target: Target,
    private readonly sendOptions: SendOptions,
    private readonly errors: ErrorCatalog,
    private readonly scopes: readonly ListScope[],
    private readonly fields: readonly string[],
    private readonly organizationMember: string,
    /** Every entity of the read organizations, as an input can name it. */
    private readonly entities: readonly NameableEntity[],
    private readonly readsAgain: ReadsAgain | undefined,
  ) {
    this.organizations = new Set(scopes.map((scope) => scope.organizationId));
  }

  /**
   * Probes the target once: lists every part of the kind in each usable organization of the fixture and compares the
   * result with the fixture. A target that does not serve the List operation, or that holds other records than the fixture
   * says, gets a reason why effects are not checked, never a failure.
   *
   * @example
   * const setup = await EffectReader.setUp(options);
   * setup.kind === 'notChecked' && setup.reason; // 'the target serves no ListMailboxPermissions (answered 400 UnknownOperationException)'
   */
  static async setUp(options: EffectReaderOptions): Promise<EffectReaderSetup> {
    const { spec, fixture } = options;
    const list = spec.resourceKind.list;
    const kind = spec.resourceKind.name;
    if (list === undefined) return { kind: 'notChecked', reason: `the spec of ${spec.operation} declares no List operation for ${kind} (resourceKind.list)` };
    if (fixture === undefined) return { kind: 'notChecked', reason: 'no fixture: what the target holds is not known' };
    const listSpec = options.supportingSpecs.find((candidate) => candidate.operation === list.operation);
    if (listSpec === undefined) return { kind: 'notChecked', reason: `no supporting spec describes ${list.operation}` };
    const organizationMember = organizationMemberOf(spec);
    if (organizationMember === undefined) return { kind: 'notChecked', reason: `${spec.operation} has no member that names an organization` };
    const fixedFields = Object.values(list.input).filter((source) => source !== 'organizationId');
    for (const field of fixedFields) {
      const member = spec.effect.keys[field] as string;
      if (spec.input[member]?.refersTo !== 'entity') return { kind: 'notChecked', reason: `${list.operation} needs ${field} for each list, and only entity fields can be listed one by one` };
    }
    const goodStates = spec.referents.organization?.goodStates;
    // Organizations read only in part (a live read's `listed`) are left out: absence there proves nothing.
    const inGoodState = fixture.organizations.filter((organization) => goodStates === undefined || goodStates.includes(organization.state));
    const organizations = inGoodState.filter(listedInFull);
    if (organizations.length === 0) {
      const states = goodStates?.join(' or ') ?? 'any';
      return inGoodState.length === 0
        ? { kind: 'notChecked', reason: `the fixture has no organization in state ${states} to read ${kind} records in` }
        : { kind: 'notChecked', reason: `the fixture's organizations in state ${states} were read only in part (their \`listed\` says what a read could not list): absence there proves nothing` };
    }
    const scopes: ListScope[] = [];
    if (fixedFields.length > 0 && organizations.every((organization) => organization.entities.length === 0)) {
      return { kind: 'notChecked', reason: `the fixture's organizations in state ${goodStates?.join(' or ') ?? 'any'} have no entity, and ${list.operation} lists ${kind} records per entity` };
    }
    for (const organization of organizations) {
      const entityIds = fixedFields.length === 0 ? [undefined] : organization.entities.map((entity) => entity.id);
      for (const entityId of entityIds) {
        const input: Record<string, string> = {};
        const fixed: Record<string, string> = {};
        for (const [member, source] of Object.entries(list.input)) {
          const value = source === 'organizationId' ? organization.id : (entityId as string);
          input[member] = value;
          if (source !== 'organizationId') fixed[source] = value;
        }
        const label = `${list.operation} ${entityId === undefined ? '' : `of ${entityId} `}in ${organization.id}`;
        scopes.push({ organizationId: organization.id, input, fixedFields: fixed, label });
      }
    }
    const entities = organizations.flatMap((organization) =>
      organization.entities.map((entity) => ({ id: entity.id, identifiers: [entity.id, entity.name, entity.email].flatMap((identifier) => (identifier === undefined ? [] : [identifier.toLowerCase()])) })),
    );
    const fields = [...new Set([...fixedFields, ...Object.keys(list.itemFields)])];
    const probe = new EffectReader(spec, list, listSpec, options.target, options.sendOptions, options.errors, [], fields, organizationMember, entities, undefined);
    // A start read that got no answer (a throttle, a 503) only asked to try again: it is read again within the window (not
    // through the run's ReadsAgain: a throttle that passes is no read that lags). One that waited out the whole timeout is
    // not: against a target that hangs, each read again would cost another timeout.
    const pastNoAnswer = async <T,>(read: () => Promise<T>, noAnswer: (result: T) => boolean): Promise<T> => {
      const first = await read();
      if (!noAnswer(first) || options.readsAgain === undefined) return first;
      return (await readUntilSettled(first, read, (again) => (noAnswer(again) ? 'readAgain' : 'settled'), options.readsAgain.window)).read;
    };
    // Each part is probed alone (all at once): a part the target refuses to list (a DELETED entity's mailbox) is left out, not failed.
    const probed = await Promise.all(scopes.map((scope) => pastNoAnswer(() => probe.readScope(scope), (items) => !('records' in items) && !items.answered && !waitedOut(items))));
    const readable: ListScope[] = [];
    let refusal: NotAList | undefined;
    for (const [index, scope] of scopes.entries()) {
      const items = probed[index] as ScopeRead | NotAList;
      if ('records' in items) readable.push(scope);
      else if (items.unreliable === true) return { kind: 'notChecked', reason: `${scope.label} ${items.observed}: a List that does cannot show what a delete did` };
      else refusal ??= items;
    }
    if (readable.length === 0) {
      // A success whose list cannot be read is served, but not as the kit reads it; anything else is no List served.
      const served = refusal?.observation !== undefined && isSuccessAnswer(refusal.observation);
      // No answer (a timeout, a dropped connection) says nothing of whether the target serves it.
      const reason = served
        ? `the target's ${list.operation} answers give no list of records to compare (${refusal?.observed})`
        : refusal !== undefined && !refusal.answered
          ? `${list.operation} gave no answer when the start read what the target holds (${refusal.observed}), so what a delete did could not be compared`
          : refusedAtStart(list.operation, refusal?.observation, refusal?.observed ?? 'nothing', 'the start\'s read of what the target holds');
      return { kind: 'notChecked', reason };
    }
    const reader = new EffectReader(spec, list, listSpec, options.target, options.sendOptions, options.errors, readable, fields, organizationMember, entities, options.readsAgain);
    const read = await pastNoAnswer(() => reader.read(readable), (result) => result.kind === 'failed' && !result.answered);
    if (read.kind === 'failed') return { kind: 'notChecked', reason: `${read.scope.label} answered ${read.observed} when read a second time` };
    // Where what the target holds now is the start (compareWithFixture: false), there is nothing to compare it with.
    if (options.compareWithFixture !== false) {
      const expected = reader.fixtureRecords(fixture);
      for (const [organizationId, records] of byOrganization(readable, read.snapshot)) {
        const extra = without(records, expected.get(organizationId) ?? []);
        const missing = without(expected.get(organizationId) ?? [], records);
        if (extra.length + missing.length > 0) {
          // Some listed and some missing is also how a List reads that gives one page and no NextToken (trialAA #5).
          const paged = extra.length === 0 && records.length > 0 ? `; it listed ${records.length} of the fixture's ${records.length + missing.length}: a List that stops after a page without a NextToken reads so too` : '';
          const first = extra.length > 0 ? `it holds ${extra[0]}, which the fixture does not list` : `it lacks ${missing[0]}, which the fixture lists${paged}`;
          return { kind: 'notChecked', reason: `at the start the target's ${kind} records in ${organizationId} differ from the fixture (${first})`, fixtureContradicted: true };
        }
      }
    }
    reader.last = new Map(read.snapshot);
    return { kind: 'reader', reader };
  }

  /**
   * Whether a case's effect is read: valid input (its expectation rests on state), or a near miss of a record (`nearMiss`,
   * valid or not), naming an organization that is read.
   *
   * @example
   * reader.applies(expectation, { OrganizationId: demoIds.organizationId, EntityId: 'alice', GranteeId: 'sales' }); // true
   */
  applies(expectation: Expectation, input: Readonly<Record<string, unknown>> | undefined, nearMiss = false): boolean {
    if ((expectation.basis !== 'state' && !(nearMiss && expectation.basis === 'validation')) || input === undefined) return false;
    const organizationId = input[this.organizationMember];
    // A near miss may pad the organization's ID: a target that trims it finds the organization.
    return typeof organizationId === 'string' && this.organizations.has(nearMiss ? organizationId.trim() : organizationId);
  }

  /**
   * Reads again the parts a case could have changed and compares them with their last read: after a success the model says
   * deletes a record, exactly that record is gone; after anything else, nothing changed. `undefined` when the answer or the
   * read tells nothing.
   *
   * The parts read are those of the organization the case names when the kind is listed per organization; the parts of
   * every entity its input could name (by ID, name or email, in any letter case, trimmed or not, in any read organization);
   * every part holding a record that refers to one of those (a mirror permission, another organization's record of the
   * same key); and the part of the record the model deletes. At the first read and every {@link fullReadInterval} reads, every part is
   * read, and a change in a part the case does not refer to is reported with the reads it may come from.
   *
   * @example
   * const comparison = await reader.compare(expectation, observation, input);
   * comparison?.differences; // [] when the delete did exactly what the model says
   */
  async compare(expectation: Expectation, observation: Observation, input: Readonly<Record<string, unknown>> | undefined, after?: string): Promise<EffectComparison | undefined> {
    const kind = this.spec.resourceKind.name;
    const successes = expectation.outcomes.filter((outcome) => outcome.kind === 'success');
    const effects = successes.filter((outcome) => outcome.effect !== undefined);
    const modelEffect = effects[0]?.kind === 'success' ? effects[0].effect : undefined;
    const referredTo = () => (input === undefined ? 'every' : this.scopesReferredToBy(input, modelEffect));
    // A timeout or a lost connection may or may not have deleted: nothing to compare with, and nothing for the next case either.
    if (observation.kind !== 'response') {
      this.markStale(referredTo(), effects.length === successes.length ? modelEffect : undefined);
      return undefined;
    }
    let effect: ResourceEffect | undefined;
    let expected: string;
    // A success the model allows both to delete a record and to delete nothing (a name that finds a deleted entity under
    // one reading and the enabled one under another): the read tells which it did, and the run's model follows it.
    let mayKeep: ResourceEffect | undefined;
    if (isSuccessAnswer(observation)) {
      if (effects.length > 0 && effects.length < successes.length) {
        // Told apart only by a read of the record's part; a success that may delete one of several records proves nothing.
        const oneRecord = effects.every((outcome) => outcome.kind === 'success' && sameEffect(outcome.effect, modelEffect));
        if (!oneRecord || modelEffect === undefined || !this.scopes.some((scope) => covers(scope, modelEffect))) {
          this.markStale(referredTo(), undefined);
          return undefined;
        }
        mayKeep = modelEffect;
      }
      effect = modelEffect;
      expected =
        successes.length === 0
          ? 'nothing changed (the model expects an error here, and an error deletes nothing)'
          : modelEffect === undefined
          ? `nothing changed (the ${kind} it names is absent)`
          : mayKeep !== undefined
          ? `either exactly the ${kind} ${JSON.stringify(modelEffect.keys)} gone from ${modelEffect.organizationId} or nothing changed (the readings of the documentation's open points allow both), nothing else changed`
          : `exactly the ${kind} ${JSON.stringify(modelEffect.keys)} gone from ${modelEffect.organizationId}, nothing else changed`;
    } else {
      expected = `nothing changed (an error answer deletes nothing)`;
    }
    const stale = this.stale;
    if (stale !== undefined) {
      // Start again from a read of what may have changed unseen: that change belongs to no case. Where reads have been seen
      // to lag, the window is waited out first: a read made at once could show a state older than the deletes before it,
      // and the next case would be blamed for what they did.
      await this.readsAgain?.waitOutLag();
      const scopesRead = stale === 'every' ? this.scopes : [...stale];
      let fresh = await this.read(scopesRead, true, after);
      // Before any read was seen to lag, a read at once may still list what an unjudged delete removed: read again within
      // the window until it no longer does (a delete that did not happen outlasts it, and is left unjudged as it was).
      const unjudged = this.unjudgedEffects;
      if (fresh.kind === 'read' && unjudged.length > 0 && this.readsAgain !== undefined && listsAnyOf(fresh.snapshot, unjudged)) {
        const caughtUp = await this.readsAgain.catchUp<ReadResult>(fresh, () => this.read(scopesRead, true, after), (again) =>
          again.kind === 'failed' ? afterNoRecords(again) : listsAnyOf(again.snapshot, unjudged) ? 'readAgain' : 'settled',
        );
        fresh = caughtUp.read;
      }
      if (fresh.kind === 'read') {
        this.stale = undefined;
        this.unjudgedEffects = [];
        if (stale === 'every') this.readsSinceFullRead = 0;
        for (const [scope, records] of fresh.snapshot) this.last.set(scope, records);
      }
      return undefined;
    }
    const since = (this.readsSinceFullRead ?? 0) + 1;
    const referred = input === undefined ? new Set(this.scopes) : this.scopesReferredToBy(input, modelEffect);
    const full = this.readsSinceFullRead === undefined || since >= Math.max(fullReadInterval, this.scopes.length) || referred.size === this.scopes.length;
    const scopesRead = full ? this.scopes : [...referred];
    let read = await this.read(scopesRead, true, after);
    // A read that got no answer (a throttle) is sent again at once, twice at the most: left unjudged, the case would leave the
    // next one to start from a fresh read, which may lag behind this case's delete and blame the next case for it.
    for (let attempt = 0; attempt < 2 && read.kind === 'failed' && !read.answered; attempt += 1) read = await this.read(scopesRead, true, after);
    if (read.kind === 'failed' && read.unreliable === true && this.readsAgain !== undefined) {
      // A listing no state can be (a record twice: pages read from states a moment apart, as replicas that lag give them) is
      // read again within the window, as a read that lags is. No answer (a throttle) leaves the case unjudged: reading again
      // after each would make a run against a throttling mock many times slower.
      const settled = await this.readsAgain.settle<ReadResult>(read, () => this.read(scopesRead, true, after), (again) => (again.kind === 'read' ? 'settled' : afterNoRecords(again)));
      if (settled !== undefined) read = settled.read;
    }
    if (read.kind === 'failed') {
      this.markStale('every', mayKeep === undefined ? effect : undefined);
      // No answer (a timeout, a throttle) proves nothing, nor does a List that never gave a listing one state can be (the
      // List is no operation under test); an answer that is no list, where the start read one, is the target's.
      if (!read.answered || read.unreliable === true) return undefined;
      // Unless the part should now hold nothing: a List that refuses an empty mailbox (a mock that drops a mailbox's entry
      // with its last permission) tells nothing of what the delete did, and List is no operation under test.
      const before = this.last.get(read.scope)?.records ?? [];
      const left = effect === undefined || effect.organizationId !== read.scope.organizationId ? before : before.filter((record) => !matchesKeys(record, effect.keys));
      if (left.length === 0) return undefined;
      return { expected, differences: [`${read.scope.label} answered ${read.observed} (it answered a list at the start, and the part still holds ${left.length} record(s))`] };
    }
    // Where the record may stay, each read is compared with what it shows: the record gone, or nothing deleted.
    const effectShownBy = (snapshot: Snapshot): ResourceEffect | undefined => (mayKeep !== undefined && listsAnyOf(snapshot, [mayKeep]) ? undefined : effect);
    const differencesIn = (snapshot: Snapshot): string[] => {
      const effect = effectShownBy(snapshot);
      const differences = this.differences([...referred], snapshot, effect, '');
      if (full) {
        const others = this.scopes.filter((scope) => !referred.has(scope));
        const note = since === 1 ? '' : ` (found by the full read made every ${Math.max(fullReadInterval, this.scopes.length)} reads: made by this case or by one of the ${since - 1} cases read before it)`;
        differences.push(...this.differences(others, snapshot, effect, note));
      }
      return differences;
    };
    let differences = differencesIn(read.snapshot);
    let seenLateAfterMs: number | undefined;
    if (differences.length > 0 && this.readsAgain !== undefined) {
      // A read may lag behind the delete (a service that is eventually consistent): what outlasts the window counts.
      const settled = await this.readsAgain.settle<ReadResult>(read, () => this.read(scopesRead, true, after), (again) =>
        again.kind === 'failed' ? afterNoRecords(again) : differencesIn(again.snapshot).length === 0 ? 'settled' : 'readAgain',
      );
      if (settled === undefined) differences.push(this.readsAgain.whyNotReadAgain() ?? 'read once');
      else if (settled.read.kind === 'failed' && tellsNothing(settled.read)) {
        // The window ended on a listing no state can be, or on no answer: the difference is neither confirmed nor gone.
        this.markStale('every', effect);
        return undefined;
      } else if (settled.read.kind === 'read' && settled.outcome !== 'stopped') {
        read = settled.read;
        if (settled.outcome === 'settled') {
          differences = [];
          seenLateAfterMs = settled.afterMs;
        } else {
          differences = differencesIn(read.snapshot);
          // The window, not the time measured: a finding's text is the same from run to run.
          differences.push(`still so when read again over the whole ${this.readsAgain.window.windowMs} ms window (a List that lags longer needs a longer --settle-ms, settleMs from code)`);
        }
      }
    }
    this.readsSinceFullRead = full ? 0 : since;
    for (const [scope, records] of read.snapshot) this.last.set(scope, records);
    // The record the model deletes may sit in a part the target would not list at the start (a mailbox its List refuses):
    // its removal is then not seen, and only what else changed is judged.
    const effectNotRead = effect !== undefined && !this.scopes.some((scope) => covers(scope, effect));
    const told = mayKeep === undefined ? {} : { recordKept: effectShownBy(read.snapshot) === undefined };
    return { expected, differences, ...(seenLateAfterMs === undefined ? {} : { seenLateAfterMs }), ...(effectNotRead ? { effectNotRead } : {}), ...told };
  }

  /** What changed in `scopes` between their last read and `after`, beside what `effect` removes; each line ends with `note`. */
  private differences(scopes: readonly ListScope[], after: Snapshot, effect: ResourceEffect | undefined, note: string): string[] {
    const kind = this.spec.resourceKind.name;
    const afterByOrganization = byOrganization(scopes, after);
    const differences: string[] = [];
    for (const [organizationId, records] of byOrganization(scopes, this.last)) {
      const removed = effect !== undefined && effect.organizationId === organizationId ? records.filter((record) => matchesKeys(record, effect.keys)) : [];
      const expectedRecords = without(records, removed);
      const now = afterByOrganization.get(organizationId) ?? [];
      for (const record of without(now, expectedRecords)) {
        const named = effect !== undefined && effect.organizationId === organizationId && matchesKeys(record, effect.keys);
        differences.push(named ? `the ${kind} it names is still there: ${record}${note}` : `${organizationId} now holds ${record}, which it did not${note}`);
      }
      for (const record of without(expectedRecords, now)) differences.push(`${organizationId} no longer holds ${record}${note}`);
    }
    return differences;
  }

  /** Adds parts to those the next read must read afresh before it compares again, and what the unjudged delete may have removed. */
  private markStale(scopes: Set<ListScope> | 'every', effect: ResourceEffect | undefined): void {
    if (effect !== undefined) this.unjudgedEffects.push(effect);
    if (this.stale === 'every') return;
    if (scopes === 'every') this.stale = 'every';
    else this.stale = new Set([...(this.stale ?? []), ...scopes]);
  }

  /** The scopes a case could have changed (see {@link EffectReader.compare}), in scope order. */
  private scopesReferredToBy(input: Readonly<Record<string, unknown>>, modelEffect: ResourceEffect | undefined): Set<ListScope> {
    // Indexed once: a case is read after against an organization of hundreds of entities and mailboxes.
    const byIdentifier = (this.entityIdsByIdentifier ??= this.indexEntities());
    // Every value the input gives, and the IDs of the entities it could name, lower-cased: a lookup may ignore letter case.
    const named = new Set<string>();
    for (const [member, value] of Object.entries(input)) {
      if (member === this.organizationMember || typeof value !== 'string') continue;
      const identifier = value.toLowerCase();
      named.add(identifier);
      if (this.spec.input[member]?.refersTo !== 'entity') continue;
      for (const id of byIdentifier.get(identifier) ?? []) named.add(id);
      // A target that trims its input finds the entity a padded value nearly names (a near miss, "jsmith ").
      const trimmed = identifier.trim();
      if (trimmed !== identifier) for (const id of byIdentifier.get(trimmed) ?? []) named.add(id);
    }
    // Trimmed, as a target that trims its input reads it (a padded near miss); a valid ID has nothing to trim.
    const givenOrganization = input[this.organizationMember];
    const organizationId = typeof givenOrganization === 'string' ? givenOrganization.trim() : givenOrganization;
    const referred = new Set<ListScope>();
    const namedValues = [...named];
    for (const scope of this.scopes) {
      const fixed = getOrInsertComputed(this.fixedValuesOf, scope, (part) => Object.values(part.fixedFields).map((value) => value.toLowerCase()));
      const ofNamed = fixed.length === 0 ? scope.organizationId === organizationId : fixed.some((value) => named.has(value));
      const ofEffect = modelEffect !== undefined && covers(scope, modelEffect);
      const values = this.last.get(scope)?.values;
      if (ofNamed || ofEffect || (values !== undefined && namedValues.some((value) => values.has(value)))) referred.add(scope);
    }
    return referred;
  }

  private indexEntities(): Map<string, string[]> {
    const index = new Map<string, string[]>();
    for (const entity of this.entities) {
      for (const identifier of entity.identifiers) getOrInsertComputed(index, identifier, () => []).push(entity.id.toLowerCase());
    }
    return index;
  }

  /** The records of the kind the fixture says each read organization holds, as the reads give them. */
  private fixtureRecords(fixture: Fixture): Map<string, string[]> {
    const state = WorkMailState.fromFixture(fixture);
    const byOrganizationId = new Map<string, string[]>();
    for (const scope of this.scopes) {
      const records = byOrganizationId.get(scope.organizationId) ?? [];
      for (const record of state.listResources(this.spec.resourceKind.name, scope.organizationId)) {
        const inScope = Object.entries(scope.fixedFields).every(([field, value]) => record[field] === value);
        if (inScope) records.push(canonicalRecord(record, this.fields));
      }
      byOrganizationId.set(scope.organizationId, records);
    }
    for (const records of byOrganizationId.values()) records.sort();
    return byOrganizationId;
  }

  /** Reads `scopes` at once (a List request changes nothing); on failure, the first scope, in order, that gave no list. */
  private async read(scopes: readonly ListScope[], withValues = true, after?: string): Promise<ReadResult> {
    const results = await Promise.all(scopes.map((scope) => this.readScope(scope, withValues, after)));
    const snapshot = new Map<ListScope, ScopeRead>();
    for (const [index, scope] of scopes.entries()) {
      const result = results[index] as ScopeRead | NotAList;
      if (!('records' in result)) return { kind: 'failed', scope, ...result };
      snapshot.set(scope, result);
    }
    return { kind: 'read', snapshot };
  }

  /**
   * Reads every scope again and gives each one's records as objects (the fields this reader keeps): what the target holds
   * now, for a state to start from; or the first answer that was no list.
   *
   * @example
   * const read = await reader.readRecords();
   * if (read.kind === 'read') read.scopes[0]?.records; // [{ entityId: '…', granteeId: '…', permissionValues: ['FULL_ACCESS'] }]
   */
  async readRecords(): Promise<{ readonly kind: 'read'; readonly scopes: readonly ScopeRecords[] } | ({ readonly kind: 'failed' } & NotAList)> {
    const read = await this.read(this.scopes, false);
    if (read.kind === 'failed') {
      const { scope: _scope, ...failed } = read;
      return failed;
    }
    return {
      kind: 'read',
      scopes: this.scopes.map((scope) => {
        const canonicalRecords = read.snapshot.get(scope)?.records ?? [];
        return { organizationId: scope.organizationId, fixedFields: scope.fixedFields, records: canonicalRecords.map((record) => JSON.parse(record) as Record<string, unknown>), canonicalRecords };
      }),
    };
  }

  /**
   * The parts this reader reads (those the target listed at the probe): each one's organization and the record fields it fixes.
   *
   * @example
   * reader.readableScopes().map((scope) => scope.fixedFields.entityId); // the entities whose mailboxes the target lists
   */
  readableScopes(): readonly { readonly organizationId: string; readonly fixedFields: Readonly<Record<string, string>> }[] {
    return this.scopes.map(({ organizationId, fixedFields }) => ({ organizationId, fixedFields }));
  }

  /** The records one scope lists, every page followed, with every string they hold; or what the target answered instead of a list. */
  private async readScope(scope: ListScope, withValues = true, after?: string): Promise<ScopeRead | NotAList> {
    const values = new Set<string>();
    const reading: ListReading = { spec: this.spec, list: this.list, listSpec: this.listSpec, target: this.target, sendOptions: this.sendOptions, errors: this.errors, fields: this.fields, ...(after === undefined ? {} : { after }) };
    const records = await readListScope(reading, scope, withValues ? values : undefined);
    return Array.isArray(records) ? { records: records.sort(), values } : records;
  }
}

/** What reading one List scope needs: the operation spec (protocol, signing name), its List operation, the target, and the record fields kept. */
export interface ListReading {
  readonly spec: Pick<OperationSpec, 'protocol' | 'service' | 'effect'>;
  readonly list: ResourceListSpec;
  readonly listSpec: SupportingOperationSpec;
  readonly target: Target;
  readonly sendOptions: SendOptions;
  readonly errors: ErrorCatalog;
  /** The record fields kept, each record as canonical JSON of these. */
  readonly fields: readonly string[];
  /** The path of the case whose effect the read shows, where it follows one (see `TargetRequest.after`). */
  readonly after?: string;
}

/**
 * How reading again goes on after a read that gave no records: a listing no state can be (a record twice, from pages read
 * from states a moment apart) is read again within the window, as a read that lags is, and so is a read that got no answer
 * (a throttle, a 503, a timeout: it only asked to try again); an answer of the target's that is no list stops it.
 *
 * @example
 * afterNoRecords({ observed: 'listed {"id":"t"} twice', answered: true, observation: undefined, unreliable: true }); // 'readAgain'
 * afterNoRecords({ observed: '400 ThrottlingException', answered: false, observation: undefined }); // 'readAgain'
 */
export function afterNoRecords(read: Pick<NotAList, 'unreliable' | 'answered'>): 'readAgain' | 'stop' {
  return tellsNothing(read) ? 'readAgain' : 'stop';
}

/**
 * Whether a read that gave no records tells nothing of what the target holds: a listing no state can be, or no answer.
 *
 * @example
 * tellsNothing({ answered: false }); // true: a throttled read
 */
export function tellsNothing(read: Pick<NotAList, 'unreliable' | 'answered'>): boolean {
  return read.unreliable === true || !read.answered;
}

/**
 * Whether a read got no whole answer within the timeout (or one that stalled until the connection closed): it waited as
 * long as a read may.
 *
 * @example
 * waitedOut({ observed: 'no answer within 10000 ms', answered: false, observation: { kind: 'timeout', timeoutMs: 10_000, latencyMs: 10_000 } }); // true
 */
export function waitedOut(read: Pick<NotAList, 'observation'>): boolean {
  const observation = read.observation;
  return observation !== undefined && (observation.kind === 'timeout' || (observation.kind === 'networkError' && observation.stalled === true));
}

/** Whether an output holds no member but the list's and the next token's (each may be absent or null). */
function holdsOnly(output: Readonly<Record<string, unknown>>, items: string, nextToken: string | undefined): boolean {
  for (const member in output) if (member !== items && member !== nextToken) return false;
  return true;
}

/**
 * The records a List scope gave, as canonical JSON; `leftOut` where it listed nothing by leaving its list out (`{}`, an
 * empty body), which tells an empty part from a stub that answers every request alike only beside what it should hold.
 */
export type ListedRecords = string[] & { readonly leftOut?: true };

/**
 * The records one List scope gives, every page followed, each as canonical JSON of `reading.fields`; or what the target
 * answered instead of a list (with the observation of the answer, where there was one). `values`, when given, receives every
 * string a record holds, lower-cased.
 *
 * @example
 * const records = await readListScope(reading, { organizationId, input: { OrganizationId: organizationId }, fixedFields: {}, label: 'ListPersonalAccessTokens' });
 */
export async function readListScope(reading: ListReading, scope: ListScope, values?: Set<string>): Promise<ListedRecords | NotAList> {
  const { spec, list, listSpec, target, sendOptions, errors, fields, after } = reading;
  const records: string[] = [];
  let leftOut = false;
  const seen = new Set<string>();
  const sortedFields = [...fields].sort();
  // A record is named by its keys: two items with the same keys and other values are one record listed twice, from states a
  // moment apart (pages read from replicas that lag).
  const keyFields = fields.filter((field) => field in spec.effect.keys).sort();
  const seenKeys = new Set<string>();
  const itemFields = Object.entries(list.itemFields);
  const pagination = listSpec.pagination;
  let token: string | undefined;
  for (let page = 0; page < maxPages; page += 1) {
    const input: Record<string, unknown> = token === undefined || pagination === undefined ? { ...scope.input } : { ...scope.input, [pagination.inputToken]: token };
    const request = buildAwsJsonRequest({ protocol: { ...spec.protocol, target: listSpec.target } }, input);
    let observation: Observation;
    try {
      observation = await target.send({ operation: list.operation, signingName: spec.service.signingName, request, input, role: 'read', ...(after === undefined ? {} : { after }) }, sendOptions);
    } catch (error) {
      return { observed: `an exception (${String((error as Error)?.message ?? error)})`, answered: false, observation: undefined };
    }
    // A throttled read, like a timeout, shows nothing of what the target holds.
    if (!isSuccessAnswer(observation)) return { observed: describeObservation(observation), answered: observation.kind === 'response' && transientAnswerType(observation, errors) === undefined, observation };
    // The body as the observation parsed it (read only, never changed): an SDK transport gives the output instead.
    const output: Readonly<Record<string, unknown>> | undefined = observation.output ?? responseBodyObject(observation);
    // An output that leaves the list out (or sends null) and holds nothing else but a next token, or an empty body, lists
    // nothing: output members are optional, and the AWS SDK gives `undefined` for it. A body that is no JSON object is no
    // list, nor is one that holds other members (another operation's answer), nor the bare resolve of a mocked client (no
    // status observed): that is a command the mock may not answer at all.
    const empty = output === undefined && observation.output === undefined && observation.body.trim() === '' && observation.statusInferred === undefined;
    const items = empty ? [] : output === undefined ? undefined : (output[list.items] ?? (holdsOnly(output, list.items, pagination?.outputToken) ? [] : undefined));
    if (!Array.isArray(items)) return { observed: `${describeObservation(observation)} without a ${list.items} list`, answered: true, observation };
    if (items.length === 0 && !Array.isArray(output?.[list.items])) leftOut = true;
    for (const item of items) {
      if (item === null || typeof item !== 'object') return { observed: `a ${list.items} item that is not an object`, answered: true, observation };
      const record: Record<string, unknown> = { ...scope.fixedFields };
      for (const [field, member] of itemFields) {
        const value = (item as Record<string, unknown>)[member];
        // A record without a field the kit compares by would differ from the fixture's for no fault of the delete.
        if (value === undefined || value === null) return { observed: `a ${list.items} item without ${member}`, answered: true, observation };
        record[field] = value;
      }
      const canonical = canonicalRecordOfSorted(record, sortedFields);
      // A record is held once: listed twice, the List's pages overlap (a paging fault of a supporting operation), and no read
      // of it shows what a delete did.
      if (seen.has(canonical)) return { observed: `listed ${canonical} twice${page > 0 ? ' (its pages overlap)' : ''}`, answered: true, observation, unreliable: true };
      const keys = keyFields.length === 0 ? undefined : canonicalRecordOfSorted(record, keyFields);
      if (keys !== undefined && seenKeys.has(keys)) return { observed: `listed ${keys} twice, with other values${page > 0 ? ' (its pages overlap)' : ''}`, answered: true, observation, unreliable: true };
      if (keys !== undefined) seenKeys.add(keys);
      seen.add(canonical);
      records.push(canonical);
      if (values !== undefined) for (const value of Object.values(record)) if (typeof value === 'string') values.add(value.toLowerCase());
    }
    const next = pagination === undefined ? undefined : output?.[pagination.outputToken];
    if (typeof next !== 'string' || next === '') return records.length === 0 && leftOut ? Object.assign(records, { leftOut: true as const }) : records;
    token = next;
  }
  return { observed: `more than ${maxPages} pages`, answered: true, observation: undefined };
}
