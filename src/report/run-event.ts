import type { Case } from '../cases/case.ts';
import type { PropertyKind } from '../cases/property-cases.ts';
import type { Check, CheckResult } from '../checks/check.ts';
import type { Expectation, ResourceEffect } from '../model/outcome.ts';
import type { Observation } from '../observation/observation.ts';
import type { OperationSpec } from '../spec/spec-schema.ts';
import type { HttpRequestMessage } from '../wire/http-message.ts';
import type { ExchangeVerdict } from '../verdict/judge-exchange.ts';
import type { Reproduction } from './conformance-report.ts';
import type { StateSequenceKind } from './contract-coverage.ts';

/** One request and everything judged about it. */
export interface Exchange {
  readonly testCase: Case;
  readonly path: string;
  readonly request: HttpRequestMessage;
  readonly expectation: Expectation;
  readonly observation: Observation;
  readonly verdict: ExchangeVerdict;
  /**
   * After a success the documentation's open points allow both to delete the record it names and to delete nothing, what
   * the read after it showed: `true` where the record went, `false` where it stayed. Absent where no such read was made.
   */
  readonly readShowedDelete?: boolean;
}

/** The phases of a run, in the order they run for each operation. */
export type RunPhase = 'coverage' | PropertyKind | 'shrink' | 'stateful';

/** Why a planned case was not sent. */
export type NotSentReason = 'inexpressible' | 'heldBack' | 'stopped';

/**
 * What the engine tells its consumers as it works: the report, the progress line, the recording and a caller's `onEvent`
 * are each built from these alone. The engine itself never writes anywhere. Each operation's events come in its phases'
 * order; the events of operations that run side by side come interleaved, each naming its operation.
 */
export type RunEvent =
  | { readonly type: 'phaseStarted'; readonly operation: string; readonly phase: RunPhase; readonly total: number }
  /**
   * How many of a phase's `total` are done, for a phase whose units are no exchanges of their own: the stateful phase's
   * sequences, each told as it ends (a failing one only once it is shrunk).
   */
  | { readonly type: 'phaseAdvanced'; readonly operation: string; readonly phase: RunPhase; readonly done: number }
  /** A case whose expectation is known, about to be sent (or held back). */
  | { readonly type: 'casePlanned'; readonly spec: OperationSpec; readonly testCase: Case; readonly path: string; readonly expectation: Expectation }
  /**
   * A case not sent: the target cannot express it, the send policy held it back (with the outcomes it was expected to get),
   * or the run has stopped.
   */
  | { readonly type: 'caseNotSent'; readonly spec: OperationSpec; readonly testCase: Case; readonly reason: NotSentReason; readonly expectation?: Expectation }
  /** Every request sent and judged, shrinking included, as soon as it is judged. */
  | { readonly type: 'exchange'; readonly spec: OperationSpec; readonly exchange: Exchange; readonly shrinking: boolean }
  /**
   * An exchange that counts in the run's tallies, in an order that never depends on timing. `keepFindings`: each failing
   * check of it is a finding (coverage cases); otherwise findings come from shrinking, as `finding` events.
   */
  | { readonly type: 'judged'; readonly spec: OperationSpec; readonly exchange: Exchange; readonly keepFindings: boolean }
  /**
   * A broken rule worth showing: the exchange that shows it, shrunk when `shrunk`. A sequence of the stateful phase gives its
   * failing step as the exchange, the whole sequence as `input` and one command per step as `reproduce`.
   */
  | {
      readonly type: 'finding';
      readonly spec: OperationSpec;
      /** The exchange that shows it; a finding never needs the request as sent. */
      readonly exchange: Omit<Exchange, 'request'>;
      readonly check: Check;
      readonly shrunk: boolean;
      readonly note?: string;
      readonly input?: unknown;
      readonly reproduce?: Reproduction;
    }
  /** One step of a state sequence judged by a check (a sequence's steps are no exchanges of their own in the tallies). */
  | { readonly type: 'stepJudged'; readonly spec: OperationSpec; readonly check: string; readonly result: CheckResult }
  /** A state sequence every step of which was judged, and the kind of sequence it showed (contract coverage). */
  | { readonly type: 'sequenceShowed'; readonly spec: OperationSpec; readonly kind: StateSequenceKind }
  /**
   * A List read after a delete or a put differed from what the model says, and a read `afterMs` later did not: the target's
   * reads lag behind its changes (allowed: neither AWS page promises a read shows a change at once).
   */
  | { readonly type: 'readSeenLate'; readonly spec: OperationSpec; readonly list: string; readonly afterMs: number; readonly windowMs: number }
  /** The model followed a delete the target answered with success. */
  | { readonly type: 'stateChanged'; readonly spec: OperationSpec; readonly effect: ResourceEffect }
  /**
   * A check that cannot judge any exchange of an operation in this run, and why; `byChoice` where the run was asked not to
   * (a flag, a live or dry run), so that a verdict says only of the others that it rests on less than it seems to;
   * `fixtureContradicted` where the target, read, differs from the fixture, so that no delete counts as real on its word.
   */
  | { readonly type: 'notChecked'; readonly spec: OperationSpec; readonly check: string; readonly reason: string; readonly byChoice?: true; readonly fixtureContradicted?: true }
  | { readonly type: 'phaseEnded'; readonly operation: string; readonly phase: RunPhase }
  /** The last event: `stopped` says why the run ended early, if it did. */
  | { readonly type: 'runEnded'; readonly stopped: string | undefined };

/**
 * Passes each event to every consumer in turn.
 *
 * @example
 * const emit = fanOut([report.onEvent, progress.onEvent]);
 * emit({ type: 'runEnded', stopped: undefined });
 */
export function fanOut(consumers: readonly ((event: RunEvent) => void)[]): (event: RunEvent) => void {
  if (consumers.length === 1) return consumers[0] as (event: RunEvent) => void;
  return (event) => {
    for (const consumer of consumers) consumer(event);
  };
}
