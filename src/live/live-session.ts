import type { AwsCredentialIdentity, AwsCredentialIdentityProvider } from '@smithy/types';
import { ConfigError } from '../config-error.ts';
import type { Entity, Fixture } from '../fixture/fixture-schema.ts';
import type { Case } from '../cases/case.ts';
import type { Expectation } from '../model/outcome.ts';
import type { EffectComparison } from '../checks/check.ts';
import type { Observation } from '../observation/observation.ts';
import { defaultLiveSettleMs, readUntilSettled, type SettleWindow } from '../observation/read-until-settled.ts';
import { systemClock } from '../clock.ts';
import type { ConformanceReport, EndComparison, LiveRunSection, OrganizationDifference, SentDelete, StateChange, StateChangeSection } from '../report/conformance-report.ts';
import { defaultSemantics, type ConstraintSemantics } from '../spec/constraints.ts';
import { loadCommonErrors } from '../spec/load-spec.ts';
import type { CommonErrors, OperationSpec } from '../spec/spec-schema.ts';
import type { Target } from '../target/target.ts';
import { checkEndpointReachable } from '../target/check-endpoint-reachable.ts';
import { parseEndpoint, reachesRealService } from '../target/describe-endpoint.ts';
import { createTarget, workMailEndpoint } from '../target/create-target.ts';
import { createGatedTarget } from './gated-target.ts';
import { resolveCredentials } from '../target/resolve-credentials.ts';
import { compareOrganizations, type Difference } from './compare-organizations.ts';
import { isLeftToPutBack, isLoss, mayStillLand } from '../report/live-safety-problems.ts';
import { createDeleteGuard, putMailboxPermissionsCommand, type DeleteGuard, type FixCommandContext } from './delete-guard.ts';
import { discoverOrganizations, type Discovery } from './discover-fixture.ts';
import { couldName } from './read-named-resource.ts';
import { createRequestGate, type RequestGate } from './request-gate.ts';
import { transientErrorTypes } from './transient-errors.ts';
import { createWorkMailApi, type WorkMailApi } from './work-mail-api.ts';
import type { SupportingRequest } from '../target/supporting-request.ts';

/** A live run's own options (`runConformance({ live })`): where the service is, what to read, and what may change. */
export interface LiveOptions {
  /** A stand-in's endpoint; the real service in `region` when absent. */
  readonly endpoint?: string | undefined;
  readonly region: string;
  /** Signing credentials; the AWS SDK's default provider chain (or `awsProfile`) when absent. */
  readonly credentials?: AwsCredentialIdentity | AwsCredentialIdentityProvider | undefined;
  readonly awsProfile?: string | undefined;
  readonly transport?: 'wire' | 'sdk' | undefined;
  /** Organizations the run reads at the start and again at the end; those of the run's `fixture` are read too. */
  readonly organizationIds?: readonly string[] | undefined;
  /** Organizations where deletes of existing resources are allowed, each put back and verified; none by default. */
  readonly allowedOrganizations?: readonly string[] | undefined;
  /**
   * Personal access tokens (by ID) that a destructive run may delete for good in an allowed organization: no call creates or
   * puts back a token, so each must be named here (the CLI's `--allow-token-delete`); a token the run's fixture lists is not
   * enough. None by default.
   */
  readonly deletableTokens?: readonly string[] | undefined;
  /** Requests per second at the most: 2 for the real service (an AWS host), 20 for a stand-in by default. */
  readonly maxRps?: number | undefined;
  /** Requests at the most, reads and retries included (restoring and the end read apart): 600 by default. */
  readonly maxRequests?: number | undefined;
  /** Retries of transient answers with backoff: 3 by default. */
  readonly retries?: number | undefined;
  /** Called with the read at the start, before any case is sent (the CLI's `--save-fixture`). */
  readonly onDiscovery?: ((discovery: Discovery) => void) | undefined;
  /**
   * In a destructive run, called before each delete of something present with the AWS CLI commands that put back by hand
   * what it may remove, and with `[]` once the run has put it back: what to print if the process must end at once (the CLI's
   * second Ctrl-C). A run that ends normally puts everything back itself.
   */
  readonly onPutBackPending?: ((fixCommands: readonly string[]) => void) | undefined;
  /**
   * Called when a run that owes a put back cannot read the organizations at its end and starts reading them again, for up
   * to 2 minutes, with why: what to print, so that the wait does not look like a hang.
   */
  readonly onEndReadWait?: ((why: string) => void) | undefined;
}

