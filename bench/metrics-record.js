// @ts-check
/**
 * What one histogram observation costs on the request path, with the two libraries the service
 * could record metrics with: the OpenTelemetry metrics SDK and prom-client, and the service's own
 * histogram (src/infra/metrics/lean-histogram.ts). Same instrument (three labels, the HTTP
 * duration buckets), same label values, same process, back to back. ADR 0012 records the
 * outcome.  Run: npm run build && node bench/metrics-record.js
 */
import { MeterProvider, MetricReader } from '@opentelemetry/sdk-metrics';
import { Histogram, Registry } from 'prom-client';

const ROUNDS = 3;
const OBSERVATIONS = 2_000_000;
const BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1, 2.5, 5, 7.5, 10];
const ROUTES = ['/api/tags', '/api/articles/:slug', '/api/user', '/api/articles'];

/** A reader is what makes the SDK keep what is recorded (the Prometheus exporter is one). */
class PullReader extends MetricReader {
  async onForceFlush() {}
  async onShutdown() {}
}

const otel = new MeterProvider({ readers: [new PullReader()] })
  .getMeter('bench')
  .createHistogram('http.server.request.duration', {
    unit: 's',
    advice: { explicitBucketBoundaries: BUCKETS },
  });
const prom = new Histogram({
  name: 'http_server_request_duration_seconds',
  help: 'bench',
  labelNames: ['http_route', 'http_request_method', 'http_response_status_code'],
  buckets: BUCKETS,
  registers: [new Registry()],
});

// From the build, like every bench script that runs the service's code (a path the type check,
// which runs before the build in CI, does not follow).
const built = new URL('../dist/src/infra/metrics/lean-histogram.js', import.meta.url).href;
/** @type {{ LeanHistogram: new (...args: unknown[]) => { observe(labels: object, value: number): void } }} */
const { LeanHistogram } = await import(built);
const lean = new LeanHistogram(
  'http_server_request_duration_seconds',
  'bench',
  ['http_route', 'http_request_method', 'http_response_status_code'],
  BUCKETS,
  new Registry(),
);

/** @type {Record<string, (i: number) => void>} */
const candidates = {
  'OpenTelemetry SDK histogram.record': (i) =>
    otel.record((i % 50) / 1000, {
      'http.route': ROUTES[i & 3],
      'http.request.method': 'GET',
      'http.response.status_code': 200,
    }),
  'prom-client histogram.observe': (i) =>
    prom.observe(
      { http_route: ROUTES[i & 3], http_request_method: 'GET', http_response_status_code: 200 },
      (i % 50) / 1000,
    ),
  'the service (LeanHistogram) observe': (i) =>
    lean.observe(
      { http_route: ROUTES[i & 3], http_request_method: 'GET', http_response_status_code: 200 },
      (i % 50) / 1000,
    ),
};

/** @param {(i: number) => void} observe */
function nsPerObservation(observe) {
  for (let i = 0; i < OBSERVATIONS / 10; i++) observe(i);
  const start = process.hrtime.bigint();
  for (let i = 0; i < OBSERVATIONS; i++) observe(i);
  return Number(process.hrtime.bigint() - start) / OBSERVATIONS;
}

/** @type {Record<string, number[]>} */
const results = Object.fromEntries(Object.keys(candidates).map((name) => [name, []]));
for (let round = 0; round < ROUNDS; round++) {
  for (const [name, observe] of Object.entries(candidates))
    results[name].push(nsPerObservation(observe));
}
const best = Object.fromEntries(
  Object.entries(results).map(([name, values]) => [name, Math.min(...values)]),
);
const baseline = best['prom-client histogram.observe'];
for (const [name, ns] of Object.entries(best)) {
  console.log(`${name.padEnd(36)} ${ns.toFixed(0).padStart(5)} ns  ${(ns / baseline).toFixed(2)}x`);
}
