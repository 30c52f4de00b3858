import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    globalSetup: ['test/global-setup/build-dist.ts', 'test/global-setup/own-temporary-folder.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // Much of the suite waits on loopback HTTP, a stand-in's rate limits and retry backoff rather than on the CPU: vitest's
    // default (one worker fewer than the cores) ran it on a single worker on 2 cores. 3 workers there took the whole suite
    // from 4m03s to 2m17s of wall time with the same CPU time.
    maxWorkers: Math.max(3, availableParallelism() - 1),
  },
});
