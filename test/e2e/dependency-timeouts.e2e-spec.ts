import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import pg from 'pg';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { createArticle } from '../factories/article.factory.js';
import { registerUser } from '../factories/user.factory.js';
import { expectProblem } from '../support/raw-http.js';
import { TcpProxy } from '../support/tcp-proxy.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { waitFor } from '../support/wait-for.js';

const cacheOutcome = async (api: TestApp, slug: string) =>
  (await request(api.server).get(`/api/articles/${slug}`).expect(200)).headers['x-cache'];

/** A separate connection to the run's database, as an operator (or a stuck job) would hold. */
async function sideConnection(): Promise<pg.Client> {
  const client = new pg.Client({ connectionString: process.env.DATABASE_URL });
  await client.connect();
  return client;
}

describe('Postgres timeouts', () => {
  let api: TestApp;
  let side: pg.Client;
  beforeAll(async () => {
    api = await startTestApp({
      DATABASE_STATEMENT_TIMEOUT_MS: '500',
      DATABASE_IDLE_IN_TRANSACTION_TIMEOUT_MS: '500',
    });
    side = await sideConnection();
  });
  afterAll(async () => {
    await side.end();
    await api.close();
  });

  it('cancels a statement that runs past DATABASE_STATEMENT_TIMEOUT_MS', async () => {
    const dataSource = api.app.get(DataSource);
    await expect(dataSource.query('SELECT pg_sleep(30)')).rejects.toMatchObject({
      driverError: expect.objectContaining({ code: '57014' }),
    });
    await expect(dataSource.query('SELECT 1 AS ok')).resolves.toEqual([{ ok: 1 }]);
  });

  it('answers 503 with Retry-After when a request waits on a lock past the timeout', async () => {
    const user = await registerUser(api.server);
    await side.query('BEGIN');
    await side.query('SELECT id FROM users WHERE username = $1 FOR UPDATE', [user.username]);
    try {
      const response = await request(api.server)
        .put('/api/user')
        .set('authorization', `Token ${user.token}`)
        .send({ user: { bio: 'written while locked' } });
      expectProblem(response, response.body, 503);
      expect(response.headers['retry-after']).toBeDefined();
    } finally {
      await side.query('ROLLBACK');
    }
  });

  it('ends a session left idle in a transaction; the pool goes on serving', async () => {
    const dataSource = api.app.get(DataSource);
    const runner = dataSource.createQueryRunner();
    await runner.startTransaction();
    const [{ pid }] = (await runner.query('SELECT pg_backend_pid() AS pid')) as { pid: number }[];
    await waitFor(
      async () =>
        (await side.query('SELECT 1 FROM pg_stat_activity WHERE pid = $1', [pid])).rowCount === 0,
      { description: 'Postgres to end the idle transaction' },
    );
    await expect(runner.query('SELECT 1')).rejects.toBeDefined();
    await runner.release();
    await request(api.server).get('/api/tags').expect(200);
  });
});

describe('Redis command timeout', () => {
  let api: TestApp;
  let proxy: TcpProxy;
  beforeAll(async () => {
    const redis = new URL(process.env.REDIS_URL!);
    proxy = await new TcpProxy(redis.hostname, Number(redis.port || 6379)).start();
    redis.host = `127.0.0.1:${proxy.port}`;
    api = await startTestApp({ REDIS_URL: redis.toString(), REDIS_COMMAND_TIMEOUT_MS: '500' });
  });
  afterAll(async () => {
    proxy.resume();
    await api.close();
    await proxy.cut();
  });

  /** An article whose reads the cache serves (HIT), and its author. */
  async function cachedArticle() {
    const author = await registerUser(api.server);
    const { slug } = await createArticle(api.server, author.token);
    await waitFor(async () => (await cacheOutcome(api, slug)) === 'HIT', {
      description: 'the article to be served from the cache',
    });
    return { author, slug };
  }

  it('answers from Postgres when Redis stops answering, instead of hanging', async () => {
    const { slug } = await cachedArticle();

    proxy.pause();
    try {
      // Connected, yet silent: only the command timeout ends the wait (cache and rate limiter).
      const response = await request(api.server).get(`/api/articles/${slug}`).expect(200);
      expect(response.body.article.slug).toBe(slug);
      expect(response.headers['x-cache']).toBe('ERROR');
    } finally {
      proxy.resume();
    }
    await waitFor(async () => (await cacheOutcome(api, slug)) === 'HIT', {
      description: 'the cache to serve again',
    });
  });

  it('recovers by itself when an invalidation timed out on a connection that stayed up', async () => {
    const { author, slug } = await cachedArticle();

    proxy.pause();
    try {
      await request(api.server)
        .put(`/api/articles/${slug}`)
        .set('authorization', `Token ${author.token}`)
        .send({ article: { body: 'written while Redis was silent' } })
        .expect(200);
    } finally {
      proxy.resume();
    }
    // The stale entry is never served, and no reconnect is needed for the cache to come back.
    const bodies = new Set<string>();
    await waitFor(
      async () => {
        const response = await request(api.server).get(`/api/articles/${slug}`).expect(200);
        bodies.add(response.body.article.body);
        return response.headers['x-cache'] === 'HIT';
      },
      { description: 'the cache to reset itself' },
    );
    expect([...bodies]).toEqual(['written while Redis was silent']);
  });
});
