// Where a kit run allocates: `node --import tsx bench/profile-allocations.ts [handler|wire] [numRuns] [top]`.
// Samples every allocation (collected ones included, unlike --heap-prof) during a warm run against the reference mock,
// in-process (`handler`, the mock's allocations included) or over loopback HTTP (`wire`, the client's alone), and prints
// bytes per request by allocating function and by file.
import { Session } from 'node:inspector/promises';
import { createHandlerTarget, createHttpTarget, createWorkMailMock } from 'workmail-conformance';
import type { Target } from '../src/target/target.ts';
import { benchConcurrency, benchCredentials, benchRegion } from './bench-settings.ts';
import { measureKit } from './measure-kit.ts';
import { startMockServerProcess, type MockServerProcess } from './start-mock-server-process.ts';

interface SamplingNode {
  readonly callFrame: { readonly functionName: string; readonly url: string; readonly lineNumber: number };
  readonly selfSize: number;
  readonly children: readonly SamplingNode[];
}

const [kind = 'handler', runsText = '5000', topText = '30'] = process.argv.slice(2);
let server: MockServerProcess | undefined;
const makeTarget = (): Target => {
  if (kind === 'handler') return createHandlerTarget(createWorkMailMock().handle);
  if (server === undefined) throw new Error('no server');
  return createHttpTarget({ endpoint: server.url, region: benchRegion, credentials: benchCredentials });
};
if (kind !== 'handler') server = await startMockServerProcess();
// A first run warms the JIT up, so that what is sampled is what a long run allocates per request.
const warm = makeTarget();
await measureKit(warm, 2000, benchConcurrency);
await warm.close();
await server?.reset();
const session = new Session();
session.connect();
// includeObjectsCollectedBy*: count short-lived garbage too, which is what the collector pays for.
await session.post('HeapProfiler.startSampling', { samplingInterval: 1024, includeObjectsCollectedByMajorGC: true, includeObjectsCollectedByMinorGC: true } as never);
const target = makeTarget();
const result = await measureKit(target, Number(runsText), benchConcurrency);
const { profile } = (await session.post('HeapProfiler.stopSampling')) as unknown as { profile: { head: SamplingNode } };
await target.close();
await server?.close();

const byFunction = new Map<string, number>();
const byFile = new Map<string, number>();
let total = 0;
const shortUrl = (url: string): string => url.replace(/^file:\/\/.*?\/(node_modules|src|bench)\//, '$1/');
const walk = (node: SamplingNode): void => {
  const { functionName, url, lineNumber } = node.callFrame;
  const where = shortUrl(url);
  const name = `${functionName || '(anonymous)'} ${where}:${lineNumber + 1}`;
  byFunction.set(name, (byFunction.get(name) ?? 0) + node.selfSize);
  const file = where.replace(/^(node_modules\/(@[^/]+\/)?[^/]+).*/, '$1') || functionName || '(native)';
  byFile.set(file, (byFile.get(file) ?? 0) + node.selfSize);
  total += node.selfSize;
  for (const child of node.children) walk(child);
};
walk(profile.head);
const perRequest = (bytes: number): string => `${(bytes / result.requests / 1024).toFixed(2).padStart(6)} KB/request`;
const print = (title: string, map: Map<string, number>): void => {
  process.stdout.write(`\n${title}\n`);
  for (const [name, bytes] of [...map.entries()].sort((a, b) => b[1] - a[1]).slice(0, Number(topText))) process.stdout.write(`${perRequest(bytes)}  ${name}\n`);
};
process.stdout.write(`${kind}: ${result.requests} requests, ${(total / 1024 / 1024).toFixed(0)} MB allocated, ${perRequest(total)}\n`);
print('by file or package', byFile);
print('by function', byFunction);
