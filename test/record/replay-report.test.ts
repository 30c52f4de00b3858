import { describe, expect, it } from 'vitest';
import type { ReplayDifference, ReplayResult } from '../../src/record/replay-recording.ts';
import { renderReplayConsole, renderReplayJson, type ReplayReport } from '../../src/record/replay-report.ts';

const difference = (line: number, standing: ReplayDifference['standing'], recordedBroke: string[] = []): ReplayDifference => ({
  line,
  operation: 'DeleteMailboxPermissions',
  path: `DeleteMailboxPermissions.valid:${line}`,
  description: 'generated valid input',
  sent: '{"EntityId":"BOB@EXAMPLE.COM"}',
  recorded: '400 EntityStateException',
  replayed: '400 EntityNotFoundException',
  recordedAnswer: { status: 400, errorType: 'EntityStateException' },
  replayedAnswer: { status: 400, errorType: 'EntityNotFoundException' },
  recordedBroke,
  standing,
});

function report(differences: ReplayDifference[], embedded: boolean, mixedReadings: ReplayResult['mixedReadings'] = []): ReplayReport {
  return {
    tool: { name: 'workmail-conformance', version: '0.1.0' },
    replayedAt: '2026-12-01T12:00:00.000Z',
    file: 'run.ndjson',
    recordedAgainst: 'WorkMail us-east-1',
    target: 'http://127.0.0.1:4566/',
    embedded,
    recording: { version: '0.1.0', format: 1, whole: true, runIncomplete: undefined },
    result: { compared: 10, skipped: 0, differences, stopped: undefined, mixedReadings, reads: { compared: 0, differences: [] } },
  };
}

