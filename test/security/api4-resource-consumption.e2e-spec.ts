import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import request from 'supertest';
import { registerUser } from '../factories/user.factory.js';
import { TcpProxy } from '../support/tcp-proxy.js';
import type { TestApp } from '../support/test-app.js';
import { startIsolatedApp } from './isolated-app.js';

describe('API4 Unrestricted Resource Consumption', () => {
  describe('global rate limit, shared through Redis', () => {
    let first: TestApp;
    let second: TestApp;
    beforeAll(async () => {
      const env = { RATE_LIMIT_MAX: '5', RATE_LIMIT_WINDOW_MS: '60000' };
      first = await startIsolatedApp(env);
      // A second instance on the same prefix: the limit is one budget across both.
      second = await startIsolatedApp({ ...env, REDIS_KEY_PREFIX: first.config.redis.keyPrefix });
    });
    afterAll(async () => {
      await first.close();
      await second.close();
    });

    it('answers 429 with Retry-After and RateLimit headers once a client is over its limit, across instances', async () => {
      const statuses: number[] = [];
      for (let i = 0; i < 3; i++)
        statuses.push((await request(first.server).get('/api/tags')).status);
      for (let i = 0; i < 2; i++)
        statuses.push((await request(second.server).get('/api/tags')).status);
      expect(statuses).toEqual([200, 200, 200, 200, 200]);
      const ok = await request(first.server).get('/api/tags');
      expect(ok.status).toBe(429);
      expect(ok.headers).toMatchObject({
        'retry-after': expect.stringMatching(/^\d+$/),
        'ratelimit-limit': '5',
        'ratelimit-remaining': '0',
        'ratelimit-reset': expect.stringMatching(/^\d+$/),
        'ratelimit-policy': '5;w=60',
        'content-type': expect.stringContaining('application/problem+json'),
      });
      expect(ok.body).toMatchObject({ status: 429, code: 'RATE_LIMITED' });
      expect(Number(ok.headers['retry-after'])).toBeLessThanOrEqual(60);
    });

    it('never limits the health probes', async () => {
      for (let i = 0; i < 8; i++) await request(first.server).get('/health/live').expect(200);
    });
  });

  describe('client address and trusted proxies', () => {
    it('ignores X-Forwarded-For unless the proxy is trusted', async () => {
      const direct = await startIsolatedApp({ RATE_LIMIT_MAX: '2' });
      try {
        // Spoofed addresses do not buy a fresh budget.
        for (const forwarded of ['10.0.0.1', '10.0.0.2']) {
          await request(direct.server)
            .get('/api/tags')
            .set('X-Forwarded-For', forwarded)
            .expect(200);
        }
        await request(direct.server)
          .get('/api/tags')
          .set('X-Forwarded-For', '10.0.0.3')
          .expect(429);
      } finally {
        await direct.close();
      }
      const proxied = await startIsolatedApp({ RATE_LIMIT_MAX: '2', TRUST_PROXY: '127.0.0.1' });
      try {
        // Behind a trusted proxy, each forwarded client has its own budget.
        for (const client of ['10.0.0.1', '10.0.0.1', '10.0.0.2', '10.0.0.2']) {
          await request(proxied.server).get('/api/tags').set('X-Forwarded-For', client).expect(200);
        }
        await request(proxied.server)
          .get('/api/tags')
          .set('X-Forwarded-For', '10.0.0.1')
          .expect(429);
      } finally {
        await proxied.close();
      }
    });
  });

  describe('while Redis is unreachable', () => {
    it('keeps limiting, per instance', async () => {
      const proxy = await new TcpProxy('127.0.0.1', 6379).start();
      const app = await startIsolatedApp({
        RATE_LIMIT_MAX: '3',
        REDIS_URL: `redis://127.0.0.1:${proxy.port}`,
      });
      try {
        await proxy.cut();
        const statuses: number[] = [];
        for (let i = 0; i < 4; i++) {
          statuses.push((await request(app.server).get('/api/no-such-route')).status);
        }
        expect(statuses).toEqual([404, 404, 404, 429]);
      } finally {
        await app.close();
        await proxy.cut();
      }
    });
  });

  describe('request size and shape', () => {
    let api: TestApp;
    beforeAll(async () => {
      api = await startIsolatedApp({ BODY_LIMIT_BYTES: '10000' });
    });
    afterAll(() => api.close());

    it('refuses a body over the limit with 413', async () => {
      const response = await request(api.server)
        .post('/api/users')
        .send({ user: { username: 'a', email: 'a@b.test', password: 'x'.repeat(20_000) } })
        .expect(413);
      expect(response.body.status).toBe(413);
    });

    it('refuses deeply nested JSON and JSON with too many keys with 400', async () => {
      const deep = `${'{"a":'.repeat(100)}1${'}'.repeat(100)}`;
      const nested = await request(api.server)
        .post('/api/users')
        .set('content-type', 'application/json')
        .send(deep)
        .expect(400);
      expect(nested.body.detail).toMatch(/nest/i);
      const wide = JSON.stringify({ user: new Array(1_200).fill(0) });
      await request(api.server)
        .post('/api/users')
        .set('content-type', 'application/json')
        .send(wide)
        .expect(400);
    });

    it('refuses a query string with too many parameters with 400', async () => {
      const query = Array.from({ length: 100 }, (_, i) => `p${i}=1`).join('&');
      const response = await request(api.server).get(`/api/articles?${query}`).expect(400);
      expect(response.body.status).toBe(400);
    });

    it('caps every text field and every page size', async () => {
      const user = await registerUser(api.server);
      const tooLong = await request(api.server)
        .post('/api/articles')
        .set('Authorization', `Token ${user.token}`)
        .send({ article: { title: 'x'.repeat(201), description: 'd', body: 'b' } })
        .expect(422);
      expect(tooLong.body.errors.body.join(' ')).toMatch(/title/);
      await request(api.server).get('/api/articles?limit=1000').expect(422);
    });
  });
});
