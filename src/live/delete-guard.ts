import type { Case } from '../cases/case.ts';
import { isStopSending } from '../target/target.ts';
import { caseBodyText } from '../cases/case.ts';
import type { Expectation } from '../model/outcome.ts';
import type { Fixture } from '../fixture/fixture-schema.ts';
import { isSuccessAnswer, type Observation } from '../observation/observation.ts';
import { readUntilSettled, type SettleWindow } from '../observation/read-until-settled.ts';
import type { HeldBackTally, SentDelete, StateChange } from '../report/conformance-report.ts';
import type { EffectComparison } from '../checks/check.ts';
import type { ConstraintSemantics } from '../spec/constraints.ts';
import type { OperationSpec } from '../spec/spec-schema.ts';
import { describeCallError } from './discover-fixture.ts';
import { describeNamedResource, planLiveSend, type NamedResource } from './live-send-plan.ts';
import { couldName, entitiesOf, goneFrom, heldAtStart, heldElsewhere, mayNameSameEntity, readNamedResource, readScopeAgain, type ListedRecord, type MailboxSnapshot, type ScopeListing } from './read-named-resource.ts';
import type { CallTag, WorkMailApi } from './work-mail-api.ts';
import { withoutUserinfo } from '../target/describe-endpoint.ts';
import { isLeftToPutBack } from '../report/live-safety-problems.ts';

/** Where the hand-made fix commands point: the region, and the endpoint for a stand-in. */
export interface FixCommandContext {
  readonly region: string;
  readonly endpoint: string | undefined;
}

/** Options of {@link createDeleteGuard}. */
export interface DeleteGuardOptions {
  /** Reads made just before a delete: through the run's gate, so they count against its budget. */
  readonly api: WorkMailApi;
  /** Reads and puts of a destructive run's restore: never held back by the budget. */
  readonly restoreApi: WorkMailApi;
  /** What the run read of the organizations and what the user said they hold (`--fixture`). */
  readonly known: readonly Fixture[];
  readonly semantics: ConstraintSemantics;
  /** Organizations a destructive run may change (`--allow-destructive --allow-org`); empty in a default run. */
  readonly allowedOrganizations: readonly string[];
  /**
   * Whether the user named this resource, which no call can put back (a personal access token), as one the run may delete for
   * good (`--allow-token-delete`). A fixture lists what a target holds, which is no consent: a fixture saved by
   * `--save-fixture` lists every token of the organization.
   */
  readonly deletableForGood: (resource: NamedResource) => boolean;
  readonly fixCommand: FixCommandContext;
  /** Whether the budget still holds a read and the delete after it; when not, the case is held back. */
  readonly canAfford?: () => boolean;
  readonly now?: () => Date;
  /** How long a read may lag behind a put: a read that does not show a put back yet is read again for up to this long. */
  readonly settle: SettleWindow;
  /**
   * Told, before a destructive delete is sent, the commands that put back by hand what it may remove; told `[]` once what it
   * removed was put back (or the attempt ended). What a user who must quit mid-run needs to run (see `LiveOptions`).
   */
  readonly onPutBackPending?: (fixCommands: readonly string[]) => void;
  /**
   * The commands that put back every mailbox permission the run read at its start in the organizations it may change: once a
   * delete of something present is sent, they stay pending with the rest until the run's end shows the organizations as
   * found, since a delete may remove more than it names (the mirror permission), which only the end comparison reads.
   */
  readonly everyPutBack?: readonly string[];
}

/** Guards every delete of a live run: read before, send only if absent (or allowed and restorable), put back after. */
export interface DeleteGuard {
  /** `path`, the case's (`--path`), names the reads it makes in a recording (`before`). */
  beforeSend(spec: OperationSpec, testCase: Case, expectation: Expectation, path?: string): Promise<'send' | 'skip'>;
  /**
   * Reads what a delete it let through did, puts back what a destructive one removed, and gives what the reads showed of
   * its effect (for `deleteEffect`): `undefined` where it read nothing, or the delete got no answer.
   */
  afterSend(spec: OperationSpec, testCase: Case, observation: Observation | undefined, path?: string): Promise<EffectComparison | undefined>;
  /** Cases held back, by category, each with its first example. */
  heldBack(): HeldBackTally[];
  /** Every delete sent after a read, with what the read showed. */
  readonly deletes: readonly SentDelete[];
  /** What destructive deletes removed, and whether it was put back. */
  readonly changes: readonly StateChange[];
  /** Deletes of what no call can put back that the user allowed (a token named by `--allow-token-delete`), as sent. */
  readonly unrestorable: readonly SentDelete[];
  /** The put-back commands kept pending past their delete: of restores that failed, and of deletes that got no answer. */
  readonly keptCommands: readonly string[];
  /**
   * For each delete that may still land (no answer, or a success never seen done), the put-back commands of the permissions
   * it may remove: a delete lands once, so once one of them is found gone, the others are no longer at risk from it.
   */
  readonly mayStillLandGroups: readonly (readonly string[])[];
  /** Reads that showed a delete or a put only when read again: how many, and the longest wait. */
  readonly seenLate: { readonly count: number; readonly longestMs: number };
  /** {@link readUntilSettled}, each read that settles counted in {@link DeleteGuard.seenLate}: for the run's end read too. */
  readonly readAgainUntil: typeof readUntilSettled;
  /** When the guard last wrote (a delete it let through answered, a put back), on `performance.now()`'s scale. */
  lastWriteAt(): number | undefined;
  /** The first change still owed a put back (a restore that failed, a delete that may still land), if any. */
  owedPutBack(): StateChange | undefined;
  /**
   * The change still owed a put back of this mailbox permission, however the run's cases named its mailbox (ID, name or
   * email), if any: where it is missing, that change says why.
   */
  owedPutBackOf(permission: PermissionNamed): StateChange | undefined;
  /** Whether a delete of something present was sent: what it removed besides what it named is then read only at the end. */
  sentDestructive(): boolean;
}

