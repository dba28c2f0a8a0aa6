import { describe, expect, it } from '@jest/globals';
import { COLOURS, chartCaption, goalChartSvg, niceCeiling } from '../../bench/lib/chart.js';
import { readConfig } from '../../bench/lib/config.js';
import { evaluateGoals } from '../../bench/lib/goal-report.js';
import { GOALS } from '../../bench/lib/goals.js';
import { wellFormedXmlProblems } from '../support/well-formed-xml.js';

describe('the well-formedness check the SVG tests rely on', () => {
  it('finds what would break an SVG viewer', () => {
    expect(wellFormedXmlProblems('<svg><g><rect/></g></svg>')).toEqual([]);
    expect(wellFormedXmlProblems('<svg><g></svg>')).toEqual([
      '</svg> closes <g>',
      'not closed: svg',
    ]);
    expect(wellFormedXmlProblems('<svg><text>a & b</text></svg>')).toHaveLength(1);
    expect(wellFormedXmlProblems('<svg width=1/>')).toContain('cannot read tag <svg width=1/>');
    expect(wellFormedXmlProblems('<svg a="1" a="2"/>')).toHaveLength(1);
    expect(wellFormedXmlProblems('<svg/><svg/>')).toEqual(['2 root elements']);
  });
});

describe('the goal chart (bench/lib/chart.js)', () => {
  const results = evaluateGoals({
    summaries: [
      { name: 'raw node:http', ratio: 1 },
      { name: 'GET /health/live', ratio: 0.6 },
      { name: 'GET /api/tags (security layer on)', ratio: 0.1 },
    ],
    comparisons: [],
    footprint: { apiRssMb: 299, workerRssMb: 100, coldStartSec: 1.6 },
    images: undefined,
  });

  it('draws one bar per measured goal, green when met, red when short, as well-formed SVG', () => {
    const svg = goalChartSvg(results, { title: 'run & <goals>', lines: ['2 CPUs'] });
    expect(wellFormedXmlProblems(svg)).toEqual([]);
    const bars = (colour: string) =>
      svg.split('\n').filter((line) => line.startsWith('<rect') && line.includes(colour)).length;
    // Each colour also has its swatch in the legend.
    expect(bars(`fill="${COLOURS.met}"`)).toBe(1 + 2); // live, worker RSS
    expect(bars(`fill="${COLOURS.short}"`)).toBe(1 + 3); // tags, API RSS, cold start
    expect(svg.match(/not measured \(/g)).toHaveLength(GOALS.length - 5);
    expect(svg).toContain('<title>run &amp; &lt;goals&gt;</title>');
    expect(svg).toContain(`2 of ${GOALS.length} goals met`);
  });

  it('says under the title how the run was made, and that a busy machine makes it noisy', () => {
    const caption = (busyBefore: number) =>
      chartCaption({
        startedAt: new Date('2026-12-06T10:22:00Z'),
        runtimeSec: 114,
        config: readConfig({}),
        generator: { name: 'wrk', version: '4.1.0', note: '' } as never,
        pinning: { enabled: true, note: '' },
        baselineRps: 68_123.4,
        busyBefore,
      });
    const quiet = caption(0.02);
    expect(quiet.lines[0]).toMatch(/^2026-12-06 10:22 UTC, 114 s; \d+ CPUs/);
    expect(quiet.lines[1]).toBe(
      'wrk 4.1.0; raw node:http 68,123 req/s; CPUs 2% busy before the start',
    );
    expect(quiet.lines[2]).toContain('API pinned to one CPU, telemetry on, LOG_LEVEL=info');
    expect(caption(0.6).lines[1]).toContain('CPUs 60% busy before the start (figures noisy)');
  });

  it('scales each row to a round number past its value and goal', () => {
    expect(niceCeiling(0.55)).toBeCloseTo(0.6);
    expect(niceCeiling(1)).toBe(1);
    expect(niceCeiling(3.3)).toBe(4);
    expect(niceCeiling(0.042)).toBeCloseTo(0.05);
    expect(niceCeiling(329)).toBe(400);
  });
});
