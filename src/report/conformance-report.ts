import type { NotSentReason } from './run-event.ts';
import type { CasePhase } from '../cases/case.ts';
import type { Violation } from '../arbitraries/violation.ts';
import type { Profile } from '../spec/spec-schema.ts';
import type { OperationContractCoverage } from './contract-coverage.ts';

/** How to send one failing case again: with the kit, and (where the CLI can express the input) with the AWS CLI. */
export interface Reproduction {
  readonly kit: string;
  readonly awsCli: string | undefined;
}

/** One broken rule, shown by one (minimal, where shrunk) input. */
export interface Finding {
  readonly operation: string;
  readonly check: string;
  readonly rule: string;
  readonly phase: CasePhase;
  readonly description: string;
  /** The input object sent, or the raw body text of a malformed-body case. */
  readonly input: unknown;
  readonly violation: Violation | null;
  readonly expected: string;
  readonly observed: string;
  /** The target's own message on the error answer it gave (its first 160 characters): what it says it refused, where it names it. */
  readonly targetMessage?: string;
  /** Why the oracle expected what it did. */
  readonly reason: string;
  /**
   * Each member of the input at a documented length limit, e.g. `GranteeId: 256 characters, its documented maximum`: what a
   * long input's excerpt hides, and often what the rule broke on. Absent where none is.
   */
  readonly atLengthLimits?: readonly string[];
  readonly openPoints: readonly string[];
  readonly seed: number;
  /** The case's path: `<Operation>.coverage:<index>` or `<Operation>.<valid|invalid>:<fast-check path>`. */
  readonly path: string;
  readonly shrunk: boolean;
  readonly reproduce: Reproduction;
}

/** Counts of one check over one operation. */
export interface CheckTally {
  readonly name: string;
  readonly rule: string;
  readonly severity: 'failure' | 'warning';
  passed: number;
  failed: number;
  warned: number;
  skipped: number;
  /** Why the run could not apply this check at all (e.g. `the target serves no ListMailboxPermissions`); absent when it could. */
  notChecked?: string;
}

/** Answers whose HTTP status the transport did not see (a mocked SDK client): what was inferred or assumed, and how often. */
export interface InferredStatus {
  readonly operation: string;
  /** The answer as judged, e.g. `400 InvalidParameterException` or `200 success`. */
  readonly answer: string;
  /** How the status was inferred, e.g. `400 inferred from the model: InvalidParameterException is a client error, …`. */
  readonly how: string;
  count: number;
}

/** Cases a live run held back, by why. */
export interface HeldBackTally {
  /**
   * `existing`: it would delete something that exists (a default run, or an organization not allowed); `changed`: a read just
   * before showed present what the run had read absent; `notVerifiable`: no read could show it absent; `notRestorable`: it
   * would delete something no call can put back; `budget`: the budget could not hold the read and the delete;
   * `afterRestoreFailed`: it would delete something that exists after an earlier put back failed (or a delete may still
   * land), so that one loss is never followed by another; `afterLoss`: it may delete something, and an earlier delete of the
   * run removed what it did not name (read just before and just after it), so that no delete follows a target seen to do so.
   */
  readonly category: 'existing' | 'changed' | 'notVerifiable' | 'notRestorable' | 'budget' | 'afterRestoreFailed' | 'afterLoss';
  count: number;
  /** The first case held back for this reason, with the reason. */
  readonly example: string;
}

/** A delete a live run sent after reading what it names. */
export interface SentDelete {
  readonly operation: string;
  readonly resource: { readonly kind: string; readonly organizationId: string; readonly keys: Readonly<Record<string, string>> };
  /** What the read just before showed: `absent` in a default run; `present` only in a destructive run, which puts it back. */
  readonly readShowed: 'absent' | 'present';
  readonly evidence: string;
  readonly at: string;
}

/** What a read of an organization could not read to the end: the run does not know it. */
export interface DiscoveryGapEntry {
  readonly organizationId: string;
  readonly what: string;
  readonly why: string;
}

/** One way in which an organization differs between the run's first and last read. */
export interface OrganizationDifference {
  readonly organizationId: string;
  readonly resource: 'organization' | 'entity' | 'mailboxPermission' | 'personalAccessToken';
  readonly change: 'added' | 'removed' | 'changed';
  readonly description: string;
  /** The requests of this run that named it (a delete sent after a read showed it absent), or none. */
  readonly namedByRun: readonly string[];
  /** A deletion the user allowed although nothing can put it back (a destructive run, a token listed in `--fixture`). */
  readonly allowedLoss: boolean;
  /** For a mailbox permission removed or changed, the AWS CLI command that puts back what the read at the start showed. */
  readonly fixCommand?: string;
}

/** The run's proof: the organizations read again at the end and compared, by content, with the read at the start. */
export interface EndComparison {
  readonly organizations: readonly string[];
  /** True when nothing compared differs, and the end read listed all the read at the start listed. */
  readonly unchanged: boolean;
  readonly differences: readonly OrganizationDifference[];
  /** Parts that one of the two reads could not read to the end, so they were not compared. */
  readonly notCompared: readonly string[];
  /** Of `notCompared`, what the read at the start listed and the end read could not: nothing proves those as they were. */
  readonly unreadAtEnd?: readonly string[];
  /** Why the organizations could not be read again at the end, when they could not: then nothing was compared. */
  readonly readFailed?: string;
}

