/**
 * What a target answered to one case, normalised so that every transport (wire, SDK, in-process) gives the same shape.
 * Header names are lower-case; `body` is the raw text (an SDK transport rebuilds it from what the SDK exposes).
 */
export type Observation =
  | {
      readonly kind: 'response';
      readonly status: number;
      readonly headers: Readonly<Record<string, string>>;
      readonly body: string;
      /** The error type as the AWS SDK for JavaScript decodes it; `undefined` on success or when none is given. */
      readonly errorType: string | undefined;
      /** Where the error type came from (`header`, `code`, `__type`). */
      readonly errorTypeSource: 'header' | 'code' | '__type' | undefined;
      readonly message: string | undefined;
      readonly latencyMs: number;
    }
  | { readonly kind: 'timeout'; readonly timeoutMs: number; readonly latencyMs: number }
  | { readonly kind: 'networkError'; readonly code: string; readonly message: string; readonly latencyMs: number };