/** What a live session takes of the run's own options. */
export interface LiveRunContext {
  /** What the user says the organizations hold: the oracle judges by it, but it proves nothing, so the run still reads them. */
  readonly fixture?: Fixture | undefined;
  readonly semantics?: ConstraintSemantics | undefined;
  readonly commonErrors?: CommonErrors | undefined;
  readonly timeoutMs?: number | undefined;
  /**
   * Milliseconds a read may lag behind a delete or a put (a service that is eventually consistent): a read that does not
   * show a put back yet, or an end read that differs from the start, is read again for up to this long. 10 000 by default.
   */
  readonly settleMs?: number | undefined;
  /** Hears each read and put back the session sends, with its answer (see `RunOptions.onRequest`). */
  readonly onRequest?: ((request: SupportingRequest) => void) | undefined;
}

/**
 * A live run between its read at the start and its read at the end: the gated target to send to, the fixture to judge by,
 * the hooks that check before each delete, and `finish`, which reads the organizations again and adds the live sections.
 */
export interface LiveSession {
  readonly target: Target;
  readonly fixture: Fixture;
  readonly sendPolicy: (spec: OperationSpec, testCase: Case, expectation: Expectation, path?: string) => Promise<'send' | 'skip'>;
  readonly afterSend: (spec: OperationSpec, testCase: Case, observation: Observation | undefined, path?: string) => Promise<EffectComparison | undefined>;
  readonly shouldStop: () => string | undefined;
  /** Why the run's stateful phase does not run in this session. */
  readonly stateSequencesOff: string;
  /** Reads the organizations again, compares them with the start, and returns the report with its live sections. */
  finish(report: ConformanceReport): Promise<LiveConformanceReport>;
}

/** A live run's report: the conformance report with its `live` section (and `stateChanges` when destructive) filled in. */
export type LiveConformanceReport = ConformanceReport & { readonly live: LiveRunSection };

function entitiesIn(fixtures: readonly Fixture[], organizationId: string): Entity[] {
  return fixtures.flatMap((fixture) => fixture.organizations.filter((organization) => organization.id === organizationId).flatMap((organization) => organization.entities));
}

/** The guarded deletes of this run that named a difference: by the same organization, and values that could name its keys. */
function namedBy(difference: Difference, deletes: readonly SentDelete[], reads: readonly Fixture[]): string[] {
  const entities = entitiesIn(reads, difference.organizationId);
  return deletes
    .filter((sent) => sent.resource.organizationId === difference.organizationId && sent.resource.kind === difference.resource)
    .filter((sent) =>
      Object.entries(difference.keys).every(([field, id]) => {
        const value = sent.resource.keys[field];
        return value !== undefined && (field === 'id' ? value.toLowerCase() === id.toLowerCase() : couldName(value, id, entities));
      }),
    )
    .map((sent) => `${sent.at} ${sent.operation} ${Object.entries(sent.resource.keys).map(([field, value]) => `${field}=${value}`).join(' ')}, sent after a read showed it ${sent.readShowed} (${sent.evidence})`);
}


/**
 * The rate and the request budget a live run keeps to: those given, else 2 requests per second for the real service (no
 * endpoint, or one on an AWS host) and 20 for a stand-in, and 600 requests.
 *
 * @example
 * liveLimits({ region: 'us-east-1' }); // { maxRps: 2, maxRequests: 600 }
 * liveLimits({ endpoint: 'http://127.0.0.1:4566', maxRequests: 100 }); // { maxRps: 20, maxRequests: 100 }
 */
