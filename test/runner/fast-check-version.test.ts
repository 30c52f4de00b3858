import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isConfigError } from '../../src/config-error.ts';
import { checkFastCheckVersion, supportedFastCheck } from '../../src/fast-check-version.ts';

const packageJson = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { peerDependencies: Record<string, string> };

function refusal(installed: string): string | undefined {
  try {
    checkFastCheckVersion('runConformance', installed);
    return undefined;
  } catch (error) {
    expect(isConfigError(error)).toBe(true);
    return (error as Error).message;
  }
}

describe('the fast-check a run needs', () => {
  it('is the peer dependency package.json declares', () => {
    expect(supportedFastCheck).toBe(packageJson.peerDependencies['fast-check']);
  });

  it('lets the installed fast-check, a later 4.x and a later major through', () => {
    expect(refusal(fc.__version)).toBeUndefined();
    expect(refusal('4.10.2')).toBeUndefined();
    expect(refusal('4.11.0')).toBeUndefined();
    expect(refusal('5.0.0')).toBeUndefined();
  });

  it('refuses fast-check 3 and an older 4.x in one line that says what to install', () => {
    expect(refusal('3.23.2')).toBe(
      'runConformance: fast-check 3.23.2 is installed, and workmail-conformance needs fast-check ^4.10.2 (its peer dependency): npm install --save-dev fast-check@4',
    );
    expect(refusal('4.9.0')).toMatch(/^runConformance: fast-check 4\.9\.0 is installed/);
  });
});
