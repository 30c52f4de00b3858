// Preloaded by the benchmark into a CLI run (`node --import ./bench/phase-marks-preload.mjs bin/workmail-conformance.js run …`):
// when the process exits, writes the run's phase marks (milliseconds since the process started) to BENCH_PHASES_FILE.
import { writeFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';

const file = process.env.BENCH_PHASES_FILE;
if (file !== undefined) {
  process.on('exit', () => {
    const marks = performance.getEntriesByName('workmail-conformance:phase', 'mark').map((mark) => ({ phase: mark.detail, at: mark.startTime }));
    writeFileSync(file, JSON.stringify({ marks, exit: performance.now() }));
  });
}
