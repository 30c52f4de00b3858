import type { RunEvent } from './run-conformance.ts';

/** A phase under way: its label, its exchanges done and planned. */
interface PhaseProgress {
  readonly label: string;
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
  // The phase each operation is in (one at a time), keyed by the phase events' operation; an operation between phases
  // keeps its entry, and so its place on the line.
  const phases = new Map<string, PhaseProgress | undefined>();
  let failures = 0;
  let lastDraw = 0;
  const draw = (force: boolean) => {
    const now = performance.now();
    if (!force && now - lastDraw < 100) return;
    lastDraw = now;
    const shown = [...phases.values()].flatMap((phase) => (phase === undefined ? [] : [`${phase.label}: ${phase.done}/${phase.total}`]));
    stream.write(`\r\u001b[K${shown.join(' · ')}${failures > 0 ? ` · ${failures} failing exchange(s)` : ''}`);
  };
  return {
    onEvent(event) {
      if (event.type === 'phaseStarted') {
        phases.set(event.operation, { label: `${event.operation} ${event.phase}`, done: 0, total: event.total });
        draw(true);
        return;
      }
      if (event.type === 'phaseEnded') {
        phases.set(event.operation, undefined);
        return;
      }
      if (event.type !== 'exchange') return;
      const current = phases.get(event.spec.operation);
      if (current !== undefined) current.done += 1;
      if (event.exchange.verdict.failed) failures += 1;
      draw(false);
    },
    finish() {
      stream.write('\r\u001b[K');
    },
  };
}
