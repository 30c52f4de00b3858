import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Fixture } from '../../src/fixture/fixture-schema.ts';
import { demoIds } from '../../src/mock/demo-fixture.ts';
import type { ConformanceReport } from '../../src/report/conformance-report.ts';
import { findOperationSpec, loadOperationSpecs } from '../../src/spec/load-spec.ts';
import { buildAwsJsonRequest } from '../../src/wire/aws-json.ts';
import type { HttpResponseMessage } from '../../src/wire/http-message.ts';
import { startCli, type RunningCli } from './helpers/cli-runners.ts';
import { sameInterruptWindowMs } from '../../src/cli/run-interrupts.ts';
import { startStandIn, type StandIn } from '../live/helpers/stand-in-server.ts';

// Real signals to the installed CLI in a child process: Ctrl-C in a terminal, a CI job's cancel or timeout.

let standIn: StandIn | undefined;
const directory = mkdtempSync(join(tmpdir(), 'wmc-interrupt-'));
const organization = demoIds.organizationId;
const permissionsSpec = findOperationSpec(loadOperationSpecs(), 'DeleteMailboxPermissions');

afterEach(async () => {
  await standIn?.close();
  standIn = undefined;
});

/** A fixture by content, its lists in a fixed order: putting a permission back may change where it is listed. */
function sorted(fixture: Fixture): Fixture {
  return { organizations: fixture.organizations.map((entry) => ({ ...entry, mailboxPermissions: [...entry.mailboxPermissions].sort((a, b) => `${a.entityId} ${a.granteeId}`.localeCompare(`${b.entityId} ${b.granteeId}`)) })) };
}

function destructiveRun(url: string, extra: readonly string[] = []): readonly string[] {
  return ['run', '--live', '--endpoint', url, '--organization-id', organization, '--allow-destructive', '--allow-org', organization, '--max-rps', '2000', '--seed', '7', ...extra];
}

async function until(condition: () => boolean): Promise<void> {
  while (!condition()) await new Promise((resolve) => setTimeout(resolve, 5));
}

/** The restore journal a destructive run names on stderr at its start. */
function journalPath(stderr: string): string {
  const path = stderr.match(/the commands that do are in (\S+)/)?.[1];
  expect(path).toBeDefined();
  return path as string;
}

/** Runs a command of the AWS CLI as the kit prints it, against the stand-in's mock (the tests do not need the AWS CLI). */
function runPutCommand(target: StandIn, command: string): void {
  const flag = (name: string) => command.match(new RegExp(`--${name} (\\S+)`))?.[1];
  const values = command.slice(command.indexOf('--permission-values ') + '--permission-values '.length).trim().split(' ');
  const body = { OrganizationId: flag('organization-id'), EntityId: flag('entity-id'), GranteeId: flag('grantee-id'), PermissionValues: values };
  const answer = target.mock.handle(buildAwsJsonRequest({ protocol: { ...permissionsSpec.protocol, target: 'WorkMailService.PutMailboxPermissions' } }, body));
  expect(answer.status).toBe(200);
}

/**
 * A stand-in answer hook that sends `signal` to the CLI child as the answer to its first delete of something present leaves:
 * before the run has seen that answer, let alone put anything back.
 */
function signalAtFirstRemoval(signal: NodeJS.Signals, running: () => RunningCli | undefined): (request: unknown, response: HttpResponseMessage) => HttpResponseMessage {
  let sent = false;
  return (_request, response) => {
    if (!sent && (standIn?.removals.length ?? 0) > 0) {
      sent = true;
      running()?.child.kill(signal);
    }
    return response;
  };
}

describe('a live run signalled once every case was sent', () => {
  it('exits with its own code, not 128 + the signal: the signal stopped nothing, and the report says the run was complete (trialF #2)', async () => {
    const args = (url: string) => ['run', '--live', '--endpoint', url, '--organization-id', organization, '--max-rps', '2000', '--seed', '7', '--num-runs', '5', '--reporter', 'json'];
    standIn = await startStandIn();
    const whole = await startCli(args(standIn.url)).done;
    expect(whole.code).toBe(0);
    const requests = standIn.received.length;
    await standIn.close();

    let running: RunningCli | undefined;
    // The run's last request (the same 304 every time) is a read of the organizations at its end: its answer waits until the run has heard the signal.
    standIn = await startStandIn({
      rewrite: async (_request, response) => {
        if (standIn?.received.length === requests) {
          running?.child.kill('SIGINT');
          await until(() => running?.printed().stderr.includes('interrupted (SIGINT)') === true);
        }
        return response;
      },
    });
    running = startCli(args(standIn.url));
    const result = await running.done;

    expect(result.stderr).toContain('interrupted (SIGINT): no case starts now');
    expect((JSON.parse(result.stdout) as ConformanceReport).summary.incomplete).toBeUndefined();
    expect(result.code).toBe(0);
  });
});

