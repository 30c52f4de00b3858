import { spawn } from 'node:child_process';
import { resolve } from 'node:path';
import { testCredentials } from './stand-in-server.ts';

const bin = resolve(import.meta.dirname, '../../../bin/workmail-conformance.js');

/** What a CLI process printed and how it ended. */
export interface CliResult {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/**
 * Runs the CLI in a child process, signing with the stand-in's test credentials (a secret key and a session token), or with no AWS settings at all.
 *
 * @example
 * const result = await runCli(['run', '--live', '--endpoint', standIn.url]);
 */
export function runCli(args: readonly string[], options: { readonly awsSettings?: boolean } = {}): Promise<CliResult> {
  const env: NodeJS.ProcessEnv = { ...process.env };
  if (options.awsSettings !== false) {
    Object.assign(env, { AWS_ACCESS_KEY_ID: testCredentials.accessKeyId, AWS_SECRET_ACCESS_KEY: testCredentials.secretAccessKey, AWS_SESSION_TOKEN: testCredentials.sessionToken, AWS_REGION: 'us-east-1' });
  } else {
    for (const name of ['AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_SESSION_TOKEN', 'AWS_REGION', 'AWS_DEFAULT_REGION']) delete env[name];
  }
  delete env['AWS_PROFILE'];
  delete env['AWS_ENDPOINT_URL'];
  delete env['AWS_ENDPOINT_URL_WORKMAIL'];
  const child = spawn(process.execPath, [bin, ...args], { env, stdio: 'pipe' });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
  return new Promise((done) => child.on('close', (code) => done({ code, stdout, stderr })));
}