export function liveLimits(options: Pick<LiveOptions, 'endpoint' | 'maxRps' | 'maxRequests'>): { readonly maxRps: number; readonly maxRequests: number } {
  const { endpoint } = options;
  return {
    maxRps: options.maxRps ?? (reachesRealService(endpoint === undefined ? undefined : parseEndpoint(endpoint, 'runConformance: live.endpoint')) ? 2 : 20),
    maxRequests: options.maxRequests ?? 600,
  };
}

/**
 * Opens a live run against the real WorkMail service (or a stand-in at `endpoint`) so that nothing is lost: it reads the
 * organizations first (read-only calls, every list to the end); the session's `sendPolicy` sends a delete that names something
 * that may exist only after a read just before it shows that thing absent, unless the organization is in
 * `allowedOrganizations`, where each delete is read before, read after, put back and verified (`afterSend`); `finish` reads the
 * organizations again and compares them, by content, with the read at the start. Rate-limited, budgeted, transient answers
 * retried with backoff. `runConformance({ live })` is how a run uses it.
 *
 * @example
 * const session = await openLiveSession({ region: 'us-east-1', organizationIds: ['m-0123…'] }, {});
 * // … send cases to session.target through session.sendPolicy and session.afterSend …
 * const report = await session.finish(engineReport);
 * report.live.endComparison.unchanged; // true: the organization is as the run found it
 */
