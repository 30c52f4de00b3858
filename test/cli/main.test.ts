import { spawn, spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Command } from 'commander';
import { afterAll, describe, expect, it } from 'vitest';
import { lazyCommands } from '../../src/cli/main.ts';
import { demoFixture, demoIds } from '../../src/mock/demo-fixture.ts';
import { runMain } from './helpers/cli-runners.ts';

const repoRoot = resolve(import.meta.dirname, '../..');
const bin = resolve(repoRoot, 'bin/workmail-conformance.js');
const packageVersion = (JSON.parse(readFileSync(resolve(repoRoot, 'package.json'), 'utf8')) as { version: string }).version;

/** The top level run in this process; the spawned smoke tests of each command are below and in serve.test.ts and recording.test.ts. */
async function cli(...args: string[]) {
  const { code, stdout, stderr } = await runMain(args);
  return { status: code, stdout, stderr };
}

describe('workmail-conformance (the top level)', () => {
  it('--version and -V print the package version', async () => {
    expect(await cli('--version')).toEqual({ status: 0, stdout: `${packageVersion}\n`, stderr: '' });
    expect((await cli('-V')).stdout).toBe(`${packageVersion}\n`);
  });

  it('--help lists every command with its summary', async () => {
    const { status, stdout } = await cli('--help');
    expect(status).toBe(0);
    for (const command of lazyCommands) expect(stdout).toMatch(new RegExp(`^  ${command.name} `, 'm'));
    expect(stdout).toContain('--version');
  });

  it('`help <command>` and `<command> --help` show the command’s own options', async () => {
    expect((await cli('help', 'sample')).stdout).toContain('--operation <name>');
    expect((await cli('sample', '--help')).stdout).toContain('--operation <name>');
  });

  it('`run --help` and `replay --help` end with what each exit code means, for a CI job that gates on it (trialL #6)', async () => {
    const run = (await cli('run', '--help')).stdout;
    const replay = (await cli('replay', '--help')).stdout;

    expect(run).toMatch(/\nExit codes:\n  0 +conformant.*\n  1 +a rule broken, or the run stopped early[^]*\n  2 +a usage or configuration error.*\n  130 +interrupted/);
    expect(replay).toMatch(/\nExit codes:\n  0 +every outcome as recorded\n  1 +an outcome differs.*\n  2 +a bad file/);
  });

  it('an unknown command or option is a one-line usage error that suggests the near name', async () => {
    expect(await cli('sampel')).toEqual({ status: 2, stdout: '', stderr: "workmail-conformance: unknown command 'sampel' (did you mean sample?)\n" });
    expect(await cli('run', '--endpiont', 'http://127.0.0.1:9')).toEqual({
      status: 2,
      stdout: '',
      stderr: "workmail-conformance: unknown option '--endpiont' (did you mean --endpoint?)\n",
    });
    expect(await cli('help', 'nope')).toEqual({ status: 2, stdout: '', stderr: "workmail-conformance: help: unknown command 'nope' (the commands are run, replay, sample, serve, verify)\n" });
    // Without a near name there is nothing to suggest.
    expect((await cli('run', '--zzzzzz')).stderr).toBe("workmail-conformance: unknown option '--zzzzzz'\n");
  });

  it('an option that takes one value, given twice, is a one-line usage error that quotes neither value; a repeatable one takes both (trialT #5)', async () => {
    const twice = (flag: string) => `workmail-conformance: ${flag} is given more than once: give it once (the options --help calls repeatable take several)\n`;

    expect(await cli('run', '--num-runs', '5', '--num-runs', '7')).toEqual({ status: 2, stdout: '', stderr: twice('--num-runs') });
    expect(await cli('run', '--reporter', 'json', '--reporter=junit')).toEqual({ status: 2, stdout: '', stderr: twice('--reporter') });
    expect(await cli('replay', 'run.ndjson', '--endpoint', 'http://user:password@127.0.0.1:9', '--endpoint', 'http://127.0.0.1:9')).toEqual({ status: 2, stdout: '', stderr: twice('--endpoint') });
    expect(await cli('sample', '--count', '1', '--count', '2')).toEqual({ status: 2, stdout: '', stderr: twice('--count') });
    // --reading collects into a record: the file is what is wrong here, not the flag given twice.
    expect((await cli('replay', 'no-such-recording.ndjson', '--reading', 'email-case=case-sensitive', '--reading', 'disabled-entity=success')).stderr).toMatch(/^workmail-conformance: .*no-such-recording\.ndjson/);
    const repeatable = await runMain(['run', '--operation', 'DeletePersonalAccessToken', '--operation', 'DeleteMailboxPermissions', '--num-runs', '1', '--seed', '1', '--state-sequences', '0', '--reporter', 'json'], { awsSettings: false });
    expect(repeatable.code).toBe(0);
    expect((JSON.parse(repeatable.stdout) as { operations: { operation: string }[] }).operations.map((operation) => operation.operation).sort()).toEqual(['DeleteMailboxPermissions', 'DeletePersonalAccessToken']);
  });

  it('run against an endpoint that refuses connections names the flag that gave it, as replay does', async () => {
    const flag = await runMain(['run', '--endpoint', 'http://127.0.0.1:9'], { awsSettings: false });
    expect(flag).toMatchObject({ code: 2, stderr: 'workmail-conformance: --endpoint: cannot connect to http://127.0.0.1:9/ (ECONNREFUSED)\n' });
    const live = await runMain(['run', '--live', '--endpoint', 'http://127.0.0.1:9', '--organization-id', demoIds.organizationId]);
    expect(live).toMatchObject({ code: 2, stderr: 'workmail-conformance: --endpoint: cannot connect to http://127.0.0.1:9/ (ECONNREFUSED)\n' });
  });

  it('run --path of a drawn case without --seed is a usage error naming the flag to add, before anything is sent', async () => {
    const { code, stdout, stderr } = await runMain(['run', '--path', 'DeletePersonalAccessToken.invalid:99'], { awsSettings: false });
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toBe("workmail-conformance: --path: DeletePersonalAccessToken.invalid cases are drawn from the run's seed: give --seed too, as the report's reproduce line does\n");
    expect((await runMain(['run', '--path', 'DeletePersonalAccessToken.coverage:3'], { awsSettings: false })).code).toBe(0);
  });

  it.each(lazyCommands.map((command) => [command.name, command] as const))('the listed summary of %s is how its own description starts', async (name, command) => {
    const program = new Command('workmail-conformance');
    (await command.load())(program, () => undefined);
    const registered = program.commands.find((candidate) => candidate.name() === name);
    expect(registered?.description().startsWith(command.summary)).toBe(true);
  });
});

