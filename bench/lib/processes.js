// @ts-check
/**
 * Child processes of the bench: CPU pinning, and bookkeeping so that none outlives the run.
 */
import { spawn, spawnSync } from 'node:child_process';
import { availableParallelism } from 'node:os';

/** CPUs the bench uses when it can pin: the server gets one, the load generator the other. */
export const SERVER_CPU = 0;
export const LOADGEN_CPU = 1;

/** @type {Set<import('node:child_process').ChildProcess>} */
const live = new Set();

/**
 * @typedef {object} Pinning
 * @property {boolean} enabled
 * @property {string} note what was decided and why, for the printed configuration
 */

/**
 * Pinning needs util-linux `taskset`, two CPUs this process may run on, and a kernel that
 * lets us set affinity (some sandboxes refuse).
 * @param {boolean} wanted
 * @returns {Pinning}
 */
export function detectPinning(wanted) {
  if (!wanted) return { enabled: false, note: 'off (BENCH_PIN=off)' };
  const cpus = availableParallelism();
  if (cpus < 2) {
    return { enabled: false, note: `unavailable: only ${cpus} CPU, server and load share it` };
  }
  const probe = spawnSync('taskset', ['-c', `${SERVER_CPU},${LOADGEN_CPU}`, 'true']);
  if (probe.error || probe.status !== 0) {
    const why = probe.error ? 'taskset not found (apt-get install util-linux)' : 'taskset refused';
    return { enabled: false, note: `unavailable: ${why}; server and load share ${cpus} CPUs` };
  }
  return {
    enabled: true,
    note: `server on CPU ${SERVER_CPU}, load generator on CPU ${LOADGEN_CPU} (taskset); Postgres and Redis unpinned`,
  };
}

/**
 * Prefixes a command with `taskset -c <cpu>` when pinning is on. taskset execs the command,
 * so the child's pid is the command's pid and signals reach it directly.
 * @param {Pinning} pinning
 * @param {number} cpu
 * @param {string} command
 * @param {string[]} args
 * @returns {[string, string[]]}
 */
export function pinned(pinning, cpu, command, args) {
  return pinning.enabled ? ['taskset', ['-c', String(cpu), command, ...args]] : [command, args];
}

/**
 * `spawn`, remembering the child until it exits.
 * @param {string} command
 * @param {string[]} args
 * @param {import('node:child_process').SpawnOptions} options
 */
export function spawnTracked(command, args, options) {
  const child = spawn(command, args, options);
  live.add(child);
  child.once('exit', () => live.delete(child));
  // A failed spawn (ENOENT) emits 'error' without 'exit'.
  child.once('error', () => {
    if (child.exitCode === null && child.signalCode === null && child.pid === undefined) {
      live.delete(child);
    }
  });
  return child;
}

/**
 * Resolves when the child has exited (at once if it already has).
 * @param {import('node:child_process').ChildProcess} child
 * @returns {Promise<{ code: number | null, signal: NodeJS.Signals | null }>}
 */
export function exited(child) {
  if (child.exitCode !== null || child.signalCode !== null) {
    return Promise.resolve({ code: child.exitCode, signal: child.signalCode });
  }
  return new Promise((resolve) => {
    child.once('exit', (code, signal) => resolve({ code, signal }));
  });
}

/**
 * Sends SIGTERM and waits for the exit; SIGKILL after `timeoutMs`.
 * @param {import('node:child_process').ChildProcess} child
 * @param {number} timeoutMs
 * @returns {Promise<{ code: number | null, signal: NodeJS.Signals | null, ms: number, killed: boolean, alreadyExited: boolean }>}
 */
export async function stopProcess(child, timeoutMs) {
  const started = Date.now();
  if (child.exitCode !== null || child.signalCode !== null) {
    return {
      code: child.exitCode,
      signal: child.signalCode,
      ms: 0,
      killed: false,
      alreadyExited: true,
    };
  }
  const done = exited(child);
  child.kill('SIGTERM');
  /** @type {NodeJS.Timeout | undefined} */
  let timer;
  const timedOut = new Promise((resolve) => {
    timer = setTimeout(() => resolve('timeout'), timeoutMs);
  });
  const first = await Promise.race([done, timedOut]);
  clearTimeout(timer);
  let killed = false;
  if (first === 'timeout') {
    killed = true;
    child.kill('SIGKILL');
  }
  const { code, signal } = await done;
  return { code, signal, ms: Date.now() - started, killed, alreadyExited: false };
}

/** Last resort (second Ctrl-C, crash): SIGKILL whatever is still running. */
export function killAllNow() {
  for (const child of live) child.kill('SIGKILL');
}

/** Children still running, for a final check before exit. */
export function liveChildren() {
  return [...live].filter((c) => c.exitCode === null && c.signalCode === null);
}