export async function openLiveSession(options: LiveOptions, context: LiveRunContext): Promise<LiveSession> {
  const { endpoint, region, onDiscovery } = options;
  const userFixture = context.fixture;
  const allowed = options.allowedOrganizations ?? [];
  const deletableTokens = new Set(options.deletableTokens ?? []);
  if (deletableTokens.size > 0 && allowed.length === 0) throw new ConfigError('deletableTokens: a token is deleted only in a destructive run: give allowedOrganizations too');
  const organizationIds = [...new Set([...(options.organizationIds ?? []), ...(userFixture?.organizations.map((organization) => organization.id) ?? [])])];
  for (const organizationId of allowed) {
    if (!organizationIds.includes(organizationId)) {
      throw new ConfigError(`allowedOrganizations: ${organizationId} is not among the organizations the run reads (name it with organizationIds / --organization-id, or in the fixture)`);
    }
  }
  const credentials = resolveCredentials({
    ...(endpoint === undefined ? {} : { endpoint }),
    ...(options.awsProfile === undefined ? {} : { awsProfile: options.awsProfile }),
    ...(options.credentials === undefined ? {} : { credentials: options.credentials }),
  });
  const { maxRps, maxRequests } = liveLimits(options);
  const retries = options.retries ?? 3;
  const settle = { windowMs: context.settleMs ?? defaultLiveSettleMs };
  const gate = createRequestGate({ maxPerSecond: maxRps, maxRequests, retries });
  // Restoring and the end read are never held back by the budget: they are what makes the run safe.
  const restoreGate = createRequestGate({ maxPerSecond: maxRps, maxRequests: undefined, retries, limiter: gate.limiter });
  const transientTypes = transientErrorTypes(context.commonErrors ?? loadCommonErrors());
  const apiOptions = { region, endpoint, credentials, transientTypes, onRequest: context.onRequest };
  const api = createWorkMailApi({ ...apiOptions, gate });
  const restoreApi = createWorkMailApi({ ...apiOptions, gate: restoreGate });

  const serviceEndpoint = endpoint ?? workMailEndpoint(region);
  const problem = await checkEndpointReachable(serviceEndpoint, Math.min(context.timeoutMs ?? 10_000, 5_000));
  if (problem !== undefined) throw new ConfigError(endpoint === undefined ? problem : `live.endpoint: ${problem}`);

  const start = await discoverOrganizations(api, organizationIds);
  // A token named to be deleted that no organization read holds is a typo, or the wrong organization: said before any delete.
  for (const id of deletableTokens) {
    const held = start.fixture.organizations.some(
      (organization) => organization.listed?.personalAccessTokens === false || organization.personalAccessTokens.some((token) => token.id.toLowerCase() === id.toLowerCase()),
    );
    if (!held) throw new ConfigError(`deletableTokens (--allow-token-delete): ${id} is no token of the organizations read (${organizationIds.join(', ')}); check the ID`);
  }
  onDiscovery?.(start);
  const known = [start.fixture, ...(userFixture === undefined ? [] : [userFixture])];
  // What puts back every mailbox permission the start read found where the run may change it: the journal's last resort.
  // Not those on the mailbox of a DELETED entity: its permissions cannot be deleted (EntityStateException) nor put back, so
  // such a command would only fail (a delete of one that went through anyway keeps its own command, as every delete does).
  const everyPutBack = start.fixture.organizations
    .filter((organization) => allowed.includes(organization.id))
    .flatMap((organization) => {
      const deleted = new Set(organization.entities.filter((entity) => entity.state === 'DELETED').map((entity) => entity.id));
      return organization.mailboxPermissions
        .filter((permission) => !deleted.has(permission.entityId))
        .map((permission) => putMailboxPermissionsCommand(organization.id, permission.entityId, permission.granteeId, permission.permissionValues, { region, endpoint }));
    });
  const guard = createDeleteGuard({
    api,
    restoreApi,
    known,
    semantics: context.semantics ?? defaultSemantics,
    allowedOrganizations: allowed,
    deletableForGood: (resource) => resource.kind === 'personalAccessToken' && deletableTokens.has(resource.keys['id'] ?? ''),
    fixCommand: { region, endpoint },
    settle,
    canAfford: () => gate.budget.canStart(2 * (gate.retries + 1)),
    ...(options.onPutBackPending === undefined ? {} : { onPutBackPending: options.onPutBackPending }),
    everyPutBack,
  });
  const resolved = endpoint === undefined ? ({ kind: 'aws', region } as const) : ({ kind: 'endpoint', endpoint, region } as const);
  const target = createGatedTarget(
    await createTarget(resolved, { transport: options.transport ?? 'wire', credentials, ...(options.awsProfile === undefined ? {} : { awsProfile: options.awsProfile }) }),
    gate,
    transientTypes,
  );
  return {
    target,
    fixture: userFixture ?? start.fixture,
    sendPolicy: guard.beforeSend,
    afterSend: guard.afterSend,
    shouldStop: () => gate.stopReason(),
    // The stateful phase puts and deletes at will: not in a live run (its guard reads before each delete, not before each put).
    stateSequencesOff:
      allowed.length === 0
        ? 'a live run changes no state unless --allow-destructive --allow-org'
        : 'not run against a live service yet: its sequences put and delete at will, and the tokens they delete cannot be put back',
    finish: async (report) => {
      const finished = await finishLiveRun(report, { start, organizationIds, allowed, userFixture, guard, gate, restoreGate, restoreApi, maxRps, maxRequests, fixCommand: { region, endpoint }, settle, onEndReadWait: options.onEndReadWait });
      // What is still to put back by hand stays where a user who quits finds it (the journal): a failed restore, a delete
      // that got no answer; nothing once every delete was put back and verified.
      const stillPending = (finished.stateChanges?.changes ?? []).filter(isLeftToPutBack);
      const commands = [...new Set(stillPending.flatMap((change) => (change.fixCommand === undefined ? [] : [change.fixCommand])))];
      // After a delete of something present, every permission read at the start stays pending until the end read has read
      // the organizations whole: where it could not (a failed read, parts it could not list), they stay in the journal. Where
      // it did, the report names each loss with its command, and the journal keeps only what the run owes.
      const endReadWhole = finished.live.endComparison.readFailed === undefined && (finished.live.endComparison.unreadAtEnd ?? []).length === 0;
      if (guard.sentDestructive()) options.onPutBackPending?.(endReadWhole ? commands : [...new Set([...commands, ...everyPutBack])]);
      else if (stillPending.length > 0 || guard.keptCommands.length > 0) options.onPutBackPending?.(commands);
      return finished;
    },
  };
}

