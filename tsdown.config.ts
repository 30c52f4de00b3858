import { defineConfig } from 'tsdown';

// Why a bundler rather than tsc: one build writes ESM and CommonJS with matching .d.ts/.d.cts, inlines the shipped
// spec JSON into both (no file lookups, no JSON-module warning on Node 20), gives CommonJS an import.meta.url, and
// splits each CLI command into its own chunk so a command loads only what it uses.
export default defineConfig({
  entry: {
    index: 'src/index.ts',
    vitest: 'src/vitest/index.ts',
    msw: 'src/mock/msw-handlers.ts',
    cli: 'src/cli/main.ts',
  },
  format: ['esm', 'cjs'],
  platform: 'node',
  target: 'node20.19',
  outDir: 'dist',
  clean: true,
  dts: true,
  shims: true,
  hash: false,
  sourcemap: false,
  // CommonJS loads the lazily imported packages (msw, the SDK's credential chain) with require, as Jest needs.
  outputOptions: (options, format) => (format === 'cjs' ? { ...options, dynamicImportInCjs: false } : options),
});
