import { basename } from 'node:path';
import { getOrInsertComputed } from '../get-or-insert-computed.ts';
import { xmlBuilder } from '../report/junit-reporter.ts';
import type { DifferenceStanding, MixedReading, ReplayDifference, ReplayResult } from './replay-recording.ts';

/** What a replay found, with what the recording says of itself: the input of every replay reporter. */
export interface ReplayReport {
  /** The kit that replayed, as a run's report names it. */
  readonly tool: { readonly name: 'workmail-conformance'; readonly version: string };
  readonly replayedAt: string;
  /** The recording replayed, and the target it was recorded against. */
  readonly file: string;
  readonly recordedAgainst: string;
  readonly target: string;
  /** Whether the embedded reference mock answered (then `--reading` sets how it reads the open points). */
  readonly embedded: boolean;
  readonly recording: {
    /** The kit version and recording format that wrote it (`undefined`: before format 1). */
    readonly version: string;
    readonly format: number | undefined;
    /** Whether it has its end line: a recording without one was cut short. */
    readonly whole: boolean;
    /** Why the recorded run stopped before its end, if it did. */
    readonly runIncomplete: string | undefined;
    /** Rules the recorded run found broken (its end line's `failedChecks`); `undefined` with no end line. */
    readonly runFailedChecks?: number | undefined;
  };
  readonly result: ReplayResult;
}

/** A replay's verdict, as its exit code follows it: only `same` exits 0. */
export type ReplayVerdict = 'same' | 'different' | 'stopped' | 'nothingCompared';

/**
 * The verdict of a replay: `stopped` when the target left too many requests unanswered, `nothingCompared` when the
 * recording held nothing to send, else `same` or `different`.
 *
 * @example
 * replayVerdict(report); // 'same'
 */
export function replayVerdict(report: ReplayReport): ReplayVerdict {
  const { result } = report;
  if (result.stopped !== undefined) return 'stopped';
  if (result.compared === 0) return 'nothingCompared';
  return result.differences.length === 0 && result.reads.differences.length === 0 ? 'same' : 'different';
}

/** The most characters of a body a difference line shows. */
const shownBodyLength = 300;

function standingText(difference: ReplayDifference): string {
  const { standing, recordedBroke } = difference;
  const broke = recordedBroke.length === 0 ? '' : `; the recorded answer broke it too (${recordedBroke.join(', ')})`;
  if (standing.kind === 'outside') return `an answer the documentation does not allow${broke}`;
  if (standing.kind === 'unknown') return 'the recording predates format 1 and does not say what the documentation allows';
  if (recordedBroke.length > 0) return `an answer the documentation allows, where the recorded one broke it (${recordedBroke.join(', ')})`;
  const readings = standing.readings.map(({ point, recorded, now }) => `${point}: ${recorded.length === 0 ? '' : `${recorded.join(' or ')} then, `}${now.join(' or ')} now`).join('; ');
  // Where the answer alone names no reading (several open points in play at once), the points it may come from.
  const why = readings !== '' ? readings : standing.openPoints.length > 0 ? `open points in play: ${standing.openPoints.join(', ')}` : '';
  return `another answer the documentation allows${why === '' ? '' : ` (${why})`}`;
}

/**
 * The readings the differences show one of the two targets took (`recorded` or `now`), each with how many outcomes show it,
 * most shown first; only where an outcome tells one reading.
 */
function readingsShown(differences: readonly ReplayDifference[], side: 'recorded' | 'now', leftOut: readonly MixedReading[] = []): { readonly reading: string; readonly count: number }[] {
  const counts = new Map<string, number>();
  for (const { standing } of differences) {
    if (standing.kind !== 'allowed') continue;
    for (const taken of standing.readings) {
      if (leftOut.some(({ point }) => point === taken.point)) continue;
      const readings = taken[side];
      if (readings.length !== 1) continue;
      const reading = `${taken.point}=${readings[0] ?? ''}`;
      counts.set(reading, (counts.get(reading) ?? 0) + 1);
    }
  }
  return [...counts].map(([reading, count]) => ({ reading, count })).sort((a, b) => b.count - a.count);
}

