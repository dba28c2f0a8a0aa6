import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { createServer } from 'node:net';
import { join, resolve } from 'node:path';
import { testEnv } from '../setup/test-environment.js';
import { PROCESS_START_MS, waitFor } from './wait-for.js';

const DIST = resolve('dist/src');
const PRELOAD = join(DIST, 'infra/telemetry/instrumentation.js');

/** A built entry point running as its own process, as in production. */
export interface RunningProcess {
  child: ChildProcess;
  output: () => string;
  /** Resolves with the exit code (or signal name) once the process has ended. */
  exited: Promise<number | string>;
}

export function startProcess(
  entry: 'main' | 'worker',
  env: Record<string, string>,
  cwd?: string,
  /** The `--import` preload: the service's own unless a test brings one. */
  preload = PRELOAD,
): RunningProcess {
  const child = spawn(process.execPath, ['--import', preload, join(DIST, `${entry}.js`)], {
    cwd,
    env: { ...testEnv(), LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = once(child, 'exit').then(([code, signal]) => (code ?? signal) as number | string);
  return { child, output: () => output, exited };
}

/** Waits until the process has printed `text`, or fails with what it printed instead. */
export async function waitForOutput(
  proc: RunningProcess,
  text: string,
  timeoutMs = PROCESS_START_MS,
): Promise<void> {
  const ended = () => proc.child.exitCode !== null || proc.child.signalCode !== null;
  await waitFor(() => proc.output().includes(text) || ended(), {
    description: `the process to print "${text}"`,
    timeoutMs,
    context: () => `it printed:\n${proc.output()}`,
  });
  if (!proc.output().includes(text)) {
    const code = proc.child.exitCode ?? proc.child.signalCode;
    throw new Error(
      `process exited (${code}) without printing "${text}"; it printed:\n${proc.output()}`,
    );
  }
}

export async function freePort(): Promise<number> {
  const server = createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as { port: number };
  server.close();
  await once(server, 'close');
  return port;
}

/** Stops a process that a test left running, so none outlive the run. */
export async function stopProcess(proc: RunningProcess | undefined): Promise<void> {
  if (!proc || proc.child.exitCode !== null || proc.child.signalCode !== null) return;
  proc.child.kill('SIGKILL');
  await proc.exited;
}
