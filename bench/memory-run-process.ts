// Child-process entry of the benchmark: one kit run of about `cases` cases over the wire, sampling this process's memory.
import { performance } from 'node:perf_hooks';
import { reporters } from '../src/report/reporters.ts';
import { createHttpTarget } from '../src/target/http-target.ts';
import { benchCredentials, benchRegion } from './bench-settings.ts';
import { measureKit } from './measure-kit.ts';

const [url, casesText] = process.argv.slice(2);
if (url === undefined || casesText === undefined) throw new Error('usage: memory-run-process.ts <url> <cases>');
const wanted = Number(casesText);
let peakRss = 0;
let peakHeap = 0;
const sample = (): void => {
  const usage = process.memoryUsage();
  peakRss = Math.max(peakRss, usage.rss);
  peakHeap = Math.max(peakHeap, usage.heapUsed);
};
sample();
const timer = setInterval(sample, 10);
const target = createHttpTarget({ endpoint: url, region: benchRegion, credentials: benchCredentials });
const start = performance.now();
// Two properties per operation, two operations: four property runs, plus a few hundred coverage cases.
const kit = await measureKit(target, Math.round(wanted / 4), 16);
// The console report is rendered too, as the CLI would.
const reportText = reporters.console(kit.report);
sample();
clearInterval(timer);
const seconds = (performance.now() - start) / 1000;
// What the run still holds once garbage is collected (the report is still referenced): flat if nothing grows with run length.
const collect = (globalThis as { gc?: () => void }).gc;
collect?.();
const liveHeap = collect === undefined ? undefined : process.memoryUsage().heapUsed;
await target.close();
process.send?.({ type: 'memory', cases: kit.cases, requests: kit.requests, seconds, peakRss, peakHeap, liveHeap, reportChars: reportText.length });
