// @ts-check
/**
 * The chart of a run against its goals (bench/results/ratios.svg): one horizontal bar per goal
 * of lib/goals.js, the goal as a black mark, green when met and red when short. Each row has
 * its own scale (from 0 to a little past the larger of value and goal), since the units differ.
 */
import { availableParallelism, cpus } from 'node:os';
import { formatTarget, formatValue } from './goal-report.js';
import { escapeXml, px, svgDocument, text } from './svg.js';

const WIDTH = 1030;
const MARGIN = 16;
const LABEL_WIDTH = 370;
const TRACK_X = MARGIN + LABEL_WIDTH;
const TRACK_WIDTH = 360;
const VALUE_X = TRACK_X + TRACK_WIDTH + 14;
const ROW_HEIGHT = 28;
const BAR_HEIGHT = 14;
const SECTION_GAP = 30;

export const COLOURS = { met: '#2e7d32', short: '#c62828', missing: '#9e9e9e', goal: '#111111' };

/** @type {Record<string, string>} section titles by where the value comes from */
const SECTIONS = {
  ratioOf: 'req/s as a ratio to raw node:http in the same run (higher is better)',
  comparison: 'GraphQL against REST, same run (higher is better)',
  footprint: 'memory and start-up (lower is better)',
  images: 'p99 of a light endpoint during an image burst, as a ratio to idle (lower is better)',
};

/**
 * The smallest round number (1, 1.2, 1.5, 2, 2.5, 3, 4, 5, 6, 8 times a power of ten) ≥ value.
 * @param {number} value > 0
 */
export function niceCeiling(value) {
  const power = 10 ** Math.floor(Math.log10(value));
  for (const step of [1, 1.2, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10]) {
    if (step * power >= value * (1 - 1e-9)) return step * power;
  }
  return 10 * power;
}

/**
 * @param {import('./goal-report.js').GoalResult} goal
 * @param {number} y top of the row
 * @returns {string[]}
 */
function goalRow(goal, y) {
  const barY = y + (ROW_HEIGHT - BAR_HEIGHT) / 2;
  const middle = y + ROW_HEIGHT / 2 + 4;
  const parts = [
    text(TRACK_X - 10, middle, goal.label, { 'font-size': 12, 'text-anchor': 'end' }),
    `<rect x="${px(TRACK_X)}" y="${px(barY)}" width="${TRACK_WIDTH}" height="${BAR_HEIGHT}" fill="#eeeeee"/>`,
  ];
  const goalText = `goal ${formatTarget(goal)}`;
  if (goal.value === undefined) {
    parts.push(
      text(TRACK_X + 6, middle, `not measured (${goal.why})`, {
        'font-size': 11,
        fill: COLOURS.missing,
      }),
      text(VALUE_X + 76, middle, goalText, { 'font-size': 12, fill: '#555555' }),
    );
    return parts;
  }
  const scale = niceCeiling(Math.max(goal.value, goal.target) * 1.1);
  const x = (/** @type {number} */ v) => TRACK_X + (Math.max(0, v) / scale) * TRACK_WIDTH;
  const colour = goal.status === 'met' ? COLOURS.met : COLOURS.short;
  const verdict = goal.status === 'met' ? '✓ met' : '✗ short';
  const tooltip = `${goal.label}: ${formatValue(goal.value, goal.unit)}, goal ${formatTarget(goal)}, ${goal.status}`;
  parts.push(
    `<g><title>${escapeXml(tooltip)}</title>`,
    `<rect x="${px(TRACK_X)}" y="${px(barY)}" width="${px(Math.max(1, x(goal.value) - TRACK_X))}" height="${BAR_HEIGHT}" fill="${colour}"/>`,
    `<line x1="${px(x(goal.target))}" y1="${px(barY - 4)}" x2="${px(x(goal.target))}" y2="${px(barY + BAR_HEIGHT + 4)}" stroke="${COLOURS.goal}" stroke-width="2.5"/>`,
    '</g>',
    text(TRACK_X + TRACK_WIDTH - 2, barY - 2, formatValue(scale, goal.unit), {
      'font-size': 9,
      fill: '#888888',
      'text-anchor': 'end',
    }),
    text(VALUE_X, middle, formatValue(goal.value, goal.unit), {
      'font-size': 12,
      'font-weight': 'bold',
      fill: colour,
    }),
    text(VALUE_X + 76, middle, goalText, { 'font-size': 12, fill: '#555555' }),
    text(VALUE_X + 190, middle, verdict, { 'font-size': 12, fill: colour }),
  );
  return parts;
}