/** Differences shown of each kind (operation, both outcomes, where the new one stands) before the rest are counted. */
const examplesPerKind = 3;

/**
 * Renders a replay for the console: each outcome that differs with its line in the recording, its case, both outcomes,
 * whether the documentation allows the new one and the body sent; then the readings the differences show and the verdict.
 *
 * @example
 * process.stdout.write(renderReplayConsole(report)); // '… SAME: 0 of 119 outcome(s) differ from the recording\n'
 */
export function renderReplayConsole(report: ReplayReport): string {
  const { file, result } = report;
  const lines = [`replay of ${file} (recorded against ${report.recordedAgainst}) against ${report.target}`];
  if (!report.recording.whole) lines.push(`note: ${file} has no end line (--allow-incomplete): it may hold only part of its run, and no digest to tell a line changed since it was written`);
  else if (report.recording.runIncomplete !== undefined) lines.push(`note: the recorded run stopped before its end (${report.recording.runIncomplete}): the recording holds what it sent until then`);
  const failedChecks = report.recording.runFailedChecks ?? 0;
  if (failedChecks > 0) lines.push(`note: the recorded run itself broke ${failedChecks} rule(s) (its report lists them): SAME says the target answers as that run's target did, failures included`);
  // A recording before format 4 holds each case's answer only, not the reads of what its delete did.
  if (result.reads.compared > 0) {
    lines.push(`note: a replay compares each answer's status and error type, not its body or headers, and, after each case whose effect the recorded run read, the records a read of the same parts lists (${result.reads.compared} read(s)); \`run --endpoint\` checks the shape of the answers and the stateful phase's sequences`);
  } else {
    lines.push("note: a replay compares each answer's status and error type, not its body or headers: a delete that deletes nothing answers as one that does; `run --endpoint` checks what a target's deletes did and the shape of its answers");
  }
  // One bug changes hundreds of outcomes alike: each kind of difference shows its first few, then how many more.
  const ofKind = new Map<string, { readonly first: ReplayDifference; count: number }>();
  for (const difference of result.differences) {
    const standing = standingText(difference);
    const kind = getOrInsertComputed(ofKind, JSON.stringify([difference.operation, difference.recorded, difference.replayed, standing]), () => ({ first: difference, count: 0 }));
    kind.count += 1;
    if (kind.count > examplesPerKind) continue;
    lines.push(`  ${file}:${difference.line} ${difference.operation} ${difference.path} · ${difference.description}: recorded ${difference.recorded}, now ${difference.replayed}: ${standing}`);
    const sent = difference.sent.length > shownBodyLength ? `${difference.sent.slice(0, shownBodyLength)}…` : difference.sent;
    lines.push(`      sent: ${sent}`);
  }
  for (const { first, count } of ofKind.values()) {
    if (count > examplesPerKind) lines.push(`  … and ${count - examplesPerKind} more of ${first.operation} recorded ${first.recorded}, now ${first.replayed} (--reporter json lists each)`);
  }
  // One delete that does otherwise shows in every later read of its part: the first few, then how many more.
  for (const read of result.reads.differences.slice(0, examplesPerKind)) {
    lines.push(`  ${file}:${read.line} ${read.operation} after ${read.after}: recorded ${read.recorded}, now ${read.replayed}: the case did otherwise than the recorded one`);
    lines.push(`      sent: ${read.sent.length > shownBodyLength ? `${read.sent.slice(0, shownBodyLength)}…` : read.sent}`);
  }
  if (result.reads.differences.length > examplesPerKind) lines.push(`  … and ${result.reads.differences.length - examplesPerKind} more read(s) that list otherwise (--reporter json lists each)`);
  const outside = result.differences.filter((difference) => difference.standing.kind === 'outside').length;
  const allowed = result.differences.filter((difference) => difference.standing.kind === 'allowed').length;
  // Two conformant targets may differ where the documentation leaves a point open: the mock takes one reading of each.
  // A point the recorded target read more than one way has no --reading that replays it: suggesting one would go round in circles.
  const recordedReadings = readingsShown(result.differences, 'recorded', result.mixedReadings);
  const counted = (shown: readonly { reading: string; count: number }[], flag: string) => shown.map(({ reading, count }) => `${flag}${reading} (${count} outcome(s))`).join(', ');
  if (report.embedded && recordedReadings.length > 0) {
    lines.push(`The recorded target took readings of open points that the embedded mock does not take by default; replay with them to compare like for like: ${counted(recordedReadings, '--reading ')}`);
  } else if (!report.embedded && allowed > 0) {
    const nowReadings = readingsShown(result.differences, 'now');
    if (nowReadings.length > 0) lines.push(`The replayed target reads open points of the documentation otherwise than the recorded one: ${counted(nowReadings, '')}`);
  } else if (allowed > 0 && report.embedded && result.mixedReadings.length === 0) {
    // The recorded answer names no one reading of these points (several give it): the mock's own readings say which to change.
    const turnsOn = readingsShown(result.differences, 'now').map(({ reading, count }) => `${reading.replace('=', ' (')} now, ${count} outcome(s))`);
    lines.push(
      `The embedded mock answers each open point of the documentation by one reading; where the recorded target took another (its report lists the readings it was seen to take), give it with --reading POINT=READING${turnsOn.length === 0 ? '' : `: these outcomes turn on ${turnsOn.join(', ')}: give one of them another reading (a --reading with a name it does not have lists those it has)`}.`,
    );
  }
  if (report.embedded && result.mixedReadings.length > 0) {
    const mixed = result.mixedReadings.map(({ point, readings }) => `${point} (${readings.join(' and ')})`).join(', ');
    lines.push(`The recorded target read open points more than one way, each allowed: ${mixed}. The embedded mock takes one reading of each, so the outcomes of the other reading differ under any --reading.`);
  }
  const skipped = result.skipped > 0 ? ` (${result.skipped} transient answer(s) not compared)` : '';
  const split = result.differences.length > 0 && outside + allowed === result.differences.length ? `: ${outside} outside what the documentation allows, ${allowed} within it` : '';
  switch (replayVerdict(report)) {
    case 'stopped':
      lines.push(`STOPPED: ${result.stopped ?? ''}; ${result.differences.length} of the ${result.compared} outcome(s) compared differ${split}`);
      break;
    case 'nothingCompared':
      lines.push(`NOTHING COMPARED: ${file} holds no exchange to replay${skipped}`);
      break;
    default:
      lines.push(
        `${replayVerdict(report) === 'same' ? 'SAME' : 'DIFFERENT'}: ${result.differences.length} of ${result.compared} outcome(s) differ from the recording${split}${skipped}` +
          (result.reads.compared === 0 ? '' : `; ${result.reads.differences.length} of ${result.reads.compared} read(s) of what a case did list otherwise`),
      );
  }
  return `${lines.join('\n')}\n`;
}

