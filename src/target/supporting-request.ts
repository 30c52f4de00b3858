import type { Observation } from '../observation/observation.ts';
import type { Target } from './target.ts';

/**
 * Why the kit sent a request that is no case of its own: a read of what the target holds (a List before or after a case,
 * the start's read, a live run's reads), a step of the stateful phase (its deletes and puts), or a live run's put back of
 * what a delete removed.
 */
export type SupportingRole = 'read' | 'step' | 'putBack';

/** What a live run's supporting calls gave through the AWS SDK: the command's output, or the error it threw. */
export type SdkAnswer =
  | { readonly output: Readonly<Record<string, unknown>> }
  | { readonly error: { readonly type: string; readonly status?: number; readonly message: string } };

/**
 * A request the run sent that is no case, and its answer: what `runConformance`'s `onRequest` hears, and what a recording
 * keeps as a `request` line, so that what the reads showed of each delete survives the run.
 */
export interface SupportingRequest {
  readonly role: SupportingRole;
  readonly operation: string;
  readonly input: Readonly<Record<string, unknown>>;
  /** For a read of what a case did (and a live run's put back after it): that case's path (`--path`). */
  readonly after?: string;
  /** For a live run's read just before a delete: the path of the case it let through or held back. */
  readonly before?: string;
  /** The answer as the target gave it (wire, handler, msw or SDK transport); absent for a live run's SDK calls. */
  readonly observation?: Observation;
  /** A live run's reads and put backs, made through the AWS SDK: its output, or the error it threw. */
  readonly sdkAnswer?: SdkAnswer;
}

/**
 * The target, telling `onRequest` of each request it answers that carries a `role` (a read, a step of the stateful
 * phase); a case's own request passes straight through.
 *
 * @example
 * const heard: SupportingRequest[] = [];
 * const target = tellingSupportingRequests(createHandlerTarget(mock.handle), (request) => heard.push(request));
 * await target.send({ operation: 'ListMailboxPermissions', role: 'read', request, input }, { timeoutMs: 1000 });
 * heard[0]?.observation?.kind; // 'response'
 */
export function tellingSupportingRequests(target: Target, onRequest: (request: SupportingRequest) => void): Target {
  return {
    description: target.description,
    capabilities: target.capabilities,
    send(request, options) {
      const { role, input, after } = request;
      if (role === undefined || input === undefined) return target.send(request, options);
      return target.send(request, options).then((observation) => {
        onRequest({ role, operation: request.operation, input, ...(after === undefined ? {} : { after }), observation });
        return observation;
      });
    },
    ...(target.secrets === undefined ? {} : { secrets: () => target.secrets?.() ?? [] }),
    close: () => target.close(),
  };
}
