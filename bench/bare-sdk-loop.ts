import { Agent } from 'node:http';
import * as workmail from '@aws-sdk/client-workmail';
import { WorkMailClient } from '@aws-sdk/client-workmail';
import type { AwsCredentialIdentity } from '@smithy/types';
import { timeConcurrentLoop, type LoopResult } from './bare-http-loop.ts';

/** One SDK call to make: the operation and its input. */
export interface SdkCall {
  readonly operation: string;
  readonly input: Readonly<Record<string, unknown>>;
}

type CommandClass = new (input: Readonly<Record<string, unknown>>) => Parameters<WorkMailClient['send']>[0];

/**
 * Makes `count` WorkMailClient.send calls (cycling through `calls`) on one client with a keep-alive agent and `concurrency`
 * in flight, catching service errors and nothing more: the floor the kit's SDK transport is compared with.
 *
 * @example
 * const { requests, seconds } = await bareSdkLoop('http://127.0.0.1:4566', 'us-east-1', credentials, calls, 10_000, 16);
 */
export async function bareSdkLoop(
  endpoint: string,
  region: string,
  credentials: AwsCredentialIdentity,
  calls: readonly SdkCall[],
  count: number,
  concurrency: number,
): Promise<LoopResult> {
  // As fast as a user could make it: the middleware stack resolved once per command class, as the kit's own client does.
  const client = new WorkMailClient({ endpoint, region, credentials, maxAttempts: 1, cacheMiddleware: true, requestHandler: { httpAgent: new Agent({ keepAlive: true }) } });
  const commands = calls.map(({ operation, input }) => ({ Command: (workmail as unknown as Record<string, CommandClass>)[`${operation}Command`] as CommandClass, input }));
  try {
    return await timeConcurrentLoop(count, concurrency, async (index) => {
      const { Command, input } = commands[index % commands.length] as (typeof commands)[number];
      try {
        await client.send(new Command(input));
      } catch {
        // Error answers are expected: half the inputs are invalid.
      }
    });
  } finally {
    client.destroy();
  }
}
