import type { AwsCredentialIdentity, AwsCredentialIdentityProvider } from '@smithy/types';
import { ConfigError } from '../config-error.ts';
import type { Entity, Fixture } from '../fixture/fixture-schema.ts';
import type { ConformanceReport, EndComparison, LiveRunSection, OrganizationDifference, SentDelete, StateChangeSection } from '../report/conformance-report.ts';
import { runConformance, type RunOptions } from '../runner/run-conformance.ts';
import { defaultSemantics } from '../spec/constraints.ts';
import { loadCommonErrors } from '../spec/load-spec.ts';
import { checkEndpointReachable } from '../target/check-endpoint-reachable.ts';
import { createTarget, workMailEndpoint } from '../target/create-target.ts';
import { createGatedTarget } from './gated-target.ts';
import { resolveCredentials } from '../target/resolve-credentials.ts';
import { compareOrganizations, isLossByRun, type Difference } from './compare-organizations.ts';
import { createDeleteGuard } from './delete-guard.ts';
import { discoverOrganizations, type Discovery } from './discover-fixture.ts';
import { couldName } from './read-named-resource.ts';
import { createRequestGate } from './request-gate.ts';
import { transientErrorTypes } from './transient-errors.ts';
import { createWorkMailApi } from './work-mail-api.ts';

