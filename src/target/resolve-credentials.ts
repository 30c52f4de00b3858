import type { AwsCredentialIdentity, AwsCredentialIdentityProvider } from '@smithy/types';
import { ConfigError, isConfigError } from '../config-error.ts';
import { describeEndpoint, parseEndpoint, reachesRealService } from './describe-endpoint.ts';

/** The credentials used against a custom endpoint when none are configured anywhere, so that mocks work out of the box. */
export const dummyCredentials: AwsCredentialIdentity = Object.freeze({
  accessKeyId: 'AKIDWORKMAILCONFORMANCE',
  secretAccessKey: 'workmail-conformance-dummy-secret',
});

/** Where credentials come from: given ones, a named profile, or the AWS SDK's default provider chain. */
export interface CredentialOptions {
  /** The custom endpoint, if any: only a custom endpoint may fall back to {@link dummyCredentials}. */
  readonly endpoint?: string;
  /** The AWS credentials profile (a name in ~/.aws/config); not the judging profile. */
  readonly awsProfile?: string;
  readonly credentials?: AwsCredentialIdentity | AwsCredentialIdentityProvider;
}

/**
 * The environment's static credentials, as the SDK's default chain reads them first (its `fromEnv`, the same variables)
 * when no profile is named; `undefined` where the chain would go further (a profile named, a key or secret missing) or
 * renew them (an expiration set). Reading them here spares loading the chain, 50-80 ms of a wire run's start on this project's machines.
 */
function staticEnvironmentCredentials(awsProfile: string | undefined): AwsCredentialIdentity | undefined {
  const environment = process.env;
  if (awsProfile !== undefined || environment['AWS_PROFILE'] || environment['AWS_CREDENTIAL_EXPIRATION']) return undefined;
  const accessKeyId = environment['AWS_ACCESS_KEY_ID'];
  const secretAccessKey = environment['AWS_SECRET_ACCESS_KEY'];
  if (!accessKeyId || !secretAccessKey) return undefined;
  const sessionToken = environment['AWS_SESSION_TOKEN'];
  const credentialScope = environment['AWS_CREDENTIAL_SCOPE'];
  const accountId = environment['AWS_ACCOUNT_ID'];
  return {
    accessKeyId,
    secretAccessKey,
    ...(sessionToken ? { sessionToken } : {}),
    ...(credentialScope ? { credentialScope } : {}),
    ...(accountId ? { accountId } : {}),
  };
}

/** The mistake, where the environment holds a key without its secret or a secret without its key and no profile is named. */
function halfSetEnvironmentCredentials(profile: string | undefined): string | undefined {
  if (profile !== undefined) return undefined;
  const hasKey = Boolean(process.env['AWS_ACCESS_KEY_ID']);
  const hasSecret = Boolean(process.env['AWS_SECRET_ACCESS_KEY']);
  if (hasKey === hasSecret) return undefined;
  const [set, missing] = hasKey ? ['AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY'] : ['AWS_SECRET_ACCESS_KEY', 'AWS_ACCESS_KEY_ID'];
  return `${set} is set without ${missing}: set both, or unset ${set} (a mock is then signed for with dummy credentials)`;
}

function firstLine(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  return (text.split('\n')[0] ?? '').slice(0, 200);
}

/**
 * Credentials a user gave, checked as they are used: without a key or secret (the SDK's "Resolved credential object is not
 * valid"), or with an expiration that is no valid Date, they are the user's mistake, a one-line {@link ConfigError} that
 * names what is wrong and never a value. A run then ends with it, rather than every request failing as if the target had.
 */
function checkedCredentials(credentials: unknown): AwsCredentialIdentity {
  const candidate = credentials as Partial<AwsCredentialIdentity> | undefined;
  if (typeof candidate?.accessKeyId !== 'string' || typeof candidate.secretAccessKey !== 'string') {
    throw new ConfigError('credentials: the resolved credential object is not valid: accessKeyId and secretAccessKey must be strings');
  }
  const expiration: unknown = candidate.expiration;
  if (expiration !== undefined && !(expiration instanceof Date && !Number.isNaN(expiration.getTime()))) {
    throw new ConfigError(`credentials: expiration must be a valid Date, got ${expiration instanceof Date ? 'an invalid Date' : typeof expiration}`);
  }
  return candidate as AwsCredentialIdentity;
}

/** A provider a user gave, its credentials checked and its failure (its own first line kept) a {@link ConfigError}. */
function checkedProvider(provider: AwsCredentialIdentityProvider): AwsCredentialIdentityProvider {
  return async (identityProperties) => {
    let credentials: unknown;
    try {
      credentials = await provider(identityProperties);
    } catch (error) {
      if (isConfigError(error)) throw error;
      throw new ConfigError(`credentials: the credential provider failed: ${firstLine(error)}`);
    }
    return checkedCredentials(credentials);
  };
}

/** A logger for the SDK's credential chain that drops what it says (its debug lines, and the warning above). */
const quietLogger = { debug: () => undefined, info: () => undefined, warn: () => undefined, error: () => undefined };

