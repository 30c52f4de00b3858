import type { RunEvent } from './run-conformance.ts';

/** A phase under way: its label, its cases done and planned. */
interface PhaseProgress {
  readonly label: string;
  done: number;
  readonly total: number;
}

/** Options of {@link createProgressLine}. */
export interface ProgressLineOptions {
  /**
   * Where stderr is no terminal (a CI log): how often a line says where the run is, in milliseconds; 30,000 by default. A
   * run shorter than this writes none.
   */
  readonly statusEveryMs?: number;
}

/**
 * A progress line for a terminal (rewritten in place on stderr), fed by the runner's events. Phases of operations that run
 * side by side show side by side. Where stderr is no terminal (a CI log), a line of the same text every 30 seconds of a run
 * instead, so that a long run against a slow target is not taken for a hung job; a short run writes nothing there.
 *
 * @example
 * const progress = createProgressLine(process.stderr);
 * await runConformance({ target, onEvent: progress.onEvent });
 * progress.finish();
 */
export function createProgressLine(stream: NodeJS.WriteStream, options: ProgressLineOptions = {}): { onEvent: (event: RunEvent) => void; finish: () => void } {
  // The phase each operation is in (one at a time), keyed by the phase events' operation; an operation between phases
  // keeps its entry, and so its place on the line.
  const phases = new Map<string, PhaseProgress | undefined>();
  let failures = 0;
  const status = () => {
    const shown = [...phases.values()].flatMap((phase) => (phase === undefined ? [] : [`${phase.label}: ${phase.done}/${phase.total}`]));
    return `${shown.join(' · ')}${failures > 0 ? ` · ${failures} failing exchange(s)` : ''}`;
  };
  const follow = (event: RunEvent): boolean => {
    if (event.type === 'phaseStarted') {
      phases.set(event.operation, { label: `${event.operation} ${event.phase}`, done: 0, total: event.total });
      return true;
    }
    if (event.type === 'phaseEnded') {
      phases.set(event.operation, undefined);
      return false;
    }
    if (event.type === 'phaseAdvanced') {
      const advanced = phases.get(event.operation);
      if (advanced !== undefined) advanced.done = event.done;
      return true;
    }
    if (event.type !== 'exchange') return false;
    const current = phases.get(event.spec.operation);
    // A phase's total counts its cases: a success sent again (an idempotency check) is no case of its own (trialW #8).
    if (current !== undefined && event.exchange.testCase.phase !== 'repeat') current.done += 1;
    if (event.exchange.verdict.failed) failures += 1;
    return false;
  };
  if (!stream.isTTY) {
    // A timer, not the events: a target that answers nothing for a while sends no event, and that is when a log needs a line.
    const started = performance.now();
    const timer = setInterval(() => {
      const shown = status();
      if (shown !== '') stream.write(`workmail-conformance: ${Math.round((performance.now() - started) / 1000)} s: ${shown}\n`);
    }, options.statusEveryMs ?? 30_000);
    timer.unref();
    return { onEvent: (event) => void follow(event), finish: () => clearInterval(timer) };
  }
  let lastDraw = 0;
  const draw = (force: boolean) => {
    const now = performance.now();
    if (!force && now - lastDraw < 100) return;
    lastDraw = now;
    stream.write(`\r\u001b[K${status()}`);
  };
  return {
    onEvent(event) {
      const started = follow(event);
      if (started) draw(true);
      else if (event.type === 'exchange') draw(false);
    },
    finish() {
      stream.write('\r\u001b[K');
    },
  };
}
