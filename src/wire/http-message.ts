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
