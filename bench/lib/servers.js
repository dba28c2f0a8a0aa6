// @ts-check
/** Starts and stops the servers under test: the built API and the raw `node:http` baseline. */
import { randomBytes } from 'node:crypto';
import { closeSync, openSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { SERVER_CPU, exited, pinned, spawnTracked, stopProcess } from './processes.js';

const HOST = '127.0.0.1';

/**
 * @typedef {object} Server
 * @property {string} name
 * @property {string} baseUrl e.g. http://127.0.0.1:41234
 * @property {import('node:child_process').ChildProcess} child
 * @property {() => Promise<StopResult>} stop SIGTERM, wait for the exit (SIGKILL past a deadline)
 */
/** @typedef {Awaited<ReturnType<typeof stopProcess>>} StopResult */

/** A free loopback port (there is a small race until the server binds it; fine on a bench box). */
export function freePort() {
  return /** @type {Promise<number>} */ (
    new Promise((resolve, reject) => {
      const probe = createServer();
      probe.once('error', reject);
      probe.listen(0, HOST, () => {
        const address = probe.address();
        const port = typeof address === 'object' && address ? address.port : 0;
        probe.close(() => resolve(port));
      });
    })
  );
}

/**
 * Polls `url` until it answers 200, the child exits, or the deadline passes.
 * @param {string} url
 * @param {import('node:child_process').ChildProcess} child
 * @param {number} timeoutMs
 * @param {() => string} diagnostics extra text for the error (e.g. the tail of a log)
 * @param {AbortSignal} signal
 * @param {number} [pollMs] time between two tries
 */
async function waitUntilServing(url, child, timeoutMs, diagnostics, signal, pollMs = 100) {
  const deadline = Date.now() + timeoutMs;
  let lastProblem = 'no answer yet';
  let exit = /** @type {{ code: number | null, signal: string | null } | undefined} */ (undefined);
  void exited(child).then((result) => (exit = result));
  while (Date.now() < deadline) {
    signal.throwIfAborted();
    if (exit) {
      throw new Error(
        `${url}: server exited before serving (code ${exit.code}, signal ${exit.signal})\n${diagnostics()}`,
      );
    }
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(1_000) });
      await response.arrayBuffer();
      if (response.status === 200) return;
      lastProblem = `HTTP ${response.status}`;
    } catch (error) {
      lastProblem = /** @type {Error} */ (error).message;
    }
    await sleep(pollMs);
  }
  throw new Error(`${url}: not serving after ${timeoutMs} ms (${lastProblem})\n${diagnostics()}`);
}

/**
 * @param {import('node:child_process').ChildProcess} child
 * @param {string} name
 * @param {string} baseUrl
 * @param {number} stopTimeoutMs
 * @returns {Server}
 */
function serverHandle(child, name, baseUrl, stopTimeoutMs) {
  return { name, baseUrl, child, stop: () => stopProcess(child, stopTimeoutMs) };
}

/**
 * @param {{ pinning: import('./processes.js').Pinning, benchDir: string, signal: AbortSignal }} options
 * @returns {Promise<Server>}
 */
export async function startRawServer({ pinning, benchDir, signal }) {
  const port = await freePort();
  const [command, args] = pinned(pinning, SERVER_CPU, process.execPath, [
    join(benchDir, 'raw-server.js'),
  ]);
  // Own process group, so only this process decides when it stops (Ctrl-C reaches the bench
  // alone); the IPC channel lets it notice if the bench dies without cleaning up.
  const child = spawnTracked(command, args, {
    env: { ...process.env, PORT: String(port), HOST },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    detached: true,
  });
  const server = serverHandle(child, 'raw node:http', `http://${HOST}:${port}`, 5_000);
  try {
    await waitUntilServing(`${server.baseUrl}/`, child, 10_000, () => '', signal);
  } catch (error) {
    await server.stop();
    throw error;
  }
  return server;
}

