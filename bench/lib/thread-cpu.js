// @ts-check
/** CPU time of each thread of a process, from /proc, grouped by what the thread does. */
import { readdirSync, readFileSync } from 'node:fs';

/** Clock ticks per second of /proc's utime and stime (USER_HZ, 100 on Linux). */
const TICKS_PER_SECOND = 100;

/**
 * @param {number} pid
 * @returns {Map<string, number>} CPU milliseconds per group: `main (user)`, `main (system)`,
 *   `V8 workers` (garbage collection, compilation), `libuv pool` (file I/O, DNS), `other`
 */
export function threadCpuMs(pid) {
  /** @type {Map<string, number>} */
  const groups = new Map();
  const add = (/** @type {string} */ group, /** @type {number} */ ticks) =>
    groups.set(group, (groups.get(group) ?? 0) + (ticks * 1000) / TICKS_PER_SECOND);
  for (const tid of readdirSync(`/proc/${pid}/task`)) {
    let stat;
    try {
      stat = readFileSync(`/proc/${pid}/task/${tid}/stat`, 'utf8');
    } catch {
      continue; // the thread ended meanwhile
    }
    const close = stat.lastIndexOf(')');
    const name = stat.slice(stat.indexOf('(') + 1, close);
    const fields = stat.slice(close + 2).split(' ');
    const [user, system] = [Number(fields[11]), Number(fields[12])];
    if (tid === String(pid)) {
      add('main (user)', user);
      add('main (system)', system);
    } else if (name.startsWith('V8')) add('V8 workers', user + system);
    else if (name.startsWith('libuv')) add('libuv pool', user + system);
    else add('other', user + system);
  }
  return groups;
}
