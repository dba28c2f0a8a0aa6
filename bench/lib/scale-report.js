// @ts-check
/** BENCH_SCALE above 1: each scale-goal row's p99 at that scale over its p99 on the 1x seed. */

/** The bar: at 10x the data, p99 stays within 1.5x of the default seed's. */
export const SCALE_GOAL = 1.5;

/**
 * @typedef {object} ScaleRatio
 * @property {string} scenario
 * @property {number | undefined} rpsReference req/s on the 1x seed
 * @property {number | undefined} rpsScaled req/s at BENCH_SCALE
 * @property {number | undefined} p99Reference ms
 * @property {number | undefined} p99Scaled ms
 * @property {number | undefined} ratio p99Scaled / p99Reference
 * @property {boolean | undefined} met ratio <= SCALE_GOAL (undefined when a row did not run)
 */

/**
 * @param {import('./report.js').Summary[]} reference the 1x rows
 * @param {import('./report.js').Summary[]} scaled the rows at BENCH_SCALE
 * @param {import('../scenarios.js').Scenario[]} scenarios the scale-goal scenarios, in order
 * @returns {ScaleRatio[]}
 */
export function scaleComparison(reference, scaled, scenarios) {
  return scenarios.map(({ name }) => {
    const at1 = reference.find((s) => s.name === name);
    const atN = scaled.find((s) => s.name === name);
    const usable = (/** @type {typeof at1} */ s) => (s && !s.flagged ? s : undefined);
    const [before, after] = [usable(at1), usable(atN)];
    const p99Reference = before?.p99Ms ?? undefined;
    const p99Scaled = after?.p99Ms ?? undefined;
    const ratio = p99Reference && p99Scaled !== undefined ? p99Scaled / p99Reference : undefined;
    return {
      scenario: name,
      rpsReference: before?.rps,
      rpsScaled: after?.rps,
      p99Reference,
      p99Scaled,
      ratio,
      met: ratio === undefined ? undefined : ratio <= SCALE_GOAL,
    };
  });
}

/**
 * @param {number | undefined} value
 * @param {number} digits
 */
const cell = (value, digits) => (value === undefined ? '-' : value.toFixed(digits));

/**
 * A plain-text table: req/s and p99 on both seeds, the p99 ratio, met or short.
 * @param {ScaleRatio[]} ratios
 * @param {number} scale
 */
export function formatScaleComparison(ratios, scale) {
  const header = [
    `p99 at ${scale}x / 1x (goal <= ${SCALE_GOAL}x)`,
    'req/s 1x',
    `req/s ${scale}x`,
    'p99 1x',
    `p99 ${scale}x`,
    'ratio',
    'goal',
  ];
  const rows = ratios.map((r) => [
    r.scenario,
    cell(r.rpsReference, 0),
    cell(r.rpsScaled, 0),
    cell(r.p99Reference, 2),
    cell(r.p99Scaled, 2),
    r.ratio === undefined ? '-' : `${r.ratio.toFixed(2)}x`,
    r.met === undefined ? 'not measured' : r.met ? 'met' : 'SHORT',
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i].length)));
  const align = (/** @type {string[]} */ cells) =>
    cells
      .map((c, i) => (i === 0 || i === 6 ? c.padEnd(widths[i]) : c.padStart(widths[i])))
      .join('  ')
      .trimEnd();
  return [align(header), align(widths.map((w) => '-'.repeat(w))), ...rows.map(align)].join('\n');
}