/**
 * The SVG chart of one run's goal results.
 * @param {import('./goal-report.js').GoalResult[]} results from evaluateGoals()
 * @param {{ title: string, lines: string[] }} caption the title, then lines under it (date, machine…)
 */
export function goalChartSvg(results, { title, lines }) {
  /** @type {string[]} */
  const body = [text(MARGIN, 28, title, { 'font-size': 18, 'font-weight': 'bold' })];
  let y = 48;
  for (const line of lines) {
    body.push(text(MARGIN, y, line, { 'font-size': 12, fill: '#444444' }));
    y += 17;
  }
  // Legend.
  y += 6;
  const legend = [
    [COLOURS.met, 'met'],
    [COLOURS.short, 'short'],
  ];
  let x = MARGIN;
  for (const [colour, label] of legend) {
    body.push(
      `<rect x="${x}" y="${px(y - 10)}" width="14" height="12" fill="${colour}"/>`,
      text(x + 20, y, label, { 'font-size': 12 }),
    );
    x += 70;
  }
  body.push(
    `<line x1="${x + 6}" y1="${px(y - 12)}" x2="${x + 6}" y2="${px(y + 3)}" stroke="${COLOURS.goal}" stroke-width="2.5"/>`,
    text(x + 16, y, 'goal; each bar on its own scale, from 0 to the grey figure at its end', {
      'font-size': 12,
    }),
  );
  y += 10;

  let section = '';
  for (const goal of results) {
    const kind = Object.keys(goal.measure)[0];
    if (kind !== section) {
      section = kind;
      y += SECTION_GAP - 8;
      body.push(
        text(MARGIN, y, SECTIONS[kind] ?? kind, { 'font-size': 13, 'font-weight': 'bold' }),
      );
      y += 8;
    }
    body.push(...goalRow(goal, y));
    y += ROW_HEIGHT;
  }
  const met = results.filter((r) => r.status === 'met').length;
  const missing = results.filter((r) => r.status === 'not measured').length;
  y += 22;
  body.push(
    text(
      MARGIN,
      y,
      `${met} of ${results.length} goals met${missing > 0 ? `, ${missing} not measured in this run` : ''}. Goals: bench/lib/goals.js.`,
      { 'font-size': 12, fill: '#444444' },
    ),
  );
  return svgDocument({ width: WIDTH, height: y + 16, title }, body);
}

/**
 * The chart's title and the lines under it: when, on what, and how the run was made.
 * @param {{
 *   startedAt: Date,
 *   runtimeSec: number,
 *   config: import('./config.js').BenchConfig,
 *   generator: import('./load.js').LoadGenerator,
 *   pinning: import('./processes.js').Pinning,
 *   baselineRps: number | undefined,
 *   busyBefore: number,
 * }} run `busyBefore`: share of the CPUs other work kept busy before the start (0 to 1)
 */
export function chartCaption({
  startedAt,
  runtimeSec,
  config,
  generator,
  pinning,
  baselineRps,
  busyBefore,
}) {
  const when = `${startedAt.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
  const machine = `${availableParallelism()} CPUs (${cpus()[0]?.model ?? 'unknown'}), node ${process.version}`;
  const raw =
    baselineRps === undefined
      ? 'no baseline'
      : `raw node:http ${Math.round(baselineRps).toLocaleString('en')} req/s`;
  const busy = Math.round(busyBefore * 100);
  return {
    title: 'conduit bench: this run against its goals',
    lines: [
      `${when}, ${runtimeSec.toFixed(0)} s; ${machine}`,
      `${generator.name} ${generator.version}; ${raw}; CPUs ${busy}% busy before the start${busy > 10 ? ' (figures noisy)' : ''}`,
      `API ${pinning.enabled ? 'pinned to one CPU' : 'not pinned'}, telemetry ${config.otel ? 'on' : 'off'}, LOG_LEVEL=${config.logLevel}; ${config.warmupSec} s warm-up + ${config.durationSec} s per scenario, ${config.connections} connections`,
    ],
  };
}