describe('a destructive live run interrupted by a signal', () => {
  it('at the first SIGINT after a delete of an existing permission, puts it back, reads the organization again, reports, and exits 130', async () => {
    let running: RunningCli | undefined;
    standIn = await startStandIn({ rewrite: signalAtFirstRemoval('SIGINT', () => running) });
    const before = standIn.mock.state.toFixture();
    const reportFile = join(directory, 'interrupted.json');

    running = startCli(destructiveRun(standIn.url, ['--reporter', 'json', '--output', reportFile]));
    const result = await running.done;

    expect(result.code).toBe(130);
    expect(result.stderr).toContain('interrupted (SIGINT): no case starts now');
    const report = JSON.parse(readFileSync(reportFile, 'utf8')) as ConformanceReport;
    expect(report.summary.incomplete).toBe('interrupted by SIGINT: no case started after it');
    expect(report.stateChanges?.changes.length).toBeGreaterThan(0);
    expect(report.stateChanges?.changes.every((change) => change.status === 'restored')).toBe(true);
    expect(report.live?.endComparison.unchanged).toBe(true);
    expect(sorted(standIn.mock.state.toFixture())).toEqual(sorted(before));
    // Everything was put back, so the restore journal is gone.
    expect(existsSync(journalPath(result.stderr))).toBe(false);
  });

  it('killed where no handler runs (SIGKILL) right after a delete, leaves a journal whose commands put back what it removed', async () => {
    let running: RunningCli | undefined;
    standIn = await startStandIn({ rewrite: signalAtFirstRemoval('SIGKILL', () => running) });
    const before = standIn.mock.state.toFixture();

    running = startCli(destructiveRun(standIn.url));
    const result = await running.done;

    expect(result.code).toBeNull();
    const killedAt = sorted(standIn.mock.state.toFixture());
    expect(killedAt).not.toEqual(sorted(before));
    const journal = journalPath(result.stderr);

    // Run again before anyone read the journal: the kill's loss must not become the next run's starting point (trialR #1).
    const safe = await startCli(['run', '--live', '--endpoint', standIn.url, '--organization-id', organization, '--max-rps', '2000', '--num-runs', '1', '--settle-ms', '300']).done;
    expect(safe.stderr).toContain(`workmail-conformance: warning: ${journal} is the restore journal of an earlier destructive run against this target that ended before it put everything back`);
    const refused = await startCli(destructiveRun(standIn.url)).done;
    expect(refused.code).toBe(2);
    expect(refused.stderr.trim()).toBe(
      `workmail-conformance: --allow-destructive: ${journal} is the restore journal of an earlier destructive run against this target that ended before it put everything back (killed, or owing a put back): check the organization, run the commands there whose permission is missing, then remove the file; this run starts once it is gone`,
    );
    expect(sorted(standIn.mock.state.toFixture())).toEqual(killedAt);

    const commands = readFileSync(journal, 'utf8').split('\n').filter((line) => line.startsWith('aws workmail put-mailbox-permissions '));
    expect(commands.length).toBeGreaterThan(0);
    for (const command of commands) runPutCommand(standIn, command);
    expect(sorted(standIn.mock.state.toFixture())).toEqual(sorted(before));
    rmSync(journal);
    // Dealt with: the next destructive run starts.
    expect((await startCli(destructiveRun(standIn.url, ['--num-runs', '1', '--settle-ms', '300'])).done).code).toBe(0);
  });

  it('started by a shell that is killed alone (npx given SIGTERM), takes that as a SIGTERM: puts back, reads again, reports (trialR #2)', async () => {
    let running: RunningCli | undefined;
    standIn = await startStandIn({ rewrite: signalAtFirstRemoval('SIGKILL', () => running) });
    const before = standIn.mock.state.toFixture();
    const reportFile = join(directory, 'orphaned.json');

    running = startCli(destructiveRun(standIn.url, ['--reporter', 'json', '--output', reportFile]), { throughShell: true });
    const result = await running.done;

    expect(result.stderr).toMatch(/interrupted \(SIGTERM, as the process that started the run ended \(process \d+\)\): no case starts now/);
    const report = JSON.parse(readFileSync(reportFile, 'utf8')) as ConformanceReport;
    expect(report.summary.incomplete).toMatch(/^interrupted by SIGTERM, as the process that started the run ended/);
    expect(report.live?.endComparison.unchanged).toBe(true);
    expect(sorted(standIn.mock.state.toFixture())).toEqual(sorted(before));
    expect(existsSync(journalPath(result.stderr))).toBe(false);
  });

  it('at a second SIGINT before the put back, quits at once and prints the commands that put back what the delete removed', async () => {
    let running: RunningCli | undefined;
    let interrupted = false;
    standIn = await startStandIn({
      rewrite: async (_request, response) => {
        if (!interrupted && (standIn?.removals.length ?? 0) > 0) {
          interrupted = true;
          // The delete's answer waits while the run is interrupted twice: its put back cannot have started.
          running?.child.kill('SIGINT');
          await until(() => running?.printed().stderr.includes('Interrupt again') === true);
          // A person's second Ctrl-C: the same signal sooner is taken as the first one delivered twice.
          await new Promise((resolve) => setTimeout(resolve, sameInterruptWindowMs + 50));
          running?.child.kill('SIGINT');
          await running?.done;
        }
        return response;
      },
    });
    const before = standIn.mock.state.toFixture();

    running = startCli(destructiveRun(standIn.url));
    const result = await running.done;

    expect(result.code).toBe(130);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain('quit at once (SIGINT) before what a delete removed was put back');
    expect(sorted(standIn.mock.state.toFixture())).not.toEqual(sorted(before));
    const commands = result.stderr.split('\n').filter((line) => line.startsWith('  aws workmail put-mailbox-permissions '));
    expect(commands.length).toBeGreaterThan(0);
    for (const command of commands) runPutCommand(standIn, command);
    expect(sorted(standIn.mock.state.toFixture())).toEqual(sorted(before));
    // The restore journal keeps the same commands, for a run killed where it could print nothing.
    const journal = journalPath(result.stderr);
    expect(readFileSync(journal, 'utf8')).toContain(commands[0]?.trim());
    rmSync(journal);
  });
});

