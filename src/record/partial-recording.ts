import type { Recording } from './recording-schema.ts';

/**
 * Why a recording holds only part of its run: it has no end line (the run that wrote it was killed, or the file was cut),
 * or its run stopped before its end; `undefined` for a whole recording.
 *
 * @example
 * partOfARun('run.ndjson', loadRecording('run.ndjson'));
 * // 'run.ndjson: has no end line: the run that wrote it ended before its report (killed), or the file was cut after line 40', or undefined
 */
export function partOfARun(file: string, recording: Recording): string | undefined {
  if (recording.end !== undefined) {
    return recording.end.incomplete === undefined ? undefined : `${file}: the recorded run stopped before its end (${recording.end.incomplete}), so the recording holds only part of it`;
  }
  const why =
    recording.header.format === undefined
      ? 'it was written before recordings had one (format 1), so whether it is whole cannot be told'
      : recording.cutLine !== undefined
        ? `it was cut in the middle of line ${recording.cutLine} (a full disk, a run killed while writing, a copy in part), which is left out`
        : `the run that wrote it ended before its report (killed), or the file was cut after line ${recording.lastWholeLine}`;
  const pending = recording.putBackPending === undefined ? '' : ` (it ends between a delete and its put back: its last putBackPending line has the commands that put back what the organization may miss)`;
  return `${file}: has no end line: ${why}${pending}`;
}

/**
 * Why a recording is not replayed or served unless the user allows it (`--allow-incomplete`): {@link partOfARun}, with what
 * the flag lets the command do; `undefined` for a whole recording. `use` is the command's verb.
 *
 * @example
 * partialRecording('run.ndjson', loadRecording('run.ndjson'), 'serve');
 * // 'run.ndjson: has no end line: … ; give --allow-incomplete to serve the 12 exchange(s) it holds', or undefined
 */
export function partialRecording(file: string, recording: Recording, use: 'replay' | 'serve'): string | undefined {
  const part = partOfARun(file, recording);
  return part === undefined ? undefined : `${part}; give --allow-incomplete to ${use} the ${recording.exchangeCount} exchange(s) it holds`;
}
