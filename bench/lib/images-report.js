// @ts-check
/** Figures of the image phase (bench/images.js): windows of probe samples, tables, ratio lines. */

/**
 * The light endpoint over one window of a phase.
 * @typedef {object} WindowStats
 * @property {number} seconds
 * @property {number} due requests due in the window (rate x seconds)
 * @property {number} ok 2xx answers to them
 * @property {number} errors non-2xx, socket errors, timeouts
 * @property {number} rps 2xx answers per second of the window
 * @property {number | null} p50Ms
 * @property {number | null} p90Ms
 * @property {number | null} p99Ms
 * @property {number | null} maxMs
 * @property {number | null} lagP99Ms how late the probe itself sent (p99): above a millisecond
 *   or two, the probe's CPU was busy and the window's figures are suspect
 */

/**
 * Nearest-rank percentile of sorted values.
 * @param {Float64Array} sorted
 * @param {number} p 0-100
 */
function percentile(sorted, p) {
  if (sorted.length === 0) return null;
  return sorted[Math.max(1, Math.ceil((p / 100) * sorted.length)) - 1];
}

/**
 * The requests that were due in [from, to): their answers, latencies and the probe's lag.
 * @param {import('./images-probe.js').ProbeResult} probe
 * @param {number} from epoch ms
 * @param {number} to epoch ms
 * @returns {WindowStats}
 */
export function windowStats(probe, from, to) {
  /** @type {number[]} */
  const latencies = [];
  /** @type {number[]} */
  const lags = [];
  let due = 0;
  let errors = 0;
  for (let i = 0; i < probe.dueAt.length; i++) {
    if (probe.dueAt[i] < from || probe.dueAt[i] >= to) continue;
    due++;
    lags.push(probe.lagMs[i]);
    if (probe.status[i] >= 200 && probe.status[i] < 300) latencies.push(probe.latencyMs[i]);
    else errors++;
  }
  const sorted = Float64Array.from(latencies).sort();
  const sortedLags = Float64Array.from(lags).sort();
  const seconds = (to - from) / 1000;
  return {
    seconds,
    due,
    ok: sorted.length,
    errors,
    rps: seconds > 0 ? sorted.length / seconds : 0,
    p50Ms: percentile(sorted, 50),
    p90Ms: percentile(sorted, 90),
    p99Ms: percentile(sorted, 99),
    maxMs: sorted.length > 0 ? sorted[sorted.length - 1] : null,
    lagP99Ms: percentile(sortedLags, 99),
  };
}

/**
 * @param {number | null | undefined} value
 * @param {number} digits
 */
export const fixed = (value, digits) =>
  typeof value !== 'number' || Number.isNaN(value) ? '-' : value.toFixed(digits);

/**
 * A ratio as printed: two significant digits at least.
 * @param {number | null | undefined} value
 */
export function times(value) {
  if (typeof value !== 'number' || !Number.isFinite(value)) return '-';
  if (value >= 100) return `${Math.round(value)}x`;
  if (value >= 10) return `${value.toFixed(0)}x`;
  return `${value.toFixed(value < 0.1 ? 3 : value < 1 ? 2 : 1)}x`;
}

/**
 * Columns padded to their widest cell: the first `text` columns left-aligned, numbers right.
 * @param {string[]} header
 * @param {string[][]} rows
 * @param {number} text
 */
export function columns(header, rows, text = 1) {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const align = (/** @type {string[]} */ cells) =>
    cells
      .map((cell, i) => (i < text ? cell.padEnd(widths[i]) : cell.padStart(widths[i])))
      .join('  ')
      .trimEnd();
  return [align(header), align(widths.map((w) => '-'.repeat(w))), ...rows.map(align)].join('\n');
}
