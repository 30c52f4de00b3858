// The CLI tests spawn bin/workmail-conformance.js, which runs the compiled dist/: rebuild it first when a source is newer,
// so that they test this checkout's code and not an old build.
import { execFileSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';

const root = resolve(import.meta.dirname, '../..');

function newestModification(path: string): number {
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return Math.max(0, ...readdirSync(path).map((name) => newestModification(join(path, name))));
}

function builtAt(): number {
  try {
    return statSync(join(root, 'dist/cli.cjs')).mtimeMs;
  } catch {
    return -1;
  }
}

/** Vitest global setup: builds dist/ unless it is newer than src/, specs/, package.json and the build config. */
export default function buildDist(): void {
  const sources = ['src', 'specs', 'package.json', 'tsdown.config.ts'].map((path) => newestModification(join(root, path)));
  if (builtAt() >= Math.max(...sources)) return;
  execFileSync(process.execPath, [join(root, 'node_modules/tsdown/dist/run.mjs'), '--logLevel', 'error'], { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] });
}
