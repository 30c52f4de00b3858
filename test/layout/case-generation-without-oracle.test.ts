import { existsSync, readFileSync } from 'node:fs';
import { dirname, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const srcRoot = resolve(import.meta.dirname, '../../src');

/** The modules that decide what a conforming target may answer: case generation must not reach them. */
const oracleModules = ['model/oracle.ts', 'cases/expect-outcomes.ts'];

/** The modules that generate cases: the coverage plan (both depths) and the property phase's arbitraries. */
const generators = ['cases/coverage-cases.ts', 'cases/property-cases.ts'];

/** Every relative module a source imports (types included: a generator has no business with the oracle's types either). */
function relativeImports(text: string): string[] {
  return [...text.matchAll(/(?:\bfrom\s*|\bimport\s*\(\s*|^\s*import\s+)['"](\.{1,2}\/[^'"]+)['"]/gm)].map((match) => match[1] ?? '');
}

/** The chains of imports from a module to each module of src/ it reaches, each module once, as paths relative to src/. */
function importChains(start: string): Map<string, string[]> {
  const chains = new Map<string, string[]>([[start, [start]]]);
  const queue = [start];
  for (let module = queue.shift(); module !== undefined; module = queue.shift()) {
    const chain = chains.get(module) ?? [];
    for (const specifier of relativeImports(readFileSync(resolve(srcRoot, module), 'utf8'))) {
      const target = relative(srcRoot, resolve(srcRoot, dirname(module), specifier));
      if (chains.has(target) || !target.endsWith('.ts') || !existsSync(resolve(srcRoot, target))) continue;
      chains.set(target, [...chain, target]);
      queue.push(target);
    }
  }
  return chains;
}

describe('case generation', () => {
  it.each(generators)('in src/%s never imports the oracle, directly or through another module', (generator) => {
    const chains = importChains(generator);

    const reached = oracleModules.filter((module) => chains.has(module)).map((module) => chains.get(module)?.join(' → '));

    expect(reached).toEqual([]);
    // The walk follows imports at all: a generator reaches the spec's constraint rules and the arbitraries.
    expect([...chains.keys()]).toEqual(expect.arrayContaining(['spec/constraints.ts', 'arbitraries/index.ts']));
  });
});
