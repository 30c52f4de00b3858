import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { resolve } from 'node:path';
import { vi } from 'vitest';
import { main } from '../../../src/cli/main.ts';
import { testCredentials } from '../../live/helpers/stand-in-server.ts';

const repoRoot = resolve(import.meta.dirname, '../../..');
/** The installed entry point: what `npx workmail-conformance` runs (compiled JavaScript in dist/). */
export const bin = resolve(repoRoot, 'bin/workmail-conformance.js');

/** What a CLI run printed and how it ended. */
export interface CliResult {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Whether the run sees the stand-in's test credentials (a secret key and a session token) or no AWS settings at all. */
export interface CliEnvironment {
  readonly awsSettings?: boolean;
}

const awsVariables = ['AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_SESSION_TOKEN', 'AWS_REGION', 'AWS_DEFAULT_REGION', 'AWS_PROFILE', 'AWS_ENDPOINT_URL', 'AWS_ENDPOINT_URL_WORKMAIL'];

function cliEnvironment(options: CliEnvironment): Record<string, string | undefined> {
  const env: Record<string, string | undefined> = Object.fromEntries(awsVariables.map((name) => [name, undefined]));
  if (options.awsSettings !== false) {
    Object.assign(env, { AWS_ACCESS_KEY_ID: testCredentials.accessKeyId, AWS_SECRET_ACCESS_KEY: testCredentials.secretAccessKey, AWS_SESSION_TOKEN: testCredentials.sessionToken, AWS_REGION: 'us-east-1' });
  }
  return env;
}

/** A CLI run started in this process: what it has printed so far, and its end. */
export interface RunningMain {
  readonly printed: () => { readonly stdout: string; readonly stderr: string };
  readonly done: Promise<CliResult>;
}

/**
 * Starts the CLI in this process through `main(argv)`, with stdout and stderr captured and the AWS environment set as
 * `options` says, both restored when it ends. For commands that run until stopped (serve); others use {@link runMain}.
 *
 * @example
 * const serving = startMain(['serve', '--port', '0']);
 */
export function startMain(argv: readonly string[], options: CliEnvironment = {}): RunningMain {
  let stdout = '';
  let stderr = '';
  const saved = Object.fromEntries(awsVariables.map((name) => [name, process.env[name]]));
  const text = (chunk: string | Uint8Array) => (typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8'));
  const outSpy = vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    stdout += text(chunk);
    return true;
  });
  const errSpy = vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
    stderr += text(chunk);
    return true;
  });
  const restore = () => {
    outSpy.mockRestore();
    errSpy.mockRestore();
    for (const [name, value] of Object.entries(saved)) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
  };
  for (const [name, value] of Object.entries(cliEnvironment(options))) {
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
  }
  const done = main(argv).then(
    (code) => {
      restore();
      return { code, stdout, stderr };
    },
    (error: unknown) => {
      restore();
      throw error;
    },
  );
  return { printed: () => ({ stdout, stderr }), done };
}

/**
 * Runs the CLI in this process through `main(argv)`, with stdout and stderr captured and the AWS environment set as
 * `options` says (restored afterwards). The fast way to test a command; {@link spawnCli} is for one smoke test per command.
 *
 * @example
 * const { code, stdout } = await runMain(['sample', '--operation', 'DeletePersonalAccessToken', '--count', '3']);
 */
export function runMain(argv: readonly string[], options: CliEnvironment = {}): Promise<CliResult> {
  return startMain(argv, options).done;
}

/** An installed CLI started in a child process: the child (to signal it), what it has printed so far, and its end. */
export interface RunningCli {
  readonly child: ChildProcessWithoutNullStreams;
  readonly printed: () => { readonly stdout: string; readonly stderr: string };
  readonly done: Promise<CliResult>;
}

/**
 * Starts the installed CLI (bin/, over dist/) in a child process, for a test that signals it while it runs (`nodeArgs`, such
 * as `--import` of a preload, go to Node before the bin; with `throughShell`, the child is the shell that started Node, and
 * its end comes once Node's output is closed too); others use {@link spawnCli}.
 *
 * @example
 * const running = startCli(['run', '--endpoint', url]);
 * running.child.kill('SIGINT');
 * const { code } = await running.done;
 */
export function startCli(args: readonly string[], options: CliEnvironment & { readonly throughShell?: boolean } = {}, nodeArgs: readonly string[] = []): RunningCli {
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const [name, value] of Object.entries(cliEnvironment(options))) {
    if (value === undefined) delete env[name];
    else env[name] = value;
  }
  // `throughShell`: as npx starts a bin, under `sh -c` (which a command after it keeps from exec'ing Node in its place).
  const child = options.throughShell === true
    ? spawn('/bin/sh', ['-c', '"$0" "$@"; exit $?', process.execPath, ...nodeArgs, bin, ...args], { cwd: repoRoot, env, stdio: 'pipe' })
    : spawn(process.execPath, [...nodeArgs, bin, ...args], { cwd: repoRoot, env, stdio: 'pipe' });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
  const done = new Promise<CliResult>((resolve) => child.on('close', (code) => resolve({ code, stdout, stderr })));
  return { child, printed: () => ({ stdout, stderr }), done };
}

/**
 * Runs the installed CLI (bin/, over dist/) in a child process: the smoke test of a command as users start it.
 *
 * @example
 * const result = await spawnCli(['replay', recordFile], { awsSettings: false });
 */
export function spawnCli(args: readonly string[], options: CliEnvironment = {}): Promise<CliResult> {
  return startCli(args, options).done;
}
