import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AwsCredentialIdentity } from '@smithy/types';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ConfigError, isConfigError } from '../../src/config-error.ts';
import { createHttpTarget } from '../../src/target/http-target.ts';
import { dummyCredentials, resolveCredentials } from '../../src/target/resolve-credentials.ts';
import { createSdkTarget } from '../../src/target/sdk-target.ts';
import { useLoopback } from './loopback-server.ts';
import { mailboxPermissionsInput, targetRequest, testCredentials } from './target-fixtures.ts';

const credentialVariables = [
  'AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_SESSION_TOKEN', 'AWS_PROFILE', 'AWS_DEFAULT_PROFILE',
  'AWS_CONTAINER_CREDENTIALS_RELATIVE_URI', 'AWS_CONTAINER_CREDENTIALS_FULL_URI', 'AWS_WEB_IDENTITY_TOKEN_FILE', 'AWS_ROLE_ARN',
];

function withoutConfiguredCredentials(): void {
  for (const name of credentialVariables) vi.stubEnv(name, undefined);
  vi.stubEnv('AWS_SHARED_CREDENTIALS_FILE', '/nonexistent/workmail-conformance/credentials');
  vi.stubEnv('AWS_CONFIG_FILE', '/nonexistent/workmail-conformance/config');
  vi.stubEnv('AWS_EC2_METADATA_DISABLED', 'true');
}

afterEach(() => {
  vi.unstubAllEnvs();
  vi.restoreAllMocks();
});

