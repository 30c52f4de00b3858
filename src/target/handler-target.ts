import { performance } from 'node:perf_hooks';
import type { Observation } from '../observation/observation.ts';
import { observeResponse } from '../observation/observe-response.ts';
import type { HttpRequestMessage, HttpResponseMessage } from '../wire/http-message.ts';
import { describeValue } from '../check-options.ts';
import { ConfigError } from '../config-error.ts';
import { describeThrown, settleWithin } from './settle-within.ts';
import type { SendOptions, Target, TargetRequest } from './target.ts';

/** A function that answers an awsJson request in-process, like a server would. */
export type HttpHandle = (request: HttpRequestMessage) => HttpResponseMessage | Promise<HttpResponseMessage>;

function isPromiseLike(value: unknown): value is PromiseLike<HttpResponseMessage> {
  return typeof (value as { then?: unknown } | null)?.then === 'function';
}

/** What is wrong with an answer that is no `{ status, headers, body }`, for the observation; `undefined` when it is one. */
function malformedAnswer(answer: unknown): string | undefined {
  const candidate = answer as Partial<Record<keyof HttpResponseMessage, unknown>> | null | undefined;
  if (typeof candidate !== 'object' || candidate === null) return `the handler answered ${candidate === null ? 'null' : typeof candidate}, not a response { status, headers, body }`;
  if (typeof candidate.status !== 'number') return 'the handler answered a response without a numeric status';
  if (typeof candidate.headers !== 'object' || candidate.headers === null) return 'the handler answered a response without a headers object';
  if (typeof candidate.body !== 'string') return 'the handler answered a response whose body is not a string';
  return undefined;
}

function observeAnswer(answer: HttpResponseMessage, latencyMs: number): Observation {
  const malformed = malformedAnswer(answer);
  return malformed === undefined ? observeResponse(answer, latencyMs) : { kind: 'networkError', code: 'HANDLER_MALFORMED_ANSWER', message: malformed, latencyMs };
}

/**
 * A target that calls a handle function directly (no socket): the timeout applies to async handles too, a handle that
 * throws gives a `networkError` observation with code `HANDLER_THREW` instead of ending the run, and one that answers no
 * `{ status, headers, body }` (nothing, a status as text…) one with code `HANDLER_MALFORMED_ANSWER` that says what is wrong.
 *
 * @example
 * const target = createHandlerTarget((request) => encodeAwsJsonSuccess(), 'my mock');
 * // A case as a target takes it: the operation, its awsJson request (unsigned) and the input.
 * const spec = findOperationSpec(loadOperationSpecs(), 'DeletePersonalAccessToken');
 * const input = { OrganizationId: demoIds.organizationId, PersonalAccessTokenId: demoIds.aliceTokenId };
 * const request = { operation: spec.operation, request: buildAwsJsonRequest(spec, input), input };
 * await target.send(request, { timeoutMs: 1000 }); // { kind: 'response', status: 200, … }
 */
export function createHandlerTarget(handle: HttpHandle, description = 'in-process handler'): Target {
  if (typeof handle !== 'function') throw new ConfigError(`createHandlerTarget: handle: expected a function (request) => response, got ${describeValue(handle)}`);
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
      if (!isPromiseLike(answer)) return observeAnswer(answer, performance.now() - start);
      const pending = answer;
      const settled = await settleWithin(() => pending, options.timeoutMs);
      const latencyMs = performance.now() - start;
      switch (settled.kind) {
        case 'value':
          return observeAnswer(settled.value, latencyMs);
        case 'thrown':
          return { kind: 'networkError', code: 'HANDLER_THREW', message: describeThrown(settled.error), latencyMs };
        case 'timeout':
          return { kind: 'timeout', timeoutMs: options.timeoutMs, latencyMs };
      }
    },
    close: () => Promise.resolve(),
  };
}