/**
 * Decides which credentials sign requests: the given ones (checked as they are used), else the AWS SDK's default chain
 * (memoised); for a custom non-AWS endpoint with no named profile, only the environment's key and secret, else
 * {@link dummyCredentials} (a machine's own credentials, its default profile or role, never sign for a mock); otherwise the provider
 * throws a one-line {@link ConfigError}, as it does for given credentials that are not valid or a given provider that fails.
 *
 * @example
 * const provider = resolveCredentials({ endpoint: 'http://127.0.0.1:4566' });
 * await provider(); // the chain's credentials, or the dummy ones when none are configured
 */
export function resolveCredentials(options: CredentialOptions): AwsCredentialIdentityProvider {
  const given = options.credentials;
  if (given !== undefined) return checkedProvider(typeof given === 'function' ? given : () => Promise.resolve(given));
  const awsProfile = options.awsProfile;
  // A profile named in the environment is named too: a misspelt AWS_PROFILE must not fall back to the dummy credentials.
  const environmentProfile = process.env['AWS_PROFILE']?.trim() || undefined;
  const endpointUrl = options.endpoint === undefined ? undefined : parseEndpoint(options.endpoint, 'endpoint');
  const mayUseDummy = !reachesRealService(endpointUrl) && awsProfile === undefined && environmentProfile === undefined;
  // The SDK's provider chain loads on first use: a run against an in-process target or with given credentials never needs it.
  let chain: Promise<AwsCredentialIdentityProvider> | undefined;
  let useDummy = false;
  // Whoever asks holds the credentials (the wire transport's signer, the SDK's clients) as long as they last; the chain,
  // memoised by the SDK, renews those that expire.
  let fromEnvironment: AwsCredentialIdentity | undefined;
  let halfSet: string | undefined;
  let environmentRead = false;
  return async () => {
    if (useDummy) return dummyCredentials;
    // The environment is read once, at the first request: where it holds no static credentials, it is not read again.
    if (!environmentRead) {
      environmentRead = true;
      fromEnvironment = staticEnvironmentCredentials(awsProfile);
      halfSet = halfSetEnvironmentCredentials(awsProfile ?? environmentProfile);
    }
    if (fromEnvironment !== undefined) return fromEnvironment;
    // The chain would skip them and, against a mock, the dummy credentials would sign in their place without a word.
    if (halfSet !== undefined) throw new ConfigError(halfSet);
    // A mock is signed for with what the environment or a named profile configures for it, never with whatever else the
    // chain finds (the default profile, SSO, a container's or an instance's role: a machine's own credentials, and a
    // metadata endpoint that may take seconds to refuse).
    if (mayUseDummy && !(process.env['AWS_ACCESS_KEY_ID'] && process.env['AWS_SECRET_ACCESS_KEY'])) {
      useDummy = true;
      return dummyCredentials;
    }
    try {
      // A profile named in so many words is what signs: the SDK's nine-line warning that the environment's key pair is set too
      // (and not used) says nothing the user did not choose.
      chain ??= import('@aws-sdk/credential-provider-node').then(({ defaultProvider }) => defaultProvider(awsProfile === undefined ? {} : { profile: awsProfile, logger: quietLogger }));
      return await (await chain)();
    } catch (error) {
      if (mayUseDummy) {
        useDummy = true;
        return dummyCredentials;
      }
      if (awsProfile !== undefined) {
        // Named for both ways to give it: the CLI's flag and the option of createHttpTarget, createSdkTarget and a live run.
        throw new ConfigError(`--aws-profile (awsProfile): cannot load credentials of profile '${awsProfile}' (${firstLine(error)})`);
      }
      if (environmentProfile !== undefined) {
        throw new ConfigError(`AWS_PROFILE: cannot load credentials of profile '${environmentProfile}' (${firstLine(error)})`);
      }
      const target = endpointUrl === undefined ? 'the real WorkMail service' : describeEndpoint(endpointUrl);
      throw new ConfigError(
        `no AWS credentials for ${target}: pass --aws-profile, or set AWS_PROFILE or AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY`,
      );
    }
  };
}

/**
 * `provider`, adding the key ID, secret and session token of every identity it gives to `secrets`: the credentials a
 * target signed with, renewed ones included, which no report or recording may hold.
 *
 * @example
 * const signedWith: string[] = [];
 * const provider = collectingSecrets(resolveCredentials({ endpoint }), signedWith);
 * await provider(); // signedWith now holds its key ID, secret and token
 */
export function collectingSecrets(provider: AwsCredentialIdentityProvider, secrets: string[]): AwsCredentialIdentityProvider {
  return async (...args) => {
    const identity = await provider(...args);
    // The dummy credentials are this package's own, published: no secret, and `workmail-conformance` starts one.
    if (identity.accessKeyId === dummyCredentials.accessKeyId) return identity;
    for (const secret of [identity.accessKeyId, identity.secretAccessKey, identity.sessionToken]) {
      if (secret !== undefined && secret !== '' && !secrets.includes(secret)) secrets.push(secret);
    }
    return identity;
  };
}
