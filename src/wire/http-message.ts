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

/**
 * Thrown by a request handler that gives no answer, as a recorded target did: `dropConnection` closes the connection
 * without a response (a network error on the client's side), `never` leaves the request unanswered (a timeout there).
 *
 * @example
 * throw new NoAnswer('dropConnection'); // startMockServer closes the connection
 */
export class NoAnswer extends Error {
  constructor(readonly how: 'dropConnection' | 'never') {
    super(how === 'dropConnection' ? 'the handler drops the connection without an answer' : 'the handler never answers');
    this.name = 'NoAnswer';
  }
}
