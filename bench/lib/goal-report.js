// @ts-check
/** Checks one run's figures against the goals of lib/goals.js: met, short or not measured. */
import { columns } from './columns.js';
import { GOALS } from './goals.js';

/**
 * Where a run's figures are, as run.js has them at the end.
 * @typedef {object} GoalSources
 * @property {{ name: string, ratio?: number, skipped?: string, failure?: string }[]} summaries
 * @property {{ scenario: string, ratio: number | undefined }[]} comparisons
 * @property {{ apiRssMb?: number, workerRssMb?: number, coldStartSec?: number } | undefined} footprint
 * @property {Record<string, number | undefined> | undefined} images the image phase's ratios
 */

/**
 * @typedef {import('./goals.js').Goal & {
 *   value: number | undefined,
 *   status: 'met' | 'short' | 'not measured',
 *   why: string | undefined,
 * }} GoalResult `why` says what was missing when not measured
 */

/**
 * @param {import('./goals.js').Goal} goal
 * @param {number} value
 */
export const isMet = (goal, value) =>
  goal.better === 'higher' ? value >= goal.target : value <= goal.target;

/**
 * The run's value for one goal, or why there is none.
 * @param {import('./goals.js').Goal} goal
 * @param {GoalSources} sources
 * @returns {{ value: number | undefined, why: string | undefined }}
 */
function measured(goal, sources) {
  const { measure } = goal;
  if ('ratioOf' in measure) {
    const row = sources.summaries.find((s) => s.name === measure.ratioOf);
    if (!row) return { value: undefined, why: 'not selected' };
    if (row.skipped) return { value: undefined, why: 'skipped' };
    if (row.failure) return { value: undefined, why: 'failed' };
    return { value: row.ratio, why: row.ratio === undefined ? 'no baseline' : undefined };
  }
  if ('comparison' in measure) {
    const line = sources.comparisons.find((c) => c.scenario === measure.comparison);
    if (!line) return { value: undefined, why: 'not selected' };
    return { value: line.ratio, why: line.ratio === undefined ? 'a row is missing' : undefined };
  }
  if ('footprint' in measure) {
    if (!sources.footprint) return { value: undefined, why: 'footprint phase off' };
    const value = sources.footprint[measure.footprint];
    return { value, why: value === undefined ? 'failed' : undefined };
  }
  if (!sources.images) return { value: undefined, why: 'image phase off' };
  const values = measure.images
    .map((key) => sources.images?.[key])
    .filter((v) => typeof v === 'number');
  if (values.length === 0) return { value: undefined, why: 'not in the image phase' };
  return { value: Math.max(...values), why: undefined };
}

/**
 * Every goal with this run's value and verdict, in the order of lib/goals.js.
 * @param {GoalSources} sources
 * @param {import('./goals.js').Goal[]} [goals]
 * @returns {GoalResult[]}
 */
export function evaluateGoals(sources, goals = GOALS) {
  return goals.map((goal) => {
    const { value, why } = measured(goal, sources);
    const known = typeof value === 'number' && Number.isFinite(value);
    return {
      ...goal,
      value: known ? value : undefined,
      status: known ? (isMet(goal, value) ? 'met' : 'short') : 'not measured',
      why: known ? undefined : why,
    };
  });
}

/**
 * A measured value with its unit: "0.13x", "0.034x", "13x", "299 MB", "1.62 s".
 * @param {number | undefined} value
 * @param {import('./goals.js').Goal['unit']} unit
 */
export function formatValue(value, unit) {
  if (value === undefined) return '-';
  if (unit === 'MB') return `${value.toFixed(0)} MB`;
  if (unit === 's') return `${value.toFixed(2)} s`;
  if (value >= 10) return `${value.toFixed(0)}x`;
  return `${value.toFixed(value < 0.1 ? 3 : value < 1 ? 2 : 1)}x`;
}

/**
 * The goal as written in the issue: "≥ 0.50x", "≤ 150 MB", "≤ 1.0 s", "≤ 2x".
 * @param {import('./goals.js').Goal} goal
 */
export function formatTarget({ better, target, unit }) {
  const sign = better === 'higher' ? '≥' : '≤';
  if (unit === 'MB') return `${sign} ${target} MB`;
  if (unit === 's') return `${sign} ${target.toFixed(1)} s`;
  return `${sign} ${target >= 1 ? String(target) : target.toFixed(2)}x`;
}

/**
 * The goal cell of a scenario row in the main table ("≥ 0.50x short"), or '' if it has none.
 * @param {string} scenario
 * @param {number | undefined} ratio
 */
export function goalCellOf(scenario, ratio) {
  const goal = GOALS.find((g) => 'ratioOf' in g.measure && g.measure.ratioOf === scenario);
  if (!goal) return '';
  const verdict = ratio === undefined ? '' : isMet(goal, ratio) ? ' met' : ' short';
  return `${formatTarget(goal)}${verdict}`;
}

/**
 * What to append to a comparison line ("; goal ≥ 0.85x: short"), or '' if it has no goal.
 * @param {string} scenario
 * @param {number | undefined} ratio
 */
export function comparisonGoalOf(scenario, ratio) {
  const goal = GOALS.find((g) => 'comparison' in g.measure && g.measure.comparison === scenario);
  if (!goal) return '';
  const verdict = ratio === undefined ? '' : isMet(goal, ratio) ? ': met' : ': short';
  return `; goal ${formatTarget(goal)}${verdict}`;
}

/**
 * One line per goal, then the count.
 * @param {GoalResult[]} results
 */
export function formatGoals(results) {
  const rows = results.map((r) => [
    r.label,
    formatValue(r.value, r.unit),
    formatTarget(r),
    r.status === 'not measured' ? `not measured (${r.why})` : r.status,
  ]);
  const met = results.filter((r) => r.status === 'met').length;
  const unknown = results.filter((r) => r.status === 'not measured').length;
  return [
    columns(['goal (lib/goals.js)', 'measured', 'goal', ''], rows, [0, 2, 3]),
    `${met} of ${results.length} goals met${unknown > 0 ? `, ${unknown} not measured in this run` : ''}`,
  ].join('\n');
}
