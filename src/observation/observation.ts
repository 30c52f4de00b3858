import type { ErrorTypeEvidence } from '../wire/decode-error-type.ts';

/**
 * What a target answered to one case, normalised so that every transport (wire, SDK, in-process) gives the same shape.
 * Header names are lower-case; `body` is the raw text (an SDK transport rebuilds it from what the SDK exposes).
 */
export type Observation =
  | ({
      readonly kind: 'response';
      readonly status: number;
      readonly headers: Readonly<Record<string, string>>;
      readonly body: string;
      /** The error type as the AWS SDK for JavaScript as installed decodes it; `undefined` on success or when it reads none. */
      readonly errorType: string | undefined;
      /** Where the error type came from (`header`, `code`, `__type`); `undefined` when the transport did not see the wire. */
      readonly errorTypeSource: 'header' | 'code' | '__type' | undefined;
      /** Every place the response carried an error type, raw and normalised; absent when the transport did not see the wire (SDK). */
      readonly errorTypePlaces?: readonly ErrorTypeEvidence[];
      /**
       * Set when `status` was not seen on the wire: how it was inferred (e.g. from a modeled exception's class), or why it
       * is assumed. Checks that judge the status itself skip such an answer.
       */
      readonly statusInferred?: string;
      readonly message: string | undefined;
      /**
       * Set when the transport did not see the wire (an SDK client): `headers` and `body` are then what it rebuilt, not what
       * the target sent, and no check judges them.
       */
      readonly wireNotSeen?: true;
      /** A success's output as an SDK client resolved it (the raw body is not seen there); absent on the wire. */
      readonly output?: Readonly<Record<string, unknown>>;
      /**
       * A 2xx answer whose body the SDK client could not parse (a body of white space only, one that is not JSON): what it
       * threw. The answer is a success on the wire; the client's users get an exception instead.
       */
      readonly unparsedSuccess?: string;
      /** `latencyMs` is the last attempt's; see {@link RetriedAfter}. */
      readonly latencyMs: number;
    } & RetriedAfter)
  | ({ readonly kind: 'timeout'; readonly timeoutMs: number; readonly latencyMs: number } & RetriedAfter)
  | ({
      readonly kind: 'networkError';
      readonly code: string;
      readonly message: string;
      readonly latencyMs: number;
      /**
       * An answer that started (a status came), then stalled for a second or more until the connection closed (a body shorter
       * than its content-length): it hung as a timeout does.
       */
      readonly stalled?: true;
      /**
       * The connection closed before any byte of an answer came, where the transport tells (the wire transport): the server
       * may not have read the request, which HTTP allows and clients send again. Where the transport sent it again on a new
       * connection, it says so of the first attempt.
       */
      readonly closedBeforeAnswer?: true;
    } & RetriedAfter);

/** What a gated target (a live run's) tried before the answer it gives: absent where the first attempt gave it. */
export interface RetriedAfter {
  /** The transient answers of the earlier attempts, in order (`ThrottlingException`, `HTTP 503`, `ECONNRESET`). */
  readonly retriedAfter?: readonly string[];
}

/**
 * Whether an observation is a success: a 2xx answer that carries no error type (an error body under a 2xx is no success).
 *
 * @example
 * isSuccessAnswer({ kind: 'response', status: 200, errorType: undefined, … }); // true
 * isSuccessAnswer({ kind: 'timeout', timeoutMs: 5000, latencyMs: 5000 }); // false
 */
export function isSuccessAnswer(observation: Observation): observation is Observation & { kind: 'response' } {
  return observation.kind === 'response' && observation.status >= 200 && observation.status < 300 && observation.errorType === undefined;
}
