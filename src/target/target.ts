import type { Observation } from '../observation/observation.ts';
import type { HttpRequestMessage } from '../wire/http-message.ts';

/** One case as a target receives it: the unsigned awsJson request, and the input object when the body is one. */
export interface TargetRequest {
  readonly operation: string;
  /** The SigV4 signing name of the operation's service (the spec's `service.signingName`), for transports that sign. */
  readonly signingName?: string;
  /** The awsJson1_1 request before signing; transports sign it themselves when they need to. */
  readonly request: HttpRequestMessage;
  /** The parsed input when the body is a JSON object; `undefined` for malformed bodies. */
  readonly input: Readonly<Record<string, unknown>> | undefined;
  /**
   * Why the kit sends a request that is no case: `read` (a List of what the target holds), `step` (a delete or put of the
   * stateful phase). Absent for a case. Targets need not look at it; a recording keeps such requests as `request` lines.
   */
  readonly role?: 'read' | 'step';
  /** For a read of what a case did: that case's path (`--path`), so that a recording ties the read to its case. */
  readonly after?: string;
}

/** What a target can carry: SDK-based targets send only what a WorkMailClient can express. */
export interface TargetCapabilities {
  /** Whether raw bodies can be sent: malformed JSON, a body that is not an object, `null` members, wrong JSON types. */
  readonly rawBodies: boolean;
  /**
   * Whether requests go to the real WorkMail service (an AWS host, or the AWS SDK's own endpoint for a region): `runConformance`
   * then refuses a run that is not live, whose deletes and puts would go unguarded.
   */
  readonly realService?: boolean;
}

/** Options of one send. */
export interface SendOptions {
  /** A target that has not answered within this many milliseconds gives a `timeout` observation. */
  readonly timeoutMs: number;
}

/**
 * Where cases are sent: an HTTP endpoint, the real service, or something in-process.
 * Generation never knows which; every target turns a request into the same normalised {@link Observation}.
 */
export interface Target {
  /** A one-line description for reports, never containing credentials (e.g. `http://127.0.0.1:4566 (wire transport)`). */
  readonly description: string;
  readonly capabilities: TargetCapabilities;
  send(request: TargetRequest, options: SendOptions): Promise<Observation>;
  /**
   * The key IDs, secrets and session tokens the target has signed with so far (renewed credentials included), for a target
   * that signs: `runConformance` keeps them out of its report, wherever an answer quotes them.
   */
  secrets?(): readonly string[];
  /** Releases connections, servers and timers. */
  close(): Promise<void>;
}

/**
 * A target over HTTP that can find a server serving one connection at a time (see `servesOneConnectionAtATime`) and then
 * send over one connection: the wire transport's, and the SDK transport's where it built the client itself.
 */
export interface OneConnectionProbe {
  /**
   * Sends `request` (one that changes nothing), signed as every request is, on one connection and then, the first kept
   * open, on a second; where the server answers the second only once the first is closed, the target sends over one
   * connection from then on, and this resolves `true`. Call it before the first request.
   *
   * @example
   * const target = createHttpTarget({ endpoint: 'http://127.0.0.1:8000', region: 'us-east-1' });
   * const list = buildAwsJsonRequest({ protocol: { ...spec.protocol, target: 'WorkMailService.ListMailboxPermissions' } }, {});
   * const concurrency = (await target.useOneConnectionIfServedSo(list, 5_000)) ? 1 : 8;
   */
  useOneConnectionIfServedSo(request: HttpRequestMessage, timeoutMs: number): Promise<boolean>;
}

/**
 * Whether a target can probe for a server that serves one connection at a time.
 *
 * @example
 * if (probesOneConnection(target) && (await target.useOneConnectionIfServedSo(list, 5_000))) concurrency = 1;
 */
export function probesOneConnection(target: Target): target is Target & OneConnectionProbe {
  return typeof (target as Partial<OneConnectionProbe>).useOneConnectionIfServedSo === 'function';
}

/**
 * Thrown by a target that must send nothing more (a live run's request budget is spent): the run stops sending and reports
 * why, as `summary.incomplete`, instead of failing.
 *
 * @example
 * throw new StopSending('the request budget (--max-requests 300) is spent: 300 requests sent, the reads among them');
 */
export class StopSending extends Error {
  override readonly name = 'StopSending';
}

/**
 * Whether an error is a {@link StopSending}, across copies of this module.
 *
 * @example
 * if (isStopSending(error)) stopped = error.message;
 */
export function isStopSending(error: unknown): error is StopSending {
  return (error as { name?: unknown } | undefined)?.name === 'StopSending' && error instanceof Error;
}
