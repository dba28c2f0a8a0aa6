import { describe, expect, it } from '@jest/globals';
import { Registry } from 'prom-client';
import { LeanCounter } from './lean-counter.js';
import { LeanHistogram } from './lean-histogram.js';

describe('LeanHistogram', () => {
  const make = () => {
    const registry = new Registry();
    const histogram = new LeanHistogram('op_seconds', 'Ops.', ['op', 'code'], [0.1, 1], registry);
    return { registry, histogram };
  };

  it('is exposed as a Prometheus histogram: cumulative buckets, +Inf, _sum and _count', async () => {
    const { registry, histogram } = make();
    histogram.observe({ op: 'get', code: 200 }, 0.05);
    histogram.observe({ op: 'get', code: 200 }, 0.1);
    histogram.observe({ op: 'get', code: 200 }, 0.5);
    histogram.observe({ op: 'get', code: 200 }, 3);
    histogram.observe({ op: 'set', code: 500 }, 0.2);
    expect(await registry.metrics()).toBe(
      [
        '# HELP op_seconds Ops.',
        '# TYPE op_seconds histogram',
        'op_seconds_bucket{op="get",code="200",le="0.1"} 2',
        'op_seconds_bucket{op="get",code="200",le="1"} 3',
        'op_seconds_bucket{op="get",code="200",le="+Inf"} 4',
        'op_seconds_sum{op="get",code="200"} 3.65',
        'op_seconds_count{op="get",code="200"} 4',
        'op_seconds_bucket{op="set",code="500",le="0.1"} 0',
        'op_seconds_bucket{op="set",code="500",le="1"} 1',
        'op_seconds_bucket{op="set",code="500",le="+Inf"} 1',
        'op_seconds_sum{op="set",code="500"} 0.2',
        'op_seconds_count{op="set",code="500"} 1',
        '',
      ].join('\n'),
    );
  });

  it('keeps only the declared labels, and skips values that are not numbers', async () => {
    const { registry, histogram } = make();
    histogram.observe({ op: 'get', code: 200, url: '/secret/123' }, 0.5);
    histogram.observe({ op: 'get', code: 200 }, Number.NaN);
    histogram.observe({ op: 'get', code: 200 }, Number.POSITIVE_INFINITY);
    const text = await registry.metrics();
    expect(text).not.toContain('url');
    expect(text).toContain('op_seconds_count{op="get",code="200"} 1');
  });
});

describe('LeanCounter', () => {
  it('is exposed as a Prometheus counter, one sample per series; refuses to go down', async () => {
    const registry = new Registry();
    const counter = new LeanCounter('hits_total', 'Hits.', ['outcome'], registry);
    counter.inc({ outcome: 'hit' });
    counter.inc({ outcome: 'hit' }, 2);
    counter.inc({ outcome: 'miss' });
    counter.inc({ outcome: 'miss' }, -5);
    counter.inc({ outcome: 'miss' }, Number.NaN);
    expect(await registry.metrics()).toBe(
      [
        '# HELP hits_total Hits.',
        '# TYPE hits_total counter',
        'hits_total{outcome="hit"} 3',
        'hits_total{outcome="miss"} 1',
        '',
      ].join('\n'),
    );
  });

  it('counts without labels', async () => {
    const registry = new Registry();
    const counter = new LeanCounter('logins_total', 'Logins.', [], registry);
    counter.inc();
    counter.inc();
    expect(await registry.metrics()).toContain('\nlogins_total 2\n');
  });
});
