import { z } from 'zod';
import { fixtureSchema } from '../fixture/fixture-schema.ts';

const observationSchema = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('response'),
    status: z.number().int(),
    headers: z.record(z.string(), z.string()),
    body: z.string(),
    errorType: z.string().optional(),
    latencyMs: z.number(),
  }),
  z.object({ kind: z.literal('timeout'), timeoutMs: z.number(), latencyMs: z.number() }),
  z.object({ kind: z.literal('networkError'), code: z.string(), message: z.string(), latencyMs: z.number() }),
]);

/** The first line of a recording: the run it comes from, and the fixture it knew (so a replay can set up the same state). */
export const recordingHeaderSchema = z.object({
  type: z.literal('run'),
  tool: z.literal('workmail-conformance'),
  version: z.string(),
  target: z.string(),
  startedAt: z.string(),
  seed: z.number().int(),
  fixture: fixtureSchema.nullable(),
});

/** One exchange of a recording: what was sent, what came back, and how it was judged. */
export const recordedExchangeSchema = z.object({
  type: z.literal('exchange'),
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
  observation: observationSchema,
  /** The checks this exchange failed and warned on. */
  verdict: z.object({ failed: z.array(z.string()), warned: z.array(z.string()) }),
});

export type RecordingHeader = z.infer<typeof recordingHeaderSchema>;
export type RecordedExchange = z.infer<typeof recordedExchangeSchema>;
export type RecordedObservation = z.infer<typeof observationSchema>;

/** A whole recording: its header and its exchanges, each with the line it was read from. */
export interface Recording {
  readonly file: string;
  readonly header: RecordingHeader;
  readonly exchanges: readonly { readonly line: number; readonly exchange: RecordedExchange }[];
}
