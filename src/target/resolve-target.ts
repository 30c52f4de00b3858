import { ConfigError } from '../config-error.ts';
import { parseEndpoint, reachesRealService } from './describe-endpoint.ts';

/** Where cases go: a custom endpoint, the real service in a region, or nowhere configured (the CLI then uses its embedded mock). */
export type ResolvedTarget =
  | { readonly kind: 'endpoint'; readonly endpoint: string; readonly region: string; readonly chosenBy?: string }
  | { readonly kind: 'aws'; readonly region: string; readonly chosenBy?: string }
  | { readonly kind: 'none' };

/** Options of {@link resolveTarget}: the command-line flags and the environment to read AWS settings from. */
export interface ResolveTargetOptions {
  readonly endpoint?: string;
  readonly region?: string;
  /** The AWS credentials profile (else AWS_PROFILE); not the judging profile. */
  readonly awsProfile?: string;
  readonly transport?: 'wire' | 'sdk';
  readonly env?: NodeJS.ProcessEnv;
}

function setting(env: NodeJS.ProcessEnv, name: string): string | undefined {
  const value = env[name];
  return value === undefined || value.trim() === '' ? undefined : value.trim();
}

/**
 * Decides the target from flags and environment as the AWS SDKs do: endpoint from `--endpoint`, `AWS_ENDPOINT_URL_WORKMAIL`
 * or `AWS_ENDPOINT_URL` (the two not read where `AWS_IGNORE_CONFIGURED_ENDPOINT_URLS` is `true`); region from `--region`, `AWS_REGION` or `AWS_DEFAULT_REGION` (`us-east-1` for a custom endpoint).
 * `chosenBy` names the flag or variable that chose the target. An invalid endpoint, or the real service without a region,
 * throws a one-line {@link ConfigError}.
 *
 * @see https://docs.aws.amazon.com/sdkref/latest/guide/feature-ss-endpoints.html
 * @example
 * resolveTarget({ env: { AWS_ENDPOINT_URL: 'http://127.0.0.1:4566' } }); // { kind: 'endpoint', endpoint: 'http://127.0.0.1:4566', region: 'us-east-1', chosenBy: 'AWS_ENDPOINT_URL' }
 */
export function resolveTarget(options: ResolveTargetOptions = {}): ResolvedTarget {
  const env = options.env ?? process.env;
  // As the SDKs read it: `true` turns the configured endpoints off, not `--endpoint`.
  const ignoreConfigured = setting(env, 'AWS_IGNORE_CONFIGURED_ENDPOINT_URLS')?.toLowerCase() === 'true';
  const endpointSources: ReadonlyArray<readonly [string, string | undefined]> = [
    ['--endpoint', options.endpoint],
    ['AWS_ENDPOINT_URL_WORKMAIL', ignoreConfigured ? undefined : setting(env, 'AWS_ENDPOINT_URL_WORKMAIL')],
    ['AWS_ENDPOINT_URL', ignoreConfigured ? undefined : setting(env, 'AWS_ENDPOINT_URL')],
  ];
  const endpointSource = endpointSources.find(([, value]) => value !== undefined);
  const regionSources: ReadonlyArray<readonly [string, string | undefined]> = [
    ['--region', options.region],
    ['AWS_REGION', setting(env, 'AWS_REGION')],
    ['AWS_DEFAULT_REGION', setting(env, 'AWS_DEFAULT_REGION')],
  ];
  const [regionSource, region] = regionSources.find(([, value]) => value !== undefined) ?? [];
  // Signed into every request and part of the service's host name: an empty or odd one fails deep in the SDK otherwise.
  if (region !== undefined && !/^[a-z0-9]+(-[a-z0-9]+)*$/.test(region)) {
    throw new ConfigError(`${regionSource ?? '--region'}: '${region}' is not an AWS region name (such as us-east-1)`);
  }
  if (endpointSource !== undefined) {
    const [source, endpoint = ''] = endpointSource;
    parseEndpoint(endpoint, source);
    return { kind: 'endpoint', endpoint, region: region ?? 'us-east-1', chosenBy: source };
  }
  // What points at the real service without a region, named in the message: on a CI runner it may be set for other jobs.
  const awsSetting = options.awsProfile !== undefined ? '--aws-profile' : setting(env, 'AWS_PROFILE') !== undefined ? 'AWS_PROFILE' : setting(env, 'AWS_ACCESS_KEY_ID') !== undefined ? 'AWS_ACCESS_KEY_ID' : undefined;
  if (region !== undefined) return { kind: 'aws', region, chosenBy: `region from ${regionSource ?? '--region'}` };
  if (awsSetting !== undefined) {
    throw new ConfigError(
      `--region: the real WorkMail service, which ${awsSetting} points at, needs a region (pass --region or set AWS_REGION or AWS_DEFAULT_REGION; a profile's own region is not read); for a mock, give --endpoint${awsSetting === '--aws-profile' ? '' : `; for the embedded mock, unset ${awsSetting}`}`,
    );
  }
  return { kind: 'none' };
}

/**
 * Whether a resolved target is the real WorkMail service: a region without an endpoint, or an endpoint on an AWS host (the
 * service's own URL, a VPC endpoint of it). Such a target is only ever sent to by a live run.
 *
 * @example
 * isRealService(resolveTarget({ endpoint: 'https://workmail.eu-west-1.amazonaws.com' })); // true
 * isRealService(resolveTarget({ endpoint: 'http://127.0.0.1:4566' })); // false
 */
export function isRealService(resolved: ResolvedTarget): boolean {
  return resolved.kind !== 'none' && reachesRealService(resolved.kind === 'endpoint' ? new URL(resolved.endpoint) : undefined);
}