describe('a command loads only what it uses', () => {
  // Writes every package the CLI loads (not relative files, not node: builtins) to a file: an ESM resolve hook for imports,
  // and a wrapper of CommonJS resolution for require() (the bin loads the CommonJS build, which ESM hooks do not see on Node 20).
  const folder = mkdtempSync(join(tmpdir(), 'workmail-cli-imports-'));
  afterAll(() => rmSync(folder, { recursive: true, force: true }));
  const logPackage = `import { appendFileSync } from 'node:fs';
export function logPackage(specifier) {
  if (!/^(\\.|node:|file:|\\/)/.test(specifier)) appendFileSync(process.env.IMPORTS_LOG, specifier.split('/').slice(0, specifier.startsWith('@') ? 2 : 1).join('/') + '\\n');
  else if (/^\\.\\/[^/]+\\.c?js$/.test(specifier)) appendFileSync(process.env.IMPORTS_LOG + '.chunks', specifier.slice(2) + '\\n');
}
`;
  writeFileSync(join(folder, 'log-package.mjs'), logPackage);
  writeFileSync(
    join(folder, 'hooks.mjs'),
    `import { logPackage } from './log-package.mjs';
export async function resolve(specifier, context, next) {
  logPackage(specifier);
  return next(specifier, context);
}
`,
  );
  writeFileSync(
    join(folder, 'register.mjs'),
    `import Module, { register } from 'node:module';
import { logPackage } from './log-package.mjs';
register('./hooks.mjs', import.meta.url);
const resolveFilename = Module._resolveFilename;
Module._resolveFilename = function (request, ...rest) {
  logPackage(request);
  return resolveFilename.call(this, request, ...rest);
};
`,
  );

  function packagesImported(...args: string[] | [Readonly<Record<string, string>>, ...string[]]): string[] {
    const [first, ...rest] = args;
    const [env, argv] = typeof first === 'object' ? [first, rest as string[]] : [{}, args as string[]];
    const log = join(folder, `${argv.join('-').replace(/\W+/g, '_')}.log`);
    writeFileSync(log, '');
    const result = spawnSync(process.execPath, ['--import', join(folder, 'register.mjs'), bin, ...argv], { cwd: repoRoot, encoding: 'utf8', env: { ...process.env, ...env, IMPORTS_LOG: log } });
    expect(result.status, result.stderr).toBe(0);
    return [...new Set(readFileSync(log, 'utf8').split('\n').filter(Boolean))].sort();
  }

  /** The chunks of dist/ a command loaded that hold zod (compiled in): its validator, built as its module loads. */
  function zodChunksLoaded(...args: string[]): string[] {
    packagesImported(...args);
    const log = join(folder, `${args.join('-').replace(/\W+/g, '_')}.log.chunks`);
    const chunks = existsSync(log) ? [...new Set(readFileSync(log, 'utf8').split('\n').filter(Boolean))] : [];
    // The hook saw the chunks the command loaded: an empty list would prove nothing.
    expect(chunks).toContain('run-conformance.cjs');
    return chunks.filter((chunk) => readFileSync(join(repoRoot, 'dist', chunk), 'utf8').includes(' * zod ')).sort();
  }

  it('--help and --version load no package: commander is compiled into the CLI', () => {
    expect(packagesImported('--help')).toEqual([]);
    expect(packagesImported('--version')).toEqual([]);
  });

  it('sample loads neither the AWS SDK nor msw nor an HTTP client', () => {
    const imported = packagesImported('sample', '--operation', 'DeletePersonalAccessToken', '--count', '1', '--seed', '1');
    expect(imported).toContain('fast-check');
    expect(imported.filter((name) => /^@aws-sdk\/|^msw$|^undici$/.test(name))).toEqual([]);
  });

  it('run against an endpoint over the wire transport does not load the AWS SDK client', async () => {
    const server = spawn(process.execPath, [bin, 'serve', '--port', '0'], { cwd: repoRoot, stdio: ['ignore', 'pipe', 'inherit'] });
    try {
      const url = await new Promise<string>((resolveUrl, reject) => {
        server.stdout.on('data', (chunk: Buffer) => {
          const found = /listening on (\S+)/.exec(chunk.toString('utf8'));
          if (found?.[1] !== undefined) resolveUrl(found[1]);
        });
        server.once('exit', (code) => reject(new Error(`serve exited with ${code}`)));
      });
      const env = { AWS_ACCESS_KEY_ID: 'AKIDTEST', AWS_SECRET_ACCESS_KEY: 'test-secret', AWS_REGION: 'us-east-1' };
      const imported = packagesImported(env, 'run', '--endpoint', url, '--num-runs', '2', '--coverage', 'compact', '--seed', '1');
      expect(imported).toContain('undici');
      expect(imported).not.toContain('@aws-sdk/client-workmail');
      // Static credentials in the environment are read as the SDK's chain would read them, without loading it.
      expect(imported).not.toContain('@aws-sdk/credential-provider-node');
    } finally {
      server.kill();
    }
  });

  it('run against the embedded mock loads neither the AWS SDK nor msw nor an HTTP client, nor zod (the shipped specs are validated by the tests)', () => {
    const imported = packagesImported('run', '--num-runs', '2', '--coverage', 'compact', '--seed', '1');
    expect(imported).toContain('fast-check');
    expect(imported.filter((name) => /^@aws-sdk\/|^msw$|^undici$|^zod$/.test(name))).toEqual([]);
    // Nor the zod compiled into dist/ (about 40 ms of its start on Node 20), recording or not.
    expect(zodChunksLoaded('run', '--num-runs', '2', '--coverage', 'compact', '--seed', '2')).toEqual([]);
    expect(zodChunksLoaded('run', '--num-runs', '2', '--coverage', 'compact', '--seed', '3', '--record', join(folder, 'run.jsonl'))).toEqual([]);
  });

  it('run with a --fixture file or a --specs folder validates them with the zod compiled into dist/, not the package (whose entry loads every locale)', () => {
    const fixtureFile = join(folder, 'demo-fixture.json');
    writeFileSync(fixtureFile, JSON.stringify(demoFixture));
    expect(packagesImported('run', '--num-runs', '2', '--coverage', 'compact', '--seed', '1', '--fixture', fixtureFile)).not.toContain('zod');
    expect(packagesImported('run', '--num-runs', '2', '--coverage', 'compact', '--seed', '1', '--specs', 'specs')).not.toContain('zod');
    const badFixture = join(folder, 'bad-fixture.json');
    writeFileSync(badFixture, JSON.stringify({ organizations: 3 }));
    const rejected = spawnSync(process.execPath, [bin, 'run', '--fixture', badFixture], { cwd: repoRoot, encoding: 'utf8' });
    expect(rejected.status).toBe(2);
    expect(rejected.stderr).toBe(`workmail-conformance: --fixture ${badFixture}: $.organizations: Invalid input: expected array, received number\n`);
  });
});