describe('a live run interrupted while it reads the organizations, before any case', () => {
  it('quits at once: nothing was changed, and it does not read them all again', async () => {
    let running: RunningCli | undefined;
    standIn = await startStandIn({
      rewrite: (_request, response) => {
        if (standIn?.received.length === 3) running?.child.kill('SIGINT');
        return response;
      },
    });

    running = startCli(destructiveRun(standIn.url));
    const result = await running.done;

    expect(result.code).toBe(130);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain('interrupted (SIGINT) before any case was sent: nothing was changed, and there is no report');
    expect(standIn.received.every((request) => request.headers['x-amz-target']?.startsWith('WorkMailService.List') === true || request.headers['x-amz-target'] === 'WorkMailService.DescribeOrganization')).toBe(true);
    expect(standIn.received.length).toBeLessThan(10);
  });
});

describe('a destructive live run whose terminal is closed', () => {
  it('at SIGHUP, with the terminal taking no more output (EIO), still puts back what it deleted and reads the organization again', async () => {
    let running: RunningCli | undefined;
    let hungUpAt: number | undefined;
    standIn = await startStandIn({
      rewrite: (_request, response) => {
        if (hungUpAt === undefined && (standIn?.removals.length ?? 0) > 0) {
          hungUpAt = standIn?.received.length;
          running?.child.kill('SIGHUP');
        }
        return response;
      },
    });
    const before = standIn.mock.state.toFixture();
    const preload = join(import.meta.dirname, 'helpers/terminal-closed-preload.mjs');

    running = startCli(destructiveRun(standIn.url), {}, ['--import', preload]);
    const result = await running.done;

    expect(result.code).toBe(129);
    const afterHangUp = standIn.received.slice(hungUpAt).map((request) => request.headers['x-amz-target']);
    expect(afterHangUp).toContain('WorkMailService.PutMailboxPermissions');
    expect(afterHangUp.at(-1)).toBe('WorkMailService.ListPersonalAccessTokens');
    expect(sorted(standIn.mock.state.toFixture())).toEqual(sorted(before));
  });
});

describe('a run against a mock interrupted by a signal', () => {
  it('at one SIGTERM delivered twice at once (GNU timeout sends it to the run and then to its process group), still reports and exits 143 (trialW #2)', async () => {
    let running: RunningCli | undefined;
    let answered = 0;
    standIn = await startStandIn({
      rewrite: (_request, response) => {
        answered += 1;
        if (answered === 50) {
          running?.child.kill('SIGTERM');
          running?.child.kill('SIGTERM');
        }
        return response;
      },
    });

    running = startCli(['run', '--endpoint', standIn.url, '--region', 'us-east-1', '--seed', '7', '--reporter', 'json']);
    const result = await running.done;

    expect(result.code).toBe(143);
    expect(result.stderr).not.toContain('quit at once (SIGTERM)');
    const report = JSON.parse(result.stdout) as ConformanceReport;
    expect(report.summary.incomplete).toBe('interrupted by SIGTERM: no case started after it');
  });

  it('at SIGTERM (a CI job timing out) stops sending, prints the report of what it judged, and exits 143', async () => {
    let running: RunningCli | undefined;
    let answered = 0;
    standIn = await startStandIn({
      rewrite: (request, response) => {
        // The probe for a server that serves one connection at a time (a List of no organization) is no request of the run.
        const probe = request.body === '{}' && (request.headers['x-amz-target'] ?? '').includes('.List');
        if (!probe) answered += 1;
        if (answered === 50) running?.child.kill('SIGTERM');
        return response;
      },
    });

    running = startCli(['run', '--endpoint', standIn.url, '--region', 'us-east-1', '--seed', '7', '--reporter', 'json']);
    const result = await running.done;

    expect(result.code).toBe(143);
    const report = JSON.parse(result.stdout) as ConformanceReport;
    expect(report.summary.incomplete).toBe('interrupted by SIGTERM: no case started after it');
    expect(report.summary.failures).toBe(0);
    expect(report.summary.requests).toBeGreaterThanOrEqual(50);
    expect(result.stderr).toContain('interrupted (SIGTERM): no case starts now; the cases in flight finish, and the permissions a stateful sequence changed are put back; then the report.');
  });
});
