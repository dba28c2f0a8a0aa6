// @ts-check
/** Turns measured runs into the printed table and bench/results/latest.json. */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { columns } from './columns.js';
import { comparisonGoalOf, goalCellOf } from './goal-report.js';

/**
 * One table row.
 * @typedef {object} Row
 * @property {string} name
 * @property {import('../scenarios.js').Scenario['server']} server
 * @property {string} request e.g. "GET /api/user"
 * @property {boolean} baseline
 * @property {import('./load.js').LoadResult | undefined} load undefined when the scenario could not run
 * @property {string | undefined} failure why it could not run
 * @property {string | undefined} skipped why it was not run (not an error)
 * @property {string | undefined} note what setup picked, e.g. the user or article
 * @property {import('./fixtures.js').CacheCounters | undefined} cache the API's cache counters
 *   that moved during the scenario (check request, warm-up and measured run)
 */

/**
 * @param {import('./load.js').LoadResult} load
 */
function errorCount(load) {
  return load.non2xx + load.socketErrors + load.timeouts;
}

/**
 * Numbers for one row, with the ratio to the baseline's req/s.
 * @param {Row} row
 * @param {number | undefined} baselineRps
 */
export function summarize(row, baselineRps) {
  const load = row.load;
  const rps = load ? load.requests / load.durationSec : undefined;
  const errors = load ? errorCount(load) : undefined;
  return {
    name: row.name,
    server: row.server,
    request: row.request,
    baseline: row.baseline,
    rps,
    p50Ms: load?.p50Ms,
    p99Ms: load?.p99Ms,
    ratio: rps !== undefined && baselineRps ? rps / baselineRps : undefined,
    requests: load?.requests,
    ok: load?.ok,
    non2xx: load?.non2xx,
    socketErrors: load?.socketErrors,
    timeouts: load?.timeouts,
    statusCodes: load?.statusCodes,
    errors,
    flagged: row.failure !== undefined || (errors ?? 0) > 0,
    failure: row.failure,
    skipped: row.skipped,
    note: row.note,
    cache: row.cache,
  };
}

/** @typedef {ReturnType<typeof summarize>} Summary */

/** @param {Summary} s */
function errorsCell(s) {
  if (s.skipped) return `skipped: ${s.skipped}`;
  if (s.failure) {
    const short = s.failure.split('\n')[0];
    return `FAILED: ${short.length > 70 ? `${short.slice(0, 70)}…` : short}`;
  }
  if (!s.errors) return '0';
  const parts = [];
  if (s.non2xx) parts.push(`${s.non2xx} non-2xx`);
  if (s.socketErrors) parts.push(`${s.socketErrors} socket`);
  if (s.timeouts) parts.push(`${s.timeouts} timeouts`);
  return `${s.errors} (${parts.join(', ')}) FLAGGED`;
}

/**
 * @param {number | null | undefined} value
 * @param {number} digits
 */
const fixed = (value, digits) =>
  typeof value !== 'number' || Number.isNaN(value) ? '-' : value.toFixed(digits);

/**
 * A plain-text table, one row per scenario.
 * @param {Summary[]} summaries
 */
export function formatTable(summaries) {
  const header = ['scenario', 'req/s', 'p50 ms', 'p99 ms', 'vs raw', 'goal', 'errors'];
  const rows = summaries.map((s) => [
    s.name,
    s.rps === undefined ? '-' : Math.round(s.rps).toString(),
    fixed(s.p50Ms, 2),
    fixed(s.p99Ms, 2),
    s.ratio === undefined ? '-' : `${s.ratio.toFixed(s.ratio < 0.1 ? 3 : 2)}x`,
    goalCellOf(s.name, s.ratio),
    errorsCell(s),
  ]);
  return columns(header, rows, [0, 5, 6]);
}

/**
 * One "label: 0.83x" per scenario with `compareTo`: its req/s over the other row's, same run.
 * @param {Summary[]} summaries
 * @param {import('../scenarios.js').Scenario[]} scenarios
 */
export function comparisons(summaries, scenarios) {
  const rps = (/** @type {string} */ name) => summaries.find((s) => s.name === name)?.rps;
  return scenarios.flatMap(({ name, compareTo }) => {
    if (!compareTo || !summaries.some((s) => s.name === name)) return [];
    const [of, to] = [rps(name), rps(compareTo.scenario)];
    const ratio = of !== undefined && to ? of / to : undefined;
    return [{ label: compareTo.label, scenario: name, comparedTo: compareTo.scenario, ratio }];
  });
}

/**
 * @param {ReturnType<typeof comparisons>} list
 */
export function formatComparisons(list) {
  return list
    .map(({ label, scenario, comparedTo, ratio }) =>
      ratio === undefined
        ? `${label}: - (needs this row and "${comparedTo}" measured in the same run)${comparisonGoalOf(scenario, ratio)}`
        : `${label}: ${ratio.toFixed(2)}x${comparisonGoalOf(scenario, ratio)}`,
    )
    .join('\n');
}

/**
 * The counters of `GET /health/cache` for each API process, as read just before it stopped.
 * @param {{ name: string, cache: import('./fixtures.js').CacheCounters | undefined, failure?: string }[]} apis
 */
export function formatCacheCounters(apis) {
  const header = ['api process', 'namespace', 'hit', 'miss', 'bypass', 'error', 'hitRatio'];
  /** @type {string[][]} */
  const rows = [];
  /** @type {string[]} */
  const notes = [];
  for (const api of apis) {
    if (!api.cache) {
      notes.push(`${api.name}: counters not read${api.failure ? ` (${api.failure})` : ''}`);
      continue;
    }
    const entries = Object.entries(api.cache);
    if (entries.length === 0) notes.push(`${api.name}: no cached reads`);
    for (const [namespace, c] of entries) {
      rows.push([
        api.name,
        namespace,
        String(c.hit),
        String(c.miss),
        String(c.bypass),
        String(c.error),
        c.hitRatio.toFixed(3),
      ]);
    }
  }
  return [...(rows.length > 0 ? [columns(header, rows, [0, 1])] : []), ...notes].join('\n');
}

/**
 * @param {string} path
 * @param {unknown} data
 */
export function writeJson(path, data) {
  writeText(path, `${JSON.stringify(data, null, 2)}\n`);
}

/**
 * Writes a file, creating its folder (bench/results is not in git).
 * @param {string} path
 * @param {string} content
 */
export function writeText(path, content) {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, content);
}
