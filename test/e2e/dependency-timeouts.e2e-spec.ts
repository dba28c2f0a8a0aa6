import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import pg from 'pg';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { createArticle } from '../factories/article.factory.js';
import { registerUser } from '../factories/user.factory.js';
import { expectProblem } from '../support/raw-http.js';
import { TcpProxy } from '../support/tcp-proxy.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

async function until(check: () => Promise<boolean>, what: string, timeoutMs = 20_000) {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting until ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

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
    await until(
      async () =>
        (await side.query('SELECT 1 FROM pg_stat_activity WHERE pid = $1', [pid])).rowCount === 0,
      'Postgres ends the idle transaction',
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
    api = await startTestApp({ REDIS_URL: redis.toString(), REDIS_COMMAND_TIMEOUT_MS: '300' });
  });
  afterAll(async () => {
    proxy.resume();
    await api.close();
    await proxy.cut();
  });

  it('answers from Postgres when Redis stops answering, instead of hanging', async () => {
    const author = await registerUser(api.server);
    const { slug } = await createArticle(api.server, author.token);
    await request(api.server).get(`/api/articles/${slug}`).expect(200);

    proxy.pause();
    try {
      // Connected, yet silent: only the command timeout ends the wait (cache and rate limiter).
      const response = await request(api.server).get(`/api/articles/${slug}`).expect(200);
      expect(response.body.article.slug).toBe(slug);
      expect(response.headers['x-cache']).toBe('ERROR');
    } finally {
      proxy.resume();
    }
    await until(
      async () =>
        (await request(api.server).get(`/api/articles/${slug}`)).headers['x-cache'] === 'HIT',
      'the cache serves again',
    );
  });
});
