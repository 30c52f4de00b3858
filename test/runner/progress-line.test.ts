import { afterEach, describe, expect, it, vi } from 'vitest';
import { createWorkMailMock } from '../../src/mock/create-work-mail-mock.ts';
import { demoFixture } from '../../src/mock/demo-fixture.ts';
import { createProgressLine } from '../../src/runner/progress-line.ts';
import { runConformance, type RunEvent } from '../../src/runner/run-conformance.ts';
import { createHandlerTarget } from '../../src/target/handler-target.ts';

/** A terminal that keeps every line drawn, as it would show it. */
function fakeTerminal(isTTY: boolean) {
  const lines: string[] = [];
  const stream = { isTTY, write: (text: string) => lines.push(text.replace('\r\u001b[K', '')) > 0 } as unknown as NodeJS.WriteStream;
  return { stream, lines };
}

describe('the progress line', () => {
  afterEach(() => vi.useRealTimers());

  it('shows the phases of operations that run side by side on one line, each operation in its place, with its count', async () => {
    const { stream, lines } = fakeTerminal(true);
    const progress = createProgressLine(stream);
    // The line is drawn at most every 100 ms: each request takes 10 ms of a clock the test moves, whatever this machine's speed.
    vi.useFakeTimers({ toFake: ['performance'] });
    const mock = createWorkMailMock({ fixture: demoFixture });
    const target = createHandlerTarget((request) => {
      vi.advanceTimersByTime(10);
      return mock.handle(request);
    });

    await runConformance({ target, fixture: demoFixture, seed: 3, numRuns: 300, onEvent: progress.onEvent });
    progress.finish();

    const both = lines.filter((line) => line.includes(' · '));
    expect(both.length).toBeGreaterThan(0);
    for (const line of both) expect(line.indexOf('DeleteMailboxPermissions')).toBeLessThan(line.indexOf('DeletePersonalAccessToken'));
    const counts = lines.flatMap((line) => [...line.matchAll(/DeletePersonalAccessToken valid: (\d+)\/300/g)].map((match) => Number(match[1])));
    expect(counts.some((count) => count > 0 && count <= 300)).toBe(true);
    expect(lines.at(-1)).toBe('');
  });

  it('writes nothing to a stream that is no terminal during a run shorter than its status interval', async () => {
    const { stream, lines } = fakeTerminal(false);
    const progress = createProgressLine(stream);

    await runConformance({ target: createHandlerTarget(createWorkMailMock({ fixture: demoFixture }).handle), fixture: demoFixture, seed: 3, numRuns: 5, onEvent: progress.onEvent });
    progress.finish();

    expect(lines).toEqual([]);
  });

  it('writes a whole line of where the run is to a stream that is no terminal (a CI log), every status interval (trialL #4)', async () => {
    const { stream, lines } = fakeTerminal(false);
    const progress = createProgressLine(stream, { statusEveryMs: 40 });
    const mock = createWorkMailMock({ fixture: demoFixture });
    // A slow target, as a CI job's mock behind a network is: each answer after 2 ms.
    const target = createHandlerTarget(async (request) => {
      await new Promise((resolve) => setTimeout(resolve, 2));
      return mock.handle(request);
    });

    await runConformance({ target, fixture: demoFixture, seed: 3, numRuns: 5, stateSequences: 0, onEvent: progress.onEvent });
    progress.finish();
    const written = lines.length;
    await new Promise((resolve) => setTimeout(resolve, 120));

    expect(written).toBeGreaterThan(0);
    for (const line of lines) expect(line).toMatch(/^workmail-conformance: \d+ s: Delete(MailboxPermissions|PersonalAccessToken) (coverage|valid|invalid|stateful): \d+\/\d+( · .+)?\n$/);
    // Nothing after the run: finish stops the lines.
    expect(lines).toHaveLength(written);
  });
  it('counts the stateful phase\'s sequences as they end, where it stayed at 0 to the phase\'s end (trialY #3)', async () => {
    const { stream, lines } = fakeTerminal(true);
    const progress = createProgressLine(stream);
    const mock = createWorkMailMock({ fixture: demoFixture });
    // Each request of the stateful phase moves a clock the line is drawn by (at most every 100 ms), so every sequence draws it.
    vi.useFakeTimers({ toFake: ['performance'] });
    const target = createHandlerTarget((request) => {
      vi.advanceTimersByTime(200);
      return mock.handle(request);
    });

    await runConformance({ target, fixture: demoFixture, seed: 3, numRuns: 1, stateSequences: 6, onEvent: progress.onEvent });
    progress.finish();

    const counts = lines.flatMap((line) => [...line.matchAll(/DeletePersonalAccessToken stateful: (\d+)\/6/g)].map((match) => Number(match[1])));
    expect(counts).toContain(3);
    expect(counts).toContain(6);
    expect(Math.max(...counts)).toBe(6);
  });

  it('counts a phase\'s cases, not a success sent again to check it is idempotent: the count stays within the total (trialW #8)', () => {
    const { stream, lines } = fakeTerminal(true);
    const progress = createProgressLine(stream);
    vi.useFakeTimers({ toFake: ['performance'] });
    const spec = { operation: 'DeletePersonalAccessToken' };
    const exchange = (phase: 'coverage' | 'repeat') => ({ type: 'exchange', spec, shrinking: false, exchange: { testCase: { phase }, verdict: { failed: false } } }) as unknown as RunEvent;

    progress.onEvent({ type: 'phaseStarted', operation: 'DeletePersonalAccessToken', phase: 'coverage', total: 2 });
    for (const phase of ['coverage', 'repeat', 'coverage', 'repeat'] as const) {
      vi.advanceTimersByTime(200);
      progress.onEvent(exchange(phase));
    }

    expect(lines.at(-1)).toBe('DeletePersonalAccessToken coverage: 2/2');
  });
});
