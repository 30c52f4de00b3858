import { describe, expect, it } from 'vitest';
import { createWorkMailMock } from '../../src/mock/create-work-mail-mock.ts';
import { demoFixture } from '../../src/mock/demo-fixture.ts';
import type { PatternMatching } from '../../src/spec/constraints.ts';
import { runConformance } from '../../src/runner/run-conformance.ts';
import { createHandlerTarget } from '../../src/target/handler-target.ts';

/** A run under one matching mode against the reference mock under another. */
async function runAgainst(mockMatching: PatternMatching, runMatching: PatternMatching, seed: number) {
  const mock = createWorkMailMock({ fixture: demoFixture, semantics: { patternMatching: mockMatching } });
  return runConformance({ target: createHandlerTarget(mock.handle), fixture: demoFixture, seed, numRuns: 30, semantics: { patternMatching: runMatching }, resetTarget: () => mock.reset() });
}

describe('--pattern-matching search', () => {
  it('finds the mock that matches anywhere conformant, under every seed tried', async () => {
    for (const seed of [1, 2, 3]) {
      const report = await runAgainst('search', 'search', seed);
      expect(report.failures.map((finding) => `${finding.check}: ${finding.input === undefined ? '' : JSON.stringify(finding.input)} ${finding.observed}`), `seed ${seed}`).toEqual([]);
    }
  });

  it('fails a target that matches whole values on a value valid only under search matching, which no run sent before', async () => {
    const report = await runAgainst('full', 'search', 1);

    const failures = report.failures.filter((finding) => finding.check === 'positiveDataAcceptance');
    expect(failures.length).toBeGreaterThan(0);
    for (const finding of failures) {
      expect(finding.description).toMatch(/matches its pattern only inside \("!" before and after\): valid under search matching only/);
      expect(finding.observed).toMatch(/^400 InvalidParameterException/);
    }
  });

  it('and a run under whole-value matching fails the mock that matches anywhere, as before', async () => {
    const report = await runAgainst('search', 'full', 1);

    expect(report.failures.some((finding) => finding.check === 'negativeDataRejection')).toBe(true);
  });
});
