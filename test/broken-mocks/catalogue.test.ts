import { describe, expect, it } from 'vitest';
import { createWorkMailMock } from '../../src/mock/create-work-mail-mock.ts';
import { demoFixture } from '../../src/mock/demo-fixture.ts';
import type { ConformanceReport, Finding } from '../../src/report/conformance-report.ts';
import { runConformance } from '../../src/runner/run-conformance.ts';
import { createHandlerTarget } from '../../src/target/handler-target.ts';
import { brokenMocks, type BrokenMock } from './catalogue.ts';

const seeds = [1, 7, 4242];
/** A property finding this short (JSON) is small even unshrunk: two or three members of ordinary IDs. */

function runBroken(entry: BrokenMock, seed: number, path?: string): Promise<ConformanceReport> {
  return runConformance({
    target: createHandlerTarget(entry.makeHandle(), entry.name),
    fixture: demoFixture,
    seed,
    ...(entry.timeoutMs === undefined ? {} : { timeoutMs: entry.timeoutMs }),
    ...(path === undefined ? {} : { path }),
  });
}

const reports = new Map<string, Promise<ConformanceReport>>();

/** The default-settings report of a broken mock on a seed, run once and shared by the tests that read it. */
function reportOf(entry: BrokenMock, seed: number): Promise<ConformanceReport> {
  const key = `${entry.name}\u0000${seed}`;
  let report = reports.get(key);
  if (report === undefined) {
    report = runBroken(entry, seed);
    reports.set(key, report);
  }
  return report;
}

function failedCount(report: ConformanceReport, check: string): number {
  return report.operations.flatMap((operation) => operation.checks).filter((tally) => tally.name === check).reduce((total, tally) => total + tally.failed, 0);
}

function failedChecks(report: ConformanceReport): string[] {
  const names = report.operations.flatMap((operation) => operation.checks).filter((tally) => tally.failed > 0).map((tally) => tally.name);
  return [...new Set([...names, ...report.failures.map((finding) => finding.check)])].sort();
}

function findingsOf(report: ConformanceReport, check: string): Finding[] {
  return report.failures.filter((finding) => finding.check === check);
}

describe('the reference mock, run as the catalogue runs its broken copies', () => {
  it.each(seeds)('is silent with default settings (seed %i)', async (seed) => {
    const mock = createWorkMailMock({ fixture: demoFixture });

    const report = await runConformance({ target: createHandlerTarget(mock.handle), fixture: demoFixture, seed });

    expect(report.failures.map((finding) => `${finding.check}: ${finding.description}`)).toEqual([]);
    expect(report.summary.conformant).toBe(true);
  });
});

describe.each(brokenMocks.map((entry) => [entry.name, entry] as const))('broken mock: %s', (_name, entry) => {
  it.each(seeds)(`is caught by ${entry.intendedCheck} with default settings (seed %i)`, async (seed) => {
    const report = await reportOf(entry, seed);

    expect(report.summary.conformant).toBe(false);
    expect(failedCount(report, entry.intendedCheck)).toBeGreaterThan(0);
    expect(findingsOf(report, entry.intendedCheck).length).toBeGreaterThan(0);
  });

  it('fails no check beyond the intended one and those its break rightly breaks too', async () => {
    const allowed = [entry.intendedCheck, ...(entry.alsoFails ?? [])];

    const failed = await Promise.all(seeds.map(async (seed) => failedChecks(await reportOf(entry, seed))));

    for (const checks of failed) expect(checks.filter((check) => !allowed.includes(check))).toEqual([]);
  });

  it('reports minimal-ish inputs and a reproduction with seed and path', async () => {
    const report = await reportOf(entry, seeds[0] as number);

    const findings = findingsOf(report, entry.intendedCheck);
    for (const finding of findings) {
      // A run from code replays through runConformance with the caller's own target.
      expect(finding.reproduce.kit).toContain(`seed: ${seeds[0]}, path: '${finding.path}'`);
      expect(finding.rule.length).toBeGreaterThan(0);
      if (finding.phase !== 'property') continue;
      // Minimal by the entry's own measure where it has one (an input that cannot get smaller is not shrunk), else shrunk.
      if (entry.minimal !== undefined && typeof finding.input === 'object' && finding.input !== null) {
        expect(entry.minimal(finding.input as Record<string, unknown>), JSON.stringify(finding.input)).toBe(true);
      } else expect(finding.shrunk, JSON.stringify(finding.input)).toBe(true);
    }
  });
});

describe('replaying a finding', () => {
  const replayed = [
    'PersonalAccessTokenId accepts 65 characters',
    'PersonalAccessTokenId rejects 64 characters',
    'a Deleted organization answers 200',
    '500 InternalFailure when EntityId contains +',
    'repeated delete of a permission answers EntityNotFoundException',
    'success with status 204',
  ];
  it.each(replayed)('fails the same check again with --seed and --path: %s', async (name) => {
    const entry = brokenMocks.find((candidate) => candidate.name === name);
    if (entry === undefined) throw new Error(`no catalogue entry ${name}`);
    const seed = seeds[1] as number;
    const first = await reportOf(entry, seed);
    const finding = findingsOf(first, entry.intendedCheck).at(-1);
    if (finding === undefined) throw new Error(`${name}: no ${entry.intendedCheck} finding to replay`);

    const replay = await runBroken(entry, seed, finding.path);

    expect(replay.summary.conformant).toBe(false);
    expect(findingsOf(replay, entry.intendedCheck).map((again) => again.path)).toContain(finding.path);
  });
});

describe('a target that hangs on some inputs', () => {
  it('ends the run early, well within the time a hung run would take, and names the timeout', async () => {
    const entry = brokenMocks.find((candidate) => candidate.intendedCheck === 'responseTime');
    if (entry?.timeoutMs === undefined) throw new Error('the catalogue has no hanging mock with a short timeout');

    const report = await reportOf(entry, seeds[0] as number);

    expect(report.summary.incomplete).toMatch(/left 5 requests without a whole answer \(none within \d+ ms, or one that stalled until the connection closed\)/);
    expect(report.durationMs).toBeLessThan(10_000);
    expect(findingsOf(report, 'responseTime')[0]?.observed).toMatch(new RegExp(`${entry.timeoutMs}`));
  });
});
