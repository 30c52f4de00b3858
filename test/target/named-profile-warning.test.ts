import { afterEach, describe, expect, it, vi } from 'vitest';
import { resolveCredentials } from '../../src/target/resolve-credentials.ts';

// A file of its own: the SDK warns once per process (a module-level flag), so a test before this one would hide it.
afterEach(() => {
  vi.unstubAllEnvs();
  vi.restoreAllMocks();
});

describe('a profile named with --aws-profile while the environment holds a key pair (trialT #3)', () => {
  it("signs with the profile without the SDK's nine-line warning that the key pair is set too", async () => {
    for (const name of ['AWS_PROFILE', 'AWS_DEFAULT_PROFILE', 'AWS_SESSION_TOKEN']) vi.stubEnv(name, undefined);
    vi.stubEnv('AWS_ACCESS_KEY_ID', 'AKIDNOTUSED');
    vi.stubEnv('AWS_SECRET_ACCESS_KEY', 'not-used');
    vi.stubEnv('AWS_SHARED_CREDENTIALS_FILE', '/nonexistent/workmail-conformance/credentials');
    vi.stubEnv('AWS_CONFIG_FILE', '/nonexistent/workmail-conformance/config');
    vi.stubEnv('AWS_EC2_METADATA_DISABLED', 'true');
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);

    await expect(resolveCredentials({ endpoint: 'http://127.0.0.1:1', awsProfile: 'missing-profile' })()).rejects.toThrow("--aws-profile (awsProfile): cannot load credentials of profile 'missing-profile'");

    expect(warn).not.toHaveBeenCalled();
  });
});
