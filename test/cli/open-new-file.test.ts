import { closeSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openNewFile } from '../../src/open-new-file.ts';

const directory = mkdtempSync(join(tmpdir(), 'workmail-open-new-file-'));
afterAll(() => rmSync(directory, { recursive: true, force: true }));

describe('openNewFile', () => {
  it('creates a file that does not exist', () => {
    const file = join(directory, 'new.ndjson');

    const descriptor = openNewFile('--record', file, 'a recording');
    writeSync(descriptor, 'line\n');
    closeSync(descriptor);

    expect(readFileSync(file, 'utf8')).toBe('line\n');
  });

  // The run checks its files before it starts; a live run may read an organization for minutes before it opens its recording.
  it('refuses a regular file that appeared since, leaving it as it was', () => {
    const file = join(directory, 'appeared.ndjson');
    writeFileSync(file, 'another run\n');

    expect(() => openNewFile('--record', file, 'a recording')).toThrow(
      expect.objectContaining({ name: 'ConfigError', message: `--record ${file}: already exists, and a recording is only ever written to a new file; remove it or name another file` }),
    );
    expect(readFileSync(file, 'utf8')).toBe('another run\n');
  });

  it.runIf(existsSync('/dev/null'))('opens a device, which replaces nothing', () => {
    closeSync(openNewFile('--record', '/dev/null', 'a recording'));
  });

  it('names the flag and the code when the folder is missing', () => {
    const file = join(directory, 'missing', 'x.ndjson');

    expect(() => openNewFile('--save-fixture', file, 'a saved fixture')).toThrow(`--save-fixture ${file}: cannot be written (ENOENT)`);
  });
});
