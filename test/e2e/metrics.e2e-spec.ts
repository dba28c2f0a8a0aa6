import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import request from 'supertest';
import { createArticle } from '../factories/article.factory.js';
import { registerUser } from '../factories/user.factory.js';
import { METRICS, exposedNames } from '../../src/infra/metrics/catalog.js';
import { MetricsListener } from '../../src/platform/metrics/metrics-listener.js';
import { declaredTypes, parseSamples, scrape, total } from '../support/prometheus-text.js';
import { expectProblem, expectSecurityHeaders, rawExchange } from '../support/raw-http.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

describe('Metrics at GET /metrics on their own listener', () => {
  let api: TestApp;
  let url: string;

  beforeAll(async () => {
    api = await startTestApp();
    url = api.app.get(MetricsListener).url ?? '';
  });

  afterAll(async () => {
    await api?.close();
  });

  it('are served on the metrics port only, as Prometheus text with the security headers', async () => {
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/metrics$/);
    const response = await fetch(url);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(response.headers.get('cache-control')).toBe('no-store');

    // Not on the public port.
    const publicPort = await request(api.server).get('/metrics');
    expect(publicPort.status).toBe(404);
    // Nothing else on the metrics port, refused as the API refuses: problem details, headers.
    const elsewhere = await fetch(new URL('/', url));
    const elsewhereHeaders = Object.fromEntries(elsewhere.headers);
    expectProblem(
      { status: elsewhere.status, headers: elsewhereHeaders },
      await elsewhere.json(),
      404,
    );
    expectSecurityHeaders(elsewhereHeaders);
    const posted = await fetch(url, { method: 'POST' });
    const postedHeaders = Object.fromEntries(posted.headers);
    expectProblem(
      { status: posted.status, headers: postedHeaders },
      await posted.json(),
      405,
      'METHOD_NOT_ALLOWED',
    );
    expect(postedHeaders.allow).toBe('GET, HEAD');
    expectSecurityHeaders(postedHeaders);

    // A request Node cannot parse gets the API's raw problem answer, headers included.
    const garbled = await rawExchange(
      Number(new URL(url).port),
      'GET /metrics HTTP/1.1\r\nHost: x\r\nBad Header\r\n\r\n',
    );
    expect(garbled.response?.status).toBe(400);
    expectSecurityHeaders(garbled.response?.headers ?? {});
    expect(garbled.response?.headers['content-type']).toMatch(/^application\/problem\+json/);
  });

  it('declare exactly the API series of the catalog', async () => {
    const declared = declaredTypes(await scrape(url));
    const expected = Object.values(METRICS)
      .filter((definition) => (definition.sources as readonly string[]).includes('api'))
      .map((definition) => [definition.name, definition.type] as const);
    expect([...declared].sort()).toEqual([...expected].sort());
    for (const definition of Object.values(METRICS)) expect(exposedNames(definition)).toBeTruthy();
  });

  it('count what a client did: routes by template, queries, commands, cache, logins, GraphQL', async () => {
    const author = await registerUser(api.server);
    const article = await createArticle(api.server, author.token);
    await request(api.server).get(`/api/articles/${article.slug}`).expect(200);
    await request(api.server).get(`/api/articles/${article.slug}`).expect(200);
    await request(api.server).get('/api/articles/no-such-article').expect(404);
    await request(api.server).get('/api/tags').expect(200);
    await request(api.server)
      .post('/api/users/login')
      .send({ user: { email: author.email, password: 'not-the-password' } })
      .expect(401);
    await request(api.server)
      .post('/graphql')
      .send({ query: 'query TagCloud { tags }' })
      .expect(200);
    await request(api.server)
      .post('/graphql')
      .send({ query: 'query Missing { article(slug: "no-such-article") { slug } }' });

    const samples = parseSamples(await scrape(url));
    const requests = (route: string, status: string) =>
      total(samples, 'http_server_request_duration_seconds_count', {
        http_route: route,
        http_request_method: 'GET',
        http_response_status_code: status,
      });
    expect(requests('/api/articles/:slug', '200')).toBe(2);
    expect(requests('/api/articles/:slug', '404')).toBe(1);
    expect(requests('/api/tags', '200')).toBe(1);
    // No concrete URL ever becomes a label.
    expect(samples.some((sample) => sample.labels.http_route?.includes(article.slug))).toBe(false);

    const operations = (system: string, operation: string) =>
      total(samples, 'db_client_operation_duration_seconds_count', {
        db_system_name: system,
        db_operation_name: operation,
      });
    expect(operations('postgresql', 'SELECT')).toBeGreaterThan(0);
    expect(operations('postgresql', 'INSERT')).toBeGreaterThan(0);
    expect(
      total(samples, 'db_client_operation_duration_seconds_count', { db_system_name: 'redis' }),
    ).toBeGreaterThan(0);
    expect(
      total(samples, 'db_client_connection_count', { db_client_connection_pool_name: 'primary' }),
    ).toBeGreaterThan(0);

    expect(total(samples, 'cache_operations_total', { cache_outcome: 'hit' })).toBeGreaterThan(0);
    expect(total(samples, 'auth_login_failures_total')).toBe(1);
    expect(
      total(samples, 'graphql_server_operations_total', {
        graphql_operation_type: 'query',
        graphql_operation_name: 'TagCloud',
      }),
    ).toBe(1);
    expect(total(samples, 'graphql_server_errors_total', { graphql_error_code: 'NOT_FOUND' })).toBe(
      1,
    );

    // Backlog and runtime series are read at scrape time.
    expect(
      samples.some(
        (sample) => sample.name === 'queue_jobs' && sample.labels.queue_name === 'images',
      ),
    ).toBe(true);
    expect(samples.some((sample) => sample.name === 'outbox_pending_messages')).toBe(true);
    expect(total(samples, 'nodejs_eventloop_utilization_ratio')).toBeGreaterThan(0);
    expect(total(samples, 'v8js_memory_heap_used_bytes')).toBeGreaterThan(0);
    expect(total(samples, 'process_memory_usage_bytes')).toBeGreaterThan(0);
  });

  it('count requests refused by the rate limit, by policy', async () => {
    const limited = await startTestApp({ RATE_LIMIT_MAX: '2' });
    try {
      const limitedUrl = limited.app.get(MetricsListener).url ?? '';
      // The counter in Redis is shared with the other apps of this run: count the refusals seen.
      let refused = 0;
      for (let i = 0; i < 3; i++) {
        if ((await request(limited.server).get('/api/tags')).status === 429) refused++;
      }
      expect(refused).toBeGreaterThan(0);
      const samples = parseSamples(await scrape(limitedUrl));
      expect(total(samples, 'rate_limit_rejections_total', { rate_limit_policy: 'global' })).toBe(
        refused,
      );
      expect(
        total(samples, 'http_server_request_duration_seconds_count', {
          http_response_status_code: '429',
        }),
      ).toBe(refused);
    } finally {
      await limited.close();
    }
  });
});

describe('METRICS_ENABLED=false', () => {
  it('opens no metrics listener, and the API answers as before', async () => {
    const api = await startTestApp({ METRICS_ENABLED: 'false' });
    try {
      expect(api.app.get(MetricsListener).url).toBeUndefined();
      await request(api.server).get('/api/tags').expect(200);
    } finally {
      await api.close();
    }
  });
});
