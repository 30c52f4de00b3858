import { awsJsonContentType, encodeAwsJsonError } from '../wire/aws-json.ts';
import type { HttpRequestMessage, HttpResponseMessage } from '../wire/http-message.ts';
import { canonicalBody } from './canonical-json.ts';
import type { Recording } from './recording-schema.ts';

const hopByHop = new Set(['content-length', 'connection', 'keep-alive', 'transfer-encoding', 'date']);

function operationOf(request: HttpRequestMessage): string {
  const target = request.headers['x-amz-target'] ?? '';
  return target.slice(target.lastIndexOf('.') + 1);
}

/**
 * A request handler that answers each recorded input as the recording does (matched by operation and canonical JSON body; an
 * input recorded several times gets its answers in order, the last one repeating), and anything else with a 400 awsJson error
 * saying it is not in the recording.
 *
 * @example
 * const handle = createRecordingHandle(loadRecording('run.ndjson'));
 * handle(buildAwsJsonRequest(spec, input)).status; // as recorded
 */
export function createRecordingHandle(recording: Recording): (request: HttpRequestMessage) => HttpResponseMessage {
  const answers = new Map<string, HttpResponseMessage[]>();
  for (const { exchange } of recording.exchanges) {
    if (exchange.observation.kind !== 'response') continue;
    const key = `${exchange.operation}\n${exchange.input === undefined ? canonicalBody(exchange.rawBody ?? '') : canonicalBody(JSON.stringify(exchange.input))}`;
    const headers: Record<string, string> = {};
    for (const [name, value] of Object.entries(exchange.observation.headers)) if (!hopByHop.has(name)) headers[name] = value;
    const list = answers.get(key) ?? [];
    list.push({ status: exchange.observation.status, headers, body: exchange.observation.body });
    answers.set(key, list);
  }
  const served = new Map<string, number>();
  return (request) => {
    const operation = operationOf(request);
    const key = `${operation}\n${canonicalBody(request.body)}`;
    const list = answers.get(key);
    if (list === undefined || list.length === 0) {
      const error = encodeAwsJsonError('NotInRecordingException', 400, `${operation || '(no X-Amz-Target)'} with this body is not in the recording ${recording.file}`.slice(0, 256));
      return { ...error, headers: { ...error.headers, 'content-type': awsJsonContentType } };
    }
    const index = served.get(key) ?? 0;
    served.set(key, index + 1);
    return list[Math.min(index, list.length - 1)] as HttpResponseMessage;
  };
}
