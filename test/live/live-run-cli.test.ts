import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Fixture } from '../../src/fixture/fixture-schema.ts';
import { demoFixture, demoIds } from '../../src/mock/demo-fixture.ts';
import type { ConformanceReport } from '../../src/report/conformance-report.ts';
import { matchesPattern } from '../../src/spec/constraints.ts';
import { loadOperationSpecs } from '../../src/spec/load-spec.ts';
import { encodeAwsJsonError } from '../../src/wire/aws-json.ts';
import { runMain } from '../cli/helpers/cli-runners.ts';
import { createWorkMailMock } from '../../src/mock/create-work-mail-mock.ts';
import { startMockServer } from '../../src/mock/start-mock-server.ts';
import { startStandIn, testCredentials, type StandIn } from './helpers/stand-in-server.ts';

let standIn: StandIn | undefined;
const directory = mkdtempSync(join(tmpdir(), 'wmc-live-'));

afterEach(async () => {
  await standIn?.close();
  standIn = undefined;
});

/** A fixture with its lists in a fixed order: putting a permission back may change where it is listed, not what is there. */
function sorted(fixture: Fixture): Fixture {
  const byJson = <T>(items: readonly T[]) => [...items].sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));
  return { organizations: fixture.organizations.map((organization) => ({ ...organization, mailboxPermissions: byJson(organization.mailboxPermissions) })) };
}

