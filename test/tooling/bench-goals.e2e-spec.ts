import { describe, expect, it } from '@jest/globals';
import {
  evaluateGoals,
  formatGoals,
  formatTarget,
  formatValue,
} from '../../bench/lib/goal-report.js';
import { GOALS } from '../../bench/lib/goals.js';
import { formatComparisons, formatTable, summarize } from '../../bench/lib/report.js';
import { scenarios } from '../../bench/scenarios.js';

// The figures of one run, as run.js hands them over; each test changes what it is about.
type Sources = Parameters<typeof evaluateGoals>[0];

function run(overrides: Partial<Sources> = {}): Sources {
  return {
    summaries: [
      { name: 'raw node:http', ratio: 1 },
      { name: 'GET /health/live', ratio: 0.5 },
      { name: 'GET /api/tags (security layer on)', ratio: 0.2 },
    ],
    comparisons: [
      { scenario: 'POST /graphql articles page (20, cache warm)', ratio: 0.9 },
      { scenario: 'GET /api/tags (metrics and tracing off)', ratio: 1.08 },
    ],
    footprint: { apiRssMb: 150, workerRssMb: 130, coldStartSec: 0.8 },
    images: {
      p99WorkerOneJobVsIdle: 1.5,
      p99WorkerTwoJobsVsIdle: 2.5,
      p99WorkerOneJobJobsOnlyVsIdle: 1.1,
      p99WorkerTwoJobsJobsOnlyVsIdle: 0.9,
    },
    ...overrides,
  };
}

function resultFor(results: ReturnType<typeof evaluateGoals>, label: string) {
  const result = results.find((r) => r.label === label);
  if (!result) throw new Error(`no goal "${label}"`);
  return result;
}