/** What {@link finishLiveRun} needs of the session. */
interface LiveRunState {
  readonly start: Discovery;
  readonly organizationIds: readonly string[];
  readonly allowed: readonly string[];
  readonly userFixture: Fixture | undefined;
  readonly guard: DeleteGuard;
  readonly gate: RequestGate;
  readonly restoreGate: RequestGate;
  readonly restoreApi: WorkMailApi;
  readonly maxRps: number;
  readonly maxRequests: number;
  readonly fixCommand: FixCommandContext;
  readonly settle: SettleWindow;
  readonly onEndReadWait: ((why: string) => void) | undefined;
}

/** A mailbox permission the end comparison shows removed or changed, with the values the read at the start showed. */
interface LostPermission {
  readonly organizationId: string;
  readonly entityId: string;
  readonly granteeId: string;
  readonly permissionValues: readonly string[];
}

function lostPermission(difference: Difference, start: Fixture): LostPermission | undefined {
  if (difference.resource !== 'mailboxPermission' || difference.change === 'added') return undefined;
  const { entityId, granteeId } = difference.keys;
  const organization = start.organizations.find((candidate) => candidate.id === difference.organizationId);
  const held = organization?.mailboxPermissions.find((permission) => permission.entityId === entityId && permission.granteeId === granteeId);
  if (held === undefined || entityId === undefined || granteeId === undefined) return undefined;
  return { organizationId: difference.organizationId, entityId, granteeId, permissionValues: held.permissionValues };
}

/** The command that puts back a mailbox permission removed or changed since the read at the start, as that read showed it. */
function putBackCommand(difference: Difference, start: Fixture, context: FixCommandContext): string | undefined {
  const lost = lostPermission(difference, start);
  return lost === undefined ? undefined : putMailboxPermissionsCommand(lost.organizationId, lost.entityId, lost.granteeId, lost.permissionValues, context);
}

/** How long a run that owes a put back keeps trying to read the organizations at its end. */
const endReadPatienceMs = 120_000;

/**
 * Reads the organizations again and compares them by content with the start. In an organization the run may change, a
 * mailbox permission the run still owes a put back (a restore that failed mid-run, a delete that may have landed unseen)
 * that the comparison shows lost is put back as the start read showed it, and the organizations are read and compared once
 * more: a destructive run puts back what it removed, and proves it. A loss it owes nothing for is reported, never undone:
 * it may be a change someone else made during the run. Then adds the live sections to the report.
 */
