import type { AwsCredentialIdentity } from '@smithy/types';

/** The signing region of every benchmark request. */
export const benchRegion = 'us-east-1';

/** Fixed dummy credentials, so that no run consults the AWS provider chain. */
export const benchCredentials: AwsCredentialIdentity = { accessKeyId: 'AKIDBENCHMARK', secretAccessKey: 'benchmark-secret' };

/** Requests in flight at once in every throughput measurement. */
export const benchConcurrency = 16;
