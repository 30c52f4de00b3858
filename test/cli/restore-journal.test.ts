import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { leftoverRestoreJournals, openRestoreJournal } from '../../src/cli/restore-journal.ts';
import { putMailboxPermissionsCommandPrefix } from '../../src/live/delete-guard.ts';

const directory = mkdtempSync(join(tmpdir(), 'wmc-journal-'));
afterAll(() => rmSync(directory, { recursive: true, force: true }));

describe('the restore journal of a destructive live run', () => {
  it('says where it is, holds the put-back commands while a delete is pending, and is gone once nothing is', () => {
    const said: string[] = [];
    const journal = openRestoreJournal((line) => said.push(line), directory);

    expect(said).toEqual([`workmail-conformance: should this run be killed before it puts back what it deleted, the commands that do are in ${journal.path}`]);
    expect(existsSync(journal.path)).toBe(false);
    journal.keep(['aws workmail put-mailbox-permissions --organization-id m-1 --entity-id e --grantee-id g --permission-values FULL_ACCESS']);
    expect(readFileSync(journal.path, 'utf8')).toMatch(/\naws workmail put-mailbox-permissions --organization-id m-1 --entity-id e --grantee-id g --permission-values FULL_ACCESS\n$/);
    journal.keep([]);
    expect(existsSync(journal.path)).toBe(false);
    journal.close();
    expect(existsSync(journal.path)).toBe(false);
  });

  it('stays at the end where something is still to put back by hand', () => {
    const journal = openRestoreJournal(() => undefined, directory);
    journal.keep(['aws workmail put-mailbox-permissions --entity-id e']);
    journal.close();

    expect(readFileSync(journal.path, 'utf8')).toContain('aws workmail put-mailbox-permissions --entity-id e\n');
  });

  it('refuses to start a destructive run where it cannot be written, in one line naming the folder', () => {
    const missing = join(directory, 'no-such-folder');

    expect(() => openRestoreJournal(() => undefined, missing)).toThrow(
      `--allow-destructive: the restore journal cannot be written in ${missing} (ENOENT); set TMPDIR to a folder that can be written`,
    );
  });

  it("finds a journal left by a run no longer running for the same target and organization, and none of a run still running or of another target (trialR #1)", () => {
    const folder = join(directory, 'leftovers');
    mkdirSync(folder);
    const ended = spawnSync(process.execPath, ['-e', '0']).pid;
    const command = (endpoint: string, organization: string) => `aws workmail put-mailbox-permissions --region us-east-1 --endpoint-url ${endpoint} --organization-id ${organization} --entity-id e --grantee-id g --permission-values FULL_ACCESS\n`;
    const prefix = 'aws workmail put-mailbox-permissions --region us-east-1 --endpoint-url http://127.0.0.1:4000 --organization-id m-1';
    writeFileSync(join(folder, `workmail-conformance-restore-${ended}-1.txt`), `# …\n${command('http://127.0.0.1:4000', 'm-1')}`);
    writeFileSync(join(folder, `workmail-conformance-restore-${ended}-2.txt`), command('http://127.0.0.1:4001', 'm-1'));
    writeFileSync(join(folder, `workmail-conformance-restore-${process.ppid}-3.txt`), command('http://127.0.0.1:4000', 'm-1'));
    writeFileSync(join(folder, 'workmail-conformance-restore-notes.txt'), command('http://127.0.0.1:4000', 'm-1'));

    expect(leftoverRestoreJournals([prefix], folder)).toEqual([join(folder, `workmail-conformance-restore-${ended}-1.txt`)]);
    expect(leftoverRestoreJournals([prefix.replace('m-1', 'm-2')], folder)).toEqual([]);
    // One organization's ID may be the start of another's: the prefix ends with the space after it.
    expect(leftoverRestoreJournals([putMailboxPermissionsCommandPrefix({ region: 'us-east-1', endpoint: 'http://127.0.0.1:4000' }, 'm-')], folder)).toEqual([]);
    expect(leftoverRestoreJournals([putMailboxPermissionsCommandPrefix({ region: 'us-east-1', endpoint: 'http://127.0.0.1:4000' }, 'm-1')], folder)).toHaveLength(1);
    expect(() => openRestoreJournal(() => undefined, folder, [prefix])).toThrow(/^--allow-destructive: .*-1\.txt is the restore journal of an earlier destructive run against this target/);
    expect(() => openRestoreJournal(() => undefined, folder, [prefix.replace('4000', '4002')])).not.toThrow();
  });
});