/** Options of {@link runLiveConformance}: where the service is, what to read, what may change, and the run's own options. */
export interface LiveRunOptions extends Omit<RunOptions, 'target' | 'fixture' | 'sendPolicy' | 'afterSend' | 'shouldStop'> {
  /** A stand-in's endpoint; the real service in `region` when absent. */
  readonly endpoint?: string;
  readonly region: string;
  /** Signing credentials; the AWS SDK's default provider chain (or `awsProfile`) when absent. */
  readonly credentials?: AwsCredentialIdentity | AwsCredentialIdentityProvider;
  readonly awsProfile?: string;
  readonly transport?: 'wire' | 'sdk';
  /** Organizations the run reads at the start and again at the end; those of `fixture` are read too. */
  readonly organizationIds?: readonly string[];
  /** What the user says the organizations hold: the oracle judges by it, but it proves nothing, so the run still reads them. */
  readonly fixture?: Fixture;
  /** Organizations where deletes of existing resources are allowed, each put back and verified; none by default. */
  readonly allowedOrganizations?: readonly string[];
  /** Requests per second at the most: 2 for the real service, 20 for a stand-in by default. */
  readonly maxRps?: number;
  /** Requests at the most, reads and retries included (restoring and the end read apart): 600 by default. */
  readonly maxRequests?: number;
  /** Retries of transient answers with backoff: 3 by default. */
  readonly retries?: number;
  /** Called with the read at the start, before any case is sent (the CLI's `--save-fixture`). */
  readonly onDiscovery?: (discovery: Discovery) => void;
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
 * Runs the conformance checks against the real WorkMail service (or a stand-in at `endpoint`) so that nothing is lost: it reads
 * the organizations first (read-only calls, every list to the end); every delete that names something that may exist is sent
 * only after a read just before it shows that thing absent, unless the organization is in `allowedOrganizations`, where each
 * delete is read before, read after, put back and verified; at the end it reads the organizations again and compares them, by
 * content, with the read at the start. Rate-limited, budgeted, transient answers retried with backoff.
 *
 * @example
 * const report = await runLiveConformance({ region: 'us-east-1', organizationIds: ['m-0123…'] });
 * report.live.endComparison.unchanged; // true: the organization is as the run found it
 */
export async function runLiveConformance(options: LiveRunOptions): Promise<LiveConformanceReport> {
  const { endpoint, region, fixture: userFixture, onDiscovery } = options;
  const allowed = options.allowedOrganizations ?? [];
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
  const maxRps = options.maxRps ?? (endpoint === undefined ? 2 : 20);
  const maxRequests = options.maxRequests ?? 600;
  const retries = options.retries ?? 3;
  const gate = createRequestGate({ maxPerSecond: maxRps, maxRequests, retries });
  // Restoring and the end read are never held back by the budget: they are what makes the run safe.
  const restoreGate = createRequestGate({ maxPerSecond: maxRps, maxRequests: undefined, retries, limiter: gate.limiter });
  const transientTypes = transientErrorTypes(options.commonErrors ?? loadCommonErrors());
  const apiOptions = { region, endpoint, credentials, transientTypes };
  const api = createWorkMailApi({ ...apiOptions, gate });
  const restoreApi = createWorkMailApi({ ...apiOptions, gate: restoreGate });

  const serviceEndpoint = endpoint ?? workMailEndpoint(region);
  const problem = await checkEndpointReachable(serviceEndpoint, Math.min(options.timeoutMs ?? 10_000, 5_000));
  if (problem !== undefined) throw new ConfigError(problem);

  const start = await discoverOrganizations(api, organizationIds);
  onDiscovery?.(start);
  const known = [start.fixture, ...(userFixture === undefined ? [] : [userFixture])];
  const guard = createDeleteGuard({
    api,
    restoreApi,
    known,
    semantics: options.semantics ?? defaultSemantics,
    allowedOrganizations: allowed,
    userFixture,
    fixCommand: { region, endpoint },
    canAfford: () => gate.budget.canStart(2 * (gate.retries + 1)),
  });
  const resolved = endpoint === undefined ? ({ kind: 'aws', region } as const) : ({ kind: 'endpoint', endpoint, region } as const);
  const target = createGatedTarget(
    await createTarget(resolved, { transport: options.transport ?? 'wire', credentials, ...(options.awsProfile === undefined ? {} : { awsProfile: options.awsProfile }) }),
    gate,
    transientTypes,
  );
  let report: ConformanceReport;
  try {
    report = await runConformance({
      ...options,
      numRuns: options.numRuns ?? 10,
      coverage: options.coverage ?? 'compact',
      maxShrinkRequests: options.maxShrinkRequests ?? 20,
      target,
      fixture: userFixture ?? start.fixture,
      sendPolicy: guard.beforeSend,
      afterSend: guard.afterSend,
      shouldStop: () => gate.stopReason(),
      // Reads after deletes would spend the budget; the end comparison reads the organizations instead.
      readEffects: false,
      // The stateful phase puts and deletes at will: not in a live run (its guard reads before each delete, not before each put).
      stateSequencesOff:
        allowed.length === 0
          ? 'a live run changes no state unless --allow-destructive --allow-org'
          : 'not run against a live service yet: its sequences put and delete at will, and the tokens they delete cannot be put back',
    });
  } finally {
    await target.close();
  }

  const end = await discoverOrganizations(restoreApi, organizationIds);
  const compared = compareOrganizations(start.fixture, end.fixture);
  const reads = [start.fixture, end.fixture];
  const differences: OrganizationDifference[] = compared.differences.map((difference) => {
    const { keys: _keys, ...shown } = difference;
    return {
      ...shown,
      namedByRun: namedBy(difference, guard.deletes, reads),
      allowedLoss: difference.change === 'removed' && namedBy(difference, guard.unrestorable, reads).length > 0,
    };
  });
  const endComparison: EndComparison = {
    organizations: organizationIds,
    unchanged: differences.length === 0,
    differences,
    notCompared: compared.notCompared,
  };
  for (const [reason, count] of Object.entries(restoreGate.transient.byReason)) gate.transient.byReason[reason] = (gate.transient.byReason[reason] ?? 0) + count;
  const heldBackByReason = guard.heldBack();
  const stateChanges: StateChangeSection | undefined =
    allowed.length === 0
      ? undefined
      : {
          organizations: allowed,
          changes: guard.changes,
          verified: guard.changes.every((change) => change.status !== 'restoreFailed') && !differences.some(isLossByRun),
        };
  return {
    ...report,
    live: {
      mode: allowed.length === 0 ? 'safe' : 'destructive',
      allowedOrganizations: allowed,
      maxRps,
      maxRequests,
      requestsSent: gate.budget.used + restoreGate.budget.used,
      heldBack: heldBackByReason.reduce((sum, tally) => sum + tally.count, 0),
      heldBackByReason,
      fixtureSource: userFixture !== undefined ? 'the fixture given (--fixture); the run read the organizations too' : organizationIds.length > 0 ? `read at the start (${organizationIds.join(', ')})` : 'none: only what fresh random IDs imply is known',
      gaps: start.gaps,
      guardedDeletes: guard.deletes,
      endComparison,
      transient: { retried: gate.transient.retried + restoreGate.transient.retried, persisted: gate.transient.persisted + restoreGate.transient.persisted, byReason: gate.transient.byReason },
    },
    ...(stateChanges === undefined ? {} : { stateChanges }),
  };
}
