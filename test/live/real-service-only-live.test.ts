import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { WorkMailClient } from '@aws-sdk/client-workmail';
import { describe, expect, it } from 'vitest';
import { isConfigError } from '../../src/config-error.ts';
import { createWorkMailMock } from '../../src/mock/create-work-mail-mock.ts';
import { demoFixture, demoIds } from '../../src/mock/demo-fixture.ts';
import { runConformance } from '../../src/runner/run-conformance.ts';
import { createHttpTarget } from '../../src/target/http-target.ts';
import { createSdkTarget } from '../../src/target/sdk-target.ts';
import type { Target } from '../../src/target/target.ts';
import { runMain } from '../cli/helpers/cli-runners.ts';
import { testCredentials } from './helpers/stand-in-server.ts';

// The real service named by its URL (or a VPC endpoint of it) rather than by a region is still the real service: only a live
// run, which reads before each delete and changes nothing unless allowed, may send to it. Nothing here opens a connection.

const directory = mkdtempSync(join(tmpdir(), 'wmc-real-service-'));
const organization = demoIds.organizationId;
const serviceUrl = 'https://workmail.us-east-1.amazonaws.com';

async function refusal(target: Target): Promise<string> {
  try {
    await runConformance({ target, fixture: demoFixture, numRuns: 1 });
  } catch (error) {
    if (isConfigError(error)) return error.message;
    throw error;
  }
  return 'ran';
}

describe('a target on the real WorkMail service', () => {
  it('is refused by a run that is not live, over either transport, before anything is sent', async () => {
    const targets = [
      createHttpTarget({ endpoint: serviceUrl, region: 'us-east-1', credentials: testCredentials }),
      createHttpTarget({ endpoint: 'https://vpce-0123-abcd.workmail.eu-west-1.vpce.amazonaws.com', region: 'eu-west-1', credentials: testCredentials }),
      // A fully qualified name with its final dot names the same host.
      createHttpTarget({ endpoint: 'https://workmail.us-east-1.amazonaws.com.', region: 'us-east-1', credentials: testCredentials }),
      createHttpTarget({ endpoint: 'https://workmail.us-east-1.api.aws.', region: 'us-east-1', credentials: testCredentials }),
      createSdkTarget({ region: 'eu-west-1', credentials: testCredentials }),
      createSdkTarget({ endpoint: serviceUrl, region: 'us-east-1', credentials: testCredentials }),
    ];

    const messages = await Promise.all(targets.map(refusal));

    for (const [index, message] of messages.entries()) {
      expect(message).toBe(
        `runConformance: target: ${targets[index]?.description} is the real WorkMail service, where a run that is not live would send its deletes and puts unguarded: give live: { region, organizationIds } instead (it reads before each delete, and changes nothing unless allowed); for requests msw intercepts in-process, use createMswTarget(handlers) or createSdkTarget({ client })`,
      );
    }
    await Promise.all(targets.map((target) => target.close()));
  });

  it('is not what a loopback endpoint or a client given by the user is', async () => {
    const client = new WorkMailClient({ region: 'us-east-1', credentials: testCredentials });
    client.send = (async () => ({ $metadata: { httpStatusCode: 200 } })) as unknown as typeof client.send;

    expect(createHttpTarget({ endpoint: 'http://127.0.0.1:4566', region: 'us-east-1', credentials: testCredentials }).capabilities.realService).toBe(false);
    expect(createSdkTarget({ endpoint: 'http://localhost:4566', region: 'us-east-1', credentials: testCredentials }).capabilities.realService).toBe(false);
    expect(await refusal(createSdkTarget({ client }))).toBe('ran');
  });

  it('given to the CLI by its URL makes the run live: planned as one, and destructive only where allowed', async () => {
    const fixtureFile = join(directory, 'demo.json');
    writeFileSync(fixtureFile, JSON.stringify(createWorkMailMock({ fixture: demoFixture }).state.toFixture()));

    const safe = await runMain(['run', '--endpoint', serviceUrl, '--fixture', fixtureFile, '--dry-run', '--num-runs', '2']);
    const destructive = await runMain(['run', '--endpoint', serviceUrl, '--organization-id', organization, '--allow-destructive', '--allow-org', organization, '--dry-run', '--num-runs', '2']);

    expect(safe.code).toBe(0);
    expect(safe.stdout).toContain('# a live run first reads the organizations it names');
    expect(safe.stdout).toMatch(/^read DeleteMailboxPermissions \{.*\}  # .*read first: it names mailboxPermission .* which may exist/m);
    expect(safe.stdout).not.toContain('not a live run');
    expect(destructive.code).toBe(0);
    expect(destructive.stderr).toBe('');
    expect(safe.stdout).not.toContain('# except in');
    // A destructive dry run says what its "read" lines may delete, and that no token is deleted unless named.
    expect(destructive.stdout.split('\n')[1]).toBe(
      `# except in ${organization} (--allow-destructive --allow-org): there a "read" line is sent also when the read shows the mailbox permission it names present, which is then put back and read back; no token is deleted (none is named by --allow-token-delete)`,
    );
  });

  it('is refused by replay, which sends a recording as it is', async () => {
    const recording = join(directory, 'run.ndjson');
    expect((await runMain(['run', '--num-runs', '1', '--record', recording], { awsSettings: false })).code).toBe(0);

    const result = await runMain(['replay', recording, '--endpoint', serviceUrl]);

    expect(result.code).toBe(2);
    expect(result.stderr).toBe(
      `workmail-conformance: --endpoint: ${serviceUrl} is the real WorkMail service, and replay sends a recording's deletes as they are, with no read before them: replay against a mock or a stand-in, and check the real service with run (a live run)\n`,
    );
  });
});