/** A mailbox permission, its mailbox named as a case or a read named it (an ID, a name or an email). */
export interface PermissionNamed {
  readonly organizationId: string;
  readonly entity: string;
  readonly granteeId: string;
}

interface Pending {
  readonly release: () => void;
  readonly resource: NamedResource;
  /** What to put back after the delete (a destructive delete of something present). */
  readonly snapshot: MailboxSnapshot | undefined;
  /** A destructive delete of something that cannot be put back: recorded as such when it is gone. */
  readonly notRestorable: boolean;
  /** Everything the read just before listed of the part the delete could change: read again after it. */
  readonly before: ScopeListing | undefined;
  /**
   * The grantee's own mailbox, read just before a destructive delete: a delete may also remove the mirror permission (the
   * named mailbox's owner on the grantee's mailbox), which is read again after it and put back as this delete's loss.
   */
  readonly mirror?: MailboxSnapshot | undefined;
}

/**
 * The AWS CLI command that puts one mailbox permission back by hand.
 *
 * @example
 * putMailboxPermissionsCommand('m-…', 'alice', 'e8f7…', ['FULL_ACCESS'], { region: 'us-east-1', endpoint: undefined });
 * // 'aws workmail put-mailbox-permissions --region us-east-1 --organization-id m-… --entity-id alice --grantee-id e8f7… --permission-values FULL_ACCESS'
 */
export function putMailboxPermissionsCommand(organizationId: string, entity: string, granteeId: string, permissionValues: readonly string[], context: FixCommandContext): string {
  return `${putMailboxPermissionsCommandPrefix(context, organizationId)}--entity-id ${entity} --grantee-id ${granteeId} --permission-values ${permissionValues.join(' ')}`;
}

/**
 * How every {@link putMailboxPermissionsCommand} for one target (and organization, where given) begins: what tells a
 * restore journal's commands for that target from others.
 *
 * @example
 * putMailboxPermissionsCommandPrefix({ region: 'us-east-1', endpoint: 'http://127.0.0.1:4566' }, 'm-…');
 * // 'aws workmail put-mailbox-permissions --region us-east-1 --endpoint-url http://127.0.0.1:4566 --organization-id m-… '
 */
export function putMailboxPermissionsCommandPrefix(context: FixCommandContext, organizationId = ''): string {
  // Never a user or password the endpoint carries: the command is printed, recorded and kept in the restore journal.
  const endpoint = context.endpoint === undefined ? '' : ` --endpoint-url ${withoutUserinfo(context.endpoint)}`;
  // Ends with the space after the organization's ID, so that one ID is never the start of another's prefix.
  return `aws workmail put-mailbox-permissions --region ${context.region}${endpoint} --organization-id ${organizationId === '' ? '' : `${organizationId} `}`;
}

function sameValues(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && [...a].sort().join(',') === [...b].sort().join(',');
}

/** Whether a mailbox's permissions, as a List showed them, hold this grantee's permission with the same values. */
function holds(permissions: MailboxSnapshot['permissions'], permission: MailboxSnapshot['permissions'][number]): boolean {
  const listed = permissions.find((candidate) => candidate.granteeId === permission.granteeId);
  return listed !== undefined && sameValues(listed.permissionValues, permission.permissionValues);
}

/** Why a permission put back is not as before, from the read after its put back (`undefined`: that read failed). */
function notRestoredProblem(verified: MailboxSnapshot['permissions'] | undefined, permission: MailboxSnapshot['permissions'][number]): string {
  if (verified === undefined) return 'ListMailboxPermissions could not be read after putting it back';
  const listed = verified.find((candidate) => candidate.granteeId === permission.granteeId);
  return listed === undefined
    ? 'still missing after PutMailboxPermissions'
    : `after PutMailboxPermissions it holds ${listed.permissionValues.join(' ') || 'no value'}, not ${permission.permissionValues.join(' ')}`;
}