describe('bin/workmail-conformance.js (spawned)', () => {
  function spawned(args: readonly string[]) {
    const child = spawn(process.execPath, [bin, ...args], { cwd: repoRoot, stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    const exited = new Promise<number | null>((resolveExit) => child.once('exit', (code) => resolveExit(code)));
    return { child, exited, stderr: () => stderr };
  }

  it('writes all of a report to a pipe before it exits', async () => {
    const { child, exited, stderr } = spawned(['run', '--num-runs', '5', '--coverage', 'compact', '--seed', '1']);
    let stdout = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
    expect(await exited).toBe(0);
    expect(stderr()).toBe('');
    expect(stdout).toMatch(/\nCONFORMANT: no failures · \d+ cases sent in [\d.]+ s\n$/);
  });

  it('says, in one line with exit code 2, that dist/ is not built when it is missing, and only then', () => {
    // A copy of the bin in a package folder of its own that was never built.
    const folder = mkdtempSync(join(tmpdir(), 'workmail-unbuilt-'));
    try {
      mkdirSync(join(folder, 'bin'));
      copyFileSync(bin, join(folder, 'bin/workmail-conformance.js'));
      writeFileSync(join(folder, 'package.json'), JSON.stringify({ name: 'workmail-conformance', type: 'module' }));
      const result = spawnSync(process.execPath, [join(folder, 'bin/workmail-conformance.js'), 'run'], { encoding: 'utf8' });
      expect(result.status).toBe(2);
      expect(result.stderr).toBe('workmail-conformance: dist/ is not built; run `npm run build` in the package folder\n');
      // A built CLI whose dependency is missing is not "not built": the error names the missing package.
      mkdirSync(join(folder, 'dist'));
      writeFileSync(join(folder, 'dist/cli.cjs'), "require('workmail-conformance-missing-dependency');\n");
      const broken = spawnSync(process.execPath, [join(folder, 'bin/workmail-conformance.js'), 'run'], { encoding: 'utf8' });
      expect(broken.status).not.toBe(0);
      expect(broken.stderr).toContain("Cannot find module 'workmail-conformance-missing-dependency'");
      expect(broken.stderr).not.toContain('dist/ is not built');
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });

  it('stops quietly, with exit code 0, when the reader closes the pipe (… | head)', async () => {
    const { child, exited, stderr } = spawned(['sample', '--operation', 'DeletePersonalAccessToken', '--count', '1000000', '--seed', '1']);
    let lines = 0;
    child.stdout.once('data', (chunk: Buffer) => {
      lines = chunk.toString('utf8').split('\n').length - 1;
      child.stdout.destroy();
    });
    expect(await exited).toBe(0);
    expect(stderr()).toBe('');
    expect(lines).toBeGreaterThan(0);
  });
});
