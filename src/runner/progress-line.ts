import type { RunEvent } from './run-conformance.ts';

/**
 * A progress line for a terminal (rewritten in place on stderr), fed by the runner's events; silent when stderr is not a TTY.
 *
 * @example
 * const progress = createProgressLine(process.stderr);
 * await runConformance({ target, onEvent: progress.onEvent });
 * progress.finish();
 */
export function createProgressLine(stream: NodeJS.WriteStream): { onEvent: (event: RunEvent) => void; finish: () => void } {
  if (!stream.isTTY) return { onEvent: () => {}, finish: () => {} };
  let label = '';
  let done = 0;
  let total = 0;
  let failures = 0;
  let lastDraw = 0;
  const draw = (force: boolean) => {
    const now = performance.now();
    if (!force && now - lastDraw < 100) return;
    lastDraw = now;
    stream.write(`\r\u001b[K${label}: ${done}/${total}${failures > 0 ? ` · ${failures} failing exchange(s)` : ''}`);
  };
  return {
    onEvent(event) {
      if (event.type === 'phaseStarted') {
        label = `${event.operation} ${event.phase}`;
        done = 0;
        total = event.total;
        draw(true);
        return;
      }
      if (event.type !== 'exchange') return;
      if (!event.shrinking) done += 1;
      if (event.exchange.verdict.failed) failures += 1;
      draw(false);
    },
    finish() {
      stream.write('\r\u001b[K');
    },
  };
}
