import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { testEnv } from '../setup/test-environment.js';
import { type IsolatedBackends, isolatedBackends } from '../support/isolated-backends.js';
import { freePort } from '../support/processes.js';
import { PROCESS_START_MS, waitFor } from '../support/wait-for.js';

/**
 * `npm run up` ends in scripts/lib/run-services.mjs, which runs the API and the worker. These
 * tests start it the way npm does (a shell in between) and stop it the ways people do, and look
 * at the services themselves: their process ids, from their own log lines, must be gone.
 */
interface Services {
  launcher: ChildProcess;
  output: () => string;
  exited: Promise<[number | null, NodeJS.Signals | null]>;
  pids: () => { api: number; worker: number };
}

const started: Services[] = [];
// The worker consumes every job of its Redis prefix: on the run's shared one it would take (and,
// when a test kills it, strand) the jobs of test files running beside this one.
let backends: IsolatedBackends;
beforeAll(async () => {
  backends = await isolatedBackends('run_services');
});
afterAll(() => backends.drop());

async function startServices(viaShell: boolean): Promise<Services> {
  const [port, workerMetricsPort] = [await freePort(), await freePort()];
  const command = 'node scripts/lib/run-services.mjs';
  // `; exit $?` keeps the shell from replacing itself with node, as npm's `sh -c` does not either.
  const launcher = viaShell
    ? spawn('sh', ['-c', `${command}; exit $?`], { env: env(port, workerMetricsPort) })
    : spawn(process.execPath, ['scripts/lib/run-services.mjs'], {
        env: env(port, workerMetricsPort),
      });
  let output = '';
  launcher.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  launcher.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const services: Services = {
    launcher,
    output: () => output,
    exited: once(launcher, 'exit') as Promise<[number | null, NodeJS.Signals | null]>,
    pids: () => ({ api: pidOf(output, 'conduit-api'), worker: pidOf(output, 'conduit-worker') }),
  };
  started.push(services);
  await waitFor(
    async () => {
      const [api, worker] = await Promise.all([
        fetch(`http://127.0.0.1:${port}/health/ready`),
        fetch(`http://127.0.0.1:${workerMetricsPort}/health/live`),
      ]);
      return api.status === 200 && worker.status === 200;
    },
    {
      description: 'the API to be ready and the worker alive',
      timeoutMs: PROCESS_START_MS,
      context: () => `output:\n${output}`,
    },
  );
  // The launcher relays its children's lines itself: on a busy machine they can arrive after
  // the services already answer.
  await waitFor(() => safePids(services).worker, {
    description: 'the log lines that give both process ids',
    context: () => `output:\n${output}`,
  });
  return services;
}

function env(port: number, workerMetricsPort: number): NodeJS.ProcessEnv {
  return {
    ...process.env,
    ...testEnv(),
    ...backends.env,
    LOG_LEVEL: 'info',
    PORT: String(port),
    WORKER_METRICS_PORT: String(workerMetricsPort),
    SHUTDOWN_DRAIN_DELAY_MS: '0',
  };
}

function pidOf(output: string, service: string): number {
  const line = output.split('\n').find((text) => text.includes(`"name":"${service}"`));
  const pid = line && /"pid":(\d+)/.exec(line)?.[1];
  if (!pid) throw new Error(`no log line of ${service} yet; output:\n${output}`);
  return Number(pid);
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function waitUntilGone(services: Services, description: string): Promise<void> {
  const { api, worker } = services.pids();
  await waitFor(() => !isRunning(api) && !isRunning(worker), {
    description,
    timeoutMs: 60_000,
    context: () => `output:\n${services.output()}`,
  });
}

afterEach(() => {
  // A failed test must not leave services running into the next one.
  for (const services of started.splice(0)) {
    for (const pid of Object.values(safePids(services)))
      if (isRunning(pid)) process.kill(pid, 'SIGKILL');
    services.launcher.kill('SIGKILL');
  }
});

function safePids(services: Services): Partial<Record<'api' | 'worker', number>> {
  try {
    return services.pids();
  } catch {
    return {};
  }
}

describe('npm run up: the API and the worker under one launcher', () => {
  it('stops both, gracefully, when the shell npm started is sent SIGTERM', async () => {
    const services = await startServices(true);
    services.launcher.kill('SIGTERM');
    await waitUntilGone(services, 'the API and the worker to exit after SIGTERM');
    expect(services.output()).toContain('"name":"conduit-api"');
    expect(services.output().match(/shutdown complete/g)).toHaveLength(2);
  });

  it('stops both when the launcher itself is killed outright', async () => {
    const services = await startServices(true);
    // SIGKILL of npm (or of the shell) passes nothing on: the launcher sees its parent change.
    services.launcher.kill('SIGKILL');
    await waitUntilGone(services, 'the API and the worker to exit after their launcher died');
  });

  it('passes Ctrl-C (SIGINT) on once, and exits 0 when both have shut down', async () => {
    const services = await startServices(false);
    services.launcher.kill('SIGINT');
    const [code] = await services.exited;
    expect(code).toBe(0);
    expect(services.output().match(/SIGINT received; shutting down/g)).toHaveLength(2);
    expect(services.output()).not.toContain('received again');
    await waitUntilGone(services, 'the API and the worker to have exited');
  });

  it('stops the API and exits non-zero when the worker dies', async () => {
    const services = await startServices(false);
    process.kill(services.pids().worker, 'SIGKILL');
    const [code] = await services.exited;
    expect(code).not.toBe(0);
    expect(isRunning(services.pids().api)).toBe(false);
    expect(services.output()).toContain('[worker] exited with SIGKILL');
  });
});
