import fc from 'fast-check';
import { ConfigError } from './config-error.ts';

/** The fast-check versions this package works with: its peer dependency (package.json keeps the two the same; a test checks). */
export const supportedFastCheck = '^4.10.2';

/**
 * Refuses, with one line that says what to install, a fast-check older than this package's peer dependency: npm installs one
 * only when forced (`--force`, `--legacy-peer-deps`), and fast-check 3 then fails deep in a run ("rng.unsafeNext is not a
 * function"). A newer major is let through: it may well work.
 *
 * @example
 * checkFastCheckVersion('runConformance'); // passes with fast-check 4
 * checkFastCheckVersion('runConformance', '3.23.2'); // throws ConfigError: runConformance: fast-check 3.23.2 is installed; …
 */
export function checkFastCheckVersion(where: string, installed: string = fc.__version): void {
  const [major = 0, minor = 0] = installed.split('.').map(Number);
  const [, leastMajor = 0, leastMinor = 0] = /^\^(\d+)\.(\d+)/.exec(supportedFastCheck)?.map(Number) ?? [];
  if (major > leastMajor || (major === leastMajor && minor >= leastMinor)) return;
  throw new ConfigError(`${where}: fast-check ${installed} is installed, and workmail-conformance needs fast-check ${supportedFastCheck} (its peer dependency): npm install --save-dev fast-check@4`);
}
