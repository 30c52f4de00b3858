import { afterAll, describe, expect, it } from 'vitest';
import { isConfigError } from '../../src/config-error.ts';
import { createWorkMailMock } from '../../src/mock/create-work-mail-mock.ts';
import { demoIds } from '../../src/mock/demo-fixture.ts';
import { runConformance } from '../../src/runner/run-conformance.ts';
import { createHandlerTarget } from '../../src/target/handler-target.ts';
import { describeConformance } from '../../src/vitest/describe-conformance.ts';
import { startStandIn, testCredentials } from '../live/helpers/stand-in-server.ts';

// A stand-in for the real service (the reference mock behind SigV4, paging and throttling), started before the suite is declared.
const standIn = await startStandIn({ pageSizes: [1, 2], throttleEvery: 7 });
afterAll(() => standIn.close());

describeConformance('a live run from vitest against a stand-in', {
  live: { endpoint: standIn.url, region: 'us-east-1', credentials: testCredentials, maxRps: 5000, maxRequests: 3000, organizationIds: [demoIds.organizationId] },
  seed: 12,
});

describe('live options of runConformance', () => {
  it('refuses a target and live options together, in one line naming both', async () => {
    const target = createHandlerTarget(createWorkMailMock().handle);

    const attempt = runConformance({ target, live: { region: 'us-east-1' } } as never);

    await expect(attempt).rejects.toSatisfy((error: unknown) => isConfigError(error) && error.message === 'runConformance: target: a live run builds its own target from live: give target or live, not both');
  });

  it('names a live option of the wrong kind', async () => {
    await expect(runConformance({ live: { region: 'us-east-1', maxRps: 0 } })).rejects.toThrow('runConformance: live: maxRps: expected a whole number from 1 to 10000, got 0');
    await expect(runConformance({ live: {} as never })).rejects.toThrow("runConformance: live: region: expected a string, got undefined");
  });
});
