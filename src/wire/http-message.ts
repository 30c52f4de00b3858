/** An HTTP request as plain data (header names lower-case), the form in which cases reach a target and the mock. */
export interface HttpRequestMessage {
  readonly method: string;
  readonly path: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
}

/** An HTTP response as plain data (header names lower-case). */
export interface HttpResponseMessage {
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
}

/**
 * A mutable copy of headers, key by key: on V8 (Node 20), adding keys to a spread copy costs about 1 µs, to a plain object a
 * few ns, and callers of this add the headers they sign or send.
 *
 * @example
 * const headers = copyHeaders(message.headers);
 * headers['host'] = '127.0.0.1:4566';
 */
export function copyHeaders(headers: Readonly<Record<string, string>>): Record<string, string> {
  const copy: Record<string, string> = {};
  for (const name in headers) copy[name] = headers[name] as string;
  return copy;
}
