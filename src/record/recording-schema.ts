import { z } from 'zod';
import { fixtureSchema } from '../fixture/fixture-schema.ts';

const observationSchema = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('response'),
    status: z.number().int(),
    headers: z.record(z.string(), z.string()),
    body: z.string(),
    errorType: z.string().optional(),
    /** How the status was inferred where it was not seen (a mocked client). */
    statusInferred: z.string().optional(),
    /** The transport did not see the wire (an SDK client): headers and body are what it rebuilt, not what the target sent. */
    wireNotSeen: z.literal(true).optional(),
    /** A 2xx the SDK client could not parse: what it threw. */
    unparsedSuccess: z.string().optional(),
    /** The last attempt's, where a live run tried again (`retriedAfter`). */
    latencyMs: z.number(),
    retriedAfter: z.array(z.string()).readonly().optional(),
  }),
  z.object({ kind: z.literal('timeout'), timeoutMs: z.number(), latencyMs: z.number(), retriedAfter: z.array(z.string()).readonly().optional() }),
  z.object({
    kind: z.literal('networkError'),
    code: z.string(),
    message: z.string(),
    latencyMs: z.number(),
    stalled: z.literal(true).optional(),
    closedBeforeAnswer: z.literal(true).optional(),
    retriedAfter: z.array(z.string()).readonly().optional(),
  }),
]);

/** How the recorded run was set up: what a reader years later needs to know to understand its verdicts. */
const runSettingsSchema = z.object({
  operations: z.array(z.string()),
  profile: z.string(),
  patternMatching: z.string(),
  transport: z.string(),
  /** The SigV4 region, where requests were signed. */
  region: z.string().optional(),
  coverage: z.string(),
  numRuns: z.number().int(),
  /** A live run: safe or destructive, the organizations it read and those it was allowed to change. */
  live: z.object({ mode: z.enum(['safe', 'destructive']), organizationIds: z.array(z.string()), allowedOrganizations: z.array(z.string()) }).optional(),
  /** How long a target could take per request (`--timeout`): an answer slower than this failed responseTime, or was none. */
  timeoutMs: z.number().int().optional(),
  /** Requests in flight at once (`--concurrency`). */
  concurrency: z.number().int().optional(),
  /** How long a List could lag behind a delete (`--settle-ms`), where given; absent: the recording version's default. */
  settleMs: z.number().int().optional(),
  /** The stateful phase's sequences and their steps at the most (`--state-sequences`, `--state-sequence-steps`), where given. */
  stateSequences: z.number().int().optional(),
  stateSequenceSteps: z.number().int().optional(),
  /** Requests a second at the most, requests in all at the most, and retries of transient answers (`--max-rps`, `--max-requests`, `--retries`), where given. */
  maxRps: z.number().optional(),
  maxRequests: z.number().int().optional(),
  retries: z.number().int().optional(),
  /** The one case a run replayed (`--path`), where it replayed one. */
  path: z.string().optional(),
  /** A run with `--strict`. */
  strict: z.literal(true).optional(),
  /** The Node.js version that ran the kit. */
  node: z.string(),
  /** Where each operation's spec comes from: its documentation page, the model version and the day it was encoded. */
  specs: z.array(z.object({ operation: z.string(), documentation: z.string(), model: z.string(), encoded: z.string() })),
});

/** The first line of a recording: the run it comes from, and the fixture it knew (so a replay can set up the same state). */
export const recordingHeaderSchema = z.object({
  type: z.literal('run'),
  format: z.number().int().optional(),
  tool: z.literal('workmail-conformance'),
  version: z.string(),
  target: z.string(),
  startedAt: z.string(),
  seed: z.number().int(),
  settings: runSettingsSchema.optional(),
  fixture: fixtureSchema.nullable(),
  /**
   * A live run's read of the organizations at its start: what it could not read (`gaps`) and, where the cases were drawn
   * from a `--fixture` instead, what it read (`fixture`; without `--fixture` the header's `fixture` is that read).
   */
  startRead: z.object({ fixture: fixtureSchema.optional(), gaps: z.array(z.object({ organizationId: z.string(), what: z.string(), why: z.string() })) }).optional(),
  /** A destructive live run's restore journal: the file that holds, while a delete is not yet put back, the commands that do. */
  restoreJournal: z.string().optional(),
  /**
   * The rules the run judged by, whole: each operation's spec (lengths, patterns, errors, open points) and the common
   * errors, so that the recording is read without the kit or the documentation page it was made from.
   */
  rules: z.object({ operations: z.array(z.record(z.string(), z.unknown())), commonErrors: z.record(z.string(), z.unknown()) }).optional(),
});

