import { performance } from 'node:perf_hooks';
import type { Observation } from '../observation/observation.ts';
import { observeResponse } from '../wire/aws-json.ts';
import type { HttpRequestMessage, HttpResponseMessage } from '../wire/http-message.ts';
import { describeThrown, settleWithin } from './settle-within.ts';
import type { SendOptions, Target, TargetRequest } from './target.ts';

/** A function that answers an awsJson request in-process, like a server would. */
export type HttpHandle = (request: HttpRequestMessage) => HttpResponseMessage | Promise<HttpResponseMessage>;

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
      const settled = await settleWithin(() => handle(target.request), options.timeoutMs);
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
