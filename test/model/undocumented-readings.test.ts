import { describe, expect, it } from 'vitest';
import { createWorkMailMock } from '../../src/mock/create-work-mail-mock.ts';
import { demoFixture } from '../../src/mock/demo-fixture.ts';
import type { Fixture } from '../../src/fixture/fixture-schema.ts';
import { reporters } from '../../src/report/reporters.ts';
import { runConformance } from '../../src/runner/run-conformance.ts';
import { createHandlerTarget } from '../../src/target/handler-target.ts';

/** Runs a server that differs from the reference mock only by one reading; returns its failures and the readings its findings show. */
async function runWithReading(point: string, reading: string, coverage: 'full' | 'compact' = 'full', fixture: Fixture = demoFixture) {
  const mock = createWorkMailMock({ fixture, readings: { [point]: reading } });
  const report = await runConformance({ target: createHandlerTarget(mock.handle), fixture, operations: ['DeleteMailboxPermissions'], seed: 7, numRuns: 100, coverage });
  const shown = report.openPointFindings.find((finding) => finding.topic === point)?.readings?.map((entry) => entry.reading) ?? [];
  return { failures: report.failures.map((failure) => `${failure.check}: ${failure.description}`), shown };
}

describe('a server that differs only by a reading the documentation leaves open', () => {
  it.each([
    ['email-case', 'case-sensitive', 'case-insensitive'],
    ['email-case', 'case-insensitive', 'case-sensitive'],
    ['name-case', 'case-insensitive', 'case-sensitive'],
    ['name-case', 'case-sensitive', 'case-insensitive'],
    ['id-case', 'case-sensitive', 'case-insensitive'],
    ['deleted-entity', 'EntityNotFoundException', 'EntityStateException'],
    ['deleted-entity', 'success', 'EntityStateException'],
    ['deleted-entity', 'EntityStateException', 'success'],
  ])('%s read as %s is silent, and the findings show that reading', async (point, reading, other) => {
    const { failures, shown } = await runWithReading(point, reading);
    expect(failures).toEqual([]);
    expect(shown).toContain(reading);
    expect(shown).not.toContain(other);
  });

  // Found by name, a DELETED entity may still answer EntityNotFoundException (a reading of deleted-entity), so an answer
  // of not found by name alone does not tell the two points' readings apart: the findings claim neither.
  it('deleted-entity-by-name read as not-found is silent, and the findings do not claim it was found', async () => {
    const { failures, shown } = await runWithReading('deleted-entity-by-name', 'not-found');
    expect(failures).toEqual([]);
    expect(shown).not.toContain('found');
  });

  // Mail ignores the case of domains only (RFC 5321): such a server finds alice@EXAMPLE.COM but not ALICE@example.com.
  it('email-case read one way for the domain and the other for the rest is silent, and the findings show both readings', async () => {
    const mock = createWorkMailMock({ fixture: demoFixture, readings: { 'email-case': 'case-sensitive' } });
    const domainInLowerCase = (request: Parameters<typeof mock.handle>[0]) =>
      mock.handle({ ...request, body: request.body.replace(/"((?:[^"\\@]|\\.)*)@([^"\\]*)"/g, (_whole, local: string, domain: string) => `"${local}@${domain.toLowerCase()}"`) });
    const report = await runConformance({ target: createHandlerTarget(domainInLowerCase), fixture: demoFixture, operations: ['DeleteMailboxPermissions'], seed: 7, numRuns: 100 });

    expect(report.failures.map((failure) => `${failure.check}: ${failure.description}`)).toEqual([]);
    const shown = report.openPointFindings.find((finding) => finding.topic === 'email-case')?.readings?.map((entry) => entry.reading) ?? [];
    expect(shown.sort()).toEqual(['case-insensitive', 'case-sensitive']);
    expect(reporters.console(report)).toMatch(/\n {6}reading: {2}case-\w+ \(\d+x\), case-\w+ \(\d+x\) · more than one, each allowed: the target reads this point by member \(owner or grantee, say\) or from case to case\n/);
  });

  // Both lookups fail at once in the several-problems cases, which both coverage depths send.
  it.each([
    ['lookup-order', 'grantee-first', 'entity-first'],
    ['lookup-order', 'entity-first', 'grantee-first'],
  ])('%s read as %s is silent, and the findings of a default run show that reading', async (point, reading, other) => {
    const { failures, shown } = await runWithReading(point, reading);
    expect(failures).toEqual([]);
    expect(shown).toContain(reading);
    expect(shown).not.toContain(other);
  });
});
