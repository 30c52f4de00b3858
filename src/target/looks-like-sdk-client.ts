/**
 * Whether a value is an AWS SDK client (a `WorkMailClient`, mocked or not) rather than the options or target wrapped around
 * one: it has `send` and the Smithy client's `middlewareStack`. Told apart so that the usual slip, passing the client itself,
 * gets an error that says how to wrap it.
 *
 * @example
 * looksLikeSdkClient(new WorkMailClient({ region: 'us-east-1' })); // true
 * looksLikeSdkClient({ client }); // false
 */
export function looksLikeSdkClient(value: unknown): boolean {
  if (typeof value !== 'object' || value === null) return false;
  const candidate = value as { send?: unknown; middlewareStack?: unknown };
  return typeof candidate.send === 'function' && typeof candidate.middlewareStack === 'object' && candidate.middlewareStack !== null;
}
