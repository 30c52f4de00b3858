import type { RunEvent } from './run-conformance.ts';

/** A phase under way: its label, its exchanges done and planned. */
interface PhaseProgress {
  readonly label: string;
  /** The operations whose exchanges count here (the stateful phase names several). */
  readonly operations: readonly string[];
  done: number;
  readonly total: number;
}

/**
 * A progress line for a terminal (rewritten in place on stderr), fed by the runner's events; silent when stderr is not a TTY.
 * Phases of operations that run side by side show side by side.
 *
 * @example
 * const progress = createProgressLine(process.stderr);
 * await runConformance({ target, onEvent: progress.onEvent });
 * progress.finish();
 */
export function createProgressLine(stream: NodeJS.WriteStream): { onEvent: (event: RunEvent) => void; finish: () => void } {
  if (!stream.isTTY) return { onEvent: () => {}, finish: () => {} };
  // Keyed by the phase event's operation (the stateful phase names every operation of the run, joined by ', ').
  const phases = new Map<string, PhaseProgress[]>();
  let failures = 0;
  let lastDraw = 0;
  const draw = (force: boolean) => {
    const now = performance.now();
    if (!force && now - lastDraw < 100) return;
    lastDraw = now;
    const shown = [...phases.values()].flatMap((stack) => stack.slice(-1)).map((phase) => `${phase.label}: ${phase.done}/${phase.total}`);
    stream.write(`\r\u001b[K${shown.join(' · ')}${failures > 0 ? ` · ${failures} failing exchange(s)` : ''}`);
  };
  return {
    onEvent(event) {
      if (event.type === 'phaseStarted') {
        const stack = phases.get(event.operation) ?? [];
        stack.push({ label: `${event.operation} ${event.phase}`, operations: event.operation.split(', '), done: 0, total: event.total });
        phases.set(event.operation, stack);
        draw(true);
        return;
      }
      if (event.type === 'phaseEnded') {
        // The emptied entry stays, so that each operation keeps its place on the line.
        phases.get(event.operation)?.pop();
        return;
      }
      if (event.type !== 'exchange') return;
      const operation = event.spec.operation;
      const current = phases.get(operation)?.at(-1) ?? [...phases.values()].find((stack) => stack.at(-1)?.operations.includes(operation) === true)?.at(-1);
      if (current !== undefined) current.done += 1;
      if (event.exchange.verdict.failed) failures += 1;
      draw(false);
    },
    finish() {
      stream.write('\r\u001b[K');
    },
  };
}
