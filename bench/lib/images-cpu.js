// @ts-check
/**
 * CPU time from /proc, for the image phase: what the API and the worker (with its render
 * processes) spent in each window, and how much CPU went to processes that are not part of the
 * run (other people's builds and tests on a shared machine), which makes a window's figures
 * suspect.
 */
import { readFileSync, readdirSync } from 'node:fs';

/** Linux reports times in clock ticks; USER_HZ is 100 on every mainstream architecture. */
const MS_PER_TICK = 10;

/**
 * @param {number | string} pid
 * @returns {{ ppid: number, comm: string, ticks: number } | undefined}
 */
function readStat(pid) {
  let text;
  try {
    text = readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return undefined;
  }
  // The command name is in parentheses and may contain spaces: split after the last ')'.
  const close = text.lastIndexOf(')');
  const comm = text.slice(text.indexOf('(') + 1, close);
  const fields = text.slice(close + 2).split(' ');
  // fields[0] is field 3 (state): ppid is field 4, utime 14, stime 15.
  return { ppid: Number(fields[1]), comm, ticks: Number(fields[11]) + Number(fields[12]) };
}

/**
 * Ticks of all CPUs since boot: busy in processes (user, nice, system) or taken by the
 * hypervisor (steal), and the rest. Interrupt time is left out of `busy`: it is mostly this
 * run's own network traffic, and no process is charged for it.
 */
function machineTicks() {
  const line = readFileSync('/proc/stat', 'utf8').split('\n')[0];
  const [user, nice, system, idle, iowait, irq, softirq, steal] = line
    .split(/\s+/)
    .slice(1)
    .map(Number);
  return { busy: user + nice + system + steal, idle: idle + iowait + irq + softirq };
}

/**
 * @typedef {object} CpuSnapshot
 * @property {number} at performance.now()
 * @property {{ busy: number, idle: number }} machine
 * @property {Map<number, { ppid: number, comm: string, ticks: number }>} processes
 */

/** @returns {CpuSnapshot | undefined} undefined where /proc is not Linux's */
export function cpuSnapshot() {
  try {
    const processes = new Map();
    for (const entry of readdirSync('/proc')) {
      if (!/^\d+$/.test(entry)) continue;
      const stat = readStat(entry);
      if (stat) processes.set(Number(entry), stat);
    }
    return { at: performance.now(), machine: machineTicks(), processes };
  } catch {
    return undefined;
  }
}

/**
 * `root` and everything below it, by parent pid.
 * @param {CpuSnapshot} snapshot
 * @param {number} root
 */
function tree(snapshot, root) {
  const pids = new Set([root]);
  let grew = true;
  while (grew) {
    grew = false;
    for (const [pid, { ppid }] of snapshot.processes) {
      if (!pids.has(pid) && pids.has(ppid)) {
        pids.add(pid);
        grew = true;
      }
    }
  }
  return pids;
}

/**
 * CPU milliseconds of the process trees under `roots` between two snapshots (processes that
 * started in between count from zero; those that ended in between are missed).
 * @param {CpuSnapshot} before
 * @param {CpuSnapshot} after
 * @param {number | undefined} root
 */
export function treeCpuMs(before, after, root) {
  if (root === undefined) return undefined;
  let ticks = 0;
  for (const pid of tree(after, root)) {
    ticks += (after.processes.get(pid)?.ticks ?? 0) - (before.processes.get(pid)?.ticks ?? 0);
  }
  return ticks * MS_PER_TICK;
}

/**
 * CPU time that went to processes outside this run: the machine's busy time minus what the
 * bench's own process tree, Postgres and Redis used, as a share of all CPUs' time, with the
 * busiest of those processes (short-lived ones are missed there, but not in the share).
 * @param {CpuSnapshot} before
 * @param {CpuSnapshot} after
 * @param {number} benchPid
 * @returns {{ share: number, top: string[] }}
 */
export function otherWork(before, after, benchPid) {
  const busy = after.machine.busy - before.machine.busy;
  const all = busy + after.machine.idle - before.machine.idle;
  if (all <= 0) return { share: 0, top: [] };
  const ours = tree(after, benchPid);
  let ourTicks = 0;
  /** @type {{ name: string, ticks: number }[]} */
  const others = [];
  for (const [pid, stat] of after.processes) {
    const ticks = stat.ticks - (before.processes.get(pid)?.ticks ?? 0);
    if (ours.has(pid) || /^(postgres|redis-server)/.test(stat.comm)) ourTicks += ticks;
    else if (ticks > 0) others.push({ name: `${stat.comm}[${pid}]`, ticks });
  }
  const top = others
    .sort((a, b) => b.ticks - a.ticks)
    .slice(0, 3)
    .map(({ name, ticks }) => `${name} ${((ticks * MS_PER_TICK) / 1000).toFixed(1)} s`);
  return { share: Math.max(0, (busy - ourTicks) / all), top };
}