/** How a live run was held in: its mode, rate, budget, what it read, held back and sent, and its end comparison. */
export interface LiveRunSection {
  /** `safe` (nothing is deleted that a read just before did not show absent) or `destructive` (allowed in `allowedOrganizations`, each delete put back). */
  readonly mode: 'safe' | 'destructive';
  readonly allowedOrganizations: readonly string[];
  readonly maxRps: number | undefined;
  readonly maxRequests: number | undefined;
  /** Requests sent, retries, reads and restoring included. */
  readonly requestsSent: number;
  /** Of them, those that put back what a delete removed and read the organizations at the end: never held back by the budget. */
  readonly requestsOutsideBudget: number;
  /** Cases held back, all reasons together. */
  readonly heldBack: number;
  readonly heldBackByReason: readonly HeldBackTally[];
  /** Where the oracle's fixture came from: `--fixture FILE`, or the run's read of the named organizations. */
  readonly fixtureSource: string;
  /** What the read at the start could not read to the end. */
  readonly gaps: readonly DiscoveryGapEntry[];
  /** Deletes sent after a read of what they name (deletes that name nothing that can exist are not listed). */
  readonly guardedDeletes: readonly SentDelete[];
  readonly endComparison: EndComparison;
  /** Transient answers (throttling, internal failures, network errors): retried, and persisting past every retry (those reach the checks). */
  readonly transient: { readonly retried: number; readonly persisted: number; readonly byReason: Readonly<Record<string, number>> };
  /**
   * Only where some read showed a delete or a put only when read again (a service that is eventually consistent): how many,
   * the longest wait, and how long a read was read again. Evidence of how the target behaves, not a failure.
   */
  readonly readsSeenLate?: { readonly count: number; readonly longestMs: number; readonly windowMs: number };
}

/** One change a destructive run made to an organization, and whether it was put back. */
export interface StateChange {
  readonly organizationId: string;
  readonly resource: string;
  readonly description: string;
  /**
   * `unanswered`: a delete of it got no answer (a timeout, a lost connection), so it may still take effect after the run's
   * last read; it was put back where the read after showed it gone, and its command is kept in case it is gone later.
   * `notSeenDone`: a delete of it answered success, but no read within the settle window showed anything removed (a read
   * that lags longer, or a target that answers success for a delete it did not make): the same holds.
   */
  readonly status: 'restored' | 'restoreFailed' | 'notRestorable' | 'unanswered' | 'notSeenDone';
  /** For a failed restore, or a delete that got no answer: the command that puts it back by hand. */
  readonly fixCommand: string | undefined;
  /** For a failed restore: what went wrong. */
  readonly problem?: string;
}

/** What a destructive run deleted, delete by delete, and whether each was put back and verified. */
export interface StateChangeSection {
  readonly organizations: readonly string[];
  readonly changes: readonly StateChange[];
  /** Whether every change that can be put back was put back and read back as before. */
  readonly verified: boolean;
}

/** What the target answered in one situation the documentation leaves open (or where several problems compete). */
export interface OpenPointFinding {
  readonly operation: string;
  /** The open point's id, or `precedence` for a case with several problems at once. */
  readonly topic: string;
  readonly situation: string;
  /** For precedence cases: what the spec's precedence reading expects. */
  readonly expected: string | undefined;
  readonly observed: readonly { readonly answer: string; readonly count: number }[];
  /** The readings of the open point the answers show (only answers that tell readings apart count), e.g. `case-sensitive`. */
  readonly readings?: readonly { readonly reading: string; readonly count: number }[];
}

