import { DeletePersonalAccessTokenCommand, WorkMailClient } from '@aws-sdk/client-workmail';
import { mockClient } from 'aws-sdk-client-mock';
import { expect, test } from 'vitest';
import { createSdkTarget, runConformance } from 'workmail-conformance';

test('a mocked client that accepts every call is caught by negativeDataRejection', async () => {
  const client = new WorkMailClient({ region: 'us-east-1' });
  mockClient(client).on(DeletePersonalAccessTokenCommand).resolves({}); // the mock most people write first

  const report = await runConformance({ target: createSdkTarget({ client }), operations: ['DeletePersonalAccessToken'], numRuns: 20 });

  expect(report.summary.conformant).toBe(false);
  expect(report.failures.map((finding) => finding.check)).toContain('negativeDataRejection');
});
