// @ts-check
/**
 * The footprint phase: how long the API takes from spawn to ready, and how much memory the API
 * and the worker hold when idle. The API starts `starts` times as the bench starts it (pinned to
 * the server CPU, telemetry as BENCH_OTEL says); each start is timed from the spawn to the first
 * 200 of /health/ready (asked every 10 ms), then the process idles for SETTLE_MS and its RSS is
 * read from /proc. The worker starts once, waits for its "worker started" line, idles, and is
 * read the same way. The medians count for the goals.
 */
import { readFileSync, readdirSync, realpathSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { enumVar, intVar } from './config.js';
import { startWorker } from './images-processes.js';
import { summarizeLog } from './logs.js';
import { startApi } from './servers.js';

/** Idle time after ready before RSS is read: start-up work (JIT, first GCs) settles. */
export const SETTLE_MS = 2_000;
const READY_POLL_MS = 10;

/**
 * @typedef {object} FootprintConfig
 * @property {boolean} enabled
 * @property {'auto' | 'on' | 'off'} mode BENCH_FOOTPRINT
 * @property {number} starts BENCH_STARTS: API starts to time
 */

/**
 * BENCH_FOOTPRINT (auto: on unless BENCH_SCENARIOS picks scenarios or BENCH_IMAGES=only) and
 * BENCH_STARTS (3).
 * @param {Record<string, string | undefined>} env
 * @param {{ scenariosPicked: boolean, imagesOnly: boolean }} run
 * @returns {FootprintConfig}
 */
export function readFootprintConfig(env, { scenariosPicked, imagesOnly }) {
  const mode = enumVar(
    env,
    'BENCH_FOOTPRINT',
    /** @type {const} */ (['auto', 'on', 'off']),
    'auto',
  );
  const starts = intVar(env, 'BENCH_STARTS', 3, 1, 20);
  const enabled = mode === 'on' || (mode === 'auto' && !scenariosPicked && !imagesOnly);
  return { enabled, mode, starts };
}

/**
 * @typedef {object} FootprintReport
 * @property {number} settleMs
 * @property {boolean} telemetry
 * @property {{ readyMs: number, rssMb: number | undefined }[]} starts one per API start
 * @property {number | undefined} coldStartSec median of the starts' readyMs, in seconds
 * @property {number | undefined} apiRssMb median of the starts' RSS
 * @property {number | undefined} workerRssMb the worker's own process
 * @property {{ count: number, rssMb: number } | undefined} workerChildren processes the idle
 *   worker had started (render processes, for instance), not counted in workerRssMb
 * @property {string[]} problems
 */

/**
 * @param {number[]} values
 * @returns {number | undefined}
 */
export function median(values) {
  if (values.length === 0) return undefined;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

/** @param {number | string} pid */
function executable(pid) {
  try {
    return realpathSync(`/proc/${pid}/exe`);
  } catch {
    return undefined;
  }
}

/**
 * The node process behind `pid`: `pid` itself when it runs node (taskset execs it), else its
 * node child (a wrapper such as a shell or `nice`), so that RSS is the runtime's, not the wrapper's.
 * @param {number} pid
 */
export function nodeProcess(pid) {
  const node = realpathSync(process.execPath);
  if (executable(pid) === node) return pid;
  const child = childrenOf(pid).find((id) => executable(id) === node);
  if (child !== undefined) return child;
  throw new Error(`process ${pid} runs ${executable(pid) ?? 'something unknown'}, not ${node}`);
}

/**
 * The processes whose parent is `pid`.
 * @param {number} pid
 */
export function childrenOf(pid) {
  /** @type {number[]} */
  const children = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    let stat;
    try {
      stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
    } catch {
      continue;
    }
    // "pid (comm) state ppid …": comm may hold spaces and parentheses.
    const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
    if (ppid === pid) children.push(Number(entry));
  }
  return children;
}

/**
 * Resident memory of a process in MB (MiB, as ps and top count), from /proc/<pid>/status.
 * @param {number} pid
 */
export function rssMb(pid) {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = /^VmRSS:\s+(\d+) kB$/m.exec(status)?.[1];
  if (kb === undefined) throw new Error(`no VmRSS in /proc/${pid}/status`);
  return Number(kb) / 1024;
}

/**
 * RSS of the node process behind `child`, or undefined (with a problem) where /proc is missing.
 * @param {import('node:child_process').ChildProcess} child
 * @param {string[]} problems
 */
function idleRss(child, problems) {
  try {
    return rssMb(nodeProcess(/** @type {number} */ (child.pid)));
  } catch (error) {
    problems.push(`RSS not read: ${/** @type {Error} */ (error).message}`);
    return undefined;
  }
}

/**
 * How many processes the node process behind `child` started, and their RSS in total.
 * @param {import('node:child_process').ChildProcess} child
 */
function childProcesses(child) {
  try {
    const pending = childrenOf(nodeProcess(/** @type {number} */ (child.pid)));
    let count = 0;
    let total = 0;
    for (let pid = pending.pop(); pid !== undefined; pid = pending.pop()) {
      try {
        total += rssMb(pid);
        count++;
        pending.push(...childrenOf(pid));
      } catch {
        // It exited meanwhile.
      }
    }
    return { count, rssMb: total };
  } catch {
    return undefined;
  }
}

/**
 * Stops a process and records anything unclean: an exit other than 0, or errors in its log.
 * @param {{ name: string, logFile: string, stop: () => Promise<import('./servers.js').StopResult> }} started
 * @param {string[]} problems
 */
async function stopChecked(started, problems) {
  const result = await started.stop();
  if (result.code !== 0 || result.killed || result.alreadyExited) {
    problems.push(
      `${started.name} did not exit cleanly (code ${result.code}, signal ${result.signal})`,
    );
  }
  const { errors } = await summarizeLog(started.logFile);
  if (errors > 0) problems.push(`${started.name} logged ${errors} errors (${started.logFile})`);
}

/**
 * Runs the phase on a migrated database (the one of the HTTP scenarios). Every process it
 * starts is stopped before it returns or throws.
 * @param {{
 *   starts: number,
 *   telemetry: boolean,
 *   pinning: import('./processes.js').Pinning,
 *   rootDir: string,
 *   logDir: string,
 *   env: Record<string, string>,
 *   signal: AbortSignal,
 *   log: (line: string) => void,
 * }} options
 * @returns {Promise<FootprintReport>}
 */
export async function measureFootprint({
  starts,
  telemetry,
  pinning,
  rootDir,
  logDir,
  env,
  signal,
  log,
}) {
  /** @type {FootprintReport} */
  const report = {
    settleMs: SETTLE_MS,
    telemetry,
    starts: [],
    coldStartSec: undefined,
    apiRssMb: undefined,
    workerRssMb: undefined,
    workerChildren: undefined,
    problems: [],
  };
  const idle = `${SETTLE_MS / 1000} s idle`;
  // Its own key prefix (under the run's, so removed with it): jobs queued by the scenarios,
  // such as welcome mails for the users they registered, must not keep the worker busy.
  const ownEnv = { ...env, REDIS_KEY_PREFIX: `${env.REDIS_KEY_PREFIX ?? ''}footprint:` };
  for (let i = 1; i <= starts; i++) {
    const name = `api-footprint-${i}`;
    const api = await startApi({
      name,
      pinning,
      rootDir,
      logDir,
      env: ownEnv,
      signal,
      readyPollMs: READY_POLL_MS,
    });
    try {
      await sleep(SETTLE_MS, undefined, { signal });
      const rss = idleRss(api.child, report.problems);
      report.starts.push({ readyMs: Math.round(api.readyMs), rssMb: rss });
      log(
        `  ${name}: ready ${(api.readyMs / 1000).toFixed(2)} s after spawn; RSS ${rss?.toFixed(0) ?? '-'} MB after ${idle}`,
      );
    } finally {
      await stopChecked(api, report.problems);
    }
  }
  const worker = await startWorker({
    name: 'worker-footprint',
    pinning,
    cpu: 'api',
    rootDir,
    logDir,
    env: { ...ownEnv, STORAGE_DIR: join(logDir, 'footprint-storage') },
    signal,
  });
  try {
    await sleep(SETTLE_MS, undefined, { signal });
    report.workerRssMb = idleRss(worker.child, report.problems);
    report.workerChildren = childProcesses(worker.child);
    log(`  worker-footprint: RSS ${report.workerRssMb?.toFixed(0) ?? '-'} MB after ${idle}`);
  } finally {
    await stopChecked(worker, report.problems);
  }
  const readyMs = median(report.starts.map((s) => s.readyMs));
  report.coldStartSec = readyMs === undefined ? undefined : readyMs / 1000;
  report.apiRssMb = median(report.starts.flatMap((s) => (s.rssMb === undefined ? [] : [s.rssMb])));
  return report;
}

/**
 * The lines printed after the table.
 * @param {FootprintReport} report
 */
export function formatFootprint(report) {
  const seconds = report.starts.map((s) => (s.readyMs / 1000).toFixed(2)).join(', ');
  const rss = report.starts.map((s) => s.rssMb?.toFixed(0) ?? '-').join(', ');
  const lines = [
    `footprint (telemetry ${report.telemetry ? 'on' : 'off'}; RSS after ${report.settleMs / 1000} s idle; medians):`,
    `  cold start to ready (spawn to /health/ready 200): ${report.coldStartSec?.toFixed(2) ?? '-'} s (starts: ${seconds} s)`,
    `  idle RSS: API ${report.apiRssMb?.toFixed(0) ?? '-'} MB (starts: ${rss} MB), worker ${report.workerRssMb?.toFixed(0) ?? '-'} MB`,
  ];
  if (report.workerChildren?.count) {
    const { count, rssMb: total } = report.workerChildren;
    lines.push(`  the idle worker had ${count} child processes, ${total.toFixed(0)} MB more`);
  }
  for (const problem of report.problems) lines.push(`  problem: ${problem}`);
  return lines.join('\n');
}