/** @param {string} path */
function tail(path, lines = 30) {
  try {
    return readFileSync(path, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
  } catch {
    return '';
  }
}

/**
 * Starts the built API the way production runs it (`npm start`): telemetry preloaded with
 * `--import`, NODE_ENV=production, JSON logs on stdout, which go to `<name>.log`.
 * @param {{
 *   name: string,
 *   pinning: import('./processes.js').Pinning,
 *   rootDir: string,
 *   logDir: string,
 *   env: Record<string, string>,
 *   signal: AbortSignal,
 *   readyPollMs?: number,
 * }} options `readyPollMs`: how often to ask /health/ready (100 ms), the resolution of `readyMs`
 * @returns {Promise<Server & { logFile: string, stderrFile: string, readyMs: number }>}
 *   `readyMs`: from the spawn to the first 200 of /health/ready
 */
export async function startApi({ name, pinning, rootDir, logDir, env, signal, readyPollMs }) {
  const port = await freePort();
  const logFile = join(logDir, `${name}.log`);
  const stderrFile = join(logDir, `${name}.stderr.log`);
  const out = openSync(logFile, 'a');
  const err = openSync(stderrFile, 'a');
  // Same flags as package.json "start".
  const [command, args] = pinned(pinning, SERVER_CPU, process.execPath, [
    '--max-semi-space-size=16',
    '--import',
    './dist/src/infra/telemetry/instrumentation.js',
    'dist/src/main.js',
  ]);
  // Own process group: a Ctrl-C on the terminal reaches the bench only, which then stops the
  // API with one SIGTERM, as an orchestrator would, and checks that it exits cleanly.
  const spawnedAt = performance.now();
  const child = spawnTracked(command, args, {
    cwd: rootDir,
    env: { ...process.env, ...env, HOST, PORT: String(port) },
    stdio: ['ignore', out, err],
    detached: true,
  });
  // The child holds its own copies of the descriptors.
  closeSync(out);
  closeSync(err);
  // The API's own shutdown deadline is SHUTDOWN_TIMEOUT_MS (10 s by default).
  const server = serverHandle(child, name, `http://${HOST}:${port}`, 15_000);
  try {
    // Readiness, not liveness: Postgres and Redis must be connected before we load it.
    await waitUntilServing(
      `${server.baseUrl}/health/ready`,
      child,
      60_000,
      () => `--- ${stderrFile} ---\n${tail(stderrFile)}\n--- ${logFile} ---\n${tail(logFile)}`,
      signal,
      readyPollMs,
    );
  } catch (error) {
    await server.stop();
    throw error;
  }
  return { ...server, logFile, stderrFile, readyMs: performance.now() - spawnedAt };
}

/**
 * {@link apiEnv} for a side harness (bench/lib/resources.js `sideHarnessResources`): its Redis
 * and prefix, info logs and telemetry on unless the options say otherwise.
 * @param {{ redisUrl: string, prefix: string }} resources
 * @param {string} databaseUrl
 * @param {{ logLevel?: string, otel?: boolean, otlpEndpoint?: string, traceRatio?: number }} options
 */
export function sideApiEnv({ redisUrl, prefix }, databaseUrl, options) {
  const { logLevel = 'info', otel = true, ...rest } = options;
  return apiEnv({ databaseUrl, redisUrl, redisPrefix: prefix, logLevel, otel, ...rest });
}

/**
 * The environment every bench API (and worker) process starts with: production settings, JSON
 * logs, telemetry as configured, a fresh signing key. The security layer stays on (each request
 * still counts in Redis) with limits no bench client reaches: all load comes from one address.
 * With an `otlpEndpoint` (bench/lib/otlp-sink.js), the spans of `traceRatio` of the requests
 * are recorded and exported there (the parent-based ratio sampler production runs with);
 * without one, spans are created but not recorded (exporter `none`).
 * @param {{ databaseUrl: string, redisUrl: string, redisPrefix: string, logLevel: string, otel: boolean, otlpEndpoint?: string, traceRatio?: number }} options
 */
export function apiEnv({
  databaseUrl,
  redisUrl,
  redisPrefix,
  logLevel,
  otel,
  otlpEndpoint,
  traceRatio = 1,
}) {
  return {
    NODE_ENV: 'production',
    DATABASE_URL: databaseUrl,
    REDIS_URL: redisUrl,
    REDIS_KEY_PREFIX: redisPrefix,
    JWT_SECRET: randomBytes(32).toString('hex'),
    LOG_LEVEL: logLevel,
    LOG_FORMAT: 'json',
    OTEL_SDK_DISABLED: otel ? 'false' : 'true',
    ...(otlpEndpoint
      ? {
          OTEL_TRACES_EXPORTER: 'otlp',
          OTEL_EXPORTER_OTLP_ENDPOINT: otlpEndpoint,
          OTEL_TRACES_SAMPLER: 'parentbased_traceidratio',
          OTEL_TRACES_SAMPLER_ARG: String(traceRatio),
        }
      : { OTEL_TRACES_EXPORTER: 'none' }),
    RATE_LIMIT_MAX: '1000000000',
    AUTH_RATE_LIMIT_MAX: '1000000000',
    // Metrics on, as in production, on ports the system picks: nothing else may hold 9464/9465.
    METRICS_PORT: '0',
    WORKER_METRICS_PORT: '0',
    // No load balancer to wait for: stop at once (production would drain for 5 s).
    SHUTDOWN_DRAIN_DELAY_MS: '0',
  };
}
