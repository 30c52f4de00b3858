import { afterEach, describe, expect, it } from 'vitest';
import { createWorkMailMock } from '../../src/mock/create-work-mail-mock.ts';
import { demoFixture, demoIds } from '../../src/mock/demo-fixture.ts';
import { loadOperationSpecs } from '../../src/spec/load-spec.ts';
import { createHandlerTarget } from '../../src/target/handler-target.ts';
import { runWithinDeadline, suiteRunTimeoutMs } from '../../src/vitest/describe-conformance.ts';
import { startStandIn, testCredentials, type StandIn } from '../live/helpers/stand-in-server.ts';

// A test runner's timeout must never leave a live run between a delete and its put back: the suite's run stops itself first.

let standIn: StandIn | undefined;
afterEach(async () => {
  await standIn?.close();
  standIn = undefined;
});

const specs = loadOperationSpecs();
const organizationId = demoIds.organizationId;

describe('the run of a describeConformance suite', () => {
  it('stops softly at runTimeoutMs: a destructive live run puts back what it deleted and reads the organization again', async () => {
    // Once the run has deleted an existing permission (well within 3 s), each answer takes 100 ms: the run, about 200
    // requests more, is still going when its time is up.
    standIn = await startStandIn({
      rewrite: async (_request, response) => ((standIn?.removals.length ?? 0) === 0 ? response : new Promise((resolve) => setTimeout(() => resolve(response), 100))),
    });
    const before = standIn.mock.state.toFixture();
    const live = { endpoint: standIn.url, region: 'us-east-1', credentials: testCredentials, maxRps: 5000, maxRequests: 5000, organizationIds: [organizationId], allowedOrganizations: [organizationId] };

    const report = await runWithinDeadline({ live, seed: 4, runTimeoutMs: 3000 }, specs);

    expect(report.summary.incomplete).toBe('the run took longer than runTimeoutMs (3000 ms) and stopped there');
    expect(standIn.removals.length).toBeGreaterThan(0);
    expect(report.stateChanges?.verified).toBe(true);
    expect(report.live?.endComparison.unchanged).toBe(true);
    const byContent = (fixture: typeof before) => fixture.organizations.map((organization) => [...organization.mailboxPermissions].map((permission) => JSON.stringify(permission)).sort());
    expect(byContent(standIn.mock.state.toFixture())).toEqual(byContent(before));
  });

  it('ends complete when it ends in time, and stops at the caller’s own signal too', async () => {
    const target = () => createHandlerTarget(createWorkMailMock({ fixture: demoFixture }).handle);
    const stopped = new AbortController();
    stopped.abort('stopped by the caller');

    const inTime = await runWithinDeadline({ target, fixture: demoFixture, numRuns: 5, seed: 4 }, specs);
    const byCaller = await runWithinDeadline({ target, fixture: demoFixture, numRuns: 5, seed: 4, signal: stopped.signal }, specs);

    expect(inTime.summary.incomplete).toBeUndefined();
    expect(byCaller.summary.incomplete).toBe('stopped by the caller');
  });
});

describe('the time a suite gives its run by default', () => {
  it('is 120 s, and for a live run at least twice what its budget takes at its rate', () => {
    const target = () => createHandlerTarget(createWorkMailMock().handle);

    expect(suiteRunTimeoutMs({ target })).toBe(120_000);
    expect(suiteRunTimeoutMs({ target, runTimeoutMs: 5_000 })).toBe(5_000);
    // The real service: 600 requests at 2 a second.
    expect(suiteRunTimeoutMs({ live: { region: 'us-east-1' } })).toBe(600_000);
    expect(suiteRunTimeoutMs({ live: { region: 'us-east-1', endpoint: 'https://workmail.us-east-1.amazonaws.com' } })).toBe(600_000);
    // A stand-in at 20 a second would take 60 s: the floor of 120 s holds.
    expect(suiteRunTimeoutMs({ live: { region: 'us-east-1', endpoint: 'http://127.0.0.1:4566' } })).toBe(120_000);
    expect(suiteRunTimeoutMs({ live: { region: 'us-east-1', maxRequests: 3_000, maxRps: 1 } })).toBe(6_000_000);
    expect(suiteRunTimeoutMs({ live: { region: 'us-east-1', maxRps: 0 } })).toBe(120_000);
  });
});
