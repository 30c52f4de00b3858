import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openRestoreJournal } from '../../src/cli/restore-journal.ts';

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
});