/**
 * Written by a destructive live run just before each delete of something present (the commands that put back what it may
 * remove) and once it is put back (`commands: []`): a recording whose last such line lists commands was cut between a
 * delete and its put back, and those commands say what the organization may miss.
 */
export const putBackPendingSchema = z.object({
  type: z.literal('putBackPending'),
  at: z.string(),
  commands: z.array(z.string()),
});

/**
 * The last line of a recording, written once the run has its report: how many exchanges the file holds, and how the run
 * ended. A file without it was cut short (the run was killed, or the file copied in part).
 */
export const recordingEndSchema = z.object({
  type: z.literal('end'),
  endedAt: z.string(),
  /** Exchange lines written before this one. */
  exchanges: z.number().int().nonnegative(),
  /** Request lines written before this one (format 4). */
  requests: z.number().int().nonnegative().optional(),
  /** Why the run stopped before its end (interrupted, the target stopped answering), if it did. */
  incomplete: z.string().optional(),
  /** The report's summary (conformant, failures, …), its open-point findings (which reading the target took) and, for a live run, what it held back and how the organizations compared at the end. */
  summary: z.record(z.string(), z.unknown()),
  openPointFindings: z.array(z.unknown()),
  /** The report's rule by rule tallies (per operation, each check's passed, failed and warned exchanges), and its findings: each broken rule's examples with input, expected and observed answers and the command that reproduces it. */
  operations: z.array(z.unknown()).optional(),
  failures: z.array(z.unknown()).optional(),
  warnings: z.array(z.unknown()).optional(),
  live: z.record(z.string(), z.unknown()).optional(),
  /** A run quit at once (a second Ctrl-C) between a delete and its put back: the commands that put back what it may have removed. */
  putBackPending: z.array(z.string()).optional(),
  /** SHA-256 (hex) of every byte of the file before this line: a file changed after it was written no longer matches. */
  sha256: z.string().regex(/^[0-9a-f]{64}$/).optional(),
});

/** An answer as a recording gives it: the status, and for an error its type. */
const answerSchema = z.object({ status: z.number().int(), type: z.string().optional() });

/**
 * The answers the model allowed, as data: `outcomes` (any 4xx awsJson error where `any4xx`), the open points that widened
 * them, and for each open point the answers each of its readings allows.
 */
const allowedSchema = z.object({
  outcomes: z.array(answerSchema),
  any4xx: z.boolean().optional(),
  openPoints: z.array(z.string()),
  readings: z.record(z.string(), z.record(z.string(), z.array(answerSchema))).optional(),
});

/** One exchange of a recording: what was sent, what came back, and how it was judged. */
export const recordedExchangeSchema = z.object({
  type: z.literal('exchange'),
  /** When the answer was judged (ISO 8601): to line an answer up with CloudTrail or a throttling episode. */
  at: z.string().optional(),
  operation: z.string().min(1),
  path: z.string(),
  description: z.string(),
  phase: z.enum(['coverage', 'property', 'repeat', 'stateful']),
  shrinking: z.boolean(),
  violation: z.object({ member: z.string(), constraints: z.array(z.enum(['required', 'type', 'length', 'pattern'])) }).nullable(),
  /** The input object, or (for a malformed-body case) the raw body text. */
  input: z.record(z.string(), z.unknown()).optional(),
  rawBody: z.string().optional(),
  expected: z.string(),
  /** `expected` as data (format 1). */
  allowed: allowedSchema.optional(),
  observation: observationSchema,
  /** The checks this exchange failed and warned on; `notJudged` says why no check judged it (a transient answer). */
  verdict: z.object({ failed: z.array(z.string()), warned: z.array(z.string()), notJudged: z.string().optional() }),
});

