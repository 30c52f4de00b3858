import type { AgentOptions } from 'node:http';
import { ConfigError } from '../config-error.ts';

/**
 * The options of a keep-alive node:http(s) Agent, rejecting a `maxSockets` that is not a positive integer in one line.
 *
 * @example
 * new Agent(keepAliveAgentOptions(16, 'createHttpTarget')); // keepAlive: true, maxSockets: 16
 */
export function keepAliveAgentOptions(maxSockets: number | undefined, owner: string): AgentOptions {
  if (maxSockets === undefined) return { keepAlive: true };
  if (!Number.isInteger(maxSockets) || maxSockets < 1) {
    throw new ConfigError(`${owner}: maxSockets must be a positive integer, got ${maxSockets}`);
  }
  return { keepAlive: true, maxSockets };
}
