// @ts-check
/**
 * The performance goals (issues 13 and 14), defined once. The bench's table, its goal summary and its
 * chart (bench/results/ratios.svg) all read them from here; bench/lib/goal-report.js checks a
 * run against them.
 *
 * `target` with `better: 'higher'` means "at least", with `better: 'lower'` "at most".
 * `measure` says where a run's value comes from:
 * - `{ ratioOf: name }`: that scenario's req/s over raw node:http's, from the same run;
 * - `{ comparison: name }`: that scenario's `compareTo` line (scenarios.js), same run;
 * - `{ footprint: key }`: idle RSS or cold start (lib/footprint.js);
 * - `{ images: keys }`: ratios of the image phase (images.js); the worst (largest) counts.
 */

/**
 * @typedef {{ ratioOf: string }
 *   | { comparison: string }
 *   | { footprint: 'apiRssMb' | 'workerRssMb' | 'coldStartSec' }
 *   | { images: string[] }} GoalMeasure
 */

/**
 * @typedef {object} Goal
 * @property {string} label as printed and drawn
 * @property {GoalMeasure} measure
 * @property {'higher' | 'lower'} better
 * @property {number} target
 * @property {'x' | 'MB' | 's'} unit
 */

/** @type {Goal[]} */
export const GOALS = [
  {
    label: 'GET /health/live',
    measure: { ratioOf: 'GET /health/live' },
    better: 'higher',
    target: 0.5,
    unit: 'x',
  },
  {
    label: 'GET /api/tags (security layer on)',
    measure: { ratioOf: 'GET /api/tags (security layer on)' },
    better: 'higher',
    target: 0.33,
    unit: 'x',
  },
  {
    label: 'GET /api/articles/:slug, cache warm',
    measure: { ratioOf: 'GET /api/articles/:slug (cache warm)' },
    better: 'higher',
    target: 0.3,
    unit: 'x',
  },
  {
    label: 'GET /api/articles/:slug, cache off',
    measure: { ratioOf: 'GET /api/articles/:slug (cache off)' },
    better: 'higher',
    target: 0.08,
    unit: 'x',
  },
  {
    label: 'GET /api/articles?limit=20, cache warm',
    measure: { ratioOf: 'GET /api/articles?limit=20 (cache warm)' },
    better: 'higher',
    target: 0.25,
    unit: 'x',
  },
  {
    label: 'GET /api/user (auth)',
    measure: { ratioOf: 'GET /api/user (auth)' },
    better: 'higher',
    target: 0.12,
    unit: 'x',
  },
  {
    label: 'GET /api/articles/feed (auth, 20)',
    measure: { ratioOf: 'GET /api/articles/feed (auth, 20)' },
    better: 'higher',
    target: 0.04,
    unit: 'x',
  },
  {
    label: 'GraphQL 20-article page / REST page',
    measure: { comparison: 'POST /graphql articles page (20, cache warm)' },
    better: 'higher',
    target: 0.85,
    unit: 'x',
  },
  {
    // Issue 14: metrics plus tracing cost at most 5% of the light GET, i.e. turning both off
    // makes it at most 1/0.95 = 1.053x as fast.
    label: 'light GET, metrics and tracing off / on',
    measure: { comparison: 'GET /api/tags (metrics and tracing off)' },
    better: 'lower',
    target: 1.05,
    unit: 'x',
  },
  {
    label: 'idle RSS, API (telemetry on)',
    measure: { footprint: 'apiRssMb' },
    better: 'lower',
    target: 150,
    unit: 'MB',
  },
  {
    label: 'idle RSS, worker (telemetry on)',
    measure: { footprint: 'workerRssMb' },
    better: 'lower',
    target: 120,
    unit: 'MB',
  },
  {
    label: 'cold start to ready (API)',
    measure: { footprint: 'coldStartSec' },
    better: 'lower',
    target: 1.0,
    unit: 's',
  },
  {
    // The worse of the two worker bursts (1 and 2 jobs at a time), over the whole burst.
    label: 'p99 during an image burst / idle, uploads included',
    measure: { images: ['p99WorkerOneJobVsIdle', 'p99WorkerTwoJobsVsIdle'] },
    better: 'lower',
    target: 2,
    unit: 'x',
  },
  {
    label: 'p99 during an image burst / idle, jobs only',
    measure: { images: ['p99WorkerOneJobJobsOnlyVsIdle', 'p99WorkerTwoJobsJobsOnlyVsIdle'] },
    better: 'lower',
    target: 1.2,
    unit: 'x',
  },
];