/**
 * A request the run sent that is no case, and its answer (format 4), unjudged on its own: `role` `read` (a List of what the
 * target holds: at the start, after a case, in the stateful phase; a live run's reads), `step` (a delete or put of the
 * stateful phase) or `putBack` (a destructive live run's put back). Its answer is the target's `observation`, or, for a live
 * run's calls (made through the AWS SDK), `sdkAnswer`: the output, or the error the SDK threw.
 */
export const recordedRequestSchema = z.object({
  type: z.literal('request'),
  /** When the answer came (ISO 8601). A case's reads come before its exchange line, which is written once it is judged. */
  at: z.string(),
  role: z.enum(['read', 'step', 'putBack']),
  operation: z.string().min(1),
  input: z.record(z.string(), z.unknown()),
  /**
   * For a read of what a case did (the reads after it that `deleteEffect` judges by): that case's `path`. Its exchange line
   * is written once the case is judged, so it comes after these reads.
   */
  after: z.string().optional(),
  /** For a live run's read just before a delete (the read that must show what it names absent, or allowed): that case's `path`. */
  before: z.string().optional(),
  observation: observationSchema.optional(),
  sdkAnswer: z
    .union([
      z.object({ output: z.record(z.string(), z.unknown()) }),
      z.object({ error: z.object({ type: z.string(), status: z.number().int().optional(), message: z.string() }) }),
    ])
    .optional(),
});

/**
 * Any line of a recording (NDJSON, one JSON object per line): the header first, then exchanges, requests and, in a
 * destructive live run, put-back lines, then the end line. What `specs/recording.schema.json` describes, for a reader without the kit.
 */
export const recordingLineSchema = z
  .union([recordingHeaderSchema, putBackPendingSchema, recordedExchangeSchema, recordedRequestSchema, recordingEndSchema])
  .describe(
    'One line of a workmail-conformance recording (run --record): a JSON object per line, told apart by "type": "run" (the first line), "exchange", "request", "putBackPending", "end" (the last line). ' +
      'The end line\'s "sha256", its last member, is the SHA-256 (hex) of every line before it, each with its "\\n", and of the end line itself as written without that member (",\"sha256\":\"…\"" taken out), carriage returns not counted. ' +
      'The package README, section "Recorded", says what each member means.',
  );

export type RecordingHeader = z.infer<typeof recordingHeaderSchema>;
export type RecordingSettings = z.infer<typeof runSettingsSchema>;
export type RecordingEnd = z.infer<typeof recordingEndSchema>;
export type PutBackPending = z.infer<typeof putBackPendingSchema>;
export type RecordedAnswer = z.infer<typeof answerSchema>;
export type RecordedAllowed = z.infer<typeof allowedSchema>;
export type RecordedExchange = z.infer<typeof recordedExchangeSchema>;
export type RecordedRequest = z.infer<typeof recordedRequestSchema>;
export type RecordedObservation = z.infer<typeof observationSchema>;

/** A read of what a case did (a `request` line whose `after` is the case's path), as a replay sends it again after the case. */
export interface RecordedRead {
  readonly line: number;
  readonly request: RecordedRequest;
}

/** A whole recording: its header, its exchanges, each with the line it was read from, and the count of its other lines. */
export interface Recording {
  readonly file: string;
  readonly header: RecordingHeader;
  /** Its exchanges, in the order written; none where it was loaded to be checked only (`keepExchanges: false`). */
  readonly exchanges: readonly { readonly line: number; readonly exchange: RecordedExchange; readonly readsAfter?: readonly RecordedRead[] }[];
  /** How many exchange lines it holds. */
  readonly exchangeCount: number;
  /** How many `request` lines (requests that are no case, format 4) it holds. */
  readonly requests: number;
  /** The end line; `undefined` for a recording cut short (or written before format 1). */
  readonly end: RecordingEnd | undefined;
  /** The line number of a last line cut in the middle (a full disk, a copy in part), left out; absent when none was. */
  readonly cutLine?: number;
  /** The number of the last whole line read (an exchange's, a request's, or the end line). */
  readonly lastWholeLine: number;
  /** A destructive live run's last `putBackPending` line, where it lists commands: the file ends between a delete and its put back. */
  readonly putBackPending?: readonly string[];
}
