import { describe, expect, it } from 'vitest';
import { allChecks } from '../../src/checks/all-checks.ts';
import { createWorkMailMock } from '../../src/mock/create-work-mail-mock.ts';
import { demoFixture } from '../../src/mock/demo-fixture.ts';
import type { ConformanceReport } from '../../src/report/conformance-report.ts';
import { ReportBuilder } from '../../src/report/report-builder.ts';
import { runConformance, type Exchange, type RunEvent } from '../../src/runner/run-conformance.ts';
import { createHandlerTarget } from '../../src/target/handler-target.ts';
import type { SupportingRequest } from '../../src/target/supporting-request.ts';
import type { HttpRequestMessage, HttpResponseMessage } from '../../src/wire/http-message.ts';
import { codeRunReproduceContext } from '../../src/report/reproduce.ts';

/** The report without what depends on the clock. */
function timeless(report: ConformanceReport): unknown {
  const { durationMs: _durationMs, startedAt: _startedAt, ...rest } = report;
  return rest;
}

/** A mock that accepts 65-character token IDs, as a hand-written length check off by one would: findings to shrink. */
function offByOneMock(): (request: HttpRequestMessage) => HttpResponseMessage {
  const mock = createWorkMailMock({ fixture: demoFixture });
  return (request) => {
    const body = JSON.parse(request.body || '{}') as { PersonalAccessTokenId?: unknown };
    if (typeof body.PersonalAccessTokenId === 'string' && [...body.PersonalAccessTokenId].length === 65) {
      return { status: 200, headers: { 'content-type': 'application/x-amz-json-1.1' }, body: '{}' };
    }
    return mock.handle(request);
  };
}

