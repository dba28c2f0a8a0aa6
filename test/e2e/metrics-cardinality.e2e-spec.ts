import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { createArticle } from '../factories/article.factory.js';
import { registerUser } from '../factories/user.factory.js';
import { MetricsListener } from '../../src/platform/metrics/metrics-listener.js';
import { parseSamples, scrape, seriesKey } from '../support/prometheus-text.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

const DISTINCT = 1_000;

// GC pauses of a kind not seen yet (the first major collection) add a series by themselves.
const runtimeOnly = (key: string) => key.startsWith('v8js_gc_duration_seconds');

describe('Metric cardinality', () => {
  let api: TestApp;
  let url: string;
  let token: string;
  let slug: string;

  beforeAll(async () => {
    api = await startTestApp();
    url = api.app.get(MetricsListener).url ?? '';
    const user = await registerUser(api.server);
    token = user.token;
    slug = (await createArticle(api.server, token)).slug;
  });

  afterAll(async () => {
    await api?.close();
  });

  /** One request of each shape the test then repeats with distinct values. */
  async function eachShape(id: string) {
    await request(api.server).get(`/api/articles/${id}`);
    await request(api.server).get(`/api/articles/${id}/comments`);
    await request(api.server).get(`/api/profiles/${id}`);
    await request(api.server).get(`/api/jobs/${id}`).set('Authorization', `Token ${token}`);
    await request(api.server).get(`/api/articles?author=${id}&tag=${id}`);
  }

  const series = async () =>
    new Set(
      parseSamples(await scrape(url))
        .map(seriesKey)
        .filter((key) => !runtimeOnly(key)),
    );

  it(`stays the same after ${DISTINCT} distinct slugs, usernames and job ids`, async () => {
    // Every shape once, found and not found, so each route, status and query kind has its series.
    await request(api.server).get(`/api/articles/${slug}`).expect(200);
    await eachShape(`warm-up-${randomUUID()}`);
    await eachShape(randomUUID());
    const before = await series();

    for (let i = 0; i < DISTINCT; i++) {
      await eachShape(i % 2 ? `slug-or-name-${randomUUID()}` : randomUUID());
    }
    const after = await series();

    const added = [...after].filter((key) => !before.has(key));
    expect(added).toEqual([]);
    expect(after.size).toBe(before.size);
  });

  it('keeps at most 100 GraphQL operation names, however many clients invent', async () => {
    for (let i = 0; i < 150; i++) {
      await request(api.server)
        .post('/graphql')
        .send({ query: `query Invented${i} { tags }` })
        .expect(200);
    }
    const samples = parseSamples(await scrape(url)).filter(
      (sample) => sample.name === 'graphql_server_operations_total',
    );
    const names = new Set(samples.map((sample) => sample.labels.graphql_operation_name));
    expect(names.size).toBeLessThanOrEqual(101);
    expect(names.has('_OTHER')).toBe(true);
  });
});