function parsedObject(body: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(body);
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

function readReport(file: string): ConformanceReport {
  return JSON.parse(readFileSync(file, 'utf8')) as ConformanceReport;
}

const organization = demoIds.organizationId;
const fast = ['--max-rps', '2000', '--seed', '7', '--settle-ms', '300'];

describe('a live run against the reference mock standing in for the real service', () => {
  it('leaves the organization unchanged, retries throttling without reporting it, and discovers the fixture', async () => {
    // Arrange
    standIn = await startStandIn({ throttleEvery: 3 });
    const before = standIn.mock.state.toFixture();
    const reportFile = join(directory, 'safe.json');
    const fixtureFile = join(directory, 'discovered.json');

    // Act
    const result = await runMain(['run', '--live', '--endpoint', standIn.url, '--organization-id', organization, '--save-fixture', fixtureFile, '--reporter', 'json', '--output', reportFile, ...fast]);

    // Assert
    const report = readReport(reportFile);
    expect(result.code).toBe(0);
    expect(standIn.mock.state.toFixture()).toEqual(before);
    expect(standIn.throttled).toBeGreaterThan(0);
    expect(standIn.rejectedSignatures).toBe(0);
    expect(report.summary.conformant).toBe(true);
    expect(report.live?.mode).toBe('safe');
    expect(report.live?.transient.retried).toBe(standIn.throttled);
    expect(report.live?.heldBack).toBeGreaterThan(0);
    expect(JSON.stringify(report.failures)).not.toContain('Throttling');
    const listedCompletely = { entities: true, personalAccessTokens: true, mailboxPermissionsNotKnownOf: [] };
    expect(JSON.parse(readFileSync(fixtureFile, 'utf8'))).toEqual({ organizations: [{ ...before.organizations.find((candidate) => candidate.id === organization), listed: listedCompletely }] });
    expect(report.live?.endComparison).toMatchObject({ organizations: [organization], unchanged: true, differences: [] });
  });

  it('in destructive mode deletes existing mailbox permissions, puts them back and verifies it, leaving tokens it was not given alone', async () => {
    standIn = await startStandIn({ throttleEvery: 4 });
    const before = standIn.mock.state.toFixture();
    const reportFile = join(directory, 'destructive.json');

    const recordFile = join(directory, 'destructive.ndjson');

    const result = await runMain(['run', '--live', '--endpoint', standIn.url, '--organization-id', organization, '--allow-destructive', '--allow-org', organization, '--reporter', 'json', '--output', reportFile, '--record', recordFile, ...fast]);

    const report = readReport(reportFile);
    const puts = standIn.received.filter((request) => request.headers['x-amz-target'] === 'WorkMailService.PutMailboxPermissions');
    expect(result.code).toBe(0);
    // The recording names the restore journal, and says before each delete of something present what puts it back: from the
    // first such delete on, every permission the start read found too (a delete may remove more than it names, which only the
    // end comparison reads), until the end shows the organization as found: a file cut before says what it may miss.
    const lines = readFileSync(recordFile, 'utf8').trim().split('\n').map((line) => JSON.parse(line) as { type: string; commands?: string[]; restoreJournal?: string });
    expect(lines[0]?.restoreJournal).toMatch(/workmail-conformance-restore-\d+-\d+\.txt$/);
    const pending = lines.filter((line) => line.type === 'putBackPending').map((line) => line.commands ?? []);
    const everyPermission = before.organizations.filter((held) => held.id === organization).flatMap((held) => held.mailboxPermissions).length;
    expect(pending.length).toBeGreaterThan(2);
    expect(pending.slice(0, -1).every((commands) => commands.length >= everyPermission)).toBe(true);
    expect(pending.at(-1)).toEqual([]);
    expect(puts.length).toBeGreaterThan(0);
    expect(report.stateChanges?.verified).toBe(true);
    const deletedWhilePresent = report.live?.guardedDeletes.filter((sent) => sent.readShowed === 'present') ?? [];
    expect(deletedWhilePresent.length).toBeGreaterThan(0);
    expect(report.stateChanges?.changes.map((change) => change.status)).toEqual(deletedWhilePresent.map(() => 'restored'));
    expect(report.live?.endComparison.unchanged).toBe(true);
    expect(sorted(standIn.mock.state.toFixture())).toEqual(sorted(before));
    // Every read and put back the run sent is in the recording with its answer (throttled attempts included), the start's
    // reads first: what the service held before and after each delete survives the run.
    type RequestLine = { type: string; role?: string; operation?: string; input?: Record<string, unknown>; sdkAnswer?: { output?: Record<string, unknown>; error?: { type: string; status?: number } } };
    const requests = (lines as RequestLine[]).filter((line) => line.type === 'request');
    const sent = (operation: string) => standIn!.received.filter((request) => request.headers['x-amz-target'] === `WorkMailService.${operation}`).length;
    expect(requests.filter((line) => line.role === 'putBack' && line.operation === 'PutMailboxPermissions')).toHaveLength(puts.length);
    for (const operation of ['DescribeOrganization', 'ListUsers', 'ListMailboxPermissions', 'ListPersonalAccessTokens']) {
      expect(requests.filter((line) => line.role === 'read' && line.operation === operation), operation).toHaveLength(sent(operation));
    }
    expect((lines[1] as RequestLine)).toMatchObject({ type: 'request', role: 'read', operation: 'DescribeOrganization', input: { OrganizationId: organization } });
    expect(requests.some((line) => line.sdkAnswer?.error?.type === 'ThrottlingException' && line.sdkAnswer.error.status === 400)).toBe(true);
    expect(requests.some((line) => Array.isArray(line.sdkAnswer?.output?.['Permissions']))).toBe(true);
    expect(lines.at(-1)).toMatchObject({ type: 'end', requests: requests.length });
    // Each read just before a delete names its case (\`before\`), each put back the case it puts back after (\`after\`), and
    // each such case is an exchange of the recording, written after them.
    type Tagged = RequestLine & { before?: string; after?: string; path?: string };
    const exchangeAt = new Map((lines as Tagged[]).flatMap((line, index) => (line.type === 'exchange' && line.path !== undefined ? [[line.path, index] as const] : [])));
    const putBacks = (lines as Tagged[]).flatMap((line, index) => (line.type === 'request' && line.role === 'putBack' ? [{ line, index }] : []));
    expect(putBacks.length).toBeGreaterThan(0);
    for (const { line, index } of putBacks) expect(exchangeAt.get(line.after ?? '') ?? -1, JSON.stringify(line)).toBeGreaterThan(index);
    const readsBefore = (lines as Tagged[]).flatMap((line, index) => (line.type === 'request' && line.before !== undefined ? [{ line, index }] : []));
    expect(readsBefore.length).toBeGreaterThan(0);
    expect(readsBefore.every(({ line }) => line.role === 'read')).toBe(true);
    expect(readsBefore.filter(({ line, index }) => (exchangeAt.get(line.before ?? '') ?? -1) > index).length).toBeGreaterThan(0);
  });

  it('deletes no token of a fixture saved by --save-fixture in a destructive run: only a token named by --allow-token-delete', async () => {
    standIn = await startStandIn();
    const saved = join(directory, 'saved-for-destructive.json');
    expect((await runMain(['run', '--live', '--endpoint', standIn.url, '--organization-id', organization, '--save-fixture', saved, '--num-runs', '0', ...fast])).code).toBe(0);
    const tokens = () => standIn!.mock.state.toFixture().organizations.find((candidate) => candidate.id === organization)?.personalAccessTokens.map((token) => token.id) ?? [];
    const before = tokens();
    expect(before.length).toBeGreaterThan(1);

    const destructive = ['run', '--live', '--endpoint', standIn.url, '--fixture', saved, '--allow-destructive', '--allow-org', organization, ...fast];
    const unnamed = await runMain(destructive);

    expect(unnamed.code).toBe(0);
    expect(tokens()).toEqual(before);
    expect(unnamed.stdout).toContain('which no call can put back: name it with --allow-token-delete to allow it');

    const named = await runMain([...destructive, '--allow-token-delete', before[0] as string]);

    expect(named.code).toBe(0);
    expect(tokens()).toEqual(before.slice(1));
    expect(named.stdout).toContain(`deleted, NOT RESTORABLE: ${organization} personalAccessToken id=${before[0]}`);
  });

  it('keeps its report when the organization cannot be read again at the end: exit code 1, the end comparison NOT MADE, and what it put back', async () => {
    let describes = 0;
    standIn = await startStandIn({
      refuse: (request) => {
        if (request.headers['x-amz-target'] !== 'WorkMailService.DescribeOrganization') return undefined;
        describes += 1;
        return describes > 1 ? encodeAwsJsonError('AccessDeniedException', 400, 'no longer allowed') : undefined;
      },
    });
    const before = standIn.mock.state.toFixture();
    const reportFile = join(directory, 'end-read-failed.json');

    const result = await runMain(['run', '--live', '--endpoint', standIn.url, '--organization-id', organization, '--allow-destructive', '--allow-org', organization, '--reporter', 'json', '--output', reportFile, ...fast]);

    expect(result.code).toBe(1);
    const report = readReport(reportFile);
    expect(report.live?.endComparison).toMatchObject({ unchanged: false, differences: [], readFailed: `organization ${organization}: DescribeOrganization failed (AccessDeniedException: no longer allowed)` });
    expect(report.stateChanges?.changes.length).toBeGreaterThan(0);
    expect(report.stateChanges?.verified).toBe(true);
    expect(result.stderr).toContain(`workmail-conformance: the organizations could not be read again at the end (organization ${organization}: DescribeOrganization failed (AccessDeniedException: no longer allowed)): check them by hand`);
    expect(sorted(standIn.mock.state.toFixture())).toEqual(sorted(before));
  });

  it('refuses to start, in one line, when an organization it names cannot be described', async () => {
    standIn = await startStandIn({
      refuse: (request) => (request.headers['x-amz-target'] === 'WorkMailService.DescribeOrganization' ? encodeAwsJsonError('AccessDeniedException', 400, 'not allowed') : undefined),
    });

    const result = await runMain(['run', '--live', '--endpoint', standIn.url, '--organization-id', organization, ...fast]);

    expect(result.code).toBe(2);
    expect(result.stderr).toBe(`workmail-conformance: organization ${organization}: DescribeOrganization failed (AccessDeniedException: not allowed)\n`);
    expect(standIn.received.every((request) => request.headers['x-amz-target'] === 'WorkMailService.DescribeOrganization')).toBe(true);
  });

  it('refuses --allow-token-delete without --allow-destructive, before sending anything', async () => {
    standIn = await startStandIn();

    const result = await runMain(['run', '--live', '--endpoint', standIn.url, '--organization-id', organization, '--allow-token-delete', 'x', ...fast]);

    expect(result.code).toBe(2);
    expect(result.stderr).toBe('workmail-conformance: --allow-token-delete: deletes a token for good, so only in a destructive run: add --allow-destructive --allow-org ID\n');
    expect(standIn.received).toEqual([]);
  });

  it('refuses an --organization-id or --allow-org that no valid request can name, before sending anything', async () => {
    standIn = await startStandIn();
    const upper = organization.toUpperCase();

    const named = await runMain(['run', '--live', '--endpoint', standIn.url, '--organization-id', upper, ...fast]);
    const allowed = await runMain(['run', '--live', '--endpoint', standIn.url, '--organization-id', organization, '--allow-destructive', '--allow-org', 'm-123', ...fast]);

    expect(named.code).toBe(2);
    expect(named.stderr).toBe(`workmail-conformance: --organization-id ${upper}: breaks OrganizationId's pattern (^m-[0-9a-f]{32}$), so it names no organization; give its real ID\n`);
    expect(allowed.code).toBe(2);
    expect(allowed.stderr).toBe("workmail-conformance: --allow-org m-123: breaks OrganizationId's length and pattern (^m-[0-9a-f]{32}$), so it names no organization; give its real ID\n");
    // One of the right form that the run does not read is told as that.
    const other = `m-${'0'.repeat(32)}`;
    const unread = await runMain(['run', '--live', '--endpoint', standIn.url, '--organization-id', organization, '--allow-destructive', '--allow-org', other, ...fast]);
    expect(unread.stderr).toBe(`workmail-conformance: --allow-org ${other}: the run must read that organization first: name it with --organization-id (or in the --fixture file)\n`);
    expect(standIn.received).toEqual([]);
  });

  it('refuses an --allow-token-delete ID that no valid request can name, before sending anything (trialC #9)', async () => {
    standIn = await startStandIn();

    const result = await runMain(['run', '--live', '--endpoint', standIn.url, '--organization-id', organization, '--allow-destructive', '--allow-org', organization, '--allow-token-delete', 'bad id!', ...fast]);

    expect(result).toMatchObject({ code: 2, stderr: "workmail-conformance: --allow-token-delete bad id!: breaks PersonalAccessTokenId's pattern ([a-zA-Z0-9_-]+), so it names no token; give its real ID\n" });
    expect(standIn.received).toEqual([]);
  });

  it('refuses an --allow-token-delete that names no token of the organizations read, before any delete', async () => {
    standIn = await startStandIn();

    const result = await runMain(['run', '--live', '--endpoint', standIn.url, '--organization-id', organization, '--allow-destructive', '--allow-org', organization, '--allow-token-delete', 'not-a-token', ...fast]);

    expect(result.code).toBe(2);
    expect(result.stderr).toContain(`workmail-conformance: deletableTokens (--allow-token-delete): not-a-token is no token of the organizations read (${organization}); check the ID\n`);
    expect(standIn.received.every((request) => /\.(Describe|List|Get)\w+$/.test(request.headers['x-amz-target'] ?? ''))).toBe(true);
  });

  it('says, in a dry run without --fixture, that its plan knows nothing of the organization', async () => {
    const result = await runMain(['run', '--live', '--endpoint', 'http://127.0.0.1:9', '--organization-id', organization, '--dry-run', '--num-runs', '2', ...fast]);

    expect(result.code).toBe(0);
    expect(result.stdout).toContain(`# without --fixture this plan knows nothing of ${organization}: the run draws its cases from what it reads there`);
  });

  it('fails loudly with the command to fix it by hand when a permission cannot be put back', async () => {
    standIn = await startStandIn({
      refuse: (request) =>
        request.headers['x-amz-target'] === 'WorkMailService.PutMailboxPermissions' ? encodeAwsJsonError('AccessDeniedException', 400, 'not allowed') : undefined,
    });

    const result = await runMain(['run', '--live', '--endpoint', standIn.url, '--organization-id', organization, '--allow-destructive', '--allow-org', organization, '--num-runs', '0', ...fast]);

    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`workmail-conformance: a live run against ${standIn.url} (--endpoint, --live), destructive in ${organization}: what it deletes there is put back\n`);
    expect(result.stderr).toContain('RESTORE FAILED');
    expect(result.stderr).toMatch(new RegExp(`aws workmail put-mailbox-permissions --region us-east-1 --endpoint-url ${standIn.url} --organization-id ${organization} --entity-id \\S+ --grantee-id \\S+ --permission-values [A-Z_]+`));
    // The restore journal stays, with what is still to put back, for a user who reads it after the run.
    const journal = /the commands that do are in (\S+)\n/.exec(result.stderr)?.[1] ?? '';
    expect(existsSync(journal)).toBe(true);
    expect(readFileSync(journal, 'utf8')).toMatch(/^aws workmail put-mailbox-permissions .* --organization-id \S+ --entity-id \S+ --grantee-id \S+ --permission-values [A-Z_ ]+$/m);
    rmSync(journal);
  });

  it('leaves no restore journal after a destructive run that owes nothing, where a colleague revoked a permission during it (trialJ #8)', async () => {
    let revokedAt: string | undefined;
    standIn = await startStandIn({
      rewrite: (request, response) => {
        // At the first token delete, away from any delete of a mailbox permission, a colleague revokes one the run read.
        if (revokedAt === undefined && request.headers['x-amz-target'] === 'WorkMailService.DeletePersonalAccessToken' && standIn !== undefined) {
          const [permission] = standIn.mock.state.findOrganization(organization)?.mailboxPermissions ?? [];
          if (permission !== undefined) {
            standIn.mock.state.deleteResource('mailboxPermission', organization, { entityId: permission.entityId, granteeId: permission.granteeId });
            revokedAt = `--entity-id ${permission.entityId} --grantee-id ${permission.granteeId} `;
          }
        }
        return response;
      },
    });

    const result = await runMain(['run', '--live', '--endpoint', standIn.url, '--organization-id', organization, '--allow-destructive', '--allow-org', organization, ...fast]);

    expect(revokedAt).toBeDefined();
    expect(result.code).toBe(1);
    // Named, with its command, for the user to judge; not put back, and no journal left to put it back either.
    expect(result.stderr).toContain('a change someone else made during the run is theirs, not to undo');
    expect(result.stderr).toContain(revokedAt);
    expect(standIn.mock.state.findOrganization(organization)?.mailboxPermissions.some((permission) => revokedAt?.includes(`--entity-id ${permission.entityId} --grantee-id ${permission.granteeId} `))).toBe(false);
    const journal = /the commands that do are in (\S+)\n/.exec(result.stderr)?.[1] ?? '';
    expect(journal).not.toBe('');
    expect(existsSync(journal)).toBe(false);
  });

  it('fails a JUnit test of its own when a permission cannot be put back, and passes it when everything was', async () => {
    standIn = await startStandIn({
      refuse: (request) => (request.headers['x-amz-target'] === 'WorkMailService.PutMailboxPermissions' ? encodeAwsJsonError('AccessDeniedException', 400, 'not allowed') : undefined),
    });
    const destructive = ['run', '--live', '--endpoint', standIn.url, '--organization-id', organization, '--allow-destructive', '--allow-org', organization, '--num-runs', '0', '--reporter', 'junit', ...fast];

    const refused = await runMain(destructive);
    await standIn.close();
    standIn = await startStandIn();
    const restored = await runMain(['run', '--live', '--endpoint', standIn.url, '--organization-id', organization, '--allow-destructive', '--allow-org', organization, '--num-runs', '0', '--reporter', 'junit', ...fast]);

    // The journal the refused run leaves, with what is still to put back, is this test's to remove.
    rmSync(/the commands that do are in (\S+)\n/.exec(refused.stderr)?.[1] ?? '', { force: true });
    expect(refused.code).toBe(1);
    expect(refused.stdout).toMatch(/<testcase classname="run" name="the organizations are as the run found them">\s*<failure message="RESTORE FAILED: the organization is not as before the run\. Put it back by hand:" type="liveSafety">[^<]*aws workmail put-mailbox-permissions /);
    expect(restored.code).toBe(0);
    expect(restored.stdout).toMatch(/<testcase classname="run" name="the organizations are as the run found them"\/>/);
  });

  it('stops sending when the request budget is spent, counting discovery, and says so', async () => {
    standIn = await startStandIn();
    const reportFile = join(directory, 'budget.json');

    const result = await runMain(['run', '--live', '--endpoint', standIn.url, '--organization-id', organization, '--max-requests', '40', '--reporter', 'json', '--output', reportFile, ...fast]);

    const report = readReport(reportFile);
    expect(result.code).toBe(1);
    // The count it gives is of every request, where summary.requests counts the cases' own (trialS #8).
    expect(report.summary.incomplete).toMatch(/^the request budget \(--max-requests 40\) (is spent: \d+ requests sent, the reads among them|cannot hold another request)/);
    // The budget holds the discovery, the reads before deletes and the cases; the end read, never held back by it (see the
    // README), comes after the last case and reads the same as the discovery.
    const targets = standIn.received.map((request) => request.headers['x-amz-target'] ?? '');
    const budgeted = targets.findLastIndex((target) => /\.Delete/.test(target)) + 1;
    const endRead = targets.slice(budgeted);
    expect(budgeted).toBeGreaterThan(0);
    expect(budgeted).toBeLessThanOrEqual(40);
    expect(endRead).toEqual(targets.slice(0, endRead.length));
    expect(report.summary.incomplete).toContain('--max-requests 40');
    expect(report.live?.requestsSent).toBe(standIn.received.length);
  });

  it('covers every constraint kind and documented error of both operations in its coverage phase in under 100 requests', async () => {
    standIn = await startStandIn();
    const reportFile = join(directory, 'coverage.json');

    await runMain(['run', '--live', '--endpoint', standIn.url, '--organization-id', organization, '--num-runs', '0', '--reporter', 'json', '--output', reportFile, ...fast]);

    const report = readReport(reportFile);
    const caseRequests = standIn.received.filter((request) => /Delete(PersonalAccessToken|MailboxPermissions)$/.test(request.headers['x-amz-target'] ?? ''));
    expect(caseRequests.length).toBeLessThan(100);
    // Every member of both operations is sent missing, of a wrong type, at a wrong length and breaking its pattern.
    for (const spec of loadOperationSpecs()) {
      const inputs = caseRequests.filter((request) => request.headers['x-amz-target'] === spec.protocol.target).map((request) => parsedObject(request.body));
      for (const [member, memberSpec] of Object.entries(spec.input)) {
        const values = inputs.filter((input) => input !== undefined).map((input) => input[member]);
        const strings = values.filter((value): value is string => typeof value === 'string');
        const kinds = {
          missing: values.some((value) => value === undefined),
          type: values.some((value) => value !== undefined && typeof value !== 'string'),
          length: strings.some((value) => [...value].length < (memberSpec.length?.min ?? 0) || [...value].length > (memberSpec.length?.max ?? Infinity)),
          pattern: strings.some((value) => !matchesPattern(value, memberSpec.pattern ?? '')),
        };
        expect(kinds, `${spec.operation}.${member}`).toEqual({ missing: true, type: true, length: true, pattern: true });
      }
      const exercised = report.contractCoverage.find((operation) => operation.operation === spec.operation)?.items.filter((item) => item.kind === 'error' && item.exchanges > 0).map((item) => item.name);
      // Only the Active organization is read, so OrganizationStateException is out of reach; every other documented error is seen.
      expect(exercised?.sort()).toEqual(spec.errors.map((error) => error.type).filter((type) => type !== 'OrganizationStateException').sort());
    }
    const bodies = caseRequests.map((request) => request.body).join('\n');
    expect(report.openPointFindings.flatMap((finding) => finding.observed.map((entry) => entry.answer))).toEqual(expect.arrayContaining(['400 InvalidParameterException', '200 success', '400 EntityStateException']));
    expect(report.openPointFindings.filter((finding) => finding.topic === 'precedence').length).toBeGreaterThanOrEqual(3);
    expect(bodies).toContain('"EntityId":12345');
  });

  it('signs with the credentials of --aws-profile, and names a profile it cannot load in one line', async () => {
    standIn = await startStandIn();

    const result = await runMain(['run', '--endpoint', standIn.url, '--aws-profile', 'no-such-profile-of-this-test', '--num-runs', '0'], { awsSettings: false });

    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/^workmail-conformance: --aws-profile \(awsProfile\): cannot load credentials of profile 'no-such-profile-of-this-test' \([^\n]*\)\n$/);
    expect(standIn.received).toHaveLength(0);
  });

  it('never sends a near miss: a stand-in whose delete takes a prefix of an ID, but whose List is exact, loses nothing, safe or destructive (verify7b)', async () => {
    for (const destructive of [false, true]) {
      let tolerated = 0;
      // The delete of a stand-in that finds a token or a mailbox owner by a prefix of its ID; its List is exact.
      const tolerant = (request: { headers: Record<string, string>; body: string }) => {
        const target = request.headers['x-amz-target'] ?? '';
        const input = parsedObject(request.body);
        const state = standIn?.mock.state;
        if (input === undefined || state === undefined || input['OrganizationId'] !== organization) return undefined;
        const prefixOf = (value: unknown, of: unknown) => typeof value === 'string' && typeof of === 'string' && value.length > 0 && value !== of && of.startsWith(value);
        if (target.endsWith('DeletePersonalAccessToken')) {
          const token = state.listResources('personalAccessToken', organization).find((record) => prefixOf(input['PersonalAccessTokenId'], record['id']));
          if (token !== undefined) tolerated += state.deleteResource('personalAccessToken', organization, { id: String(token['id']) }) ? 1 : 0;
          return token === undefined ? undefined : { status: 200, headers: { 'content-type': 'application/x-amz-json-1.1' }, body: '{}' };
        }
        if (target.endsWith('DeleteMailboxPermissions')) {
          const permission = state.listResources('mailboxPermission', organization).find((record) => prefixOf(input['EntityId'], record['entityId']) && input['GranteeId'] === record['granteeId']);
          if (permission !== undefined) tolerated += state.deleteResource('mailboxPermission', organization, { entityId: String(permission['entityId']), granteeId: String(permission['granteeId']) }) ? 1 : 0;
          return permission === undefined ? undefined : { status: 200, headers: { 'content-type': 'application/x-amz-json-1.1' }, body: '{}' };
        }
        return undefined;
      };
      standIn = await startStandIn({ refuse: tolerant });
      const before = sorted(standIn.mock.state.toFixture());
      const reportFile = join(directory, `near-miss-${destructive}.json`);

      const result = await runMain(['run', '--live', '--endpoint', standIn.url, '--organization-id', organization, '--coverage', 'full', '--max-requests', '5000', '--reporter', 'json', '--output', reportFile, ...(destructive ? ['--allow-destructive', '--allow-org', organization] : []), ...fast]);

      const report = readReport(reportFile);
      expect(sorted(standIn.mock.state.toFixture()), `destructive ${destructive}`).toEqual(before);
      expect(result.code, `${result.stderr}\n${JSON.stringify(report.failures.map((finding) => [finding.check, finding.description, finding.observed]))}`).toBe(0);
      // Held back, every one: none reached the tolerant delete, which a near miss of a token or a permission would.
      expect(tolerated, `destructive ${destructive}`).toBe(0);
      expect(report.live?.heldBackByReason.find((entry) => entry.category === 'existing')?.count).toBeGreaterThan(0);
      await standIn.close();
      standIn = undefined;
    }
  });

  it('waits out the settle window after its last write before the end read, so that a loss a lagging List hides is reported (verify7b)', async () => {
    let lastDelete = 0;
    const lagMs = 800;
    standIn = await startStandIn({
      // A broken stand-in: its first token delete, whatever it names, removes alice's token.
      refuse: (request) => {
        if ((request.headers['x-amz-target'] ?? '').endsWith('DeletePersonalAccessToken')) {
          if (lastDelete === 0) standIn?.mock.state.deleteResource('personalAccessToken', organization, { id: demoIds.aliceTokenId });
          lastDelete = performance.now();
        }
        return undefined;
      },
      // Its List shows a token list as it was before the last delete for lagMs after it.
      rewrite: (request, response) => {
        if (!(request.headers['x-amz-target'] ?? '').endsWith('ListPersonalAccessTokens') || performance.now() - lastDelete > lagMs) return response;
        const body = parsedObject(response.body);
        const summaries = Array.isArray(body?.['PersonalAccessTokenSummaries']) ? (body['PersonalAccessTokenSummaries'] as Record<string, unknown>[]) : undefined;
        if (body === undefined || summaries === undefined || summaries.some((summary) => summary['PersonalAccessTokenId'] === demoIds.aliceTokenId)) return response;
        return { ...response, body: JSON.stringify({ ...body, PersonalAccessTokenSummaries: [...summaries, { PersonalAccessTokenId: demoIds.aliceTokenId, UserId: demoIds.aliceUserId, Name: 'alice-laptop' }] }) };
      },
    });
    const reportFile = join(directory, 'lagging-loss.json');

    const result = await runMain(['run', '--live', '--endpoint', standIn.url, '--organization-id', organization, '--operation', 'DeletePersonalAccessToken', '--num-runs', '3', '--reporter', 'json', '--output', reportFile, '--max-rps', '2000', '--seed', '7', '--settle-ms', String(lagMs * 2)]);

    const report = readReport(reportFile);
    expect(report.live?.endComparison.unchanged).toBe(false);
    expect(report.live?.endComparison.differences.map((difference) => `${difference.change} ${difference.description}`)).toEqual([expect.stringMatching(new RegExp(`^removed .*${demoIds.aliceTokenId}`))]);
    expect(result.code).toBe(1);
  });

  it("runs a profile's credential_process once a run, live or not, and signs with what it gives", async () => {
    standIn = await startStandIn();
    const calls = join(directory, 'credential-process-calls.txt');
    const printer = join(directory, 'credential-process.cjs');
    writeFileSync(calls, '');
    writeFileSync(
      printer,
      `require('node:fs').appendFileSync(${JSON.stringify(calls)}, 'called\\n');
process.stdout.write(JSON.stringify({ Version: 1, AccessKeyId: ${JSON.stringify(testCredentials.accessKeyId)}, SecretAccessKey: ${JSON.stringify(testCredentials.secretAccessKey)}, SessionToken: ${JSON.stringify(testCredentials.sessionToken)} }));`,
    );
    const config = join(directory, 'credential-process-config');
    writeFileSync(config, `[profile counted]\ncredential_process = ${process.execPath} ${printer}\n`);
    vi.stubEnv('AWS_CONFIG_FILE', config);
    vi.stubEnv('AWS_SHARED_CREDENTIALS_FILE', join(directory, 'no-credentials-file'));
    const callCount = () => readFileSync(calls, 'utf8').split('\n').filter((line) => line === 'called').length;

    try {
      const mockRun = await runMain(['run', '--endpoint', standIn.url, '--aws-profile', 'counted', '--num-runs', '3', '--state-sequences', '0', '--record', join(directory, 'counted.ndjson'), ...fast], { awsSettings: false });
      const afterMockRun = callCount();
      const liveRun = await runMain(['run', '--live', '--endpoint', standIn.url, '--aws-profile', 'counted', '--organization-id', organization, '--num-runs', '3', '--record', join(directory, 'counted-live.ndjson'), ...fast], { awsSettings: false });

      expect(mockRun.stderr).not.toContain('cannot load');
      expect(mockRun.code).toBe(0);
      expect(afterMockRun).toBe(1);
      expect(liveRun.code).toBe(0);
      expect(callCount()).toBe(2);
      expect(standIn.rejectedSignatures).toBe(0);
      expect(standIn.received.length).toBeGreaterThan(10);
    } finally {
      vi.unstubAllEnvs();
    }
  });

  it('in a dry run prints each planned request, sent or held back, and opens no connection', async () => {
    standIn = await startStandIn();
    const fixtureFile = join(directory, 'demo.json');
    writeFileSync(fixtureFile, JSON.stringify(standIn.mock.state.toFixture()));

    const result = await runMain(['run', '--live', '--endpoint', standIn.url, '--fixture', fixtureFile, '--dry-run', '--num-runs', '2']);

    expect(result.code).toBe(0);
    expect(standIn.received).toHaveLength(0);
    expect(result.stdout).toMatch(/^send DeleteMailboxPermissions \{.*\}  # /m);
    expect(result.stdout).toMatch(/^read DeleteMailboxPermissions \{.*\}  # .*read first: it names mailboxPermission .* which may exist/m);
    expect(result.stdout).toMatch(/nothing was sent\n$/);
    expect(result.stdout).not.toContain('sent as it is');

    // Not live, a delete of what the fixture holds goes as it is, and the plan does not call it inert.
    const notLive = await runMain(['run', '--endpoint', standIn.url, '--fixture', fixtureFile, '--dry-run', '--num-runs', '2']);
    expect(notLive.stdout).toMatch(new RegExp(`^send DeleteMailboxPermissions \\{"EntityId":"${demoIds.aliceUserId}","GranteeId":"${demoIds.daveUserId}",.*  # .*; sent as it is: not a live run, so nothing is read first \\(it may delete what the target holds\\)$`, 'm'));
    expect(notLive.stdout).not.toContain('changes nothing: not a live run');
  });

  it('never lets the secret key, the session token or a signature reach the recording, the report or the console', async () => {
    standIn = await startStandIn({ throttleEvery: 5 });
    const recordFile = join(directory, 'secret.ndjson');
    const reportFile = join(directory, 'secret.json');

    const console = await runMain(['run', '--live', '--endpoint', standIn.url, '--organization-id', organization, '--record', recordFile, ...fast]);
    const json = await runMain(['run', '--live', '--endpoint', standIn.url, '--organization-id', organization, '--reporter', 'json', '--output', reportFile, ...fast]);

    const texts = [readFileSync(recordFile, 'utf8'), readFileSync(reportFile, 'utf8'), console.stdout, console.stderr, json.stdout, json.stderr];
    expect(readFileSync(recordFile, 'utf8').split('\n').length).toBeGreaterThan(50);
    for (const text of texts) {
      expect(text).not.toContain(testCredentials.secretAccessKey);
      expect(text).not.toContain(testCredentials.sessionToken);
      expect(text).not.toContain('Signature=');
      expect(text).not.toContain(testCredentials.accessKeyId);
      // No signed request's Authorization value (the rules in a recording's header may name the header itself).
      expect(text).not.toMatch(/AWS4-HMAC-SHA256 Credential=(?!\[redacted\])/);
    }
  });
});

describe('the recording of a live run given a --fixture', () => {
  it("keeps the start read beside the user's fixture, the organizations read and the run's limits (trialS #2, #8)", async () => {
    standIn = await startStandIn();
    const fixtureFile = join(directory, 'user-fixture.json');
    const recordFile = join(directory, 'with-fixture.ndjson');
    // The user's view of the organization: one permission fewer than the service holds.
    const held = demoFixture.organizations.find((candidate) => candidate.id === organization);
    const userFixture = { organizations: [{ ...held, mailboxPermissions: held?.mailboxPermissions.slice(1) }] };
    writeFileSync(fixtureFile, JSON.stringify(userFixture));

    const result = await runMain(['run', '--live', '--endpoint', standIn.url, '--fixture', fixtureFile, '--num-runs', '3', '--record', recordFile, ...fast]);

    expect(result.stderr).not.toContain('Error');
    const header = JSON.parse(readFileSync(recordFile, 'utf8').split('\n')[0] ?? '{}') as { fixture: Fixture; startRead?: { fixture?: Fixture; gaps: unknown[] }; settings: { live: { organizationIds: string[] }; maxRps: number } };
    expect(header.fixture.organizations[0]?.mailboxPermissions).toHaveLength(userFixture.organizations[0]?.mailboxPermissions?.length ?? -1);
    expect(header.startRead?.fixture?.organizations[0]?.mailboxPermissions).toHaveLength(held?.mailboxPermissions.length ?? -1);
    expect(header.startRead?.gaps).toEqual([]);
    expect(header.settings.live.organizationIds).toEqual([organization]);
    expect(header.settings.maxRps).toBe(2000);
  });
});

describe("a replay of a safe live run's recording", () => {
  it('reads again what the live run read after each case, from its SDK outputs: the same against a faithful server, different against one whose deletes of what is absent remove another permission', async () => {
    standIn = await startStandIn();
    const recordFile = join(directory, 'safe-for-replay.ndjson');
    expect((await runMain(['run', '--live', '--endpoint', standIn.url, '--organization-id', organization, '--record', recordFile, ...fast])).code).toBe(0);
    const faithful = await startMockServer({ mock: createWorkMailMock() });
    // A mock whose DeleteMailboxPermissions, answered with success, also removes the organization's first permission left:
    // every answer is the reference mock's, and a safe live run's deletes name only what is absent.
    const greedyMock = createWorkMailMock();
    const greedy = await startMockServer({
      mock: {
        ...greedyMock,
        handle: (request) => {
          const response = greedyMock.handle(request);
          if (request.headers['x-amz-target'] === 'WorkMailService.DeleteMailboxPermissions' && response.status === 200) {
            const [first] = greedyMock.state.listResources('mailboxPermission', organization);
            if (first !== undefined) greedyMock.state.deleteResource('mailboxPermission', organization, { entityId: String(first['entityId']), granteeId: String(first['granteeId']) });
          }
          return response;
        },
      },
    });
    try {
      const same = await runMain(['replay', recordFile, '--endpoint', faithful.url]);
      const different = await runMain(['replay', recordFile, '--endpoint', greedy.url]);

      expect(same.code).toBe(0);
      expect(same.stdout).toMatch(/\nSAME: 0 of \d+ outcome\(s\) differ from the recording; 0 of [1-9]\d* read\(s\) of what a case did list otherwise\n$/);
      expect(different.code).toBe(1);
      expect(different.stdout).toMatch(/\nDIFFERENT: 0 of \d+ outcome\(s\) differ from the recording; [1-9]\d* of [1-9]\d* read\(s\) of what a case did list otherwise\n$/);
      expect(different.stdout).toMatch(/ ListMailboxPermissions after DeleteMailboxPermissions\.\S+: recorded listing \[.*\], now listing \[.*\]: the case did otherwise than the recorded one\n/);

      // A destructive run put back what each delete removed, which a replay does not: its reads are not compared.
      await standIn.close();
      standIn = await startStandIn();
      const destructiveFile = join(directory, 'destructive-for-replay.ndjson');
      expect((await runMain(['run', '--live', '--endpoint', standIn.url, '--organization-id', organization, '--allow-destructive', '--allow-org', organization, '--record', destructiveFile, ...fast])).code).toBe(0);
      const fresh = await startMockServer({ mock: createWorkMailMock() });
      try {
        const replayed = await runMain(['replay', destructiveFile, '--endpoint', fresh.url, '--allow-destructive']);
        expect(replayed.code).toBe(0);
        expect(replayed.stdout).toMatch(/\nSAME: 0 of \d+ outcome\(s\) differ from the recording\n$/);
      } finally {
        await fresh.close();
      }
    } finally {
      await faithful.close();
      await greedy.close();
    }
  });
});

describe('the recording of a live run against a service that throttles', () => {
  it('says when each answer came and what the attempts before it were answered, where the throttled attempts left no trace', async () => {
    standIn = await startStandIn({ throttleEvery: 2 });
    const recordFile = join(directory, 'throttled.ndjson');

    const result = await runMain(['run', '--live', '--endpoint', standIn.url, '--organization-id', organization, '--record', recordFile, ...fast]);

    expect(result.code).toBe(0);
    const exchanges = readFileSync(recordFile, 'utf8').trim().split('\n').map((line) => JSON.parse(line) as { type: string; at?: string; observation?: { retriedAfter?: string[] } }).filter((line) => line.type === 'exchange');
    expect(exchanges.every((exchange) => exchange.at !== undefined && !Number.isNaN(Date.parse(exchange.at)))).toBe(true);
    const retried = exchanges.filter((exchange) => exchange.observation?.retriedAfter !== undefined);
    expect(retried.length).toBeGreaterThan(0);
    expect(retried.every((exchange) => exchange.observation?.retriedAfter?.every((reason) => reason === 'ThrottlingException'))).toBe(true);
  });
});

describe('a live run against a service whose error messages echo the request, as IncompleteSignature messages quote it', () => {
  it('writes no credential, session token or signature to the report, the recording, stdout or stderr', async () => {
    // Every error answer quotes the request's Authorization and session token, as some services' messages do.
    standIn = await startStandIn({
      rewrite: (request, response) => {
        if (response.status < 400) return response;
        const body = parsedObject(response.body) ?? {};
        const echo = ` auth=${request.headers['authorization'] ?? ''} token=${request.headers['x-amz-security-token'] ?? ''}`;
        return { ...response, body: JSON.stringify({ ...body, message: `${String(body['message'] ?? body['Message'] ?? '')}${echo}` }) };
      },
    });
    const reportFile = join(directory, 'echoing.json');
    const recordFile = join(directory, 'echoing.ndjson');

    const result = await runMain(['run', '--live', '--endpoint', standIn.url, '--organization-id', organization, '--reporter', 'json', '--output', reportFile, '--record', recordFile, ...fast]);

    expect(result.code).toBe(0);
    const report = readFileSync(reportFile, 'utf8');
    // The echo did reach the report: the reads before deletes quote the answers they saw.
    expect(report).toContain('auth=AWS4-HMAC-SHA256 Credential=[redacted]');
    for (const [where, text] of [['report', report], ['recording', readFileSync(recordFile, 'utf8')], ['stdout', result.stdout], ['stderr', result.stderr]] as const) {
      for (const secret of [testCredentials.accessKeyId, testCredentials.secretAccessKey, testCredentials.sessionToken ?? '']) expect(text, `${where} holds ${secret}`).not.toContain(secret);
      expect(text, where).not.toMatch(/Signature=[0-9a-f]{64}/);
    }
  });

  it("writes no credential into the start read's 'not known:' lines, where the target's refusal of a List quotes them (trialK #1)", async () => {
    standIn = await startStandIn({
      refuse: (request) =>
        request.headers['x-amz-target'] === 'WorkMailService.ListMailboxPermissions'
          ? encodeAwsJsonError('ValidationException', 400, `caller ${testCredentials.accessKeyId} token ${testCredentials.sessionToken ?? ''} not allowed to list`)
          : undefined,
    });

    const result = await runMain(['run', '--live', '--endpoint', standIn.url, '--organization-id', organization, ...fast]);

    expect(result.stderr).toMatch(/^not known: m-\w+ mailbox permissions of .*\(ValidationException: caller \[redacted\] token \[redacted\] not allowed to list\)$/m);
    for (const secret of [testCredentials.accessKeyId, testCredentials.sessionToken ?? '']) expect(result.stderr).not.toContain(secret);
  });

  it('writes no password of the endpoint into the put-back commands, nor so into the restore journal a failed restore leaves', async () => {
    standIn = await startStandIn({ refuse: (request) => (request.headers['x-amz-target'] === 'WorkMailService.PutMailboxPermissions' ? encodeAwsJsonError('InternalFailure', 500, 'try later') : undefined) });
    const withPassword = standIn.url.replace('http://', 'http://proxyuser:Pr0xyPassw0rd@');

    const result = await runMain(['run', '--live', '--endpoint', withPassword, '--organization-id', organization, '--allow-destructive', '--allow-org', organization, '--retries', '0', ...fast]);

    expect(result.code).toBe(1);
    const journal = /the commands that do are in (\S+)/.exec(result.stderr)?.[1] ?? '';
    expect(existsSync(journal)).toBe(true);
    const kept = readFileSync(journal, 'utf8');
    rmSync(journal);
    expect(kept).toContain(`--endpoint-url ${standIn.url} `);
    expect(kept).not.toContain('Pr0xyPassw0rd');
    expect(result.stderr).toContain(`--endpoint-url ${standIn.url} `);
  });

  it('writes no password of the endpoint (http://user:password@host) anywhere', async () => {
    standIn = await startStandIn({});
    const withPassword = standIn.url.replace('http://', 'http://proxyuser:Pr0xyPassw0rd@');
    const reportFile = join(directory, 'password.json');
    const recordFile = join(directory, 'password.ndjson');

    const result = await runMain(['run', '--live', '--endpoint', withPassword, '--organization-id', organization, '--reporter', 'json', '--output', reportFile, '--record', recordFile, ...fast]);

    expect(result.code).toBe(0);
    for (const [where, text] of [['report', readFileSync(reportFile, 'utf8')], ['recording', readFileSync(recordFile, 'utf8')], ['stdout', result.stdout], ['stderr', result.stderr]] as const) {
      expect(text, where).not.toContain('Pr0xyPassw0rd');
    }
  });
});