/**
 * Renders a replay as JSON (`replay --reporter json`): the report itself, with its verdict.
 *
 * @example
 * JSON.parse(renderReplayJson(report)).verdict; // 'same'
 */
export function renderReplayJson(report: ReplayReport): string {
  const { result } = report;
  const count = (kind: DifferenceStanding['kind']) => result.differences.filter((difference) => difference.standing.kind === kind).length;
  const json = {
    ...report,
    verdict: replayVerdict(report),
    totals: {
      compared: result.compared,
      notCompared: result.skipped,
      differ: result.differences.length,
      outside: count('outside'),
      allowed: count('allowed'),
      unknown: count('unknown'),
      readsCompared: result.reads.compared,
      readsDiffer: result.reads.differences.length,
    },
    suggestedReadings: report.embedded ? readingsShown(result.differences, 'recorded', result.mixedReadings) : [],
  };
  return `${JSON.stringify(json, null, 2)}\n`;
}

/**
 * Renders a replay as JUnit XML for CI (`replay --reporter junit`): a failed test per outcome that differs, one test for the
 * other outcomes, and "the replay covered the whole recording", failed for a replay that stopped or compared nothing (so a
 * dashboard never shows those green) and skipped for a recording the user allowed to be partial.
 *
 * @example
 * writeFileSync('replay.xml', renderReplayJunit(report));
 */
