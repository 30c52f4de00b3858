import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** The reference mock served by a child process, so that the kit and the server never share one event loop. */
export interface MockServerProcess {
  readonly url: string;
  readonly pid: number;
  /** Restores the mock's fixture state (deleted tokens and permissions come back). */
  reset(): Promise<void>;
  /** The server process's CPU time so far (user + system), in microseconds. */
  cpuMicros(): Promise<number>;
  /** How many requests the server has answered so far, of every operation. */
  answered(): Promise<number>;
  close(): Promise<void>;
}

interface ChildMessage {
  readonly type: string;
  readonly url?: string;
  readonly cpuMicros?: number;
  readonly answered?: number;
}

function nextMessage(child: ChildProcess, type: string): Promise<ChildMessage> {
  return new Promise((resolve, reject) => {
    const onMessage = (message: ChildMessage): void => {
      if (message.type !== type) return;
      child.off('message', onMessage);
      child.off('exit', onExit);
      resolve(message);
    };
    const onExit = (code: number | null): void => reject(new Error(`mock server process exited (${code}) before '${type}'`));
    child.on('message', onMessage);
    child.once('exit', onExit);
  });
}

/**
 * Forks `bench/mock-server-process.ts` (through tsx) and resolves once it listens on a loopback port; with `cpuProfileDir`,
 * the server process writes a `--cpu-prof` profile there when it closes.
 *
 * @example
 * const server = await startMockServerProcess();
 * await server.reset();
 * await server.close();
 */
export async function startMockServerProcess(options: { readonly cpuProfileDir?: string } = {}): Promise<MockServerProcess> {
  const script = fileURLToPath(new URL('./mock-server-process.ts', import.meta.url));
  const child = fork(script, [], { execArgv: ['--import', 'tsx', ...(options.cpuProfileDir === undefined ? [] : ['--cpu-prof', '--cpu-prof-dir', options.cpuProfileDir])], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const ready = await nextMessage(child, 'ready');
  if (ready.url === undefined || child.pid === undefined) throw new Error('mock server process gave no URL');
  return {
    url: ready.url,
    pid: child.pid,
    async reset() {
      const done = nextMessage(child, 'reset-done');
      child.send({ type: 'reset' });
      await done;
    },
    async cpuMicros() {
      const answer = nextMessage(child, 'usage');
      child.send({ type: 'usage' });
      return (await answer).cpuMicros ?? 0;
    },
    async answered() {
      const answer = nextMessage(child, 'usage');
      child.send({ type: 'usage' });
      return (await answer).answered ?? 0;
    },
    close() {
      return new Promise((resolve) => {
        child.once('exit', () => resolve());
        child.send({ type: 'close' });
      });
    },
  };
}
