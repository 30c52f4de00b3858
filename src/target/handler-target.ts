import { performance } from 'node:perf_hooks';
import type { Observation } from '../observation/observation.ts';
import { observeResponse } from '../observation/observe-response.ts';
import type { HttpRequestMessage, HttpResponseMessage } from '../wire/http-message.ts';
import { describeThrown, settleWithin } from './settle-within.ts';
import type { SendOptions, Target, TargetRequest } from './target.ts';

/** A function that answers an awsJson request in-process, like a server would. */
export type HttpHandle = (request: HttpRequestMessage) => HttpResponseMessage | Promise<HttpResponseMessage>;

function isPromiseLike(value: unknown): value is PromiseLike<HttpResponseMessage> {
  return typeof (value as { then?: unknown } | null)?.then === 'function';
}

/**
 * A target that calls a handle function directly (no socket): the timeout applies to async handles too, and a handle that
 * throws gives a `networkError` observation with code `HANDLER_THREW` instead of ending the run.
 *
 * @example
 * const target = createHandlerTarget((request) => encodeAwsJsonSuccess(), 'my mock');
 * await target.send(request, { timeoutMs: 1000 }); // { kind: 'response', status: 200, … }
 */
export function createHandlerTarget(handle: HttpHandle, description = 'in-process handler'): Target {
  return {
    description,
    capabilities: { rawBodies: true },
    async send(target: TargetRequest, options: SendOptions): Promise<Observation> {
      const start = performance.now();
      let answer: ReturnType<HttpHandle>;
      try {
        answer = handle(target.request);
      } catch (error) {
        return { kind: 'networkError', code: 'HANDLER_THREW', message: describeThrown(error), latencyMs: performance.now() - start };
      }
      // A synchronous answer cannot be late (no timer could fire before it): only a promise needs the timeout race.
      if (!isPromiseLike(answer)) return observeResponse(answer, performance.now() - start);
      const pending = answer;
      const settled = await settleWithin(() => pending, options.timeoutMs);
      const latencyMs = performance.now() - start;
      switch (settled.kind) {
        case 'value':
          return observeResponse(settled.value, latencyMs);
        case 'thrown':
          return { kind: 'networkError', code: 'HANDLER_THREW', message: describeThrown(settled.error), latencyMs };
        case 'timeout':
          return { kind: 'timeout', timeoutMs: options.timeoutMs, latencyMs };
      }
    },
    close: () => Promise.resolve(),
  };
}
