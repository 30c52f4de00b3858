import type { CasePhase } from '../cases/case.ts';
import type { Violation } from '../cases/violation.ts';
import type { Profile } from '../spec/spec-schema.ts';

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
  /** Why the oracle expected what it did. */
  readonly reason: string;
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
}

/** Which reading of an open point the target was seen to take, and how often. */
export interface OpenPointReading {
  readonly operation: string;
  readonly openPoint: string;
  readonly observed: string;
  count: number;
}

/** How a live run was held in: its mode, rate, budget, the cases held back, and the transient answers retried. */
export interface LiveRunSection {
  /** `safe` (nothing that may change state is sent) or `destructive` (allowed in `allowedOrganizations`, restored afterwards). */
  readonly mode: 'safe' | 'destructive';
  readonly allowedOrganizations: readonly string[];
  readonly maxRps: number | undefined;
  readonly maxRequests: number | undefined;
  /** Requests sent, retries, discovery and restoring included. */
  readonly requestsSent: number;
  /** Cases the send policy held back because they might change state. */
  readonly heldBack: number;
  /** Where the fixture came from: `--fixture FILE`, or discovery of the named organizations. */
  readonly fixtureSource: string;
  /** Transient answers (throttling, internal failures, network errors): retried, and persisting past every retry (those reach the checks). */
  readonly transient: { readonly retried: number; readonly persisted: number; readonly byReason: Readonly<Record<string, number>> };
}

/** One change a destructive run made to an organization, and whether it was put back. */
export interface StateChange {
  readonly organizationId: string;
  readonly resource: string;
  readonly description: string;
  readonly status: 'restored' | 'restoreFailed' | 'notRestorable';
  /** For a failed restore: the command that puts it back by hand. */
  readonly fixCommand: string | undefined;
}

/** What a destructive run changed and restored, compared with a snapshot taken before it. */
export interface StateChangeSection {
  readonly organizations: readonly string[];
  readonly changes: readonly StateChange[];
  /** Whether a read after restoring matches the snapshot (deleted tokens apart, which cannot be put back). */
  readonly verified: boolean;
  readonly problems: readonly string[];
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
  readonly tool: { readonly name: 'workmail-conformance'; readonly version: string };
  readonly target: string;
  readonly profile: Profile;
  readonly patternMatching: 'full' | 'search';
  readonly seed: number;
  readonly numRuns: number;
  readonly startedAt: string;
  readonly durationMs: number;
  readonly summary: {
    readonly conformant: boolean;
    /** Findings listed in `failures` (distinct examples of broken rules). */
    readonly failures: number;
    /** Distinct (operation, check) pairs that failed. */
    readonly failedChecks: number;
    readonly warnings: number;
    readonly requests: number;
    readonly cases: number;
    /** Cases not sent: the target cannot express them (SDK transport), or the send policy held them back (live runs). */
    readonly skipped: number;
    /** Why the run stopped early, if it did (e.g. the target stopped answering). */
    readonly incomplete: string | undefined;
  };
  readonly operations: readonly { readonly operation: string; readonly checks: readonly CheckTally[] }[];
  readonly failures: readonly Finding[];
  readonly warnings: readonly Finding[];
  readonly openPointReadings: readonly OpenPointReading[];
  /** Live runs only: how the run was held in. */
  readonly live?: LiveRunSection;
  /** Findings on the documentation's open points, with the answers the target gave. */
  readonly openPointFindings?: readonly OpenPointFinding[];
  /** Destructive runs only: what was changed and what was restored. */
  readonly stateChanges?: StateChangeSection;
}