describe('the engine only emits events, and the report is built from them alone', () => {
  it.each([
    ['the reference mock', () => createWorkMailMock({ fixture: demoFixture }).handle],
    ['a mock with a finding to shrink', offByOneMock],
  ])('gives the same report when the events of a run against %s are replayed into a new report builder', async (_name, makeHandler) => {
    const events: RunEvent[] = [];

    const report = await runConformance({ target: createHandlerTarget(makeHandler()), fixture: demoFixture, seed: 4, numRuns: 30, onEvent: (event) => events.push(event) });

    const rebuilt = new ReportBuilder({
      target: report.target,
      profile: report.profile,
      patternMatching: report.patternMatching,
      seed: report.seed,
      numRuns: report.numRuns,
      operations: report.operations.map(({ operation }) => operation),
      checks: allChecks,
      reproduce: codeRunReproduceContext,
    });
    for (const event of events) rebuilt.onEvent(event);
    expect(timeless(rebuilt.build())).toEqual(timeless(report));
  });

  it('opens and closes every phase, counts one exchange event per request, and ends with runEnded', async () => {
    const events: RunEvent[] = [];

    const report = await runConformance({ target: createHandlerTarget(offByOneMock()), fixture: demoFixture, seed: 4, numRuns: 30, onEvent: (event) => events.push(event) });

    expect(events.at(-1)).toEqual({ type: 'runEnded', stopped: undefined });
    // Per operation, one phase at a time (operations run side by side; the stateful phase names them all), each closed.
    const open = new Map<string, string>();
    let overlapped = false;
    for (const event of events) {
      if (event.type === 'phaseStarted') {
        expect(open.get(event.operation)).toBeUndefined();
        overlapped ||= open.size > 0;
        open.set(event.operation, event.phase);
      }
      if (event.type === 'phaseEnded') {
        expect(open.get(event.operation)).toBe(event.phase);
        open.delete(event.operation);
      }
      if (event.type === 'exchange' || event.type === 'judged') expect([...open.keys()].some((operation) => operation.split(', ').includes(event.spec.operation))).toBe(true);
    }
    expect(open.size).toBe(0);
    expect(overlapped).toBe(true);
    const phases = events.filter((event) => event.type === 'phaseStarted').map((event) => event.type === 'phaseStarted' && `${event.operation} ${event.phase}`);
    expect(phases).toEqual(expect.arrayContaining(['DeletePersonalAccessToken coverage', 'DeletePersonalAccessToken valid', 'DeletePersonalAccessToken invalid', 'DeletePersonalAccessToken shrink', 'DeleteMailboxPermissions coverage']));
    expect(events.filter((event) => event.type === 'exchange')).toHaveLength(report.summary.requests);
    expect(events.filter((event) => event.type === 'finding').length).toBeGreaterThan(0);
    // Every case planned is either sent (an exchange that is not a shrink or a repeat of it) or not sent.
    const planned = events.filter((event) => event.type === 'casePlanned').length;
    const notSent = events.filter((event) => event.type === 'caseNotSent').length;
    expect(planned).toBe(events.filter((event) => event.type === 'exchange').length + notSent);
  });

  it('tells each change the model followed: one stateChanged per success that deleted what the fixture held', async () => {
    const events: RunEvent[] = [];

    await runConformance({ target: createHandlerTarget(createWorkMailMock({ fixture: demoFixture }).handle), fixture: demoFixture, seed: 2, numRuns: 20, onEvent: (event) => events.push(event) });

    const changes = events.filter((event) => event.type === 'stateChanged');
    expect(changes.length).toBeGreaterThan(0);
    for (const change of changes) {
      if (change.type !== 'stateChanged') continue;
      const index = events.indexOf(change);
      // Operations run side by side: the answer is the next exchange of the same operation.
      const answered = events.slice(index).find((event) => event.type === 'exchange' && event.spec.operation === change.spec.operation);
      expect(answered?.type === 'exchange' && answered.exchange.observation.kind === 'response' && answered.exchange.observation.status).toBe(200);
    }
  });

  it("says of a case drawn from the fixture's records that the fixture held it at the start, as the oracle may find it deleted since (trialV #6)", async () => {
    const exchanges: Exchange[] = [];

    await runConformance({ target: createHandlerTarget(createWorkMailMock({ fixture: demoFixture }).handle), fixture: demoFixture, seed: 2, numRuns: 40, stateSequences: 0, onEvent: (event) => void (event.type === 'exchange' && exchanges.push(event.exchange)) });

    const drawn = exchanges.filter((exchange) => exchange.testCase.description.startsWith('valid input naming a mailboxPermission the fixture'));
    expect(drawn.some((exchange) => /is absent/.test(exchange.expectation.reason))).toBe(true);
    for (const exchange of drawn) expect(exchange.testCase.description).toBe('valid input naming a mailboxPermission the fixture held at the start (an earlier case may have deleted it since)');
  });

  it('tells onRequest of every request that is no case, with its answer, and of no case: the target sees exactly those and the exchanges', async () => {
    const heard: SupportingRequest[] = [];
    const mock = createWorkMailMock({ fixture: demoFixture });
    const received: string[] = [];
    const target = createHandlerTarget((request) => {
      received.push(request.headers['x-amz-target'] ?? '');
      return mock.handle(request);
    });

    const report = await runConformance({ target, fixture: demoFixture, seed: 2, numRuns: 10, stateSequences: 5, resetTarget: () => mock.reset(), onRequest: (request) => heard.push(request) });

    expect(received).toHaveLength(report.summary.requests + heard.length);
    expect(heard.every((request) => request.observation?.kind === 'response' && request.sdkAnswer === undefined)).toBe(true);
    const byRole = (role: string) => new Set(heard.filter((request) => request.role === role).map((request) => request.operation));
    expect(byRole('read')).toEqual(new Set(['ListMailboxPermissions', 'ListPersonalAccessTokens']));
    expect(byRole('step')).toEqual(new Set(['DeleteMailboxPermissions', 'DeletePersonalAccessToken', 'PutMailboxPermissions']));
  });
});
