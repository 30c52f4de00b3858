import type { AwsCredentialIdentity, AwsCredentialIdentityProvider } from '@smithy/types';
import { ConfigError } from '../config-error.ts';
import type { ResolvedTarget } from './resolve-target.ts';
import type { Target } from './target.ts';

/** Options of {@link createTarget}: the transport, and where credentials come from. */
export interface CreateTargetOptions {
  readonly transport: 'wire' | 'sdk';
  /** The AWS credentials profile for the default provider chain (else AWS_PROFILE). */
  readonly awsProfile?: string;
  readonly credentials?: AwsCredentialIdentity | AwsCredentialIdentityProvider;
  readonly maxSockets?: number;
}

/**
 * The public endpoint of WorkMail in a region.
 *
 * @example
 * workMailEndpoint('eu-west-1'); // 'https://workmail.eu-west-1.amazonaws.com'
 */
export function workMailEndpoint(region: string): string {
  return `https://workmail.${region}.amazonaws.com`;
}

/**
 * Builds the wire or SDK target for a resolved endpoint or the real service; `none` is the caller's to handle (the embedded mock).
 * Only the chosen transport's module loads: a wire run never loads the AWS SDK client.
 *
 * @example
 * const target = await createTarget(resolveTarget({ endpoint: 'http://127.0.0.1:4566' }), { transport: 'wire' });
 */
export async function createTarget(resolved: ResolvedTarget, options: CreateTargetOptions): Promise<Target> {
  if (resolved.kind === 'none') {
    throw new ConfigError('no target: pass --endpoint or --region (or set AWS_ENDPOINT_URL or AWS_REGION)');
  }
  const endpoint = resolved.kind === 'endpoint' ? resolved.endpoint : undefined;
  const shared = {
    region: resolved.region,
    ...(options.awsProfile === undefined ? {} : { awsProfile: options.awsProfile }),
    ...(options.credentials === undefined ? {} : { credentials: options.credentials }),
    ...(options.maxSockets === undefined ? {} : { maxSockets: options.maxSockets }),
  };
  switch (options.transport) {
    case 'wire': {
      const { createHttpTarget } = await import('./http-target.ts');
      return createHttpTarget({ ...shared, endpoint: endpoint ?? workMailEndpoint(resolved.region) });
    }
    case 'sdk': {
      const { createSdkTarget } = await import('./sdk-target.ts');
      return createSdkTarget({ ...shared, ...(endpoint === undefined ? {} : { endpoint }) });
    }
  }
}
