import { constants } from 'node:os';
import { performance } from 'node:perf_hooks';

/** The signals that end a run softly the first time: Ctrl-C, a CI job's timeout or cancel, a closed terminal. */
const interruptSignals = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;

type InterruptSignal = (typeof interruptSignals)[number];

/** A run's handling of interrupts, from {@link listenForInterrupts}. */
export interface RunInterrupts {
  /** Aborted at the first interrupt, with the reason the report gives (`summary.incomplete`). */
  readonly signal: AbortSignal;
  /** The exit code of a run the first interrupt ended (128 + the signal's number), else `undefined`. */
  exitCode(): number | undefined;
  /** Keeps the commands that put back what a delete in flight may remove (`[]` once it is back), for a second interrupt. */
  setPutBackCommands(commands: readonly string[]): void;
  /** Says that cases are being sent: until then (a live run reading the organizations first), an interrupt quits at once. */
  casesStarted(): void;
  /** Stops listening: the signals' default actions apply again. */
  dispose(): void;
}

/** What {@link listenForInterrupts} needs: where to say what it does, the kind of run, and how to end the process at once. */
export interface InterruptOptions {
  readonly stderr: { write(text: string): unknown };
  /** A live run: the first interrupt also waits for what was deleted to be put back and for the read at the end. */
  readonly live: boolean;
  readonly exit: (code: number) => void;
  /** Clears the progress line before a message is written. */
  readonly beforeMessage?: () => void;
  /** The clock that tells a signal delivered twice from a second interrupt, in milliseconds; `performance.now` by default. */
  readonly now?: () => number;
}

/**
 * How soon after an interrupt the same signal is taken as that interrupt delivered again rather than a second one: GNU
 * `timeout` sends its signal to the run and then to its whole process group, and a terminal's Ctrl-C reaches both `npx`
 * and the run, which `npx` then passes on, all within a few milliseconds. A person interrupting again takes longer.
 */
export const sameInterruptWindowMs = 500;

/** How often a live run checks that the process that started it still runs. */
const parentWatchIntervalMs = 500;

function exitCodeOf(signal: InterruptSignal): number {
  return 128 + constants.signals[signal];
}

/**
 * Listens for SIGINT, SIGTERM and SIGHUP while a run goes on. Before its first case (a live run's read-only reads of the
 * organizations), one ends the process at once: nothing has changed. After, the first one aborts `signal`: no case starts
 * after it, the cases in flight finish (a live run puts back what they deleted and reads the organizations again) and the
 * report is printed. A second one ends the process at once, after printing the commands that put back what a delete in
 * flight may have removed. Without this, Ctrl-C during a destructive live run could end it between a delete and its put
 * back. A live run whose parent process ends (it is handed to another) takes that as a SIGTERM.
 *
 * @example
 * const interrupts = listenForInterrupts({ stderr: process.stderr, live: true, exit: (code) => process.exit(code) });
 * try {
 *   report = await runConformance({ live, signal: interrupts.signal });
 * } finally {
 *   interrupts.dispose();
 * }
 * process.exitCode = interrupts.exitCode() ?? 0;
 */
export function listenForInterrupts(options: InterruptOptions): RunInterrupts {
  const controller = new AbortController();
  let first: InterruptSignal | undefined;
  let firstAt = 0;
  const now = options.now ?? (() => performance.now());
  let putBackCommands: readonly string[] = [];
  let sending = false;
  const say = (lines: readonly string[]) => {
    options.beforeMessage?.();
    options.stderr.write(lines.map((line) => `${line}\n`).join(''));
  };
  const onSignal = (signal: InterruptSignal, cause?: string) => {
    const named = cause === undefined ? signal : `${signal}, as ${cause}`;
    if (!sending) {
      say([`workmail-conformance: interrupted (${named}) before any case was sent: nothing was changed, and there is no report`]);
      options.exit(exitCodeOf(signal));
      return;
    }
    if (first === undefined) {
      first = signal;
      firstAt = now();
      controller.abort(`interrupted by ${named}: no case started after it`);
      const waitFor = options.live
        ? 'the cases in flight finish, what they deleted is put back and the organizations are read again; then the report'
        : 'the cases in flight finish, and the permissions a stateful sequence changed are put back; then the report';
      say([`workmail-conformance: interrupted (${named}): no case starts now; ${waitFor}. Interrupt again to quit at once.`]);
      return;
    }
    if (signal === first && now() - firstAt < sameInterruptWindowMs) return;
    if (putBackCommands.length > 0) {
      say([
        `workmail-conformance: quit at once (${signal}) before what a delete removed was put back. These commands put back mailbox permissions as the run's start read found them (those of its deletes first): run each whose permission is missing, unless someone else revoked or changed it during the run:`,
        ...putBackCommands.map((command) => `  ${command}`),
      ]);
    } else {
      say([`workmail-conformance: quit at once (${signal}), without a report${options.live ? ' and without the read at the end' : ''}`]);
    }
    options.exit(exitCodeOf(signal));
  };
  // Node passes the signal's number after its name: only the name is taken.
  const onProcessSignal = (signal: InterruptSignal) => onSignal(signal);
  for (const signal of interruptSignals) process.on(signal, onProcessSignal);
  // A parent that ends without passing its signal on (npx given SIGTERM passes it to its `sh -c`, which ends and leaves the
  // run going) would leave a live run unattended: the run is then handed to another parent, and takes that as a SIGTERM.
  const parent = process.ppid;
  const parentWatch = options.live
    ? setInterval(() => {
        if (process.ppid === parent) return;
        clearInterval(parentWatch);
        onSignal('SIGTERM', `the process that started the run ended (process ${parent})`);
      }, parentWatchIntervalMs).unref()
    : undefined;
  return {
    signal: controller.signal,
    exitCode: () => (first === undefined ? undefined : exitCodeOf(first)),
    setPutBackCommands(commands) {
      putBackCommands = commands;
    },
    casesStarted() {
      sending = true;
    },
    dispose() {
      clearInterval(parentWatch);
      for (const signal of interruptSignals) process.off(signal, onProcessSignal);
    },
  };
}