export function renderReplayJunit(report: ReplayReport): string {
  const { result } = report;
  const verdict = replayVerdict(report);
  // A replay that stopped or compared nothing fails; a recording the user allowed to be partial (--allow-incomplete) is a
  // skipped test, as the exit code, 0 where nothing differs, has it.
  const failed = verdict === 'stopped' ? (result.stopped ?? '') : verdict === 'nothingCompared' ? `${report.file} holds no exchange to replay` : undefined;
  const partial = !report.recording.whole
    ? `${report.file} has no end line: it may hold only part of its run`
    : report.recording.runIncomplete === undefined
      ? undefined
      : `the recorded run stopped before its end (${report.recording.runIncomplete})`;
  const failures = result.differences.length + result.reads.differences.length + (failed === undefined ? 0 : 1);
  const tests = result.differences.length + result.reads.differences.length + 2;
  const skipped = failed === undefined && partial !== undefined ? 1 : 0;
  // Test names by the file's own name, not the path as typed: the same recording replayed from another folder or CI job
  // gives the same names, which dashboards follow from run to run.
  const name = basename(report.file);
  const root = xmlBuilder().create({ version: '1.0', encoding: 'UTF-8' }).ele('testsuites', { name: 'workmail-conformance replay', tests, failures, skipped });
  const suite = root.ele('testsuite', { name: `replay of ${name}`, tests, failures, skipped });
  suite
    .ele('properties')
    .ele('property', { name: 'recordedAgainst', value: report.recordedAgainst })
    .up()
    .ele('property', { name: 'target', value: report.target })
    .up()
    .ele('property', { name: 'compared', value: String(result.compared) })
    .up()
    .ele('property', { name: 'readsCompared', value: String(result.reads.compared) });
  const wholeCase = suite.ele('testcase', { classname: 'replay', name: 'the replay covered the whole recording' });
  if (failed !== undefined) wholeCase.ele('failure', { message: failed, type: 'incomplete' });
  else if (partial !== undefined) wholeCase.ele('skipped', { message: partial });
  suite.ele('testcase', { classname: 'replay', name: 'the other outcomes as recorded' }).ele('system-out').txt(`${result.compared - result.differences.length} of ${result.compared}`);
  for (const difference of result.differences) {
    suite
      .ele('testcase', { classname: difference.operation, name: `${name}:${difference.line} ${difference.path} · ${difference.description}` })
      .ele('failure', { message: `recorded ${difference.recorded}, now ${difference.replayed}: ${standingText(difference)}`, type: difference.standing.kind })
      .txt(`sent: ${difference.sent}`);
  }
  for (const read of result.reads.differences) {
    suite
      .ele('testcase', { classname: read.operation, name: `${name}:${read.line} read after ${read.after}` })
      .ele('failure', { message: `recorded ${read.recorded}, now ${read.replayed}: the case did otherwise than the recorded one`, type: 'read' })
      .txt(`sent: ${read.sent}`);
  }
  return `${root.end({ prettyPrint: true })}\n`;
}

/** Replay reporters by the name `replay --reporter` takes. */
export const replayReporters = {
  console: renderReplayConsole,
  json: renderReplayJson,
  junit: renderReplayJunit,
} as const satisfies Record<string, (report: ReplayReport) => string>;
