import { describe, expect, it } from 'vitest';
import { createTarget, workMailEndpoint } from '../../src/target/create-target.ts';
import { resolveTarget } from '../../src/target/resolve-target.ts';

describe('resolveTarget', () => {
  it('takes the endpoint flag before AWS_ENDPOINT_URL_WORKMAIL and AWS_ENDPOINT_URL', () => {
    const env = { AWS_ENDPOINT_URL_WORKMAIL: 'http://127.0.0.1:2', AWS_ENDPOINT_URL: 'http://127.0.0.1:3' };

    expect(resolveTarget({ endpoint: 'http://127.0.0.1:1', env })).toEqual({ kind: 'endpoint', endpoint: 'http://127.0.0.1:1', region: 'us-east-1', chosenBy: '--endpoint' });
    expect(resolveTarget({ env })).toMatchObject({ endpoint: 'http://127.0.0.1:2' });
    expect(resolveTarget({ env: { AWS_ENDPOINT_URL: 'http://127.0.0.1:3' } })).toMatchObject({ endpoint: 'http://127.0.0.1:3' });
  });

  it('reads no configured endpoint where AWS_IGNORE_CONFIGURED_ENDPOINT_URLS is true, as the SDKs do, but still the flag', () => {
    const env = { AWS_ENDPOINT_URL_WORKMAIL: 'http://127.0.0.1:2', AWS_ENDPOINT_URL: 'http://127.0.0.1:3', AWS_IGNORE_CONFIGURED_ENDPOINT_URLS: 'TRUE' };

    expect(resolveTarget({ env })).toEqual({ kind: 'none' });
    expect(resolveTarget({ env: { ...env, AWS_REGION: 'eu-west-1' } })).toEqual({ kind: 'aws', region: 'eu-west-1', chosenBy: 'region from AWS_REGION' });
    expect(resolveTarget({ endpoint: 'http://127.0.0.1:1', env })).toMatchObject({ endpoint: 'http://127.0.0.1:1' });
    expect(resolveTarget({ env: { ...env, AWS_IGNORE_CONFIGURED_ENDPOINT_URLS: 'false' } })).toMatchObject({ endpoint: 'http://127.0.0.1:2' });
  });

  it('takes the region flag before AWS_REGION and AWS_DEFAULT_REGION', () => {
    const env = { AWS_REGION: 'eu-west-1', AWS_DEFAULT_REGION: 'ap-south-1', AWS_ENDPOINT_URL: 'http://127.0.0.1:3' };

    expect(resolveTarget({ region: 'us-west-2', env })).toMatchObject({ region: 'us-west-2' });
    expect(resolveTarget({ env })).toMatchObject({ region: 'eu-west-1' });
    expect(resolveTarget({ env: { AWS_DEFAULT_REGION: 'ap-south-1', AWS_ENDPOINT_URL: 'http://127.0.0.1:3' } })).toMatchObject({ region: 'ap-south-1' });
  });

  it('chooses the real service when a region is set without an endpoint, and names what chose it', () => {
    expect(resolveTarget({ env: { AWS_REGION: 'eu-west-1' } })).toEqual({ kind: 'aws', region: 'eu-west-1', chosenBy: 'region from AWS_REGION' });
    expect(resolveTarget({ env: { AWS_DEFAULT_REGION: 'eu-west-1' } })).toEqual({ kind: 'aws', region: 'eu-west-1', chosenBy: 'region from AWS_DEFAULT_REGION' });
    expect(resolveTarget({ region: 'eu-west-1', env: { AWS_REGION: 'us-east-1' } })).toEqual({ kind: 'aws', region: 'eu-west-1', chosenBy: 'region from --region' });
  });

  it('chooses nothing when no AWS setting is present', () => {
    expect(resolveTarget({ env: { HOME: '/home/someone' } })).toEqual({ kind: 'none' });
  });

  it('asks for a region when a profile or access key points at the real service without one', () => {
    expect(() => resolveTarget({ awsProfile: 'work', env: {} })).toThrow('--region: the real WorkMail service, which --aws-profile points at, needs a region');
    // On a CI runner the variables may be set for other jobs: the message says which one, and how to name a mock instead.
    expect(() => resolveTarget({ env: { AWS_ACCESS_KEY_ID: 'AKIDEXAMPLE' } })).toThrow(
      "--region: the real WorkMail service, which AWS_ACCESS_KEY_ID points at, needs a region (pass --region or set AWS_REGION or AWS_DEFAULT_REGION; a profile's own region is not read); for a mock, give --endpoint; for the embedded mock, unset AWS_ACCESS_KEY_ID",
    );
  });

  it('rejects a region that is no region name, naming the flag or the variable, where the SDK failed later with a stack trace', () => {
    expect(() => resolveTarget({ region: '', env: {} })).toThrow("--region: '' is not an AWS region name (such as us-east-1)");
    expect(() => resolveTarget({ endpoint: 'http://127.0.0.1:4566', region: ' ', env: {} })).toThrow("--region: ' ' is not an AWS region name (such as us-east-1)");
    expect(() => resolveTarget({ env: { AWS_REGION: 'US East 1' } })).toThrow("AWS_REGION: 'US East 1' is not an AWS region name (such as us-east-1)");
    expect(resolveTarget({ region: 'us-gov-west-1', env: {} })).toEqual({ kind: 'aws', region: 'us-gov-west-1', chosenBy: 'region from --region' });
  });

  it('names a port out of range as such, not the URL as a whole', () => {
    expect(() => resolveTarget({ endpoint: 'http://127.0.0.1:99999', env: {} })).toThrow("--endpoint: 'http://127.0.0.1:99999' has port 99999; a port is at most 65535");
  });

  it('rejects an endpoint that is not an http(s) URL, naming the flag or the variable', () => {
    expect(() => resolveTarget({ endpoint: 'foo', env: {} })).toThrow("--endpoint: 'foo' is not an http(s) URL");
    expect(() => resolveTarget({ env: { AWS_ENDPOINT_URL_WORKMAIL: 'ftp://x' } })).toThrow("AWS_ENDPOINT_URL_WORKMAIL: 'ftp://x' is not an http(s) URL");
    // An http URL whose host is what the parser refuses says so (trialT #8).
    expect(() => resolveTarget({ endpoint: 'http://256.1.1.1', env: {} })).toThrow("--endpoint: 'http://256.1.1.1' has a host that is no valid name or address");
  });

  it('never repeats the user and password of an endpoint it refuses: the message goes to CI logs (trialK #7)', () => {
    expect(() => resolveTarget({ endpoint: 'http://AKIAUSER:s3cretpass@127.0.0.1:99999', env: {} })).toThrow("--endpoint: 'http://***@127.0.0.1:99999' has port 99999; a port is at most 65535");
    expect(() => resolveTarget({ env: { AWS_ENDPOINT_URL: 'ftp://AKIAUSER:s3cretpass@mock' } })).toThrow("AWS_ENDPOINT_URL: 'ftp://***@mock' is not an http(s) URL");
  });
});

