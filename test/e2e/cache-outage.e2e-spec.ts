import { afterEach, describe, expect, it } from '@jest/globals';
import request from 'supertest';
import { createArticle } from '../factories/article.factory.js';
import { registerUser } from '../factories/user.factory.js';
import { freePort } from '../support/processes.js';
import { TcpProxy } from '../support/tcp-proxy.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { waitFor } from '../support/wait-for.js';

const readiness = async (api: TestApp, status: number) =>
  (await request(api.server).get('/health/ready')).status === status;

describe('Article cache while Redis is unreachable', () => {
  let api: TestApp | undefined;
  let proxy: TcpProxy | undefined;
  afterEach(async () => {
    await api?.close();
    await proxy?.cut();
    api = undefined;
    proxy = undefined;
  });

  /** An app whose Redis goes through a proxy the test can cut, with one article. */
  const behindProxy = async () => {
    const redis = new URL(process.env.REDIS_URL!);
    proxy = await new TcpProxy(redis.hostname, Number(redis.port || 6379)).start();
    redis.host = `127.0.0.1:${proxy.port}`;
    api = await startTestApp({ REDIS_URL: redis.toString() });
    const author = await registerUser(api.server);
    const { slug } = await createArticle(api.server, author.token);
    return { author, slug };
  };

  /** Cuts Redis, waits until the app knows, and updates the article: an invalidation missed. */
  const writeDuringOutage = async (token: string, slug: string) => {
    await proxy!.cut();
    await waitFor(() => readiness(api!, 503), { description: 'readiness 503' });
    await request(api!.server)
      .put(`/api/articles/${slug}`)
      .set('Authorization', `Token ${token}`)
      .send({ article: { body: 'written while Redis was away' } })
      .expect(200);
  };

  it('keeps answering from Postgres when Redis is down from the start', async () => {
    api = await startTestApp({ REDIS_URL: `redis://127.0.0.1:${await freePort()}` });
    const author = await registerUser(api.server);
    const { slug } = await createArticle(api.server, author.token);
    const response = await request(api.server).get(`/api/articles/${slug}`).expect(200);
    expect(response.headers['x-cache']).toBe('BYPASS');
    await request(api.server).get('/api/articles').expect(200);
    await request(api.server).get('/api/tags').expect(200);
    await request(api.server).get('/health/ready').expect(503);
  });

  it('goes to Postgres for every read when CACHE_ENABLED=false', async () => {
    api = await startTestApp({ CACHE_ENABLED: 'false' });
    const author = await registerUser(api.server);
    const { slug } = await createArticle(api.server, author.token);
    await request(api.server).get(`/api/articles/${slug}`).expect(200);
    const second = await request(api.server).get(`/api/articles/${slug}`).expect(200);
    expect(second.headers['x-cache']).toBe('BYPASS');
  });

  it('does not serve an entry that a write made during the outage could not invalidate', async () => {
    const { author, slug } = await behindProxy();
    await request(api!.server).get(`/api/articles/${slug}`);
    const warmed = await request(api!.server).get(`/api/articles/${slug}`);
    expect(warmed.headers['x-cache']).toBe('HIT');

    await writeDuringOutage(author.token, slug);
    const during = await request(api!.server).get(`/api/articles/${slug}`).expect(200);
    expect(during.body.article.body).toBe('written while Redis was away');

    await proxy!.restore();
    await waitFor(() => readiness(api!, 200), { description: 'readiness 200' });
    await waitFor(
      async () =>
        (await request(api!.server).get(`/api/articles/${slug}`)).headers['x-cache'] !== 'BYPASS',
      { description: 'the cache to be used again' },
    );
    const after = await request(api!.server).get(`/api/articles/${slug}`).expect(200);
    expect(after.body.article.body).toBe('written while Redis was away');
  });

  it('does not answer a kept GraphQL query through an outage and the write it missed', async () => {
    const { author, slug } = await behindProxy();
    const ask = () =>
      request(api!.server)
        .post('/graphql')
        .send({ query: `{ article(slug: "${slug}") { body } }` })
        .expect(200);
    await waitFor(async () => (await ask()).headers['x-cache'] === 'HIT', {
      description: 'the memo to answer',
    });

    await writeDuringOutage(author.token, slug);
    const during = await ask();
    expect(during.headers['x-cache']).toBeUndefined();
    expect(during.body.data.article.body).toBe('written while Redis was away');

    await proxy!.restore();
    await waitFor(() => readiness(api!, 200), { description: 'readiness 200' });
    for (let attempt = 0; attempt < 3; attempt++) {
      expect((await ask()).body.data.article.body).toBe('written while Redis was away');
    }
  });
});