describe('resolveCredentials', () => {
  beforeEach(withoutConfiguredCredentials);

  it('uses the given credentials as they are', async () => {
    const provider = resolveCredentials({ endpoint: 'http://127.0.0.1:1', credentials: testCredentials });

    await expect(provider()).resolves.toEqual(testCredentials);
  });

  it('refuses given credentials without an access key id or secret, as the SDK does, as a configuration error', async () => {
    const provider = resolveCredentials({ endpoint: 'http://127.0.0.1:1', credentials: { accessKeyId: 'AKIDNOSECRET' } as AwsCredentialIdentity });

    await expect(provider()).rejects.toThrow('credentials: the resolved credential object is not valid: accessKeyId and secretAccessKey must be strings');
    await expect(provider()).rejects.toSatisfy(isConfigError);
  });

  it('refuses a given expiration that is no valid Date, naming its type and never a value', async () => {
    const withExpiration = (expiration: unknown) =>
      resolveCredentials({ credentials: () => Promise.resolve({ accessKeyId: 'AKIDSECRETLESS', secretAccessKey: 'hidden', expiration } as AwsCredentialIdentity) });

    await expect(withExpiration('2030-01-01T00:00:00Z')()).rejects.toThrow('credentials: expiration must be a valid Date, got string');
    await expect(withExpiration(new Date('not a date'))()).rejects.toThrow('credentials: expiration must be a valid Date, got an invalid Date');
    await expect(withExpiration(1_900_000_000_000)()).rejects.toSatisfy(
      (error: Error) => isConfigError(error) && error.message.endsWith('got number') && !error.message.includes('AKIDSECRETLESS') && !error.message.includes('hidden'),
    );
    const expiring = { accessKeyId: 'AKIDEXPIRING', secretAccessKey: 'expiring', expiration: new Date('2030-01-01T00:00:00Z') };
    await expect(resolveCredentials({ credentials: expiring })()).resolves.toEqual(expiring);
  });

  it('turns a given provider that fails into a configuration error with its first line, and asks it again next time', async () => {
    let asked = 0;
    const provider = resolveCredentials({
      credentials: () => {
        asked += 1;
        return asked === 1 ? Promise.reject(new Error('the SSO session has expired\nrun aws sso login')) : Promise.resolve(testCredentials);
      },
    });

    await expect(provider()).rejects.toThrow(/^credentials: the credential provider failed: the SSO session has expired$/);
    await expect(provider()).resolves.toEqual(testCredentials);
    const configured = resolveCredentials({ credentials: () => Promise.reject(new ConfigError('--aws-profile: cannot load credentials of profile nosuch')) });
    await expect(configured()).rejects.toThrow(/^--aws-profile: cannot load credentials of profile nosuch$/);
  });

  it('reads the default provider chain, e.g. the environment', async () => {
    vi.stubEnv('AWS_ACCESS_KEY_ID', 'AKIDFROMENVIRONMENT');
    vi.stubEnv('AWS_SECRET_ACCESS_KEY', 'secret-from-environment');

    const credentials = await resolveCredentials({ endpoint: 'http://127.0.0.1:1' })();

    expect(credentials.accessKeyId).toBe('AKIDFROMENVIRONMENT');
  });

  it("reads static credentials from the environment as the SDK's default chain gives them, and leaves a named profile to the chain", async () => {
    const { defaultProvider } = await import('@aws-sdk/credential-provider-node');
    const settings: Record<string, string>[] = [
      { AWS_ACCESS_KEY_ID: 'AKIDPLAIN', AWS_SECRET_ACCESS_KEY: 'plain-secret' },
      { AWS_ACCESS_KEY_ID: 'AKIDSESSION', AWS_SECRET_ACCESS_KEY: 'session-secret', AWS_SESSION_TOKEN: 'token', AWS_CREDENTIAL_SCOPE: 'us-east-1', AWS_ACCOUNT_ID: '123456789012' },
      { AWS_ACCESS_KEY_ID: 'AKIDEMPTYTOKEN', AWS_SECRET_ACCESS_KEY: 'secret', AWS_SESSION_TOKEN: '' },
    ];
    for (const variables of settings) {
      for (const [name, value] of Object.entries(variables)) vi.stubEnv(name, value);
      // The SDK marks where its credentials came from ($source); the signer reads only the fields.
      const { $source: _source, ...fromChain } = (await defaultProvider()()) as unknown as Record<string, unknown>;
      expect(await resolveCredentials({ endpoint: 'http://127.0.0.1:1' })(), JSON.stringify(variables)).toEqual(fromChain);
      vi.unstubAllEnvs();
      withoutConfiguredCredentials();
    }
    // A profile named beside them: the chain reads the profile (here missing), never the environment's keys.
    vi.stubEnv('AWS_ACCESS_KEY_ID', 'AKIDNOTUSED');
    vi.stubEnv('AWS_SECRET_ACCESS_KEY', 'not-used');
    await expect(resolveCredentials({ endpoint: 'http://127.0.0.1:1', awsProfile: 'missing-profile' })()).rejects.toThrow("--aws-profile (awsProfile): cannot load credentials of profile 'missing-profile'");
    // Named by AWS_PROFILE, the same: a misspelt profile is one line naming the variable, never the dummy credentials.
    vi.stubEnv('AWS_PROFILE', 'missing-profile');
    vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    await expect(resolveCredentials({ endpoint: 'http://127.0.0.1:1' })()).rejects.toThrow("AWS_PROFILE: cannot load credentials of profile 'missing-profile'");
    vi.stubEnv('AWS_ACCESS_KEY_ID', '');
    vi.stubEnv('AWS_SECRET_ACCESS_KEY', '');
    await expect(resolveCredentials({ endpoint: 'http://127.0.0.1:1' })()).rejects.toThrow("AWS_PROFILE: cannot load credentials of profile 'missing-profile'");
  });

  it('asks the chain again for credentials that expire, so that they are renewed when due', async () => {
    vi.stubEnv('AWS_ACCESS_KEY_ID', 'AKIDEXPIRING');
    vi.stubEnv('AWS_SECRET_ACCESS_KEY', 'expiring-secret');
    vi.stubEnv('AWS_CREDENTIAL_EXPIRATION', new Date(Date.now() + 10 * 60_000).toISOString());
    const provider = resolveCredentials({ endpoint: 'http://127.0.0.1:1' });
    expect((await provider()).accessKeyId).toBe('AKIDEXPIRING');
    vi.stubEnv('AWS_ACCESS_KEY_ID', 'AKIDRENEWED');
    vi.stubEnv('AWS_CREDENTIAL_EXPIRATION', new Date(Date.now() + 60 * 60_000).toISOString());
    // Six minutes on, the first credentials are within the SDK's five-minute window: the chain still gives them once while
    // it reads the environment again, then the renewed ones.
    vi.useFakeTimers({ now: Date.now() + 6 * 60_000, toFake: ['Date'] });
    try {
      expect((await provider()).accessKeyId).toBe('AKIDEXPIRING');
      await new Promise((resolve) => setImmediate(resolve));
      expect((await provider()).accessKeyId).toBe('AKIDRENEWED');
    } finally {
      vi.useRealTimers();
    }
  });

  it('falls back to the dummy credentials for a custom endpoint when nothing is configured', async () => {
    const credentials = await resolveCredentials({ endpoint: 'http://127.0.0.1:1' })();

    expect(credentials).toEqual(dummyCredentials);
  });

  it("signs for a custom endpoint with the dummy credentials, not a default profile or an instance's role the chain would find (libusers)", async () => {
    const directory = mkdtempSync(join(tmpdir(), 'wmc-credentials-'));
    const file = join(directory, 'credentials');
    writeFileSync(file, '[default]\naws_access_key_id = AKIDMACHINEDEFAULT\naws_secret_access_key = machine-default-secret\n');
    vi.stubEnv('AWS_SHARED_CREDENTIALS_FILE', file);
    try {
      expect(await resolveCredentials({ endpoint: 'http://127.0.0.1:1' })()).toEqual(dummyCredentials);
      // The real service reads the whole chain, the default profile included.
      expect((await resolveCredentials({ endpoint: 'https://workmail.us-east-1.amazonaws.com' })()).accessKeyId).toBe('AKIDMACHINEDEFAULT');
    } finally {
      rmSync(directory, { recursive: true, force: true });
    }
  });

  it('refuses a key without its secret (or a secret without its key) in the environment, where the dummy credentials signed in their place', async () => {
    vi.stubEnv('AWS_ACCESS_KEY_ID', 'AKIDONLYKEY');
    await expect(resolveCredentials({ endpoint: 'http://127.0.0.1:1' })()).rejects.toThrow(/^AWS_ACCESS_KEY_ID is set without AWS_SECRET_ACCESS_KEY: set both, or unset AWS_ACCESS_KEY_ID/);

    vi.stubEnv('AWS_ACCESS_KEY_ID', undefined);
    vi.stubEnv('AWS_SECRET_ACCESS_KEY', 'only-a-secret');
    await expect(resolveCredentials({ endpoint: 'http://127.0.0.1:1' })()).rejects.toSatisfy(isConfigError);
    await expect(resolveCredentials({ endpoint: 'http://127.0.0.1:1' })()).rejects.toThrow(/^AWS_SECRET_ACCESS_KEY is set without AWS_ACCESS_KEY_ID/);
    // A named profile does not read them: its own credentials sign.
    await expect(resolveCredentials({ endpoint: 'http://127.0.0.1:1', awsProfile: 'missing-profile' })()).rejects.toThrow(/^--aws-profile \(awsProfile\): cannot load/);
  });

  it('throws a one-line error for the real service when nothing is configured', async () => {
    const resolving = resolveCredentials({ endpoint: 'https://workmail.us-east-1.amazonaws.com' })();

    await expect(resolving).rejects.toThrow(/^no AWS credentials for https:\/\/workmail\.us-east-1\.amazonaws\.com\/: pass --aws-profile/);
  });

  it('throws a one-line error naming a profile that cannot be loaded, even for a custom endpoint', async () => {
    const resolving = resolveCredentials({ endpoint: 'http://127.0.0.1:1', awsProfile: 'missing-profile' })();

    await expect(resolving).rejects.toThrow(/^--aws-profile \(awsProfile\): cannot load credentials of profile 'missing-profile' \([^\n]*\)$/);
  });
});

