import { awsJsonContentType, encodeAwsJsonError } from '../wire/aws-json.ts';
import { NoAnswer, type HttpRequestMessage, type HttpResponseMessage } from '../wire/http-message.ts';
import { canonicalBody } from './canonical-json.ts';
import { notInRecordingErrorType } from '../observation/not-in-recording.ts';
import type { Recording } from './recording-schema.ts';

const hopByHop = new Set(['content-length', 'connection', 'keep-alive', 'transfer-encoding', 'date']);

/** The header an answer served from a recording carries where the recording did not see the wire (`wireNotSeen`). */
export const wireNotSeenHeader = 'x-workmail-conformance-wire-not-seen';

function operationOf(request: HttpRequestMessage): string {
  const target = request.headers['x-amz-target'] ?? '';
  return target.slice(target.lastIndexOf('.') + 1);
}

/**
 * A request handler that answers each recorded input as the recording does (matched by operation and canonical JSON body; an
 * input recorded several times gets its answers in order, the last one repeating), and anything else with a 400 awsJson error
 * saying it is not in the recording. An answer recorded through the SDK transport carries {@link wireNotSeenHeader}. A recorded network error is given again as a dropped connection, a recorded timeout
 * as no answer at all (both thrown as {@link NoAnswer}, which `startMockServer` serves so).
 *
 * @example
 * const handle = createRecordingHandle(loadRecording('run.ndjson'));
 * handle(buildAwsJsonRequest(spec, input)).status; // as recorded
 */
export function createRecordingHandle(recording: Recording): (request: HttpRequestMessage) => HttpResponseMessage {
  const answers = new Map<string, (HttpResponseMessage | NoAnswer['how'])[]>();
  for (const { exchange } of recording.exchanges) {
    const key = `${exchange.operation}\n${exchange.input === undefined ? canonicalBody(exchange.rawBody ?? '') : canonicalBody(JSON.stringify(exchange.input))}`;
    const list = answers.get(key) ?? [];
    const observation = exchange.observation;
    if (observation.kind === 'response') {
      const headers: Record<string, string> = {};
      for (const [name, value] of Object.entries(observation.headers)) if (!hopByHop.has(name)) headers[name] = value;
      // Recorded through the SDK: the status and error type are the service's, the body and headers what the SDK rebuilt.
      if (observation.wireNotSeen === true) headers[wireNotSeenHeader] = 'the body and headers were not seen (recorded through the SDK transport)';
      list.push({ status: observation.status, headers, body: observation.body });
    } else list.push(observation.kind === 'timeout' ? 'never' : 'dropConnection');
    answers.set(key, list);
  }
  const served = new Map<string, number>();
  return (request) => {
    const operation = operationOf(request);
    const key = `${operation}\n${canonicalBody(request.body)}`;
    const list = answers.get(key);
    if (list === undefined || list.length === 0) {
      const error = encodeAwsJsonError(notInRecordingErrorType, 400, `${operation || '(no X-Amz-Target)'} with this body is not in the recording ${recording.file}`.slice(0, 256));
      return { ...error, headers: { ...error.headers, 'content-type': awsJsonContentType } };
    }
    const index = served.get(key) ?? 0;
    served.set(key, index + 1);
    const answer = list[Math.min(index, list.length - 1)] as HttpResponseMessage | NoAnswer['how'];
    if (typeof answer === 'string') throw new NoAnswer(answer);
    return answer;
  };
}
