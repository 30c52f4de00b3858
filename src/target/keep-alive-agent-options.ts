import type { AgentOptions } from 'node:http';
import { ConfigError } from '../config-error.ts';

/**
 * A connection limit as given, rejecting one that is not a positive integer in one line naming its owner.
 *
 * @example
 * checkedMaxSockets(16, 'createHttpTarget'); // 16
 * checkedMaxSockets(0, 'createHttpTarget'); // throws ConfigError: createHttpTarget: maxSockets must be a positive integer, got 0
 */
export function checkedMaxSockets(maxSockets: number | undefined, owner: string): number | undefined {
  if (maxSockets !== undefined && (!Number.isInteger(maxSockets) || maxSockets < 1)) {
    throw new ConfigError(`${owner}: maxSockets must be a positive integer, got ${maxSockets}`);
  }
  return maxSockets;
}

/**
 * The options of a keep-alive node:http(s) Agent, rejecting a `maxSockets` that is not a positive integer in one line.
 *
 * @example
 * new Agent(keepAliveAgentOptions(16, 'createSdkTarget')); // keepAlive: true, maxSockets: 16
 */
export function keepAliveAgentOptions(maxSockets: number | undefined, owner: string): AgentOptions {
  const checked = checkedMaxSockets(maxSockets, owner);
  return checked === undefined ? { keepAlive: true } : { keepAlive: true, maxSockets: checked };
}