async function finishLiveRun(report: ConformanceReport, state: LiveRunState): Promise<LiveConformanceReport> {
  const { start, organizationIds, guard, restoreApi, allowed } = state;
  const readEnd = async (): Promise<Discovery | string> => {
    try {
      return await discoverOrganizations(restoreApi, organizationIds);
    } catch (error) {
      return error instanceof Error ? error.message : String(error);
    }
  };
  // A read made at once could show the organization as it was before the run's last writes, whether or not a read has been
  // seen to lag yet (a delete of something read absent, which a tolerant service applies to something else, is read back
  // by no one but this read): the end read waits out the window after the last write, so that no stale read passes for proof.
  const lastWrite = guard.lastWriteAt();
  if (lastWrite !== undefined) await systemClock.sleep(lastWrite + state.settle.windowMs - performance.now());
  let end = await readEnd();
  // A run that owes a put back (a restore that failed while the target was away) keeps trying to read the organizations,
  // and so to put back, for a while: a short outage must cost coverage, not a permission.
  if (typeof end === 'string' && guard.owedPutBack() !== undefined) {
    state.onEndReadWait?.(`the organizations could not be read at the end (${end}), and a put back is owed: reading them again for up to ${endReadPatienceMs / 60_000} minutes`);
    // Read again, with growing pauses, until a read succeeds (a failed read is no lag: readUntilSettled, not the guard's).
    end = (await readUntilSettled<Discovery | string>(end, readEnd, (again) => (typeof again === 'string' ? 'readAgain' : 'settled'), { windowMs: endReadPatienceMs })).read;
  }
  // The run is over and what it deleted was put back, each read back: its report must not be lost to a failed last read.
  if (typeof end === 'string') return liveReport(report, state, { organizations: organizationIds, unchanged: false, differences: [], notCompared: [], readFailed: end });
  // Only the tokens the user let the run delete for good may be gone; anything else may be a read lagging behind the run's
  // last puts (a service that is eventually consistent): read again before calling it a change.
  const onlyAllowedLosses = (read: Discovery) =>
    compareOrganizations(start.fixture, read.fixture).differences.every((difference) => difference.change === 'removed' && namedBy(difference, guard.unrestorable, [start.fixture, read.fixture]).length > 0);
  if (!onlyAllowedLosses(end)) {
    const settled = await guard.readAgainUntil<Discovery | string>(end, readEnd, (again) => (typeof again === 'string' ? 'stop' : onlyAllowedLosses(again) ? 'settled' : 'readAgain'), state.settle);
    if (typeof settled.read !== 'string') end = settled.read;
  }
  let compared = compareOrganizations(start.fixture, end.fixture);
  /** The commands of the put backs the run owed (restores that failed, deletes that may have landed unseen) that the end put back and read back. */
  const owedPutBackAtEnd = new Set<string>();
  // Only what the run owes is put back: a loss no put back of the run is owed for may be a change someone else made during
  // the run (a permission revoked, or given other values), which a put back would undo. It is reported, with its command.
  const owed = compared.differences
    .map((difference) => lostPermission(difference, start.fixture))
    .flatMap((permission) => {
      if (permission === undefined || !allowed.includes(permission.organizationId)) return [];
      const change = guard.owedPutBackOf({ organizationId: permission.organizationId, entity: permission.entityId, granteeId: permission.granteeId });
      return change?.fixCommand === undefined ? [] : [{ permission, fixCommand: change.fixCommand }];
    });
  if (owed.length > 0) {
    for (const { permission } of owed) {
      try {
        await restoreApi.putMailboxPermissions(permission.organizationId, permission.entityId, permission.granteeId, permission.permissionValues);
      } catch {
        // Still owed: the read below shows it missing, and the change keeps its command.
      }
    }
    // The same wait after these puts, where reads lag: the read that verifies them must show them, not an older state.
    if (guard.seenLate.count > 0) await systemClock.sleep(state.settle.windowMs);
    end = await readEnd();
    if (typeof end === 'string') return liveReport(report, state, { organizations: organizationIds, unchanged: false, differences: [], notCompared: [], readFailed: end });
    compared = compareOrganizations(start.fixture, end.fixture);
    const still = compared.differences.map((difference) => lostPermission(difference, start.fixture));
    // A put back the run owed is that delete's change, which then says it was put back at the end. The run's put backs are
    // known by their commands, as in its journal; the change is found however its case named the mailbox (ID, name or email).
    for (const { permission, fixCommand } of owed) {
      const restored = !still.some((other) => other !== undefined && other.organizationId === permission.organizationId && other.entityId === permission.entityId && other.granteeId === permission.granteeId);
      if (restored) owedPutBackAtEnd.add(fixCommand);
    }
  }
  const reads = [start.fixture, end.fixture];
  const differences: OrganizationDifference[] = compared.differences.map((difference) => {
    const { keys: _keys, ...shown } = difference;
    const fixCommand = putBackCommand(difference, start.fixture, state.fixCommand);
    return {
      ...shown,
      namedByRun: namedBy(difference, guard.deletes, reads),
      allowedLoss: difference.change === 'removed' && namedBy(difference, guard.unrestorable, reads).length > 0,
      ...(fixCommand === undefined ? {} : { fixCommand }),
    };
  });
  const unreadAtEnd = compared.unreadAfter;
  return liveReport(
    report,
    state,
    { organizations: organizationIds, unchanged: differences.length === 0 && unreadAtEnd.length === 0, differences, notCompared: compared.notCompared, ...(unreadAtEnd.length === 0 ? {} : { unreadAtEnd }) },
    owedPutBackAtEnd,
  );
}