describe('createTarget', () => {
  it('builds a wire target for the real service at its regional endpoint', async () => {
    const target = await createTarget({ kind: 'aws', region: 'eu-west-1' }, { transport: 'wire', credentials: { accessKeyId: 'a', secretAccessKey: 'b' } });

    expect(target.description).toBe(`${workMailEndpoint('eu-west-1')}/ (wire transport, eu-west-1)`);
    expect(target.capabilities.rawBodies).toBe(true);
    await target.close();
  });

  it('builds an SDK target that cannot carry raw bodies', async () => {
    const target = await createTarget({ kind: 'endpoint', endpoint: 'http://127.0.0.1:4566', region: 'us-east-1' }, { transport: 'sdk' });

    expect(target.description).toBe('http://127.0.0.1:4566/ (SDK transport, us-east-1)');
    expect(target.capabilities.rawBodies).toBe(false);
    await target.close();
  });

  it('refuses to build a target from nothing', async () => {
    await expect(createTarget({ kind: 'none' }, { transport: 'wire' })).rejects.toThrow('no target');
  });
});

describe('connection pool options', () => {
  it('rejects a maxSockets that is not a positive integer in one line', async () => {
    const build = createTarget({ kind: 'endpoint', endpoint: 'http://127.0.0.1:4566', region: 'us-east-1' }, { transport: 'wire', maxSockets: 0 });

    await expect(build).rejects.toThrow('createHttpTarget: maxSockets must be a positive integer, got 0');
  });
});
