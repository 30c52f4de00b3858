import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { createWorkMailMock } from '../../src/mock/create-work-mail-mock.ts';
import { demoFixture } from '../../src/mock/demo-fixture.ts';
import { renderConsoleReport } from '../../src/report/console-reporter.ts';
import { runConformance } from '../../src/runner/run-conformance.ts';
import { createHandlerTarget } from '../../src/target/handler-target.ts';

describe('a --path replay of a property case', () => {
  afterEach(() => fc.resetConfigureGlobal());

  /** Each property case a run judged, by its path, as the request body it sent. */
  async function propertyBodies(path?: string): Promise<Map<string, string>> {
    const bodies = new Map<string, string>();
    await runConformance({
      target: createHandlerTarget(createWorkMailMock({ fixture: demoFixture }).handle),
      fixture: demoFixture,
      seed: 11,
      numRuns: 40,
      stateSequences: 0,
      ...(path === undefined ? {} : { path }),
      onEvent: (event) => {
        if (event.type === 'judged' && /\.(valid|invalid):/.test(event.exchange.path)) bodies.set(event.exchange.path, event.exchange.request.body.toString());
      },
    });
    return bodies;
  }

  // The property phase draws its cases without fast-check's runner where it can (drawRuns), and falls back on fc.check
  // where fast-check draws otherwise (here: another random generator); a replay always goes through fc.check.
  it.each([
    ['drawn by the kit', undefined],
    ['drawn by fc.check', 'xoroshiro128plus'],
  ] as const)('sends again, at a run\u2019s path, the case that run sent (%s)', async (_drawn, randomType) => {
    if (randomType !== undefined) fc.configureGlobal({ randomType });
    const bodies = await propertyBodies();
    expect(bodies.size).toBe(4 * 40);
    for (const path of ['DeleteMailboxPermissions.valid:0', 'DeleteMailboxPermissions.invalid:9', 'DeletePersonalAccessToken.valid:27', 'DeletePersonalAccessToken.invalid:39']) {
      const replayed = await propertyBodies(path);
      expect([...replayed.entries()]).toEqual([[path, bodies.get(path)]]);
    }
  });

  it('sends that one case when it passes, not the cases after it', async () => {
    const target = createHandlerTarget(createWorkMailMock({ fixture: demoFixture }).handle);
    const paths: string[] = [];
    const report = await runConformance({
      target,
      fixture: demoFixture,
      seed: 3,
      path: 'DeletePersonalAccessToken.valid:3',
      onEvent: (event) => {
        if (event.type === 'judged') paths.push(event.exchange.path);
      },
    });
    expect(paths).toEqual(['DeletePersonalAccessToken.valid:3']);
    expect(report.summary.cases).toBe(1);
    expect(renderConsoleReport(report)).toMatch(/ · 1 case sent(, \d+ requests?)? in /);
  });
});

describe('a --path replay without its seed', () => {
  it('is refused for a drawn case, which only its seed draws again, and runs for a coverage case, which is the same in every run', async () => {
    const target = createHandlerTarget(createWorkMailMock({ fixture: demoFixture }).handle);

    await expect(runConformance({ target, fixture: demoFixture, path: 'DeletePersonalAccessToken.invalid:7' })).rejects.toThrow(
      "runConformance: path: DeletePersonalAccessToken.invalid cases are drawn from the run's seed: give seed too, as the report's reproduce line does",
    );
    const coverage = await runConformance({ target, fixture: demoFixture, path: 'DeletePersonalAccessToken.coverage:3' });
    expect(coverage.summary.cases).toBe(1);
  });
});

describe('a --path replay past the run\'s count', () => {
  it('is refused, naming the option to give, where it replayed another input and said CONFORMANT (verify7a)', async () => {
    const target = createHandlerTarget(createWorkMailMock({ fixture: demoFixture }).handle);

    await expect(runConformance({ target, fixture: demoFixture, seed: 3, numRuns: 100, path: 'DeletePersonalAccessToken.invalid:99999' })).rejects.toThrow(
      "runConformance: path: the run makes 100 runs per property (numRuns), so index 99999 does not exist: give numRuns as the report's reproduce line does",
    );
    await expect(runConformance({ target, fixture: demoFixture, seed: 3, stateSequences: 50, path: 'DeleteMailboxPermissions.stateful:999' })).rejects.toThrow(
      'runConformance: path: the run makes 50 sequences (stateSequences), so index 999 does not exist',
    );
    const last = await runConformance({ target, fixture: demoFixture, seed: 3, numRuns: 100, path: 'DeletePersonalAccessToken.invalid:99' });
    expect(last.summary.cases).toBe(1);
  });
});

describe('a replay of one stateful sequence', () => {
  it('counts the steps it judged, where its verdict line said "0 cases sent" (its steps are not cases)', async () => {
    const target = createHandlerTarget(createWorkMailMock({ fixture: demoFixture }).handle);

    const report = await runConformance({ target, fixture: demoFixture, seed: 5, path: 'DeleteMailboxPermissions.stateful:3' });

    expect(report.summary.cases).toBe(0);
    expect(report.summary.sequenceSteps).toBeGreaterThan(0);
    expect(renderConsoleReport(report)).toMatch(new RegExp(` · ${report.summary.sequenceSteps} sequence steps? judged in [0-9.]+ s\\n$`));
    const whole = await runConformance({ target, fixture: demoFixture, seed: 5, numRuns: 5 });
    expect(renderConsoleReport(whole)).toMatch(new RegExp(` · ${whole.summary.cases} cases sent`));
  });
});

describe('a replay of one case a check could not judge', () => {
  it('says which check could not judge it, and why, where it said the case "broke no rule this time" (trialL #1)', async () => {
    // The target holds one permission the fixture does not list (a Put an earlier run left behind): deleteEffect cannot judge.
    const held = { ...demoFixture, organizations: demoFixture.organizations.map((organization, index) => (index === 0 ? { ...organization, mailboxPermissions: organization.mailboxPermissions?.slice(0, -1) } : organization)) };
    const path = 'DeleteMailboxPermissions.coverage:649';

    const differs = await runConformance({ target: createHandlerTarget(createWorkMailMock({ fixture: demoFixture }).handle), fixture: held, operations: ['DeleteMailboxPermissions'], path });
    const same = await runConformance({ target: createHandlerTarget(createWorkMailMock({ fixture: demoFixture }).handle), fixture: demoFixture, operations: ['DeleteMailboxPermissions'], path });

    expect(differs.summary.checksNotJudged).toEqual([expect.stringMatching(/^deleteEffect \(at the start the target's mailboxPermission records in m-0f1e\w+ differ from the fixture \(it holds /)]);
    expect(renderConsoleReport(differs)).toMatch(
      /\nCONFORMANT: the replayed case \(DeleteMailboxPermissions\.coverage:649\) broke no rule it was judged by this time, but deleteEffect \(at the start .*\) could not judge the replayed case: a failure a run reported for it there is neither confirmed nor gone · /,
    );
    expect(same.summary.checksNotJudged).toBeUndefined();
    expect(renderConsoleReport(same)).toContain('CONFORMANT: the replayed case (DeleteMailboxPermissions.coverage:649) broke no rule this time; where a run reported it failing');
  });
});
