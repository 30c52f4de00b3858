import { buildErrorCatalog } from '../checks/error-catalog.ts';
import type { SupportingOperationSpec } from '../mock/supporting-spec-schema.ts';
import { observeResponse, responseBodyObject } from '../observation/observe-response.ts';
import type { Observation } from '../observation/observation.ts';
import { readListScope, type ListReading, type ListScope, type NotAList } from '../runner/effect-reader.ts';
import type { CommonErrors, OperationSpec } from '../spec/spec-schema.ts';
import type { SendOptions, Target } from '../target/target.ts';
import type { RecordedObservation, RecordedRead, RecordedRequest } from './recording-schema.ts';
import type { ReadsAgain } from '../observation/read-until-settled.ts';
import { notInRecordingErrorType } from '../observation/not-in-recording.ts';

/** A read of what a case did that lists other records, or gives no list, where the recording listed some. */
export interface ReadDifference {
  readonly line: number;
  readonly operation: string;
  /** The path of the case whose effect the read shows. */
  readonly after: string;
  /** The read's input as JSON. */
  readonly sent: string;
  readonly recorded: string;
  readonly replayed: string;
}

/** What {@link replayReads} needs besides the reads and the target. */
export interface ReadReplayContext {
  readonly specs: readonly OperationSpec[];
  readonly supportingSpecs: readonly SupportingOperationSpec[];
  readonly commonErrors: CommonErrors;
  readonly sendOptions: SendOptions;
  /** Reads a difference again within the recorded run's settle window before it counts: the replayed target's reads may lag. */
  readonly readsAgain: ReadsAgain;
}

/** A live run's read (made through the AWS SDK) as the answer it was: its output, the awsJson body; an error is none. */
function sdkOutputAsAnswer(answer: RecordedRequest['sdkAnswer']): RecordedObservation | undefined {
  if (answer === undefined || !('output' in answer)) return undefined;
  return { kind: 'response', status: 200, headers: { 'content-type': 'application/x-amz-json-1.1' }, body: JSON.stringify(answer.output), latencyMs: 0 };
}

/** A target that answers every request with one observation: a recorded answer, read as the run read it. */
function answering(observation: Observation): Target {
  return { description: 'a recorded answer', capabilities: { rawBodies: true }, send: () => Promise.resolve(observation), close: () => Promise.resolve() };
}

function describeListed(listed: string[] | NotAList): string {
  return Array.isArray(listed) ? `listing [${[...listed].sort().join(', ')}]` : `answered ${listed.observed}`;
}

/**
 * Sends again the reads a recorded run made of what a case did, once the case is sent again, and compares the records each
 * lists with those the recording's answer listed (the fields `deleteEffect` compares, in any order): a delete that did
 * otherwise than the recorded target's shows there, where its answer alone is the same. A live run's reads, made through
 * the AWS SDK, are read as the body their output was. Of each part read several times (read again while a List lagged),
 * the last read counts. A read that differs is read again within the settle window first (`context.readsAgain`), as a run
 * reads it: a target's reads may lag. Not sent: a read of a later page, and one whose recorded answer was no list or went
 * on to another page. Not compared: a read the target gives no answer to, or answers that it is not in a served recording.
 *
 * @example
 * const { compared, differences } = await replayReads(readsAfter, target, { specs, supportingSpecs, commonErrors, sendOptions: { timeoutMs: 10_000 }, readsAgain: new ReadsAgain({ windowMs: 1_500 }) });
 */
export async function replayReads(reads: readonly RecordedRead[], target: Target, context: ReadReplayContext): Promise<{ compared: number; differences: ReadDifference[] }> {
  const lastOfEachPart = new Map<string, RecordedRead>();
  for (const read of reads) lastOfEachPart.set(`${read.request.operation} ${JSON.stringify(read.request.input)}`, read);
  const differences: ReadDifference[] = [];
  let compared = 0;
  for (const { line, request } of lastOfEachPart.values()) {
    const recorded = request.observation ?? sdkOutputAsAnswer(request.sdkAnswer);
    const spec = context.specs.find((candidate) => candidate.resourceKind.list?.operation === request.operation);
    const list = spec?.resourceKind.list;
    const listSpec = context.supportingSpecs.find((candidate) => candidate.operation === request.operation);
    if (recorded?.kind !== 'response' || spec === undefined || list === undefined || listSpec === undefined || request.after === undefined) continue;
    const pagination = listSpec.pagination;
    const recordedObservation = observeResponse({ status: recorded.status, headers: recorded.headers, body: recorded.body }, recorded.latencyMs);
    const nextToken = pagination === undefined ? undefined : responseBodyObject(recordedObservation)?.[pagination.outputToken];
    if ((pagination !== undefined && request.input[pagination.inputToken] !== undefined) || (typeof nextToken === 'string' && nextToken !== '')) continue;
    // The part as the run read it: the members the List takes, and the record fields they fix.
    let organizationId = '';
    const fixedFields: Record<string, string> = {};
    const input: Record<string, string> = {};
    for (const [member, source] of Object.entries(list.input)) {
      const value = request.input[member];
      if (typeof value !== 'string') continue;
      input[member] = value;
      if (source === 'organizationId') organizationId = value;
      else fixedFields[source] = value;
    }
    const scope: ListScope = { organizationId, input, fixedFields, label: request.operation };
    const fields = [...new Set([...Object.keys(fixedFields), ...Object.keys(list.itemFields)])];
    const errors = buildErrorCatalog(spec, context.commonErrors);
    const reading = (from: Target): ListReading => ({ spec, list, listSpec, target: from, sendOptions: context.sendOptions, errors, fields });
    const before = await readListScope(reading(answering(recordedObservation)), scope);
    // A recorded answer that was no list compares nothing of the records.
    if (!Array.isArray(before)) continue;
    const recordedRecords = [...before].sort().join('\n');
    const same = (listed: string[] | NotAList) => Array.isArray(listed) && listed.length === before.length && [...listed].sort().join('\n') === recordedRecords;
    const readAgain = () => readListScope(reading(target), scope);
    let after = await readAgain();
    // No answer (a timeout, a throttle), or a served recording's "not in the recording" (it serves the cases' answers only),
    // tells nothing of what the case did.
    if (!Array.isArray(after) && (!after.answered || after.observation?.kind === 'response' && after.observation.errorType === notInRecordingErrorType)) continue;
    compared += 1;
    if (!same(after)) {
      const settled = await context.readsAgain.settle(after, readAgain, (again) => (same(again) ? 'settled' : 'readAgain'));
      if (settled !== undefined) after = settled.read;
    }
    if (!same(after)) differences.push({ line, operation: request.operation, after: request.after, sent: JSON.stringify(request.input), recorded: describeListed(before), replayed: describeListed(after) });
  }
  return { compared, differences };
}