/** The report with its live sections, given the end comparison. */
function liveReport(report: ConformanceReport, state: LiveRunState, endComparison: EndComparison, owedPutBackAtEnd: ReadonlySet<string> = new Set()): LiveConformanceReport {
  const { start, organizationIds, allowed, userFixture, guard, gate, restoreGate, maxRps, maxRequests } = state;
  const { differences } = endComparison;
  for (const [reason, count] of Object.entries(restoreGate.transient.byReason)) gate.transient.byReason[reason] = (gate.transient.byReason[reason] ?? 0) + count;
  const heldBackByReason = guard.heldBack();
  // A restore that failed mid-run is put back at the end where the end's put back of it was read back, or where the end
  // comparison, after the run put back what it could, shows nothing lost in that organization any more.
  const intact = (organizationId: string) => endComparison.readFailed === undefined && !differences.some((difference) => difference.organizationId === organizationId && isLoss(difference));
  // A delete that may have landed unseen and that the end found done and put back has landed: it cannot land again, and the
  // other permissions of its mailbox, which it did not remove, are no longer at risk from it (they are no change of the run).
  const putBackAtEnd = (change: StateChange) => change.fixCommand !== undefined && owedPutBackAtEnd.has(change.fixCommand);
  const landed = new Set(guard.mayStillLandGroups.filter((group) => group.some((command) => owedPutBackAtEnd.has(command))).flat());
  const noLongerAtRisk = (change: StateChange) => mayStillLand(change) && change.fixCommand !== undefined && landed.has(change.fixCommand) && !putBackAtEnd(change);
  const changes: StateChange[] = [
    ...guard.changes.filter((change) => !noLongerAtRisk(change)).map((change): StateChange => {
      if (change.status === 'restoreFailed' && (putBackAtEnd(change) || intact(change.organizationId))) {
        return { ...change, status: 'restored', fixCommand: undefined, problem: `${change.problem ?? 'not put back'}; put back at the end` };
      }
      if (mayStillLand(change) && putBackAtEnd(change)) {
        const answer = change.status === 'unanswered' ? 'the delete got no answer' : 'the delete answered success, but no read during the run showed it done';
        return { ...change, status: 'restored', fixCommand: undefined, problem: `${answer}; the end comparison found it gone; put back at the end` };
      }
      return change;
    }),
  ];
  const stateChanges: StateChangeSection | undefined =
    allowed.length === 0
      ? undefined
      : {
          organizations: allowed,
          changes,
          verified:
            !changes.some(isLeftToPutBack) &&
            !differences.some(isLoss) &&
            !(endComparison.unreadAtEnd ?? []).some((part) => allowed.some((organizationId) => part.startsWith(`${organizationId}:`))),
        };
  // A live run reads no effect after each delete but compares the organizations at its end: its proof is that comparison.
  const { realDeleteNotReadBack: _readBackByTheEndComparison, ...summary } = report.summary;
  return {
    ...report,
    summary,
    live: {
      mode: allowed.length === 0 ? 'safe' : 'destructive',
      allowedOrganizations: allowed,
      maxRps,
      maxRequests,
      requestsSent: gate.budget.used + restoreGate.budget.used,
      requestsOutsideBudget: restoreGate.budget.used,
      heldBack: heldBackByReason.reduce((sum, tally) => sum + tally.count, 0),
      heldBackByReason,
      fixtureSource: userFixture !== undefined ? 'the fixture given (--fixture); the run read the organizations too' : organizationIds.length > 0 ? `read at the start (${organizationIds.join(', ')})` : 'none: only what fresh random IDs imply is known',
      gaps: start.gaps,
      guardedDeletes: guard.deletes,
      endComparison,
      transient: { retried: gate.transient.retried + restoreGate.transient.retried, persisted: gate.transient.persisted + restoreGate.transient.persisted, byReason: gate.transient.byReason },
      ...(guard.seenLate.count === 0 ? {} : { readsSeenLate: { ...guard.seenLate, windowMs: state.settle.windowMs } }),
    },
    ...(stateChanges === undefined ? {} : { stateChanges }),
  };
}
