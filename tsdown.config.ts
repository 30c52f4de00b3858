import { copyFileSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { defineConfig } from 'tsdown';

/**
 * Packages compiled into dist/ instead of loaded from node_modules when the kit runs. Every entry point of zod loads its
 * 50-odd locale modules, whichever part is imported: about 55 ms of the start of a `run --fixture` on Node 20, where the
 * bundle keeps only what the kit uses (17 ms). commander (a devDependency for that reason) costs every CLI command about
 * 5 ms more when loaded as published. The declaration files still import zod: its schemas are public API, typed by the
 * zod installed with the kit, and they compose with it (scripts/test-package.mjs).
 */
const compiledIn = ['zod', 'commander'];

function isCompiledIn(id: string): boolean {
  return compiledIn.some((name) => id === name || id.startsWith(`${name}/`));
}

/** The licence a chunk that holds a package's code starts with, as that package's licence asks. */
function readLicenceBanner(name: string): string {
  const { version, license } = JSON.parse(readFileSync(`node_modules/${name}/package.json`, 'utf8')) as { version: string; license: string };
  const text = readFileSync(`node_modules/${name}/LICENSE`, 'utf8').trim().replaceAll('*/', '* /');
  return `/*!\n * ${name} ${version} (${license}), compiled into this file:\n *\n${text.split('\n').map((line) => ` * ${line}`.trimEnd()).join('\n')}\n */`;
}

/** Read once per build, not once per chunk. */
const licenceBanners = compiledIn.map((name) => ({ marker: `/node_modules/${name}/`, banner: readLicenceBanner(name) }));

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
  // A declaration file's import of zod stays an import.
  // The declaration printer puts a member's doc comment after the member before it, on that member's line
  // (`readonly failures: number; /** Distinct … */`), where TypeScript reads it as that member's trailing comment: an editor
  // then shows no doc for the next member (demoIds' IDs, report.summary's fields). Each goes on its own line, once the
  // declaration files of both formats are written.
  onSuccess: () => {
    for (const file of readdirSync('dist').filter((name) => /\.d\.[cm]ts$/.test(name))) {
      const code = readFileSync(`dist/${file}`, 'utf8');
      const fixed = code.replace(/([;,]) (\/\*\*(?:[^*]|\*(?!\/))*\*\/)\n([ \t]*)/g, '$1\n$3$2\n$3');
      if (fixed !== code) writeFileSync(`dist/${file}`, fixed);
    }
    // The command line's entry is the bin's, exported to no importer: its declarations (commander's among them) would only
    // show a reader of dist/ examples no import can reach.
    for (const file of ['dist/cli.d.mts', 'dist/cli.d.cts']) rmSync(file, { force: true });
    // workmail-conformance/vitest is ES modules only, as vitest 4 is: what `require` gets there says so and what to use
    // instead (the CommonJS build of that entry would only fail on vitest's own require).
    copyFileSync('src/vitest/commonjs-entry.cjs', 'dist/vitest.cjs');
    copyFileSync('src/vitest/commonjs-entry.d.cts', 'dist/vitest.d.cts');
  },
  deps: { alwaysBundle: (id, importer) => isCompiledIn(id) && !/\.d\.[cm]?ts$/.test(importer ?? '') },
  outputOptions: (options, format) => ({
    ...options,
    // postBanner, not banner: rolldown left `banner` out of one CommonJS chunk that holds zod.
    postBanner: (chunk) =>
      licenceBanners
        .filter(({ marker }) => chunk.moduleIds.some((id) => id.includes(marker)))
        .map(({ banner }) => banner)
        .join('\n'),
    // CommonJS loads the lazily imported packages (msw, the SDK's credential chain) with require, as Jest needs.
    ...(format === 'cjs' ? { dynamicImportInCjs: false } : {}),
    // What runs read off a fixture without validating one stays out of the chunk of its schema, which loads zod (about 40 ms
    // of the main command's start on Node 20): the bundler would otherwise put them together.
    // The verdict's words, shared by the main entry point and the runner, get a chunk of their own: else the runner's chunk
    // takes the name `verdict`.
    codeSplitting: {
      groups: [
        { name: 'fixture-facts', test: /\/src\/fixture\/(organization-facts|validated-fixtures)\.ts$/ },
        { name: 'verdict', test: /\/src\/report\/verdict\.ts$/ },
      ],
    },
  }),
});
