import { closeSync, fsyncSync, openSync, rmSync, writeSync } from 'node:fs';
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

/**
 * Opens the restore journal of a destructive live run: before each delete of something present, the commands that put
 * back what it may remove are written to a file in the OS temporary folder and flushed to disk, and the file is removed
 * once the delete was put back. A run killed where no signal handler runs (SIGKILL, the out-of-memory killer) leaves the
 * file, whose path the run printed at its start.
 *
 * @example
 * const journal = openRestoreJournal((line) => process.stderr.write(`${line}\n`));
 * journal.keep(['aws workmail put-mailbox-permissions …']); // before the delete
 * journal.keep([]); // once it is put back
 * journal.close();
 */
export function openRestoreJournal(say: (line: string) => void, directory = tmpdir()): RestoreJournal {
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
        '# than it names, every one the start read found. Check each against the organization before you run it: run it where',
        '# the permission is missing and nobody else revoked or changed it during the run.',
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
