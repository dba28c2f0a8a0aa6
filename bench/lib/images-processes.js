// @ts-check
/**
 * The processes of the image phase besides the API (started with servers.js): the worker, the
 * fixed-rate probe and the upload client. Same bookkeeping as the rest of the bench: tracked
 * children in their own process groups, stopped by the bench.
 */
import { spawnSync } from 'node:child_process';
import { closeSync, openSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { LOADGEN_CPU, SERVER_CPU, exited, pinned, spawnTracked, stopProcess } from './processes.js';

const benchLib = new URL('.', import.meta.url).pathname;

/** @param {string} path */
function tail(path, lines = 30) {
  try {
    return readFileSync(path, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
  } catch {
    return '';
  }
}

/**
 * @typedef {object} Worker
 * @property {string} name
 * @property {import('node:child_process').ChildProcess} child
 * @property {string} logFile
 * @property {string} stderrFile
 * @property {() => Promise<import('./servers.js').StopResult>} stop
 */

/**
 * Starts the built worker as `npm run start:worker` does, and waits for its "worker started"
 * line. `cpu`: 'any' leaves it unpinned (its render children may run on every CPU, the API's
 * included); 'api' pins it, and so its children, to the API's CPU; 'other' to the load
 * generator's CPU, away from the API's.
 * @param {{
 *   name: string,
 *   pinning: import('./processes.js').Pinning,
 *   cpu: 'any' | 'api' | 'other',
 *   rootDir: string,
 *   logDir: string,
 *   env: Record<string, string>,
 *   signal: AbortSignal,
 * }} options
 * @returns {Promise<Worker>}
 */
export async function startWorker({ name, pinning, cpu, rootDir, logDir, env, signal }) {
  const logFile = join(logDir, `${name}.log`);
  const stderrFile = join(logDir, `${name}.stderr.log`);
  const out = openSync(logFile, 'a');
  const err = openSync(stderrFile, 'a');
  // Same flags as package.json "start:worker".
  const argv = [
    '--max-semi-space-size=16',
    '--import',
    './dist/src/infra/telemetry/instrumentation.js',
    'dist/src/worker.js',
  ];
  const [command, args] =
    cpu === 'any'
      ? [process.execPath, argv]
      : pinned(pinning, cpu === 'api' ? SERVER_CPU : LOADGEN_CPU, process.execPath, argv);
  // Own process group and session, as the API's (servers.js): only the bench stops it.
  const child = spawnTracked(command, args, {
    cwd: rootDir,
    env: { ...process.env, ...env },
    stdio: ['ignore', out, err],
    detached: true,
  });
  closeSync(out);
  closeSync(err);
  child.on('error', () => {});
  const worker = {
    name,
    child,
    logFile,
    stderrFile,
    // The worker waits up to SHUTDOWN_TIMEOUT_MS (10 s) for active jobs.
    stop: () => stopProcess(child, 15_000),
  };
  let exit = /** @type {{ code: number | null, signal: string | null } | undefined} */ (undefined);
  void exited(child).then((result) => (exit = result));
  const deadline = Date.now() + 60_000;
  try {
    for (;;) {
      signal.throwIfAborted();
      if (tail(logFile, 200).includes('worker started')) return worker;
      if (exit) {
        throw new Error(
          `${name} exited before it started (code ${exit.code}, signal ${exit.signal})\n--- ${stderrFile} ---\n${tail(stderrFile)}\n--- ${logFile} ---\n${tail(logFile)}`,
        );
      }
      if (Date.now() > deadline) throw new Error(`${name}: no "worker started" after 60 s`);
      await sleep(100);
    }
  } catch (error) {
    await worker.stop();
    throw error;
  }
}

/**
 * Whether the probe can run under the real-time policy (`chrt --fifo 1`, which needs root or
 * CAP_SYS_NICE): then no ordinary process, render processes included, delays it on its CPU.
 * @returns {{ enabled: boolean, note: string }}
 */
export function detectRealtime() {
  const probe = spawnSync('chrt', ['--fifo', '1', 'true']);
  if (probe.error)
    return { enabled: false, note: 'chrt not found: the probe runs at normal priority' };
  if (probe.status !== 0) {
    return {
      enabled: false,
      note: 'chrt --fifo refused (not root): the probe runs at normal priority',
    };
  }
  return { enabled: true, note: 'SCHED_FIFO 1 (chrt)' };
}

/**
 * A child on the load generator's CPU that speaks over IPC (the probe and the uploader).
 * @param {import('./processes.js').Pinning} pinning
 * @param {string} script file name in bench/lib
 * @param {unknown} job its JSON argument
 * @param {AbortSignal} signal
 * @param {boolean} [realtime] start it under `chrt --fifo 1`
 */
function startHelper(pinning, script, job, signal, realtime = false) {
  const [pinnedCmd, pinnedArgv] = pinned(pinning, LOADGEN_CPU, process.execPath, [
    join(benchLib, script),
    JSON.stringify(job),
  ]);
  // chrt and taskset both exec the next command: the child's pid is node's.
  const [cmd, argv] = realtime
    ? ['chrt', ['--fifo', '1', pinnedCmd, ...pinnedArgv]]
    : [pinnedCmd, pinnedArgv];
  const child = spawnTracked(cmd, argv, {
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    signal,
    detached: true,
  });
  child.on('error', () => {}); // an abort or a failed spawn surfaces through `reply`
  /**
   * The next message of this type (or a rejection when the child exits first).
   * @template T
   * @param {string} type
   * @returns {Promise<T>}
   */
  const reply = (type) =>
    new Promise((resolve, reject) => {
      /** @param {any} message */
      const onMessage = (message) => {
        if (message?.type !== type) return;
        child.off('exit', onExit);
        child.off('message', onMessage);
        resolve(message);
      };
      const onExit = (/** @type {number | null} */ code, /** @type {string | null} */ sig) => {
        child.off('message', onMessage);
        reject(new Error(`${script} exited (${code ?? sig}) before sending "${type}"`));
      };
      child.on('message', onMessage);
      child.once('exit', onExit);
    });
  return { child, reply };
}

/**
 * Starts the fixed-rate probe (images-probe.js) at once; `stop()` returns its samples.
 * @param {{ url: string, rate: number, pinning: import('./processes.js').Pinning, realtime: boolean, signal: AbortSignal, maxSeconds: number }} options
 */
export async function startProbe({ url, rate, pinning, realtime, signal, maxSeconds }) {
  /** @type {import('./images-probe.js').ProbeJob} */
  const job = { url, rate, maxSockets: 512, timeoutMs: 10_000, maxSeconds };
  const { child, reply } = startHelper(pinning, 'images-probe.js', job, signal, realtime);
  const result = reply('result');
  result.catch(() => {});
  await reply('started');
  return {
    /** @returns {Promise<import('./images-probe.js').ProbeResult>} */
    stop: async () => {
      if (child.connected) child.send({ type: 'stop' });
      const { result: samples } = /** @type {{ result: any }} */ (await result);
      await exited(child);
      return samples;
    },
  };
}

/**
 * Starts the upload client (images-uploader.js) and waits until it has read the files.
 * @param {{ url: string, token: string, files: string[], inFlight: number, pinning: import('./processes.js').Pinning, signal: AbortSignal }} options
 */
export async function startUploader({ url, token, files, inFlight, pinning, signal }) {
  /** @type {import('./images-uploader.js').UploadJob} */
  const job = { url, token, files, inFlight, timeoutMs: 120_000 };
  const { child, reply } = startHelper(pinning, 'images-uploader.js', job, signal);
  const result = reply('result');
  result.catch(() => {});
  await reply('ready');
  return {
    /**
     * Starts the uploads; resolves with them all once answered.
     * @returns {Promise<import('./images-uploader.js').Upload[]>}
     */
    run: async () => {
      child.send({ type: 'start' });
      const { uploads } = /** @type {{ uploads: any }} */ (await result);
      await exited(child);
      return uploads;
    },
  };
}
