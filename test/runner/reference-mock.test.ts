import { describe, expect, it } from 'vitest';
import { createWorkMailMock } from '../../src/mock/create-work-mail-mock.ts';
import { demoFixture } from '../../src/mock/demo-fixture.ts';
import { fixtureWithNewCarol } from '../helpers/reused-name-fixture.ts';
import { startMockServer } from '../../src/mock/start-mock-server.ts';
import type { ConformanceReport } from '../../src/report/conformance-report.ts';
import { renderConsoleReport } from '../../src/report/console-reporter.ts';
import { runConformance } from '../../src/runner/run-conformance.ts';
import { createHandlerTarget } from '../../src/target/handler-target.ts';
import { createHttpTarget } from '../../src/target/http-target.ts';
import { createSdkTarget } from '../../src/target/sdk-target.ts';
import type { Target } from '../../src/target/target.ts';
import type { MockReadings } from '../../src/mock/mock-readings.ts';

function failureLines(report: ConformanceReport): string[] {
  return report.failures.map((finding) => `${finding.operation} ${finding.check}: ${finding.description}: expected ${finding.expected}, observed ${finding.observed}`);
}

describe('the kit against the reference mock (false positives)', () => {
  it('reports zero failures in process over many seeds', async () => {
    for (let seed = 1; seed <= 12; seed += 1) {
      const mock = createWorkMailMock({ fixture: demoFixture });
      const report = await runConformance({ target: createHandlerTarget(mock.handle), fixture: demoFixture, seed, numRuns: 150 });
      expect(failureLines(report), `seed ${seed}`).toEqual([]);
      expect(report.summary.conformant).toBe(true);
      expect(report.summary.requests).toBeGreaterThan(300);
    }
  });

  it('reports zero failures without a fixture, where only the high-entropy rule is known', async () => {
    const mock = createWorkMailMock({ fixture: demoFixture });
    const report = await runConformance({ target: createHandlerTarget(mock.handle), seed: 99, numRuns: 200 });
    expect(failureLines(report)).toEqual([]);
  });

  it('reports zero failures under the aws profile against the documented readings', async () => {
    const mock = createWorkMailMock({ fixture: demoFixture });
    const report = await runConformance({ target: createHandlerTarget(mock.handle), fixture: demoFixture, seed: 5, numRuns: 100, profile: 'aws' });
    expect(failureLines(report)).toEqual([]);
  });

  it.each<[string, MockReadings]>([
    ['ValidationException for constraint violations', { 'constraint-violation-error': 'ValidationException' }],
    ['SerializationException for wrong JSON types', { 'wrong-type-error': 'SerializationException' }],
  ])('accepts the aws reading %s under the aws profile', async (_name, readings) => {
    const mock = createWorkMailMock({ fixture: demoFixture, readings });
    const report = await runConformance({ target: createHandlerTarget(mock.handle), fixture: demoFixture, seed: 11, numRuns: 100, profile: 'aws' });
    expect(failureLines(report)).toEqual([]);
  });

  it('fails the aws reading ValidationException under the documented profile, saying which profile and open point accept it', async () => {
    const mock = createWorkMailMock({ fixture: demoFixture, readings: { 'constraint-violation-error': 'ValidationException' } });
    const report = await runConformance({ target: createHandlerTarget(mock.handle), fixture: demoFixture, seed: 11, numRuns: 20, stateSequences: 0 });

    const finding = report.failures.find((candidate) => candidate.check === 'exceptionTypeConformance');
    expect(finding?.observed).toMatch(
      /^400 ValidationException \(from __type\): one of AWS services' generic answers to invalid input, not this operation's documented one, accepted for invalid input only under the aws profile \(open point constraint-violation-error; --profile aws, or profile: 'aws' in code\)$/,
    );
  });

  it.each<[string, MockReadings]>([
    ['OrganizationNotFoundException for a Deleted organization', { 'deleted-organization': 'OrganizationNotFoundException' }],
    ['success for a disabled entity', { 'disabled-entity': 'success' }],
  ])('accepts the other documented reading: %s', async (_name, readings) => {
    const mock = createWorkMailMock({ fixture: demoFixture, readings });
    const report = await runConformance({ target: createHandlerTarget(mock.handle), fixture: demoFixture, seed: 13, numRuns: 100 });
    expect(failureLines(report)).toEqual([]);
  });

  it.each<[string, MockReadings, string[]]>([
    // A success fits the other reading too (a delete naming a DELETED entity may succeed), but the read after it shows the
    // new carol's permission gone: a delete only the not-deleted reading makes.
    ['the entity not DELETED', {}, ['not-deleted']],
    ['the DELETED entity', { 'reused-name': 'deleted' }, ['deleted']],
    ['the DELETED entity, which gave its name up', { 'reused-name': 'deleted', 'deleted-entity-by-name': 'not-found' }, ['deleted']],
    // A success then deletes the record under one reading and nothing under the other: the read after it tells which, the
    // model follows the read, and the report names the reading (trialP #1, #3).
    ['the DELETED entity, where a delete naming a DELETED entity succeeds', { 'reused-name': 'deleted', 'deleted-entity': 'success' }, ['deleted']],
  ])('accepts a lookup of a name a DELETED entity and another share that finds %s (trialM #1)', async (_name, readings, shown) => {
    const fixture = fixtureWithNewCarol();
    const mock = createWorkMailMock({ fixture, readings });
    const report = await runConformance({ target: createHandlerTarget(mock.handle), fixture, seed: 17, numRuns: 150 });
    expect(failureLines(report)).toEqual([]);
    // The run named carol by her name, and saw the reading the mock was given.
    const finding = report.openPointFindings.find((candidate) => candidate.operation === 'DeleteMailboxPermissions' && candidate.topic === 'reused-name');
    expect(finding?.observed.length).toBeGreaterThan(0);
    expect((finding?.readings ?? []).map((reading) => reading.reading)).toEqual(shown);
  });

  it('reports zero failures over loopback HTTP with the wire transport and with the SDK transport', async () => {
    for (const transport of ['wire', 'sdk'] as const) {
      const mock = createWorkMailMock({ fixture: demoFixture });
      const server = await startMockServer({ mock, port: 0 });
      const target =
        transport === 'wire'
          ? createHttpTarget({ endpoint: server.url, region: 'us-east-1' })
          : createSdkTarget({ endpoint: server.url, region: 'us-east-1' });
      try {
        const report = await runConformance({ target, fixture: demoFixture, seed: 21, numRuns: 60, concurrency: 8 });
        expect(failureLines(report), transport).toEqual([]);
        if (transport === 'sdk') {
          expect(report.summary.skipped).toBeGreaterThan(0);
          // Each not sent because the SDK cannot express it, and the console says so (trialY #4: "100 more not sent" and no why).
          expect(report.summary.notSent).toEqual({ inexpressible: report.summary.skipped });
          expect(renderConsoleReport(report)).toContain(`, ${report.summary.skipped} more not sent (${report.summary.skipped} that the target cannot express: the SDK transport sends only what a client can, `);
        } else expect(report.summary.notSent).toBeUndefined();
      } finally {
        await target.close();
        await server.close();
      }
    }
  });

  it('gives the same verdict counts whatever the concurrency', async () => {
    const counts = [];
    for (const concurrency of [1, 16]) {
      const mock = createWorkMailMock({ fixture: demoFixture });
      const report = await runConformance({ target: createHandlerTarget(mock.handle), fixture: demoFixture, seed: 3, numRuns: 80, concurrency });
      counts.push(report.operations);
    }
    expect(counts[1]).toEqual(counts[0]);
  });

  it('reports the same findings in the same order when answers arrive out of order', async () => {
    // Answers come back after 0-3 turns of the event loop, chosen by the body, and every seventh body gets a 500: so
    // findings exist, and at concurrency 16 they complete in another order than they were sent.
    const turnsFor = (body: string): number => [...body].reduce((sum, character) => sum + character.charCodeAt(0), 0);
    const shuffledTarget = (): Target => {
      const inner = createHandlerTarget(createWorkMailMock({ fixture: demoFixture }).handle);
      return {
        ...inner,
        async send(request, options) {
          const turns = turnsFor(request.request.body);
          for (let turn = 0; turn < turns % 4; turn += 1) await new Promise((resolve) => setImmediate(resolve));
          if (turns % 7 === 0) return { kind: 'response', status: 500, headers: {}, body: '', errorType: undefined, errorTypeSource: undefined, message: undefined, latencyMs: 1 };
          return inner.send(request, options);
        },
      };
    };
    const findings = [];
    for (const concurrency of [1, 16]) {
      const report = await runConformance({ target: shuffledTarget(), fixture: demoFixture, seed: 5, numRuns: 10, concurrency });
      findings.push(report.failures.map((finding) => `${finding.path} ${finding.check}`));
      expect(report.failures.length).toBeGreaterThan(0);
    }
    expect(findings[1]).toEqual(findings[0]);
  });
});
