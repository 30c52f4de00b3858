import { describe, expect, it } from 'vitest';
import { recordedRequestSchema } from '../../src/record/recording-schema.ts';

describe('a recorded network error', () => {
  it('keeps what the transport told of it: an answer that stalled, a connection closed before any answer', () => {
    const line = {
      type: 'request',
      at: '2026-12-03T23:00:00.000Z',
      role: 'read',
      operation: 'ListMailboxPermissions',
      input: { OrganizationId: 'm-00000000000000000000000000000000', EntityId: 'alice' },
      observation: { kind: 'networkError', code: 'ECONNRESET', message: 'connection closed before any answer (other side closed)', latencyMs: 2, stalled: true, closedBeforeAnswer: true },
    };

    expect(recordedRequestSchema.parse(line).observation).toEqual(line.observation);
  });
});
