import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = resolve(import.meta.dirname, '../..');
const readme = readFileSync(resolve(root, 'README.md'), 'utf8');

/** The code block that follows `<!-- example: test/readme/NAME -->` in the README. */
function exampleBlock(file: string): string | undefined {
  const marker = `<!-- example: ${file} -->`;
  const start = readme.indexOf(marker);
  if (start < 0) return undefined;
  const match = /```[a-z]*\n([\s\S]*?)```/.exec(readme.slice(start + marker.length));
  return match?.[1];
}

describe('README examples', () => {
  it.each(['test/readme/generators-example.test.ts', 'test/readme/oracle-example.test.ts', 'test/readme/msw-example.test.ts', 'test/readme/sdk-mock-example.test.ts'])(
    'shows %s exactly as the test suite runs it',
    (file) => {
      expect(exampleBlock(file), `README has no block after <!-- example: ${file} -->`).toBe(readFileSync(resolve(root, file), 'utf8'));
    },
  );
});

describe("README's sample output", () => {
  it('is what `sample` prints for its seed, each "…" standing for text left out (trialN #10)', async () => {
    const command = 'npx workmail-conformance sample --operation DeletePersonalAccessToken --invalid --count 2 --seed 1';
    const start = readme.indexOf(`$ ${command}\n`);
    expect(start, `README shows no \`$ ${command}\``).toBeGreaterThanOrEqual(0);
    const shown = readme.slice(start).split('\n').slice(1, 3);
    const { runMain } = await import('../cli/helpers/cli-runners.ts');
    const printed = (await runMain(command.split(' ').slice(2))).stdout.trimEnd().split('\n');
    expect(printed).toHaveLength(shown.length);
    for (const [index, line] of shown.entries()) {
      const inOrder = new RegExp(`^${line.split('…').map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('.*?')}$`);
      expect(printed[index]).toMatch(inOrder);
    }
  });
});
