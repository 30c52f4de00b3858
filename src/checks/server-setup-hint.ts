/**
 * What a status a web framework gives by itself, before any handler of the operation, says of the server's set-up: a route
 * missing for `POST /` (404, 405), or a body parser that refuses `application/x-amz-json-1.1` (415, Fastify's default).
 * Empty for any other status. Said beside a failure whose answer is no error type of the operation's.
 *
 * @example
 * serverSetupHint(415); // ' (a 415: does the server parse bodies of Content-Type application/x-amz-json-1.1?)'
 */
export function serverSetupHint(status: number): string {
  if (status === 404 || status === 405) return ` (a ${status} that is no awsJson error: does the server route POST / with X-Amz-Target to its handlers?)`;
  if (status === 415) return ' (a 415: does the server parse bodies of Content-Type application/x-amz-json-1.1?)';
  return '';
}