describe('a replay report', () => {
  it('says where each new answer stands, naming the open points in play where the answer alone names no reading, and where the recorded answer broke the documentation', () => {
    const text = renderReplayConsole(
      report(
        [
          difference(2, { kind: 'allowed', openPoints: ['id-case', 'email-case'], readings: [] }),
          difference(3, { kind: 'allowed', openPoints: ['email-case'], readings: [{ point: 'email-case', recorded: ['case-insensitive'], now: ['case-sensitive'] }] }),
          difference(4, { kind: 'allowed', openPoints: [], readings: [] }, ['exceptionTypeConformance']),
          difference(5, { kind: 'outside' }, ['statusCodeConformance']),
        ],
        false,
      ),
    );

    expect(text).toContain('run.ndjson:2 DeleteMailboxPermissions DeleteMailboxPermissions.valid:2 · generated valid input: recorded 400 EntityStateException, now 400 EntityNotFoundException: another answer the documentation allows (open points in play: id-case, email-case)\n');
    expect(text).toContain(': another answer the documentation allows (email-case: case-insensitive then, case-sensitive now)\n');
    expect(text).toContain(': an answer the documentation allows, where the recorded one broke it (exceptionTypeConformance)\n');
    expect(text).toContain(': an answer the documentation does not allow; the recorded answer broke it too (statusCodeConformance)\n');
    expect(text).toContain('The replayed target reads open points of the documentation otherwise than the recorded one: email-case=case-sensitive (1 outcome(s))\n');
    expect(text).toMatch(/\nDIFFERENT: 4 of 10 outcome\(s\) differ from the recording: 1 outside what the documentation allows, 3 within it\n$/);
  });

  it('names, against the embedded mock, the open points the differences turn on where the recorded answers name no reading to suggest (trialS #4)', () => {
    const text = renderReplayConsole(
      report(
        [
          difference(2, { kind: 'allowed', openPoints: ['deleted-entity-by-name'], readings: [{ point: 'deleted-entity-by-name', recorded: ['found', 'not-found'], now: ['found'] }] }),
          difference(3, { kind: 'allowed', openPoints: ['deleted-entity-by-name'], readings: [{ point: 'deleted-entity-by-name', recorded: ['found', 'not-found'], now: ['found'] }] }),
          difference(4, { kind: 'allowed', openPoints: ['lookup-order'], readings: [{ point: 'lookup-order', recorded: ['entity-first', 'grantee-first'], now: ['entity-first'] }] }),
        ],
        true,
      ),
    );

    expect(text).toContain(
      'give it with --reading POINT=READING: these outcomes turn on deleted-entity-by-name (found now, 2 outcome(s)), lookup-order (entity-first now, 1 outcome(s)): give one of them another reading (a --reading with a name it does not have lists those it has).\n',
    );
    expect(text).toContain("note: a replay compares each answer's status and error type, not its body or headers");
  });

  it('shows the first three differences of each kind and counts the rest, where one bug listed hundreds (trialL #12)', () => {
    const alike = [2, 3, 4, 5, 6].map((line) => difference(line, { kind: 'outside' }));
    const other = { ...difference(7, { kind: 'outside' }), recorded: '200 success', replayed: '500 InternalFailure' };

    const text = renderReplayConsole(report([...alike, other], false));

    expect(text.match(/^ {2}run\.ndjson:\d+ /gm)).toHaveLength(4);
    expect(text).toContain('run.ndjson:4 DeleteMailboxPermissions');
    expect(text).not.toContain('run.ndjson:5 DeleteMailboxPermissions');
    expect(text).toContain('run.ndjson:7 DeleteMailboxPermissions');
    expect(text).toContain('  … and 2 more of DeleteMailboxPermissions recorded 400 EntityStateException, now 400 EntityNotFoundException (--reporter json lists each)\n');
    expect(text).toMatch(/\nDIFFERENT: 6 of 10 outcome\(s\) differ from the recording: 6 outside what the documentation allows, 0 within it\n$/);
  });

  it('suggests no --reading for an open point the recorded target read more than one way, and says why', () => {
    const disabledEntity = (recorded: string, now: string) => difference(3, { kind: 'allowed', openPoints: ['disabled-entity'], readings: [{ point: 'disabled-entity', recorded: [recorded], now: [now] }] });
    const mixed = [{ point: 'disabled-entity', readings: ['EntityStateException', 'success'] }];
    const replayed = report([disabledEntity('success', 'EntityStateException'), difference(4, { kind: 'allowed', openPoints: ['email-case'], readings: [{ point: 'email-case', recorded: ['case-sensitive'], now: ['case-insensitive'] }] })], true, mixed);

    const text = renderReplayConsole(replayed);
    expect(text).toContain('replay with them to compare like for like: --reading email-case=case-sensitive (1 outcome(s))\n');
    expect(text).not.toContain('--reading disabled-entity');
    expect(text).toContain('The recorded target read open points more than one way, each allowed: disabled-entity (EntityStateException and success). The embedded mock takes one reading of each, so the outcomes of the other reading differ under any --reading.\n');
    const json = JSON.parse(renderReplayJson(replayed)) as Record<string, unknown>;
    expect(json['suggestedReadings']).toEqual([{ reading: 'email-case=case-sensitive', count: 1 }]);
    expect((json['result'] as Record<string, unknown>)['mixedReadings']).toEqual(mixed);
  });

  it('gives CI the totals and, against the embedded mock, the readings to replay with', () => {
    const json = JSON.parse(renderReplayJson(report([difference(3, { kind: 'allowed', openPoints: ['email-case'], readings: [{ point: 'email-case', recorded: ['case-sensitive'], now: ['case-insensitive'] }] })], true))) as Record<string, unknown>;

    expect(json['verdict']).toBe('different');
    expect(json['totals']).toEqual({ compared: 10, notCompared: 0, differ: 1, outside: 0, allowed: 1, unknown: 0, readsCompared: 0, readsDiffer: 0 });
    expect(json['suggestedReadings']).toEqual([{ reading: 'email-case=case-sensitive', count: 1 }]);
    expect(json['tool']).toEqual({ name: 'workmail-conformance', version: '0.1.0' });
  });
});
