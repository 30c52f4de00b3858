import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { lazyCommands } from '../../src/cli/main.ts';

const repoRoot = resolve(import.meta.dirname, '../..');
const bin = resolve(repoRoot, 'bin/workmail-conformance.js');
const packageVersion = (JSON.parse(readFileSync(resolve(repoRoot, 'package.json'), 'utf8')) as { version: string }).version;

function cli(...args: string[]) {
  const result = spawnSync(process.execPath, [bin, ...args], { cwd: repoRoot, encoding: 'utf8' });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('workmail-conformance (the top level)', () => {
  it('--version and -V print the package version', () => {
    expect(cli('--version')).toEqual({ status: 0, stdout: `${packageVersion}\n`, stderr: '' });
    expect(cli('-V').stdout).toBe(`${packageVersion}\n`);
  });

  it('--help lists every command with its summary', () => {
    const { status, stdout } = cli('--help');
    expect(status).toBe(0);
    for (const command of lazyCommands) expect(stdout).toMatch(new RegExp(`^  ${command.name} `, 'm'));
    expect(stdout).toContain('--version');
  });

  it('`help <command>` and `<command> --help` show the command’s own options', () => {
    expect(cli('help', 'sample').stdout).toContain('--operation <name>');
    expect(cli('sample', '--help').stdout).toContain('--operation <name>');
  });

  it('an unknown command is a usage error that suggests the near name', () => {
    const { status, stderr } = cli('sampel');
    expect(status).toBe(2);
    expect(stderr).toContain('sample');
  });

  it.each(lazyCommands.map((command) => [command.name, command] as const))('the listed summary of %s is how its own description starts', async (name, command) => {
    const program = new Command('workmail-conformance');
    (await command.load())(program, () => undefined);
    const registered = program.commands.find((candidate) => candidate.name() === name);
    expect(registered?.description().startsWith(command.summary)).toBe(true);
  });
});