describe('credentials never leave the transports', () => {
  const loopback = useLoopback();

  function leaks(text: string): string[] {
    return [testCredentials.accessKeyId, testCredentials.secretAccessKey, 'Signature=', 'user:password'].filter((secret) => text.includes(secret));
  }

  it('keeps them out of descriptions and observations, even when the server echoes the authorization header', async () => {
    const server = await loopback.start((request, response) => {
      response.writeHead(400, {
        'content-type': 'application/x-amz-json-1.1',
        authorization: request.headers['authorization'] ?? '',
        'x-amz-security-token': 'echoed',
      });
      response.end('{"__type":"EntityNotFoundException","message":"no"}');
    });
    const endpoint = server.url.replace('http://', 'http://user:password@');
    const wire = createHttpTarget({ endpoint, region: 'us-east-1', credentials: testCredentials });
    const sdk = createSdkTarget({ endpoint: server.url, region: 'us-east-1', credentials: testCredentials });
    loopback.track(wire, sdk);
    const request = targetRequest('DeleteMailboxPermissions', mailboxPermissionsInput);

    const observations = [await wire.send(request, { timeoutMs: 5000 }), await sdk.send(request, { timeoutMs: 5000 })];

    expect(server.received[0]?.headers['authorization']).toContain(testCredentials.accessKeyId);
    expect(leaks(JSON.stringify([wire.description, sdk.description, observations]))).toEqual([]);
    expect(observations.map((observation) => (observation.kind === 'response' ? observation.errorType : observation.kind))).toEqual([
      'EntityNotFoundException',
      'EntityNotFoundException',
    ]);
  });

  it('keeps them out of the error thrown for missing credentials', async () => {
    withoutConfiguredCredentials();
    vi.stubEnv('AWS_ACCESS_KEY_ID', testCredentials.accessKeyId);
    const target = createHttpTarget({ endpoint: 'https://workmail.us-east-1.amazonaws.com', region: 'us-east-1' });
    loopback.track(target);

    const error = await target.send(targetRequest('DeleteMailboxPermissions', mailboxPermissionsInput), { timeoutMs: 1000 }).catch((thrown: unknown) => thrown);

    expect(error).toBeInstanceOf(Error);
    expect(leaks(String((error as Error).message))).toEqual([]);
  });
});
