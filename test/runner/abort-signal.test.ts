import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../src/config-error.ts';
import { createWorkMailMock } from '../../src/mock/create-work-mail-mock.ts';
import { demoFixture } from '../../src/mock/demo-fixture.ts';
import { renderConsoleReport } from '../../src/report/console-reporter.ts';
import { renderJunitReport } from '../../src/report/junit-reporter.ts';
import { runConformance, type RunEvent } from '../../src/runner/run-conformance.ts';
import { createHandlerTarget } from '../../src/target/handler-target.ts';

const concurrency = 8;

function conformingRun(signal: AbortSignal, onEvent: (event: RunEvent) => void = () => {}) {
  return runConformance({ target: createHandlerTarget(createWorkMailMock({ fixture: demoFixture }).handle), fixture: demoFixture, seed: 5, numRuns: 200, concurrency, signal, onEvent });
}

describe('runConformance with an abort signal', () => {
  it('starts no case once it is aborted, lets the cases in flight finish, and reports the run incomplete with its reason', async () => {
    const controller = new AbortController();
    let exchanges = 0;
    let afterAbort = 0;

    const report = await conformingRun(controller.signal, (event) => {
      if (event.type !== 'exchange') return;
      exchanges += 1;
      if (controller.signal.aborted) afterAbort += 1;
      else if (exchanges === 40) controller.abort('interrupted by SIGINT: no case started after it');
    });

    expect(report.summary.incomplete).toBe('interrupted by SIGINT: no case started after it');
    expect(report.summary.conformant).toBe(false);
    expect(report.summary.failures).toBe(0);
    expect(afterAbort).toBeLessThan(concurrency);
    expect(report.summary.cases).toBeLessThan(40 + concurrency);
    // Stopped is not broken: the console says the run is incomplete, not that the target broke a rule.
    expect(renderConsoleReport(report)).toMatch(/\nIncomplete: interrupted by SIGINT: no case started after it\n(?:[^]*\n)?INCOMPLETE: the run stopped before its end \(see Incomplete\); what it judged broke no rule · \d+ cases/);
    // Nor does a CI dashboard reading JUnit show it green.
    const junit = renderJunitReport(report);
    expect(junit).toMatch(/<testsuites name="workmail-conformance" tests="\d+" failures="1"/);
    expect(junit).toContain('<testcase classname="run" name="the run was complete">');
    expect(junit).toContain('<failure message="the run stopped before its end: interrupted by SIGINT: no case started after it" type="incomplete"/>');
  });

  it('sends nothing when it is aborted before the run, and says the run was aborted when no reason is given', async () => {
    const controller = new AbortController();
    controller.abort();
    let exchanges = 0;

    const report = await conformingRun(controller.signal, (event) => {
      if (event.type === 'exchange') exchanges += 1;
    });

    expect(exchanges).toBe(0);
    expect(report.summary.incomplete).toBe('the run was aborted (runConformance: signal)');
  });

  it('is complete and conformant when the signal is never aborted', async () => {
    const report = await conformingRun(new AbortController().signal);

    expect(report.summary.incomplete).toBeUndefined();
    expect(report.summary.conformant).toBe(true);
  });

  it('refuses something that is not an AbortSignal in one ConfigError naming the option', async () => {
    const error = await runConformance({ target: createHandlerTarget(createWorkMailMock().handle), signal: { aborted: true } as unknown as AbortSignal }).catch((thrown: unknown) => thrown);

    expect(error).toBeInstanceOf(ConfigError);
    expect((error as Error).message).toBe('runConformance: signal: expected an AbortSignal (new AbortController().signal), got an object');
  });
});

describe('runConformance aborted during the stateful phase, against a target that cannot be reset', () => {
  it('still puts back the mailbox permissions its sequences removed before the report', async () => {
    const mock = createWorkMailMock({ fixture: demoFixture });
    const permissions = () =>
      mock.state
        .listOrganizations()
        .flatMap((organization) => organization.mailboxPermissions.map((permission) => `${organization.id} ${permission.entityId} ${permission.granteeId} ${[...permission.permissionValues].sort().join(',')}`))
        .sort();
    const before = permissions();
    const controller = new AbortController();
    let steps = 0;

    const report = await runConformance({
      target: createHandlerTarget(mock.handle),
      fixture: demoFixture,
      seed: 5,
      numRuns: 20,
      signal: controller.signal,
      onEvent: (event) => {
        if (event.type === 'stepJudged' && (steps += 1) === 30) controller.abort('interrupted by SIGINT: no case started after it');
      },
    });

    expect(steps).toBeGreaterThanOrEqual(30);
    expect(report.summary.incomplete).toBe('interrupted by SIGINT: no case started after it');
    expect(permissions()).toEqual(before);
  });
});

describe('runConformance against a target that answers in the same tick (a handler, the embedded mock)', () => {
  it('hears an abort a timer makes during the run: the event loop gets a turn now and then', async () => {
    const controller = new AbortController();
    setTimeout(() => controller.abort('aborted by a timer'), 200);

    const report = await runConformance({ target: createHandlerTarget(createWorkMailMock({ fixture: demoFixture }).handle), fixture: demoFixture, seed: 5, numRuns: 200_000, signal: controller.signal });

    expect(report.summary.incomplete).toBe('aborted by a timer');
    expect(report.summary.cases).toBeLessThan(200_000);
  });
});

describe('runConformance aborted as it starts to shrink a failing case', () => {
  it('says the case was not shrunk because the run stopped, not that the target may be nondeterministic (trialW #4)', async () => {
    const controller = new AbortController();
    // A mock that accepts everything: every invalid input it answers 200 is a failing case to shrink.
    const acceptsEverything = createHandlerTarget(() => ({ status: 200, headers: { 'content-type': 'application/x-amz-json-1.1' }, body: '{}' }));

    const report = await runConformance({
      target: acceptsEverything,
      operations: ['DeletePersonalAccessToken'],
      seed: 5,
      numRuns: 20,
      stateSequences: 0,
      signal: controller.signal,
      onEvent: (event) => {
        if (event.type === 'phaseStarted' && event.phase === 'shrink') controller.abort('interrupted by SIGINT: no case started after it');
      },
    });

    const notShrunk = report.failures.filter((finding) => finding.description.includes('(not shrunk: the run stopped before the case could be sent again)'));
    expect(notShrunk.length).toBeGreaterThan(0);
    expect(report.failures.filter((finding) => finding.description.includes('nondeterministic'))).toEqual([]);
  });
});