/** The result of a conformance run: what `--reporter json` prints. */
export interface ConformanceReport {
  /** The kit and its version that wrote the report. */
  readonly tool: { readonly name: 'workmail-conformance'; readonly version: string };
  /** What was checked, as the run names it (`http://127.0.0.1:4566 (wire transport)`, `the embedded reference mock`, …). */
  readonly target: string;
  /** Which answers counted as conformant (`documented` or `aws`). */
  readonly profile: Profile;
  /** How patterns were applied: `full` (the whole value, as AWS does) or `search`. */
  readonly patternMatching: 'full' | 'search';
  /** The seed of the property phase: `--seed` (or `seed`) replays the run. */
  readonly seed: number;
  /** Runs per property and operation. */
  readonly numRuns: number;
  /** When the run started, as an ISO 8601 time. */
  readonly startedAt: string;
  /** How long the run took, in milliseconds. */
  readonly durationMs: number;
  /** The verdict and its counts: what to gate CI on. */
  readonly summary: {
    /**
     * Whether the target broke no rule and the run was complete: what to gate CI on. A live run's safety (the organizations
     * as the run found them) is apart: `live.endComparison` and `stateChanges.verified`.
     */
    readonly conformant: boolean;
    /** Findings listed in `failures`: examples of broken rules, a bounded number per rule (not a count of exchanges). */
    readonly failures: number;
    /** Distinct (operation, check) pairs that failed. */
    readonly failedChecks: number;
    /** Findings listed in `warnings`: examples of warning-only rules (clientCompatibility) and unmodelled Put answers. */
    readonly warnings: number;
    /** The cases' requests sent (the reads that check what a case did are not counted here). */
    readonly requests: number;
    /** Cases sent and judged, repeats included. */
    readonly cases: number;
    /** Steps of the stateful phase's sequences judged (deletes, puts and lists): not counted in `cases`. */
    readonly sequenceSteps: number;
    /** Cases not sent: the target cannot express them (SDK transport), or the send policy held them back (live runs). */
    readonly skipped: number;
    /** Only where cases were not sent: how many for each reason (the target cannot express them, held back, the run had stopped). */
    readonly notSent?: Readonly<Partial<Record<NotSentReason, number>>>;
    /** Why the run stopped early, if it did (e.g. the target stopped answering). */
    readonly incomplete: string | undefined;
    /** Answers that only asked to try again (ThrottlingException and the like, past any retries): not judged against the contract. */
    readonly transientAnswers: number;
    /** Only in a replay of one case (`path`, `--path`): its path. Its verdict is that case's alone, in the state the target is in now. */
    readonly replayOf?: string;
    /**
     * Only where some operation's run exercised no real delete (a success that deleted an existing record): those
     * operations. A conformant verdict then rests on no delete that did something (the console's "but no real delete was
     * exercised").
     */
    readonly realDeleteNotExercised?: readonly string[];
    /**
     * Only where the target's records, read at the start, differed from the fixture for some operation (a stand-in not
     * restarted since an earlier run, another fixture file): those operations. Expectations that rest on the fixture's
     * records then rest on records the target may not hold, and its deletes are not judged (deleteEffect says why).
     */
    readonly fixtureDiffered?: readonly string[];
    /**
     * Only where some operation's real deletes were never read back (no List read its effect; not in a live run, whose end
     * comparison reads the organizations): those operations. Their effects rest on the answers alone.
     */
    readonly realDeleteNotReadBack?: readonly string[];
    /**
     * Only where the stateful phase ran, or was meant to, and judged no step of some operation (its `stateSequence` says
     * why: a Put or List it could not rely on, no fixture, a phase stopped early): those operations. Not where a flag, a
     * live run or a dry run turned the phase off.
     */
    readonly sequencesNotJudged?: readonly string[];
    /**
     * Only in a replay of one case (`replayOf`), where some check that would judge it could not (deleteEffect where the
     * target's records differ from the fixture at the start): each check with why, e.g. `deleteEffect (at the start …)`. A
     * failure a run reported for the case by one of them is then neither confirmed nor gone.
     */
    readonly checksNotJudged?: readonly string[];
    /**
     * Only in a run with `--strict`: what of the verdict's caveats it holds against a conformant target (`unmet`, empty when
     * none or when the target is not conformant). The command line exits 1 where `unmet` is not empty; JUnit has a test of it.
     */
    readonly strict?: { readonly unmet: readonly string[] };
  };
  readonly operations: readonly { readonly operation: string; readonly checks: readonly CheckTally[] }[];
  readonly failures: readonly Finding[];
  readonly warnings: readonly Finding[];
  /** What the target answered in each open point of the documentation and each several-problems case, and the readings shown. */
  readonly openPointFindings: readonly OpenPointFinding[];
  /** Per operation, each documented error and each effect, and how many exchanges exercised it. */
  readonly contractCoverage: readonly OperationContractCoverage[];
  /** Only when some status was not seen on the wire (a mocked SDK client): which statuses were inferred or assumed. */
  readonly inferredStatuses?: readonly InferredStatus[];
  /** Only when some answer only asked to try again: per operation and error type, how many such answers were not judged. */
  readonly transientAnswers?: readonly { readonly operation: string; readonly type: string; readonly count: number }[];
  /**
   * Only when a case's request was sent again (a connection closed before any answer, an answer that only asked to try again,
   * with `retries` or a live run's): per operation and what came before, how many times. Each case is judged on its last answer.
   */
  readonly sentAgain?: readonly { readonly operation: string; readonly after: string; readonly count: number }[];
  /**
   * Only when some List read differed from what the model says and a read again did not: per operation and List operation,
   * how many reads showed a change late, and the longest wait (evidence of a target whose reads lag behind its changes, which
   * no AWS page forbids). `windowMs` is how long a read was read again.
   */
  readonly readsSeenLate?: readonly ReadsSeenLate[];
  /** Live runs only: how the run was held in. */
  readonly live?: LiveRunSection;
  /** Destructive runs only: what was changed and what was restored. */
  readonly stateChanges?: StateChangeSection;
}

/** Reads of one List operation, after one operation's deletes, that showed a change only when read again. */
export interface ReadsSeenLate {
  readonly operation: string;
  readonly list: string;
  readonly count: number;
  /** Milliseconds after the first read that the read showing the change came, at the most. */
  readonly longestMs: number;
  readonly windowMs: number;
}
