#!/usr/bin/env node
// Runs the compiled CLI in dist/ (built by `npm run build`; `npm pack` and `npm publish` run it through `prepack`).
import nodeModule, { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

// Node 22.1+ keeps V8's compiled code of the modules below on disk (os.tmpdir(), or NODE_COMPILE_CACHE; off with
// NODE_DISABLE_COMPILE_CACHE=1), as npm and tsc do: later runs start faster. Node 20 has no such cache.
nodeModule.enableCompileCache?.();

// The AWS SDK warns on every run under Node 20 about its releases after January 2027; the lockfile pins one that supports Node 20.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
// A reader that stops reading (`… | head`) closes the pipe (EPIPE), and a terminal closed under a run stops taking output
// (EIO, after its SIGHUP): what is still written goes nowhere, and the command ends as it would have, with its own exit
// code, rather than with a stack trace; a live run interrupted so still puts back what it deleted.
// Any other failure to write (a full disk: ENOSPC) ends the command with one line and exit code 2, not a stack trace.
let outputFailure;
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (error) => {
    if (error?.code === 'EPIPE' || error?.code === 'EIO' || outputFailure !== undefined) return;
    outputFailure = `${stream === process.stdout ? 'standard output' : 'standard error'} cannot be written (${error?.code ?? error})`;
    if (stream !== process.stderr) process.stderr.write(`workmail-conformance: ${outputFailure}: what the command printed there is lost\n`);
  });
}
// The CommonJS build: Node 20 loads it about 35 ms faster than the same code as ES modules (no asynchronous loader, no
// source decoding per module); on Node 22 and 24, with the compile cache, it is as fast.
const cli = fileURLToPath(new URL('../dist/cli.cjs', import.meta.url));
let main;
let lowerBackgroundThreadPriority;
try {
  ({ main, lowerBackgroundThreadPriority } = createRequire(import.meta.url)(cli));
} catch (error) {
  // Only the CLI itself missing means an unbuilt package; a dependency it cannot find is an error of its own.
  if (error?.code !== 'MODULE_NOT_FOUND' || !String(error.message).startsWith(`Cannot find module '${cli}'`)) throw error;
  process.stderr.write('workmail-conformance: dist/ is not built; run `npm run build` in the package folder\n');
  process.exit(2);
}
// On Linux, V8's helper threads (optimizing compiler, garbage collector) run at the lowest priority, nice 19: on a machine
// with no core to spare they then stop preempting the main thread (and the server it checks), and the main command ends
// about 0.1 s sooner on 2 cores.
lowerBackgroundThreadPriority();
const exitCode = await main(process.argv.slice(2));
// Exit as soon as the command is done rather than when the event loop empties: Node would first wait for V8's background
// compilation tasks, about 40 ms at the end of every run. Nothing is left to do by then (reports and recordings are written
// synchronously), except output still queued for a pipe (asynchronous on macOS): each stream's queue is flushed first.
const flushed = (stream) => new Promise((resolve) => stream.write('', () => resolve()));
await Promise.all([flushed(process.stdout), flushed(process.stderr)]);
// Lost output is a failure of the environment (2), not of the target (1); an interrupt keeps its own code.
process.exit(outputFailure !== undefined && exitCode < 2 ? 2 : exitCode);
