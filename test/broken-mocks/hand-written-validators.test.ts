import { describe, expect, it } from 'vitest';
import { demoFixture } from '../../src/mock/demo-fixture.ts';
import type { ConformanceReport } from '../../src/report/conformance-report.ts';
import { runConformance } from '../../src/runner/run-conformance.ts';
import { createHandlerTarget } from '../../src/target/handler-target.ts';
import type { BrokenMock } from './catalogue.ts';
import { handWrittenMocks } from './hand-written-validators.ts';

const seeds = [1, 8, 4242];

const reports = new Map<string, Promise<ConformanceReport>>();

/** The default-settings report of a mock on a seed (with the demo fixture), run once and shared by the tests that read it. */
function reportOf(entry: BrokenMock, seed: number): Promise<ConformanceReport> {
  const key = `${entry.name}\u0000${seed}`;
  let report = reports.get(key);
  if (report === undefined) {
    report = runConformance({ target: createHandlerTarget(entry.makeHandle(), entry.name), fixture: demoFixture, seed });
    reports.set(key, report);
  }
  return report;
}

function failedChecks(report: ConformanceReport): string[] {
  const names = report.operations.flatMap((operation) => operation.checks).filter((tally) => tally.failed > 0).map((tally) => tally.name);
  return [...new Set([...names, ...report.failures.map((finding) => finding.check)])].sort();
}

describe.each(handWrittenMocks.map((entry) => [entry.name, entry] as const))('hand-written validator that %s', (_name, entry) => {
  it.each(seeds)(`is caught by ${entry.intendedCheck} with default settings, with a shrunk example that shows the break (seed %i)`, async (seed) => {
    const report = await reportOf(entry, seed);

    expect(report.summary.conformant).toBe(false);
    const findings = report.failures.filter((finding) => finding.check === entry.intendedCheck);
    expect(findings.length).toBeGreaterThan(0);
    const shrunk = findings.filter((finding) => finding.phase === 'property' && finding.shrunk);
    expect(shrunk.length, 'a shrunk property example').toBeGreaterThan(0);
    for (const finding of shrunk) expect(entry.minimal?.(finding.input as Record<string, unknown>), JSON.stringify(finding.input)).toBe(true);
  });

  it('fails no check beyond the intended one and those its break rightly breaks too', async () => {
    const allowed = [entry.intendedCheck, ...(entry.alsoFails ?? [])];

    const failed = await Promise.all(seeds.map(async (seed) => failedChecks(await reportOf(entry, seed))));

    for (const checks of failed) expect(checks.filter((check) => !allowed.includes(check))).toEqual([]);
  });
});