/** One lock for every delete that needs a read: read, delete and put back happen with no other guarded delete in between. */
function createLock(): () => Promise<() => void> {
  let tail: Promise<void> = Promise.resolve();
  return () => {
    let release!: () => void;
    const done = new Promise<void>((resolve) => (release = resolve));
    const acquired = tail.then(() => release);
    tail = tail.then(() => done);
    return acquired;
  };
}

/**
 * Creates the guard a live run sends every delete through. A case that cannot delete anything (see `planLiveSend`) goes as
 * is. Any other is read first with a read-only call: sent when the read shows the resource absent; when it shows it present,
 * held back ("present where the run expected none", or "would delete existing …"), unless the run is destructive and
 * allowed in that organization: then the guard keeps exactly what exists, lets the delete go, reads again, puts back what is
 * gone and reads once more to verify. A resource no call can put back (a token) is deleted only when the user named it for
 * that (`deletableForGood`). Where no read can tell, the case is held back.
 *
 * @example
 * const guard = createDeleteGuard({ api, restoreApi, known: [discovered], semantics, allowedOrganizations: [], deletableForGood: () => false, fixCommand });
 * await runConformance({ target, sendPolicy: guard.beforeSend, afterSend: guard.afterSend });
 */
export function createDeleteGuard(options: DeleteGuardOptions): DeleteGuard {
  const lock = createLock();
  const pending = new Map<Case, Pending>();
  const held = new Map<HeldBackTally['category'], HeldBackTally>();
  const deletes: SentDelete[] = [];
  const changes: StateChange[] = [];
  const unrestorable: SentDelete[] = [];
  const now = options.now ?? (() => new Date());
  // The put-back commands of restores that failed and of deletes that got no answer (which may take effect after the run's
  // last read): a user who quits, and the journal, keep them until the run's end says what is still to put back.
  const keptCommands: string[] = [];
  const mayStillLandGroups: string[][] = [];
  const seenLate = { count: 0, longestMs: 0 };
  let lastWriteAt: number | undefined;
  const wrote = () => {
    lastWriteAt = performance.now();
  };
  /** {@link readUntilSettled} within the run's window, counting each read that showed a change only when read again. */
  const readAgainUntil: typeof readUntilSettled = async (first, readAgain, judge, window) => {
    const settled = await readUntilSettled(first, readAgain, judge, window);
    if (settled.outcome === 'settled') {
      seenLate.count += 1;
      seenLate.longestMs = Math.max(seenLate.longestMs, Math.round(settled.afterMs));
    }
    return settled;
  };
  let destructiveSent = false;
  const putBackPending = (commands: readonly string[]) => options.onPutBackPending?.([...new Set([...keptCommands, ...commands, ...(destructiveSent ? (options.everyPutBack ?? []) : [])])]);

  const owedPutBack = (): StateChange | undefined => changes.find(isLeftToPutBack);
  /** The mailbox permission each change of a permission is about. */
  const permissionOfChange = new WeakMap<StateChange, PermissionNamed>();
  const recordChange = (change: StateChange, permission: PermissionNamed): void => {
    changes.push(change);
    permissionOfChange.set(change, permission);
  };
  const owedPutBackOf = (permission: PermissionNamed): StateChange | undefined => {
    const entities = entitiesOf(options.known, permission.organizationId);
    return changes.find((change) => {
      const owed = isLeftToPutBack(change) ? permissionOfChange.get(change) : undefined;
      return (
        owed !== undefined &&
        owed.organizationId === permission.organizationId &&
        owed.granteeId.toLowerCase() === permission.granteeId.toLowerCase() &&
        mayNameSameEntity(owed.entity, permission.entity, entities)
      );
    });
  };
  /**
   * Whether a record a read no longer lists is a permission the run already owes a put back: a delete of it that may have
   * landed late, or one whose put back failed. Its loss is that change's, whichever case's reads saw it go.
   */
  const owedRecord = (listing: ScopeListing, record: ListedRecord): boolean =>
    listing.kind === 'mailboxPermission' && record.granteeId !== undefined && owedPutBackOf({ organizationId: listing.organizationId, entity: listing.entity ?? '', granteeId: record.granteeId }) !== undefined;

  /** The first delete seen to remove what it did not name, as the reason later deletes are held back. */
  let removedUnnamed: string | undefined;
  const sawUnnamedRemoved = (spec: OperationSpec, testCase: Case, gone: readonly string[]) => {
    removedUnnamed ??= `${spec.operation} ${caseBodyText(testCase)} removed ${gone.join(', ')}, which it did not name`;
  };

  /**
   * The records of `before` that a read of the same part, just after the delete, no longer lists and `counts` (those the
   * delete did not name), read again within the window while any does (a read may lag behind a put back); `undefined`
   * where no read could be made.
   */
  const goneUnnamed = async (before: ScopeListing, counts: (record: ListedRecord) => boolean): Promise<ListedRecord[] | undefined> => {
    const read = () => readScopeAgain(options.restoreApi, before);
    const missing = (after: ScopeListing) => goneFrom(before, after).filter((record) => counts(record) && !owedRecord(before, record));
    const after = await read();
    if (after === undefined || missing(after).length === 0) return after === undefined ? undefined : [];
    const settled = await readAgainUntil<ScopeListing | undefined>(after, read, (again) => (again === undefined ? 'stop' : missing(again).length === 0 ? 'settled' : 'readAgain'), options.settle);
    return missing(settled.read ?? after);
  };

  const hold = (category: HeldBackTally['category'], spec: OperationSpec, testCase: Case, reason: string): 'skip' => {
    const tally = held.get(category);
    if (tally === undefined) held.set(category, { category, count: 1, example: `${spec.operation} ${caseBodyText(testCase)}: ${reason}` });
    else tally.count += 1;
    return 'skip';
  };

  /**
   * Puts each permission back on one mailbox, then reads the mailbox until it shows every put that answered success (a
   * read may lag behind them, on a service that is eventually consistent; a refused put shows nothing later). Gives each
   * refused put's answer, by grantee, and the last read (`undefined` where it failed).
   */
  const putBackAndReadBack = async (
    organizationId: string,
    entity: string,
    toPut: MailboxSnapshot['permissions'],
    read: () => Promise<MailboxSnapshot['permissions'] | undefined>,
  ): Promise<{ readonly problems: ReadonlyMap<string, string>; readonly verified: MailboxSnapshot['permissions'] | undefined }> => {
    const problems = new Map<string, string>();
    for (const permission of toPut) {
      try {
        wrote();
        await options.restoreApi.putMailboxPermissions(organizationId, entity, permission.granteeId, permission.permissionValues);
      } catch (error) {
        problems.set(permission.granteeId, `PutMailboxPermissions answered ${describeCallError(error)}`);
      }
    }
    if (toPut.length === 0) return { problems, verified: undefined };
    const answered = toPut.filter((permission) => !problems.has(permission.granteeId));
    const allBack = (permissions: MailboxSnapshot['permissions']) => answered.every((permission) => holds(permissions, permission));
    let verified = await read();
    if (verified !== undefined && !allBack(verified)) {
      verified = (await readAgainUntil(verified, read, (again) => (again === undefined ? 'stop' : allBack(again) ? 'settled' : 'readAgain'), options.settle)).read ?? verified;
    }
    return { problems, verified };
  };

  /**
   * Puts back what the read after the delete shows gone; gives what it showed gone (`undefined`: that read failed), whether
   * a delete that answered success was seen done, and what it removed besides the permission it named (after an error
   * answer, anything it removed).
   */
  const putBack = async (
    snapshot: MailboxSnapshot,
    spec: OperationSpec,
    testCase: Case,
    answer: 'success' | 'unanswered' | 'refused',
    namedGrantee: string,
  ): Promise<{
    readonly removed: readonly MailboxSnapshot['permissions'][number][] | undefined;
    readonly seenDone: boolean;
    readonly unnamed: readonly MailboxSnapshot['permissions'][number][];
    /** Whether every permission put back was read back as before: the mailbox holds what it held before the delete. */
    readonly allPutBack: boolean;
  }> => {
    const { organizationId, entity } = snapshot;
    const deleteSucceeded = answer !== 'refused';
    const entities = entitiesOf(options.known, organizationId);
    // What a delete that answered may remove: the permission it names (whichever listed grantee the value may name).
    const named = (permission: MailboxSnapshot['permissions'][number]) => answer === 'success' && couldName(namedGrantee, permission.granteeId, entities);
    const read = async () => {
      try {
        return await options.restoreApi.listMailboxPermissions(organizationId, entity);
      } catch {
        return undefined;
      }
    };
    const goneIn = (permissions: Awaited<ReturnType<typeof read>>) =>
      snapshot.permissions.filter((before) => permissions === undefined || !holds(permissions, before));
    let after = await read();
    let seenDone = true;
    if (answer === 'success' && after !== undefined && goneIn(after).length === 0) {
      // A read may lag behind the delete (a service that is eventually consistent): one that still shows everything proves
      // nothing yet, and putting back before the delete shows could leave a put that the delete then undoes unseen.
      const settled = await readAgainUntil(after, read, (again) => (again === undefined ? 'stop' : goneIn(again).length > 0 ? 'settled' : 'readAgain'), options.settle);
      if (settled.read !== undefined) after = settled.read;
      seenDone = settled.outcome === 'settled';
    }
    // A permission the run already owes a put back (a delete that may have landed late, a put back that failed) is that
    // change's loss, not this delete's.
    const owed = (permission: MailboxSnapshot['permissions'][number]) => owedPutBackOf({ organizationId, entity, granteeId: permission.granteeId }) !== undefined;
    const unnamedIn = (permissions: Awaited<ReturnType<typeof read>>) => goneIn(permissions).filter((permission) => !named(permission) && !owed(permission));
    if (answer !== 'unanswered' && after !== undefined && unnamedIn(after).length > 0) {
      // A read may lag behind an earlier put back: what it shows gone unnamed counts once a read within the window still does.
      const settled = await readAgainUntil(after, read, (again) => (again === undefined ? 'stop' : unnamedIn(again).length === 0 ? 'settled' : 'readAgain'), options.settle);
      if (settled.read !== undefined) after = settled.read;
    }
    const unnamed = answer === 'unanswered' || after === undefined ? [] : unnamedIn(after);
    const gone = goneIn(after);
    // After a delete that answered success, every permission of the snapshot is put back, not only those the read after it
    // shows gone: a read that lags behind the delete (a service that is eventually consistent) would show them still there,
    // and a put of the values a permission holds changes nothing. After a refusal, only what the read shows gone.
    const toPut = deleteSucceeded ? snapshot.permissions : gone;
    const putBackRead = await putBackAndReadBack(organizationId, entity, toPut, read);
    const { problems } = putBackRead;
    const verified = toPut.length === 0 ? after : putBackRead.verified;
    let allPutBack = verified !== undefined;
    for (const permission of toPut) {
      // What the read shows as before is in place, whatever its put answered (a service may refuse a put of what it holds).
      const restored = verified !== undefined && holds(verified, permission);
      if (!restored) allPutBack = false;
      // A permission the read after the delete showed in place, put back and read back as before, was not changed.
      if (restored && !gone.includes(permission)) continue;
      // Where that read failed after a delete that got no answer, no permission is known to have been deleted, whatever its
      // put back answered: the change that delete is noted with (it may still land, with the command that puts it back)
      // says all there is to say of each.
      if (after === undefined && answer === 'unanswered') continue;
      // Where the read after the delete failed, every permission was put back, and none is known to have been deleted.
      const how = after === undefined ? `on the mailbox of ${spec.operation} ${caseBodyText(testCase)} (the read after it failed: whether it was deleted is not known)` : `deleted by ${spec.operation} ${caseBodyText(testCase)}`;
      if (!restored) keptCommands.push(putMailboxPermissionsCommand(organizationId, entity, permission.granteeId, permission.permissionValues, options.fixCommand));
      recordChange({
        organizationId,
        resource: 'mailboxPermission',
        description: `mailbox permission of ${permission.granteeId} on ${entity} (${permission.permissionValues.join(' ')}), ${how}`,
        status: restored ? 'restored' : 'restoreFailed',
        fixCommand: restored ? undefined : putMailboxPermissionsCommand(organizationId, entity, permission.granteeId, permission.permissionValues, options.fixCommand),
        ...(restored ? {} : { problem: problems.get(permission.granteeId) ?? notRestoredProblem(verified, permission) }),
      }, { organizationId, entity, granteeId: permission.granteeId });
    }
    return { removed: after === undefined ? undefined : gone, seenDone, unnamed, allPutBack };
  };

  /**
   * Records, for a delete that got no answer, or that answered success but was never seen done, each permission of the
   * mailbox it may still remove: none where the read after it shows it done (it will not land again), every one where that
   * read shows nothing removed or failed.
   */
  const noteMayStillLand = (snapshot: MailboxSnapshot, removed: readonly MailboxSnapshot['permissions'][number][] | undefined, spec: OperationSpec, testCase: Case, observation: Observation): void => {
    if (removed !== undefined && removed.length > 0) return;
    const { organizationId, entity } = snapshot;
    const status = observation.kind === 'response' ? 'notSeenDone' : 'unanswered';
    const answer =
      observation.kind === 'response'
        ? `answered success, but no read within ${options.settle.windowMs} ms showed it done (a service whose List lags longer needs a longer --settle-ms)`
        : observation.kind === 'timeout'
          ? `got no answer within ${observation.timeoutMs} ms`
          : `got no answer (${observation.kind === 'networkError' ? observation.code : 'none'})`;
    const group: string[] = [];
    mayStillLandGroups.push(group);
    for (const permission of snapshot.permissions) {
      const fixCommand = putMailboxPermissionsCommand(organizationId, entity, permission.granteeId, permission.permissionValues, options.fixCommand);
      keptCommands.push(fixCommand);
      group.push(fixCommand);
      recordChange({
        organizationId,
        resource: 'mailboxPermission',
        description: `mailbox permission of ${permission.granteeId} on ${entity} (${permission.permissionValues.join(' ')}), on the mailbox of ${spec.operation} ${caseBodyText(testCase)}`,
        status,
        fixCommand,
        problem: `the delete ${answer}: it may still take effect after the run's last read; if ListMailboxPermissions of ${entity} no longer shows it, put it back`,
      }, { organizationId, entity, granteeId: permission.granteeId });
    }
  };

  /**
   * The grantee's own mailbox as a read just before a destructive delete shows it, where the grantee is one entity the run
   * knows, other than the mailbox's owner; `undefined` where none is, or the read fails (the end comparison still reads it).
   */
  const readMirror = async (snapshot: MailboxSnapshot, grantee: string): Promise<MailboxSnapshot | undefined> => {
    const entities = entitiesOf(options.known, snapshot.organizationId);
    const named = entities.filter((entity) => couldName(grantee, entity.id, entities));
    const [granteeEntity] = named;
    if (named.length !== 1 || granteeEntity === undefined || mayNameSameEntity(granteeEntity.id, snapshot.entity, entities)) return undefined;
    try {
      const permissions = await options.api.listMailboxPermissions(snapshot.organizationId, granteeEntity.id);
      return { kind: 'mailboxPermission', organizationId: snapshot.organizationId, entity: granteeEntity.id, permissions };
    } catch {
      // A failed read, or the budget spent: the delete goes on as before, and the end comparison reads that mailbox.
      return undefined;
    }
  };

  /**
   * Reads the grantee's mailbox again after a destructive delete, and puts back what it removed there (a permission it did
   * not name: the mirror, say), each read back: that loss is the delete's, recorded as its change. Gives what it removed.
   */
  const putBackMirror = async (mirror: MailboxSnapshot, spec: OperationSpec, testCase: Case): Promise<string[]> => {
    const { organizationId, entity } = mirror;
    const read = async () => {
      try {
        return await options.restoreApi.listMailboxPermissions(organizationId, entity);
      } catch {
        return undefined;
      }
    };
    const owed = (granteeId: string) => owedPutBackOf({ organizationId, entity, granteeId }) !== undefined;
    const goneIn = (permissions: Awaited<ReturnType<typeof read>>) =>
      mirror.permissions.filter((before) => !owed(before.granteeId) && (permissions === undefined || !holds(permissions, before)));
    let after = await read();
    if (after === undefined) return [];
    if (goneIn(after).length > 0) {
      // A read may lag behind an earlier put back: what it shows gone counts once a read within the window still does.
      const settled = await readAgainUntil(after, read, (again) => (again === undefined ? 'stop' : goneIn(again).length === 0 ? 'settled' : 'readAgain'), options.settle);
      if (settled.read !== undefined) after = settled.read;
    }
    const gone = goneIn(after);
    const { problems, verified } = await putBackAndReadBack(organizationId, entity, gone, read);
    const texts: string[] = [];
    for (const permission of gone) {
      const problem = problems.get(permission.granteeId);
      const restored = verified !== undefined && holds(verified, permission);
      const fixCommand = putMailboxPermissionsCommand(organizationId, entity, permission.granteeId, permission.permissionValues, options.fixCommand);
      if (!restored) keptCommands.push(fixCommand);
      texts.push(`the mailbox permission of ${permission.granteeId} on ${entity} (${permission.permissionValues.join(' ')})`);
      recordChange(
        {
          organizationId,
          resource: 'mailboxPermission',
          description: `mailbox permission of ${permission.granteeId} on ${entity} (${permission.permissionValues.join(' ')}), removed by ${spec.operation} ${caseBodyText(testCase)}, which did not name it`,
          status: restored ? 'restored' : 'restoreFailed',
          fixCommand: restored ? undefined : fixCommand,
          ...(restored ? {} : { problem: problem ?? notRestoredProblem(verified, permission) }),
        },
        { organizationId, entity, granteeId: permission.granteeId },
      );
    }
    return texts;
  };

  /** Names, in what the API calls tell a recording, the case whose read before or after they are. */
  const tagCalls = (tag: CallTag | undefined) => {
    options.api.tagCalls?.(tag);
    options.restoreApi.tagCalls?.(tag);
  };

  return {
    async beforeSend(spec, testCase, expectation, path) {
      const plan = planLiveSend(spec, testCase, { known: options.known, semantics: options.semantics });
      if (plan.kind === 'inert') return 'send';
      if (plan.kind === 'holdBack') return hold(plan.category, spec, testCase, plan.reason);
      // A delete removed what it did not name: the target may remove anything, so nothing that may delete is sent any more.
      if (removedUnnamed !== undefined) return hold('afterLoss', spec, testCase, `not sent after ${removedUnnamed}`);
      if (options.canAfford?.() === false) return hold('budget', spec, testCase, 'the request budget cannot hold a read and the delete after it');
      const unlock = await lock();
      // One guarded case at a time holds the lock, from its read before to its put back: the calls made meanwhile are its.
      tagCalls(path === undefined ? undefined : { before: path });
      const release = () => {
        tagCalls(undefined);
        unlock();
      };
      let read: Awaited<ReturnType<typeof readNamedResource>>;
      try {
        read = await readNamedResource(options.api, plan.resource, options.known);
      } catch (error) {
        release();
        // The budget ran out during the read (its lists may page): the case is held back, and the run stops at the next case.
        if (isStopSending(error)) return hold('budget', spec, testCase, 'the request budget ran out while reading what it names');
        throw error;
      }
      const what = describeNamedResource(plan.resource);
      const sent = (readShowed: SentDelete['readShowed'], evidence: string, extra: Omit<Pending, 'release' | 'resource'>): 'send' => {
        deletes.push({ operation: spec.operation, resource: plan.resource, readShowed, evidence, at: now().toISOString() });
        pending.set(testCase, { release, resource: plan.resource, ...extra });
        return 'send';
      };
      if (read.status === 'absent') {
        // A read that lags behind a put (a service that is eventually consistent) or drops items shows absent what is there.
        const atStart = heldAtStart(plan.resource, options.known);
        // A token this run deleted for good (as --allow-token-delete allowed) is absent for that reason, and no put brings it
        // back: a delete naming it again deletes nothing. Anything else absent now but held at the start is not trusted.
        const deletedForGoodByRun = unrestorable.some((sent) => sent.resource.organizationId === plan.resource.organizationId && sent.resource.kind === plan.resource.kind && sameKeys(sent.resource.keys, plan.resource.keys));
        if (atStart !== undefined && !deletedForGoodByRun) {
          release();
          return hold('changed', spec, testCase, `a read just before shows ${what} absent (${read.evidence}), but the read at the start showed it as ${atStart}`);
        }
        const elsewhere = heldElsewhere(plan.resource, options.known);
        if (elsewhere === undefined) return sent('absent', read.evidence, { snapshot: undefined, notRestorable: false, before: read.listing });
        release();
        return hold('existing', spec, testCase, `names ${what}, absent there, but as ${elsewhere}, which a server that ignored OrganizationId would delete instead`);
      }
      const allowed = options.allowedOrganizations.includes(plan.resource.organizationId);
      // Once something is left to put back (a put back failed, or a delete may still land), nothing else that exists is deleted.
      const lossOutstanding = owedPutBack();
      if (allowed && read.status === 'present' && lossOutstanding !== undefined) {
        release();
        return hold('afterRestoreFailed', spec, testCase, `would delete existing ${what}, but ${lossOutstanding.description} is left to put back (${lossOutstanding.status})`);
      }
      // What the delete names by names another organization's entities also have: a server that looked names up in every
      // organization would remove that one's record too, which no put back of this run covers.
      const twin = allowed && read.status === 'present' ? heldElsewhere(plan.resource, options.known) : undefined;
      if (twin !== undefined) {
        release();
        return hold('existing', spec, testCase, `would delete existing ${what}, and its values name ${twin} too, which a server that ignored OrganizationId would delete with it`);
      }
      if (allowed && read.status === 'present' && read.snapshot !== undefined) {
        const { organizationId, entity, permissions } = read.snapshot;
        const mirror = await readMirror(read.snapshot, plan.resource.keys['granteeId'] ?? '');
        destructiveSent = true;
        putBackPending(
          [...permissions, ...(mirror?.permissions ?? [])].map((permission, index) =>
            putMailboxPermissionsCommand(organizationId, index < permissions.length ? entity : (mirror?.entity ?? entity), permission.granteeId, permission.permissionValues, options.fixCommand),
          ),
        );
        return sent('present', read.evidence, { snapshot: read.snapshot, notRestorable: false, before: read.listing, mirror });
      }
      if (allowed && read.status === 'present' && options.deletableForGood(plan.resource)) return sent('present', read.evidence, { snapshot: undefined, notRestorable: true, before: read.listing });
      release();
      if (read.status === 'notVerifiable') return hold('notVerifiable', spec, testCase, `no read shows ${what} absent (${read.why})`);
      if (allowed) return hold('notRestorable', spec, testCase, `would delete existing ${what}, which no call can put back: name it with --allow-token-delete to allow it`);
      const modelExpectsDelete = expectation.outcomes.some((outcome) => outcome.kind === 'success' && outcome.effect !== undefined);
      return modelExpectsDelete
        ? hold('existing', spec, testCase, `would delete existing ${what} (${read.evidence}); needs --allow-destructive --allow-org ${plan.resource.organizationId}`)
        : hold('changed', spec, testCase, `present where the run expected none (changed since it read the organization, or absent from --fixture): ${read.evidence}`);
    },

    async afterSend(spec, testCase, observation, path) {
      const entry = pending.get(testCase);
      if (entry === undefined) return undefined;
      tagCalls(path === undefined ? undefined : { after: path });
      pending.delete(testCase);
      wrote();
      // Sent, and no answer came back: the target may have deleted, and may still delete after every read of this run.
      const unanswered = observation === undefined || observation.kind !== 'response';
      const succeeded = !unanswered && isSuccessAnswer(observation);
      const what = describeNamedResource(entry.resource);
      const nothingChanged = succeeded ? `nothing changed (${what} was absent just before the delete)` : 'nothing changed (an error answer deletes nothing)';
      /** What the reads showed of the delete's effect: a difference for each record it removed and did not name. */
      const effect = (expected: string, unnamed: readonly string[], notSeen = false, putBack = false): EffectComparison | undefined => {
        if (unnamed.length > 0) sawUnnamedRemoved(spec, testCase, unnamed);
        if (unanswered) return undefined;
        const differences = unnamed.map((text) => `${text} is gone, which the delete did not name (read just before and just after it, and again within ${options.settle.windowMs} ms)`);
        return { expected, differences, ...(notSeen && differences.length === 0 ? { effectNotRead: true } : {}), ...(putBack ? { putBack: true } : {}) };
      };
      try {
        if (entry.snapshot !== undefined) {
          const answer = unanswered ? 'unanswered' : succeeded ? 'success' : 'refused';
          const { removed, seenDone, unnamed, allPutBack } = await putBack(entry.snapshot, spec, testCase, answer, entry.resource.keys['granteeId'] ?? '');
          if (unanswered || !seenDone) noteMayStillLand(entry.snapshot, removed, spec, testCase, observation as Observation);
          const entity = entry.snapshot.entity;
          // What it removed on the grantee's own mailbox (the mirror permission) is put back as its loss too; not after no answer,
          // which may still land: the end comparison reads that.
          const mirrorGone = entry.mirror === undefined || unanswered ? [] : await putBackMirror(entry.mirror, spec, testCase);
          const texts = [...unnamed.map((permission) => `the mailbox permission of ${permission.granteeId} on ${entity} (${permission.permissionValues.join(' ')})`), ...mirrorGone];
          // Seen done and put back, the permission is where it was: the run's model keeps it.
          return effect(succeeded ? `exactly ${what} is gone, and nothing else on the mailbox of ${entity} changed` : nothingChanged, texts, succeeded && !seenDone, succeeded && seenDone && allPutBack);
        }
        if (entry.notRestorable) {
          const readAfter = () => readNamedResource(options.restoreApi, entry.resource, options.known).catch(() => undefined);
          let after = await readAfter();
          if (after?.status === 'present' && succeeded) {
            // A read may lag behind the delete: one that still shows the token proves nothing yet.
            const settled = await readAgainUntil(after, readAfter, (again) => (again === undefined ? 'stop' : again.status === 'absent' ? 'settled' : 'readAgain'), options.settle);
            after = settled.read ?? after;
          }
          if (after?.status === 'absent') {
            const sent = deletes.findLast((candidate) => candidate.resource === entry.resource);
            if (sent !== undefined) unrestorable.push(sent);
            changes.push({
              organizationId: entry.resource.organizationId,
              resource: entry.resource.kind,
              description: `${what}, deleted by ${spec.operation} ${caseBodyText(testCase)} (named by --allow-token-delete; no call puts it back)`,
              status: 'notRestorable',
              fixCommand: undefined,
            });
          }
          const namedKey = (entry.resource.keys['id'] ?? '').toLowerCase();
          const unnamed = entry.before === undefined ? undefined : await goneUnnamed(entry.before, (record) => !succeeded || record.key !== namedKey);
          if (unnamed === undefined) return undefined;
          return effect(succeeded ? `exactly ${what} is gone, and no other token of the organization changed` : nothingChanged, unnamed.map((record) => record.text), succeeded && after?.status !== 'absent');
        }
        // A delete of something absent: whatever the read just before listed of its part must still be there after it.
        if (entry.before === undefined) return undefined;
        const unnamed = await goneUnnamed(entry.before, () => true);
        return unnamed === undefined ? undefined : effect(nothingChanged, unnamed.map((record) => record.text));
      } finally {
        if (entry.snapshot !== undefined) putBackPending([]);
        entry.release();
      }
    },

    heldBack: () => [...held.values()],
    deletes,
    changes,
    unrestorable,
    keptCommands,
    mayStillLandGroups,
    seenLate,
    readAgainUntil,
    lastWriteAt: () => lastWriteAt,
    owedPutBack,
    owedPutBackOf,
    sentDestructive: () => destructiveSent,
  };
}

/** Whether two named resources' keys are the same, IDs compared without letter case (as WorkMail compares them). */
function sameKeys(left: Readonly<Record<string, string>>, right: Readonly<Record<string, string>>): boolean {
  const fields = Object.keys(left);
  return fields.length === Object.keys(right).length && fields.every((field) => left[field]?.toLowerCase() === right[field]?.toLowerCase());
}
