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
}
