import { describeObservation } from '../observation/describe-observation.ts';
import { fail, pass, skip, type Check } from './check.ts';

const closedUnreadHint =
  "; where a server closes connections before it reads their requests (one that answers a request at a time and closes connections left waiting, such as the JDK's HttpServer with a short idleInterval), a client sends the request again: try --retries 2, or one request at a time (--concurrency 1, concurrency in code)";

/**
 * Every request gets a complete HTTP response: no reset connection, no truncated body, no close mid-response.
 *
 * @example
 * responseReceived.run(input).status; // 'fail' for ECONNRESET
 */
export const responseReceived: Check = {
  name: 'responseReceived',
  rule: 'Every request gets a complete HTTP response (no reset, no truncated body, no connection closed mid-response).',
  severity: 'failure',
  judgesTransientAnswers: true,
  run({ observation }) {
    if (observation.kind === 'timeout') return skip;
    if (observation.kind !== 'networkError') return pass;
    // HTTP lets a server close a connection before it reads a request, and clients send such a request again: a server that
    // answers one request at a time and closes connections left waiting (the JDK's HttpServer with a short idleInterval)
    // does so under concurrency (trialY #1). The failure stands (nothing was answered), with what takes it away.
    // Not where the run's own retries (beyond the transport's one on a new connection) already sent it again.
    const unread = observation.closedBeforeAnswer === true && (observation.retriedAfter?.length ?? 0) <= 1;
    return fail('a complete HTTP response', `${describeObservation(observation)}${unread ? closedUnreadHint : ''}`);
  },
};
