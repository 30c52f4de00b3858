import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const srcRoot = resolve(import.meta.dirname, '../../src');

/**
 * The folders of src/ in the order data flows through a run, lowest first: a module may import from its own folder and
 * from folders of lower layers, never from a higher layer or from another folder of its own layer. `shared` is the
 * files directly in src/ (errors, JSON parsing, small helpers); `index.ts`, the package's entry, may import anything.
 * observation sits below target because a target answers in observations; live, record, vitest and cli orchestrate
 * a run and sit above the runner.
 */
const layers: readonly (readonly string[])[] = [
  ['shared'],
  ['spec'],
  ['fixture'],
  ['model'],
  ['arbitraries'],
  ['cases'],
  ['wire'],
  ['observation'],
  ['target', 'mock'],
  ['checks'],
  ['verdict'],
  ['report'],
  ['live'],
  ['runner'],
  ['record'],
  ['vitest'],
  ['cli'],
];

function filesUnder(directory: string): string[] {
  return readdirSync(directory).flatMap((name) => {
    const path = join(directory, name);
    return statSync(path).isDirectory() ? filesUnder(path) : path.endsWith('.ts') ? [path] : [];
  });
}

/** The folder of src/ a file belongs to: its first path segment, or `shared` for a file directly in src/. */
function folderOf(file: string): string {
  const [first, second] = relative(srcRoot, file).split('/');
  return second === undefined ? 'shared' : (first ?? 'shared');
}

function layerOf(folder: string): number {
  const index = layers.findIndex((layer) => layer.includes(folder));
  if (index === -1) throw new Error(`src/${folder}/ is in no layer of test/layout/import-direction.test.ts: add it where it belongs`);
  return index;
}

/** Every relative module a file imports, statically, by `export … from` or by a dynamic `import()`. */
function relativeImports(text: string): string[] {
  return [...text.matchAll(/(?:\bfrom\s*|\bimport\s*\(\s*|^\s*import\s+)['"](\.{1,2}\/[^'"]+)['"]/gm)].map((match) => match[1] ?? '');
}

/** The imports of src/ that run against the layers, as `from → to` lines. */
function backwardImports(files: readonly { readonly path: string; readonly text: string }[]): string[] {
  const found: string[] = [];
  for (const { path, text } of files) {
    if (relative(srcRoot, path) === 'index.ts') continue;
    const from = folderOf(path);
    for (const specifier of relativeImports(text)) {
      const target = resolve(dirname(path), specifier);
      if (!target.startsWith(`${srcRoot}/`)) continue; // package.json, specs/
      const to = folderOf(target);
      if (to === from) continue;
      if (layerOf(to) >= layerOf(from)) found.push(`src/${relative(srcRoot, path)} → src/${relative(srcRoot, target)} (${from} may not import ${to})`);
    }
  }
  return found;
}

describe('the layout of src/', () => {
  const files = filesUnder(srcRoot).map((path) => ({ path, text: readFileSync(path, 'utf8') }));

  it('has every folder in a layer', () => {
    for (const { path } of files) expect(() => layerOf(folderOf(path))).not.toThrow();
  });

  it('imports only along the pipeline: spec → arbitraries → cases → target → observation → checks → verdict → report', () => {
    expect(backwardImports(files)).toEqual([]);
  });

  it('finds a backward import, a dynamic one and one between folders of the same layer', () => {
    const at = (path: string) => join(srcRoot, path);
    expect(
      backwardImports([
        { path: at('arbitraries/x.ts'), text: "import type { Case } from '../cases/case.ts';" },
        { path: at('target/y.ts'), text: "const gate = await import('../live/request-gate.ts');" },
        { path: at('mock/z.ts'), text: "export { x } from '../target/target.ts';" },
        { path: at('cases/ok.ts'), text: "import { y } from '../spec/load-spec.ts';\nimport { z } from './case.ts';\nimport pkg from '../../package.json';" },
      ]),
    ).toEqual([
      'src/arbitraries/x.ts → src/cases/case.ts (arbitraries may not import cases)',
      'src/target/y.ts → src/live/request-gate.ts (target may not import live)',
      'src/mock/z.ts → src/target/target.ts (mock may not import target)',
    ]);
  });
});
