// Prints where a `--cpu-prof` profile spends its time: `tsx bench/summarize-cpu-profile.ts <file.cpuprofile> [top]`.
import { readFileSync } from 'node:fs';

interface ProfileNode {
  readonly id: number;
  readonly callFrame: { readonly functionName: string; readonly url: string; readonly lineNumber: number };
  readonly children?: readonly number[];
}

interface CpuProfile {
  readonly nodes: readonly ProfileNode[];
  readonly samples: readonly number[];
  readonly timeDeltas: readonly number[];
}

const [file, topText = '30'] = process.argv.slice(2);
if (file === undefined) throw new Error('usage: summarize-cpu-profile.ts <file.cpuprofile> [top]');
const profile = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;
const byId = new Map(profile.nodes.map((node) => [node.id, node]));
const parents = new Map<number, number>();
for (const node of profile.nodes) for (const child of node.children ?? []) parents.set(child, node.id);
const self = new Map<string, number>();
const total = new Map<string, number>();
const byFile = new Map<string, number>();
let all = 0;
const shortUrl = (url: string): string => url.replace(/^file:\/\/.*?\/(node_modules|src|bench)\//, '$1/');
const nameOf = (node: ProfileNode): string => `${node.callFrame.functionName || '(anonymous)'} ${shortUrl(node.callFrame.url)}:${node.callFrame.lineNumber + 1}`;
profile.samples.forEach((id, index) => {
  const micros = profile.timeDeltas[index] ?? 0;
  all += micros;
  const node = byId.get(id);
  if (node === undefined) return;
  self.set(nameOf(node), (self.get(nameOf(node)) ?? 0) + micros);
  const fileKey = shortUrl(node.callFrame.url).replace(/^(node_modules\/(@[^/]+\/)?[^/]+).*/, '$1') || node.callFrame.functionName;
  byFile.set(fileKey, (byFile.get(fileKey) ?? 0) + micros);
  const seen = new Set<string>();
  for (let current: number | undefined = id; current !== undefined; current = parents.get(current)) {
    const ancestor = byId.get(current);
    if (ancestor === undefined) break;
    const name = nameOf(ancestor);
    if (seen.has(name)) continue;
    seen.add(name);
    total.set(name, (total.get(name) ?? 0) + micros);
  }
});
const top = Number(topText);
const percent = (micros: number): string => `${((100 * micros) / all).toFixed(1).padStart(5)}%`;
const print = (title: string, map: Map<string, number>): void => {
  process.stdout.write(`\n${title}\n`);
  for (const [name, micros] of [...map.entries()].sort((a, b) => b[1] - a[1]).slice(0, top)) process.stdout.write(`${percent(micros)}  ${name}\n`);
};
print('self time by file or package', byFile);
print('self time by function', self);
print('total time by function', total);