describe('bench goals (bench/lib/goals.js)', () => {
  it('names only scenarios and comparisons that bench/scenarios.js defines', () => {
    const names = new Set(scenarios.map((s) => s.name));
    const compared = new Set(scenarios.filter((s) => s.compareTo).map((s) => s.name));
    for (const { measure } of GOALS) {
      if ('ratioOf' in measure) expect(names).toContain(measure.ratioOf);
      if ('comparison' in measure) expect(compared).toContain(measure.comparison);
    }
  });

  it('meets a ratio goal at the target and falls short below it', () => {
    const results = evaluateGoals(run());
    expect(resultFor(results, 'GET /health/live')).toMatchObject({ value: 0.5, status: 'met' });
    expect(resultFor(results, 'GET /api/tags (security layer on)')).toMatchObject({
      value: 0.2,
      status: 'short',
    });
    expect(resultFor(results, 'GraphQL 20-article page / REST page').status).toBe('met');
  });

  it('judges the cost of observability as a comparison where lower is better', () => {
    const label = 'light GET, metrics and tracing off / on';
    expect(resultFor(evaluateGoals(run()), label)).toMatchObject({ value: 1.08, status: 'short' });
    const cheap = run({
      comparisons: [{ scenario: 'GET /api/tags (metrics and tracing off)', ratio: 1.04 }],
    });
    expect(resultFor(evaluateGoals(cheap), label).status).toBe('met');
  });

  it('meets a memory or start-up goal at or under the target', () => {
    const results = evaluateGoals(run());
    expect(resultFor(results, 'idle RSS, API (telemetry on)').status).toBe('met');
    expect(resultFor(results, 'idle RSS, worker (telemetry on)').status).toBe('short');
    expect(resultFor(results, 'cold start to ready (API)').status).toBe('met');
  });

  it('judges the image burst by the worse of the two worker bursts', () => {
    const results = evaluateGoals(run());
    expect(resultFor(results, 'p99 during an image burst / idle, uploads included')).toMatchObject({
      value: 2.5,
      status: 'short',
    });
    expect(resultFor(results, 'p99 during an image burst / idle, jobs only')).toMatchObject({
      value: 1.1,
      status: 'met',
    });
  });

  it('says why a goal was not measured instead of calling it short', () => {
    const results = evaluateGoals(
      run({
        summaries: [
          { name: 'raw node:http', ratio: 1 },
          { name: 'GET /health/live', skipped: 'needs seeded data' },
          { name: 'GET /api/user (auth)', failure: 'check request got HTTP 500' },
        ],
        comparisons: [],
        footprint: undefined,
        images: undefined,
      }),
    );
    const why = (label: string) => {
      const result = resultFor(results, label);
      expect(result.status).toBe('not measured');
      expect(result.value).toBeUndefined();
      return result.why;
    };
    expect(why('GET /health/live')).toBe('skipped');
    expect(why('GET /api/user (auth)')).toBe('failed');
    expect(why('GET /api/articles/feed (auth, 20)')).toBe('not selected');
    expect(why('GraphQL 20-article page / REST page')).toBe('not selected');
    expect(why('idle RSS, API (telemetry on)')).toBe('footprint phase off');
    expect(why('p99 during an image burst / idle, jobs only')).toBe('image phase off');
  });

  it('prints a line per goal with its value, target and verdict, then the count', () => {
    const printed = formatGoals(evaluateGoals(run()));
    expect(printed).toMatch(/^GET \/health\/live +0\.50x +≥ 0\.50x +met$/m);
    expect(printed).toMatch(/^idle RSS, worker \(telemetry on\) +130 MB +≤ 120 MB +short$/m);
    expect(printed).toMatch(/^cold start to ready \(API\) +0\.80 s +≤ 1\.0 s +met$/m);
    expect(printed).toMatch(
      /^GET \/api\/user \(auth\) +- +≥ 0\.12x +not measured \(not selected\)$/m,
    );
    expect(printed.trimEnd().split('\n').at(-1)).toBe(
      `5 of ${GOALS.length} goals met, 5 not measured in this run`,
    );
  });

  it('writes values and targets the way the issue does', () => {
    expect(formatValue(0.034, 'x')).toBe('0.034x');
    expect(formatValue(0.13, 'x')).toBe('0.13x');
    expect(formatValue(35.2, 'x')).toBe('35x');
    expect(formatValue(298.6, 'MB')).toBe('299 MB');
    expect(formatTarget({ better: 'higher', target: 0.5, unit: 'x' } as (typeof GOALS)[0])).toBe(
      '≥ 0.50x',
    );
    expect(formatTarget({ better: 'lower', target: 2, unit: 'x' } as (typeof GOALS)[0])).toBe(
      '≤ 2x',
    );
  });

  it('adds a goal column to the table and the verdict to the comparison line', () => {
    const load = (requests: number) => ({
      requests,
      durationSec: 1,
      ok: requests,
      non2xx: 0,
      socketErrors: 0,
      timeouts: 0,
      p50Ms: 1,
      p99Ms: 2,
      statusCodes: {},
    });
    const row = (name: string, requests: number, baseline = false) =>
      summarize(
        {
          name,
          server: baseline ? 'raw' : 'api',
          request: 'GET /',
          baseline,
          load: load(requests),
          failure: undefined,
          skipped: undefined,
          note: undefined,
          cache: undefined,
        },
        10_000,
      );
    const table = formatTable([
      row('raw node:http', 10_000, true),
      row('GET /health/live', 6_000),
      row('GET /api/user (auth)', 1_000),
    ]);
    expect(table).toMatch(/^GET \/health\/live +6000 .* 0\.60x +≥ 0\.50x met +0$/m);
    expect(table).toMatch(/^GET \/api\/user \(auth\) +1000 .* 0\.10x +≥ 0\.12x short +0$/m);
    expect(table).toMatch(/^raw node:http +10000 .* 1\.00x +0$/m);

    const line = formatComparisons([
      {
        label: 'GraphQL 20-article page / REST',
        scenario: 'POST /graphql articles page (20, cache warm)',
        comparedTo: 'GET /api/articles?limit=20 (cache warm)',
        ratio: 0.65,
      },
    ]);
    expect(line).toBe('GraphQL 20-article page / REST: 0.65x; goal ≥ 0.85x: short');
  });
});
