import { describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import {
  exposedNames,
  METRICS,
  type MetricDefinition,
  type MetricSource,
} from '../../src/infra/metrics/catalog.js';
import { readPromql, type Selector } from '../support/promql-selectors.js';

/**
 * The committed observability stack (docker/compose.observability.yml, docker/observability/)
 * against the metrics catalog: a dashboard panel or an alert that names a series the service
 * does not export shows nothing and fires never, silently. Here it fails a test instead.
 */

const read = (path: string) => readFileSync(path, 'utf8');
const DASHBOARD = 'docker/observability/grafana/dashboards/conduit.json';
const ALERTS = 'docker/observability/alerts.yml';
const PROMETHEUS = 'docker/observability/prometheus.yml';
const COMPOSE = 'docker/compose.observability.yml';
const OPERATIONS = 'docs/operations.md';

interface Series {
  labels: Set<string>;
  sources: readonly MetricSource[];
  /** `le` values a selector may name: the histogram's bounds as prom-client prints them. */
  bounds?: Set<string>;
}

/** Every name Prometheus shows for the catalog, plus Prometheus' own `up`. */
function exportedSeries(): Map<string, Series> {
  const series = new Map<string, Series>();
  for (const definition of Object.values(METRICS) as MetricDefinition[]) {
    for (const name of exposedNames(definition)) {
      const bucket = name.endsWith('_bucket');
      series.set(name, {
        labels: new Set([...definition.labels, ...(bucket ? ['le'] : [])]),
        sources: definition.sources,
        bounds: bucket ? new Set([...(definition.buckets ?? []).map(String), '+Inf']) : undefined,
      });
    }
  }
  series.set('up', { labels: new Set(), sources: ['api', 'worker'] });
  return series;
}

/** Labels Prometheus adds to every scraped series. */
const TARGET_LABELS = new Set(['job', 'instance']);

/** Scrape job name to the process it scrapes; jobs that scrape neither map to null. */
function scrapeJobs(): Map<string, MetricSource | null> {
  const config = parse(read(PROMETHEUS)) as {
    scrape_configs: { job_name: string; static_configs: { targets: string[] }[] }[];
  };
  const jobs = new Map<string, MetricSource | null>();
  for (const job of config.scrape_configs) {
    const targets = job.static_configs.flatMap((c) => c.targets);
    const source = targets.includes('api:9464')
      ? 'api'
      : targets.includes('worker:9465')
        ? 'worker'
        : null;
    jobs.set(job.job_name, source);
  }
  return jobs;
}

/** Every `expr` anywhere in the dashboard, rows and nested panels included. */
function dashboardExpressions(): { where: string; expr: string }[] {
  const found: { where: string; expr: string }[] = [];
  const walk = (node: unknown, where: string) => {
    if (Array.isArray(node)) node.forEach((child) => walk(child, where));
    else if (node && typeof node === 'object') {
      const record = node as Record<string, unknown>;
      const here = typeof record.title === 'string' ? `panel "${record.title}"` : where;
      if (typeof record.expr === 'string') found.push({ where: here, expr: record.expr });
      for (const child of Object.values(record)) walk(child, here);
    }
  };
  walk(JSON.parse(read(DASHBOARD)), DASHBOARD);
  return found;
}

interface Rule {
  alert?: string;
  record?: string;
  expr: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
}

function alertRules(): Rule[] {
  const file = parse(read(ALERTS)) as { groups: { name: string; rules: Rule[] }[] };
  return file.groups.flatMap((g) => g.rules);
}

/** The PromQL in docs/operations.md's ```promql blocks, one expression per block. */
function documentedExpressions(): { where: string; expr: string }[] {
  return [...read(OPERATIONS).matchAll(/```promql\n([\s\S]*?)```/g)].map((m, i) => ({
    where: `${OPERATIONS} promql block ${i + 1}`,
    expr: m[1],
  }));
}

/** Everything wrong with one expression, as sentences; empty when it only names what exists. */
function problems(expr: string): string[] {
  const series = exportedSeries();
  const jobs = scrapeJobs();
  const found: string[] = [];
  const reading = readPromql(expr);
  const labelsOf = (selector: Selector) =>
    selector.name ? series.get(selector.name)?.labels : undefined;

  for (const selector of reading.selectors) {
    if (!selector.name) {
      found.push('a selector with no metric name');
      continue;
    }
    const known = series.get(selector.name);
    if (!known) {
      found.push(`${selector.name} is not an exported series`);
      continue;
    }
    for (const { label, op, value } of selector.matchers) {
      if (label === '__name__') continue;
      if (!known.labels.has(label) && !TARGET_LABELS.has(label)) {
        found.push(`${selector.name} has no label ${label}`);
      }
      if (label === 'le' && !known.bounds?.has(value)) {
        found.push(`${selector.name} has no bucket le="${value}"`);
      }
      if (label === 'job' && (op === '=' || op === '=~')) {
        // A plain alternation of job names: each must be scraped, by a process that exports it.
        for (const job of value.split('|')) {
          if (!jobs.has(job)) found.push(`no scrape job "${job}" in ${PROMETHEUS}`);
          const source = jobs.get(job);
          if (selector.name !== 'up' && source !== null && source !== undefined) {
            if (!known.sources.includes(source)) {
              found.push(`${selector.name} is not exported by the ${source} (job "${job}")`);
            }
          }
        }
      }
    }
  }
  for (const grouping of reading.groupings) {
    const inside = grouping.selectors.filter((s) => labelsOf(s));
    for (const label of grouping.labels) {
      if (TARGET_LABELS.has(label) || label === 'le') continue;
      const lacking = inside.filter((s) => !labelsOf(s)?.has(label)).map((s) => s.name);
      // group_left/right copy a label from the other side: one side having it is enough.
      const bad = grouping.kind.startsWith('group_')
        ? inside.length > 0 && lacking.length === inside.length
        : lacking.length > 0;
      if (bad) found.push(`${grouping.kind} (${label}): ${lacking.join(', ')} has no such label`);
    }
  }
  return found;
}

/** GitHub's anchors for the headings of a Markdown file. */
function headingAnchors(markdown: string): Set<string> {
  const anchors = new Set<string>();
  const seen = new Map<string, number>();
  for (const [, heading] of markdown.matchAll(/^#{1,6}\s+(.+?)\s*#*$/gm)) {
    const slug = heading
      .toLowerCase()
      .replace(/[^\p{L}\p{N}\s_-]/gu, '')
      .replace(/\s/g, '-');
    const count = seen.get(slug) ?? 0;
    seen.set(slug, count + 1);
    anchors.add(count ? `${slug}-${count}` : slug);
  }
  return anchors;
}

describe('the PromQL reader used below', () => {
  it('finds names past functions, keywords, label lists, strings, ranges and numbers', () => {
    const reading = readPromql(
      `histogram_quantile(0.99, sum by (le, http_route) (rate(http_server_request_duration_seconds_bucket{http_route=~"/api/(by|sum)", le!="0.5"}[$__rate_interval] offset 5m)))
       / on (job) group_left (instance) max without (cpu_mode) (process_cpu_time_seconds_total) > bool 0.5 and up == 0 or vector(1)`,
    );
    expect(reading.selectors.map((s) => s.name)).toEqual([
      'http_server_request_duration_seconds_bucket',
      'process_cpu_time_seconds_total',
      'up',
    ]);
    expect(reading.selectors[0].matchers.map((m) => m.label)).toEqual(['http_route', 'le']);
    expect(
      reading.groupings.map((g) => [g.kind, g.labels, g.selectors.map((s) => s.name)]),
    ).toEqual([
      ['by', ['le', 'http_route'], ['http_server_request_duration_seconds_bucket']],
      [
        'on',
        ['job'],
        ['http_server_request_duration_seconds_bucket', 'process_cpu_time_seconds_total', 'up'],
      ],
      [
        'group_left',
        ['instance'],
        ['http_server_request_duration_seconds_bucket', 'process_cpu_time_seconds_total', 'up'],
      ],
      ['without', ['cpu_mode'], ['process_cpu_time_seconds_total']],
    ]);
  });

  it('reports a misspelt name, a missing label, an unknown bucket and a job that exports nothing', () => {
    expect(problems('sum(rate(http_server_request_duration_second_count[5m]))')).toEqual([
      'http_server_request_duration_second_count is not an exported series',
    ]);
    expect(problems('sum by (queue_name) (outbox_pending_messages)')).toEqual([
      'by (queue_name): outbox_pending_messages has no such label',
    ]);
    expect(problems('queue_jobs{state="waiting"}')).toEqual(['queue_jobs has no label state']);
    expect(problems('http_server_request_duration_seconds_bucket{le="0.3"}')).toEqual([
      'http_server_request_duration_seconds_bucket has no bucket le="0.3"',
    ]);
    expect(problems('job_stalls_total{job="conduit-api"}')).toEqual([
      'job_stalls_total is not exported by the api (job "conduit-api")',
    ]);
  });
});

describe('the observability stack (docker/observability/)', () => {
  it('the dashboard queries only exported series, by labels they have', () => {
    const expressions = dashboardExpressions();
    expect(expressions.length).toBeGreaterThan(20);
    const found = expressions.flatMap(({ where, expr }) =>
      problems(expr).map((p) => `${where}: ${p}`),
    );
    expect(found).toEqual([]);
  });

  it('the dashboard shows every area the on-call engineer needs', () => {
    const names = new Set(
      dashboardExpressions().flatMap(({ expr }) => readPromql(expr).selectors.map((s) => s.name)),
    );
    const needed = [
      'http_server_request_duration_seconds_count',
      'http_server_request_duration_seconds_bucket',
      'nodejs_eventloop_delay_p99_seconds',
      'nodejs_eventloop_utilization_ratio',
      'queue_jobs',
      'queue_oldest_waiting_job_age_seconds',
      'cache_operations_total',
      'db_client_connection_count',
      'db_client_connection_pending_requests',
      'outbox_pending_messages',
      'outbox_oldest_pending_age_seconds',
      'graphql_server_errors_total',
    ];
    expect(needed.filter((name) => !names.has(name))).toEqual([]);
  });

  it('the alert rules query only exported series, by labels they have', () => {
    const rules = alertRules();
    const found = rules.flatMap((rule) =>
      problems(rule.expr).map((p) => `${rule.alert ?? rule.record}: ${p}`),
    );
    expect(found).toEqual([]);
  });

  it('the PromQL in docs/operations.md queries only exported series', () => {
    const expressions = documentedExpressions();
    expect(expressions.length).toBeGreaterThan(5);
    const found = expressions.flatMap(({ where, expr }) =>
      problems(expr).map((p) => `${where}: ${p}`),
    );
    expect(found).toEqual([]);
  });

  it('cover the alerts the issue asks for, each with a severity and a runbook that exists', () => {
    const rules = alertRules();
    const anchors = headingAnchors(read(OPERATIONS));
    const missing = rules.flatMap((rule) => {
      const runbook = rule.annotations?.runbook_url ?? '';
      const anchor = /^docs\/operations\.md#(.+)$/.exec(runbook)?.[1];
      const wrong: string[] = [];
      if (!anchor)
        wrong.push(`${rule.alert}: runbook_url "${runbook}" is not docs/operations.md#...`);
      else if (!anchors.has(anchor))
        wrong.push(`${rule.alert}: no heading #${anchor} in ${OPERATIONS}`);
      if (!['page', 'ticket'].includes(rule.labels?.severity ?? '')) {
        wrong.push(`${rule.alert}: severity is neither page nor ticket`);
      }
      if (!rule.annotations?.summary) wrong.push(`${rule.alert}: no summary`);
      return wrong;
    });
    expect(missing).toEqual([]);

    const uses = (name: string) =>
      rules.some((r) => readPromql(r.expr).selectors.some((s) => s.name === name));
    expect({
      '5xx rate': uses('http_server_request_duration_seconds_count'),
      'p99 over the SLO': uses('http_server_request_duration_seconds_bucket'),
      'event-loop delay': uses('nodejs_eventloop_delay_p99_seconds'),
      'oldest waiting job': uses('queue_oldest_waiting_job_age_seconds'),
      'outbox lag': uses('outbox_oldest_pending_age_seconds'),
      'a target down': rules.some((r) => /\bup\b.*==\s*0/.test(r.expr)),
    }).toEqual({
      '5xx rate': true,
      'p99 over the SLO': true,
      'event-loop delay': true,
      'oldest waiting job': true,
      'outbox lag': true,
      'a target down': true,
    });
  });

  it('Prometheus scrapes both metrics listeners at their default ports, with the rules loaded', () => {
    const jobs = scrapeJobs();
    expect([...jobs.values()].filter((source) => source !== null).sort()).toEqual([
      'api',
      'worker',
    ]);
    const config = parse(read(PROMETHEUS)) as { rule_files: string[] };
    expect(config.rule_files).toEqual(['alerts.yml']);
    expect(read(COMPOSE)).toContain('./observability/alerts.yml:/etc/prometheus/alerts.yml:ro');
  });

  it('the compose file pins every image by an exact version tag', () => {
    const compose = parse(read(COMPOSE)) as { services: Record<string, { image?: string }> };
    const images = Object.entries(compose.services)
      .filter(([, service]) => service.image)
      .map(([name, service]) => [name, service.image ?? ''] as const);
    expect(images.length).toBeGreaterThanOrEqual(4);
    // registry/name:1.2.3 (v prefix and a -suffix allowed), optionally @sha256:digest.
    const exact = /^[a-z0-9./_-]+:v?\d+\.\d+\.\d+(-[a-z0-9.]+)?(@sha256:[0-9a-f]{64})?$/;
    expect(images.filter(([, image]) => !exact.test(image))).toEqual([]);
  });
});
