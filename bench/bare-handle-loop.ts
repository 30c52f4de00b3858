import { performance } from 'node:perf_hooks';
import type { HttpHandle } from '../src/target/handler-target.ts';
import type { HttpRequestMessage } from '../src/wire/http-message.ts';
import type { LoopResult } from './bare-http-loop.ts';

/**
 * Calls `handle` on `count` prebuilt requests (cycling through them), awaiting each answer: the in-process floor.
 *
 * @example
 * const { requests, seconds } = await bareHandleLoop(mock.handle, messages, 50_000);
 */
export async function bareHandleLoop(handle: HttpHandle, prebuilt: readonly HttpRequestMessage[], count: number): Promise<LoopResult> {
  const start = performance.now();
  for (let index = 0; index < count; index += 1) await handle(prebuilt[index % prebuilt.length] as HttpRequestMessage);
  return { requests: count, seconds: (performance.now() - start) / 1000 };
}
