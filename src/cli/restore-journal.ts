import { closeSync, fsyncSync, openSync, readdirSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError } from '../config-error.ts';
import { errnoCode } from '../errno-code.ts';

/** Where a destructive live run keeps, on disk, what it has deleted and not yet put back. */
export interface RestoreJournal {
  readonly path: string;
  /** Writes the commands that put back what a delete about to be sent may remove, or removes the file for `[]`. */
  keep(commands: readonly string[]): void;
  /** Removes the file if it is still there and nothing is pending: a run that ended put everything back itself. */
  close(): void;
}

const journalFileName = /^workmail-conformance-restore-(\d+)-\d+\.txt$/;

/** Whether a process runs (a signal 0 reaches it, or it is another user's); this process's own ID was an earlier one's. */
function processRuns(pid: number): boolean {
  if (pid === process.pid) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return errnoCode(error) === 'EPERM';
  }
}

/**
 * The restore journals in `directory` that runs no longer running left (killed before they put back, or ended owing a put
 * back) with a command that starts with one of `commandPrefixes` (see `putMailboxPermissionsCommandPrefix`): what a new
 * live run against that target would otherwise take, unseen, as the organization's state.
 *
 * @example
 * leftoverRestoreJournals(['aws workmail put-mailbox-permissions --region us-east-1 --organization-id m-…']);
 * // ['/tmp/workmail-conformance-restore-7134-1796286159384.txt']
 */
export function leftoverRestoreJournals(commandPrefixes: readonly string[], directory = tmpdir()): string[] {
  let names: string[];
  try {
    names = readdirSync(directory);
  } catch {
    return [];
  }
  return names
    .filter((name) => {
      const pid = journalFileName.exec(name)?.[1];
      if (pid === undefined || processRuns(Number(pid))) return false;
      try {
        return readFileSync(join(directory, name), 'utf8').split('\n').some((line) => commandPrefixes.some((prefix) => line.startsWith(prefix)));
      } catch {
        return false;
      }
    })
    .sort()
    .map((name) => join(directory, name));
}

/** What to do about restore journals an earlier run left, in words, after the journals' paths. */
function leftoverWords(paths: readonly string[]): string {
  const [first, ...others] = paths;
  const more = others.length === 0 ? '' : ` (and ${others.length} more: ${others.join(', ')})`;
  return `${first ?? ''}${more} is the restore journal of an earlier destructive run against this target that ended before it put everything back (killed, or owing a put back): check the organization, run the commands there whose permission is missing, then remove the file`;
}

/**
 * Says, in one line, what to do about the restore journals an earlier run left for this target; `undefined` where it left
 * none. A live run that changes nothing says it as a warning: it reads the organization as it is now.
 *
 * @example
 * leftoverJournalWarning(['aws workmail put-mailbox-permissions --region us-east-1 --organization-id ']);
 */
export function leftoverJournalWarning(commandPrefixes: readonly string[], directory = tmpdir()): string | undefined {
  const leftovers = leftoverRestoreJournals(commandPrefixes, directory);
  return leftovers.length === 0 ? undefined : `workmail-conformance: warning: ${leftoverWords(leftovers)}; this run reads the organization as it is now`;
}

/**
 * Opens the restore journal of a destructive live run: before each delete of something present, the commands that put
 * back what it may remove are written to a file in the OS temporary folder and flushed to disk, and the file is removed
 * once the delete was put back. A run killed where no signal handler runs (SIGKILL, the out-of-memory killer) leaves the
 * file, whose path the run printed at its start. A run does not start where a run no longer running left one with a command
 * that starts with one of `commandPrefixes` (its target and organizations): it would take that run's losses, unseen, as the
 * organization's state.
 *
 * @example
 * const journal = openRestoreJournal((line) => process.stderr.write(`${line}\n`));
 * journal.keep(['aws workmail put-mailbox-permissions …']); // before the delete
 * journal.keep([]); // once it is put back
 * journal.close();
 */
export function openRestoreJournal(say: (line: string) => void, directory = tmpdir(), commandPrefixes: readonly string[] = []): RestoreJournal {
  const leftovers = leftoverRestoreJournals(commandPrefixes, directory);
  if (leftovers.length > 0) throw new ConfigError(`--allow-destructive: ${leftoverWords(leftovers)}; this run starts once it is gone`);
  const path = join(directory, `workmail-conformance-restore-${process.pid}-${Date.now()}.txt`);
  let pending = false;
  let failed = false;
  // The journal is what a run killed mid-delete leaves for the user: a destructive run does not start without it.
  try {
    closeSync(openSync(path, 'wx'));
    rmSync(path, { force: true });
  } catch (error) {
    throw new ConfigError(`--allow-destructive: the restore journal cannot be written in ${directory} (${errnoCode(error)}); set TMPDIR to a folder that can be written`);
  }
  say(`workmail-conformance: should this run be killed before it puts back what it deleted, the commands that do are in ${path}`);
  const remove = () => {
    try {
      rmSync(path, { force: true });
    } catch {
      // A file that cannot be removed is left; it says what it is.
    }
  };
  return {
    path,
    keep(commands) {
      pending = commands.length > 0;
      if (!pending) {
        remove();
        return;
      }
      const text = [
        `# Written by workmail-conformance at ${new Date().toISOString()} before a delete of a destructive live run, and removed once`,
        '# it was put back. If this file is still here, the run ended first, or it owes a put back (a restore that failed, a delete',
        '# that got no answer and may take effect after the run; see its report). Each command puts back a mailbox permission as',
        "# the run's read at its start found it: first those of the run's own deletes, then, after a delete that may remove more",
        "# than it names, every one the start read found (but on a DELETED entity's mailbox, which no call deletes or puts back).",
        '# Check each against the organization before you run it: run it where the permission is missing and nobody else revoked',
        '# or changed it during the run. Then remove this file: a destructive run against the same organization does not start',
        '# while it is here.',
        ...commands,
        '',
      ].join('\n');
      // Called just before a delete is sent: a file that cannot be written is said once, and the delete still goes (the run
      // puts it back as always; only a kill that no handler sees would then leave no trace).
      try {
        const descriptor = openSync(path, 'w');
        try {
          writeSync(descriptor, text);
          fsyncSync(descriptor);
        } finally {
          closeSync(descriptor);
        }
      } catch (error) {
        if (!failed) say(`workmail-conformance: the restore journal ${path} cannot be written (${errnoCode(error)}); the run goes on without it`);
        failed = true;
      }
    },
    close() {
      if (!pending) remove();
    },
  };
}
