// Preloaded by the benchmark into a CLI run (`node --expose-gc --import ./bench/memory-preload.mjs bin/workmail-conformance.js run …`):
// samples the process's memory every 10 ms and, when the process exits, writes to BENCH_MEMORY_FILE its peak RSS (the
// kernel's high-water mark), its peak heap, and the heap still live after a full GC (what the run holds at its end).
import { readFileSync, writeFileSync } from 'node:fs';

const file = process.env.BENCH_MEMORY_FILE;
if (file !== undefined) {
  let peakHeap = 0;
  let peakExternal = 0;
  const sample = () => {
    const usage = process.memoryUsage();
    peakHeap = Math.max(peakHeap, usage.heapUsed);
    peakExternal = Math.max(peakExternal, usage.external);
  };
  const timer = setInterval(sample, 10);
  timer.unref();
  process.on('exit', () => {
    sample();
    // VmHWM: the most resident memory the process ever had, counted by the kernel rather than sampled.
    const highWaterKb = Number(/^VmHWM:\s+(\d+) kB$/m.exec(readFileSync('/proc/self/status', 'utf8'))?.[1] ?? Number.NaN);
    const peakRss = Number.isNaN(highWaterKb) ? process.memoryUsage().rss : highWaterKb * 1024;
    globalThis.gc?.();
    writeFileSync(file, JSON.stringify({ peakRss, peakHeap, peakExternal, liveHeap: process.memoryUsage().heapUsed }));
  });
}
