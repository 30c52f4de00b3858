// The suite's runs write in a temporary folder of their own (TMPDIR, which the spawned CLIs inherit), removed at the end:
// a restore journal a test leaves on purpose (a run killed before it put back) stays out of the machine's own, where a
// later run against a stand-in on the same port would take it for its own organization's.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Vitest global setup: points TMPDIR at a fresh folder for the whole suite, and removes it once the suite has run. */
export default function ownTemporaryFolder(): () => void {
  const folder = mkdtempSync(join(tmpdir(), 'wmc-test-tmp-'));
  process.env['TMPDIR'] = folder;
  return () => rmSync(folder, { recursive: true, force: true });
}
