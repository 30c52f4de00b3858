import { describe, expect, it } from 'vitest';
import { runVitestSuite, suiteFolder } from '../helpers/run-vitest-suite.ts';

// A live describeConformance suite must fail where the command line exits 1 after a live run: a delete it could not put
// back. Each suite below runs in a vitest of its own (a child process), and its JSON report says which tests failed.

const suites = suiteFolder('wmc-live-suite-');
const { source } = suites;

/** A destructive live suite against a stand-in; with `refusePut`, the stand-in refuses every PutMailboxPermissions. */
function suiteFile(name: string, refusePut: boolean): string {
  return suites.write(
    name,
    `import { afterAll } from 'vitest';
import { demoIds } from ${source('src/mock/demo-fixture.ts')};
import { encodeAwsJsonError } from ${source('src/wire/aws-json.ts')};
import { describeConformance } from ${source('src/vitest/describe-conformance.ts')};
import { startStandIn, testCredentials } from ${source('test/live/helpers/stand-in-server.ts')};
const refuse = (request) => (${refusePut} && request.headers['x-amz-target'] === 'WorkMailService.PutMailboxPermissions' ? encodeAwsJsonError('AccessDeniedException', 400, 'not allowed') : undefined);
const standIn = await startStandIn({ refuse });
afterAll(() => standIn.close());
const organizationId = demoIds.organizationId;
describeConformance('${name}', {
  live: { endpoint: standIn.url, region: 'us-east-1', credentials: testCredentials, maxRps: 5000, organizationIds: [organizationId], allowedOrganizations: [organizationId] },
  numRuns: 0,
  seed: 1,
  settleMs: 300,
});
`,
  );
}

describe('a live describeConformance suite', () => {
  it('fails "the organizations are as the run found them" when a delete could not be put back, with the command that does', async () => {
    const tests = await runVitestSuite(suiteFile('restore-refused', true), suites.directory);

    const outcome = tests.get('the organizations are as the run found them');
    expect(outcome?.status).toBe('failed');
    expect(outcome?.message).toContain('RESTORE FAILED: the organization is not as before the run. Put it back by hand:');
    expect(outcome?.message).toMatch(/aws workmail put-mailbox-permissions --region us-east-1 --endpoint-url http:\/\/127\.0\.0\.1:\d+ --organization-id /);
  });

  it('passes it when every delete was put back', async () => {
    const tests = await runVitestSuite(suiteFile('restored', false), suites.directory);

    expect(tests.get('the organizations are as the run found them')?.status).toBe('passed');
    expect(tests.get('the run was complete')?.status).toBe('passed');
  });
});
