import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import request from 'supertest';
import type { TestApp } from '../support/test-app.js';
import { startIsolatedApp } from './isolated-app.js';

const ALLOWED = 'https://app.example.test';

describe('API8 Security Misconfiguration', () => {
  let api: TestApp;
  beforeAll(async () => {
    api = await startIsolatedApp({ CORS_ORIGINS: `${ALLOWED},https://admin.example.test` });
  });
  afterAll(() => api.close());

  describe('response headers', () => {
    it('sends the hardening headers on every answer, errors included, and no x-powered-by', async () => {
      for (const path of ['/api/tags', '/api/no-such-route', '/api/user', '/health/live']) {
        const response = await request(api.server).get(path);
        expect(response.headers).toMatchObject({
          'x-content-type-options': 'nosniff',
          'x-frame-options': 'DENY',
          'strict-transport-security': expect.stringContaining('max-age='),
          'referrer-policy': 'no-referrer',
          'cross-origin-opener-policy': 'same-origin',
          'content-security-policy': expect.stringContaining("default-src 'none'"),
        });
        expect(response.headers['x-powered-by']).toBeUndefined();
        expect(response.headers.server).toBeUndefined();
      }
    });

    it('gives API answers a CSP that allows nothing to load, run or frame them', async () => {
      const response = await request(api.server).get('/api/tags').expect(200);
      const csp = response.headers['content-security-policy'];
      expect(csp).toContain("frame-ancestors 'none'");
      expect(csp).not.toMatch(/unsafe-inline|unsafe-eval|\*/);
    });

    it('gives the GraphiQL page a CSP that runs scripts from this origin only (development only)', async () => {
      const response = await request(api.server).get('/graphiql').expect(200);
      const csp = response.headers['content-security-policy'];
      expect(csp).toContain("script-src 'self';");
      expect(csp).toContain("frame-ancestors 'none'");
      expect(csp).not.toMatch(/unsafe-eval|https?:|\*/);
    });
  });

  describe('CORS', () => {
    const preflight = (method: string, headers: string, path = '/api/articles/some-slug') =>
      request(api.server)
        .options(path)
        .set('Origin', ALLOWED)
        .set('Access-Control-Request-Method', method)
        .set('Access-Control-Request-Headers', headers);
    const listed = (value: string | undefined) =>
      (value ?? '').split(',').map((item) => item.trim().toLowerCase());

    it.each(['GET', 'HEAD', 'POST', 'PUT', 'DELETE'])(
      'allows a preflighted %s from an allowed origin',
      async (method) => {
        const response = await preflight(method, 'authorization,content-type');
        expect(response.status).toBe(204);
        expect(response.headers['access-control-allow-origin']).toBe(ALLOWED);
        expect(listed(response.headers['access-control-allow-methods'])).toContain(
          method.toLowerCase(),
        );
      },
    );

    it.each(['authorization', 'content-type', 'idempotency-key', 'if-none-match', 'x-request-id'])(
      'allows the %s request header from an allowed origin',
      async (header) => {
        const response = await preflight('PUT', header, '/api/user');
        expect(response.status).toBe(204);
        expect(listed(response.headers['access-control-allow-headers'])).toContain(header);
      },
    );

    it('allows no request header the API does not read', async () => {
      const response = await preflight('PUT', 'x-forwarded-for,cookie', '/api/user');
      const allowed = listed(response.headers['access-control-allow-headers']);
      expect(allowed).not.toContain('x-forwarded-for');
      expect(allowed).not.toContain('cookie');
      expect(listed(response.headers['access-control-allow-methods'])).not.toContain('patch');
    });

    it('lets the front end read the request id, ETag, rate-limit and replay headers', async () => {
      const response = await request(api.server).get('/api/tags').set('Origin', ALLOWED);
      expect(listed(response.headers['access-control-expose-headers'])).toEqual(
        expect.arrayContaining([
          'x-request-id',
          'etag',
          'retry-after',
          'ratelimit-limit',
          'ratelimit-remaining',
          'ratelimit-reset',
          'ratelimit-policy',
          'idempotent-replayed',
        ]),
      );
    });

    it('answers a preflight from an allowed origin', async () => {
      const response = await request(api.server)
        .options('/api/articles')
        .set('Origin', ALLOWED)
        .set('Access-Control-Request-Method', 'POST')
        .set('Access-Control-Request-Headers', 'authorization,content-type');
      expect(response.status).toBe(204);
      expect(response.headers['access-control-allow-origin']).toBe(ALLOWED);
      expect(response.headers['access-control-allow-methods']).toContain('POST');
      expect(response.headers['access-control-allow-credentials']).toBeUndefined();
    });

    it('gives another origin no Access-Control-Allow-Origin, on preflights and requests', async () => {
      const preflight = await request(api.server)
        .options('/api/articles')
        .set('Origin', 'https://evil.example.test')
        .set('Access-Control-Request-Method', 'POST');
      expect(preflight.headers['access-control-allow-origin']).toBeUndefined();
      const simple = await request(api.server)
        .get('/api/tags')
        .set('Origin', 'https://evil.example.test')
        .expect(200);
      expect(simple.headers['access-control-allow-origin']).toBeUndefined();
      const allowed = await request(api.server).get('/api/tags').set('Origin', ALLOWED).expect(200);
      expect(allowed.headers['access-control-allow-origin']).toBe(ALLOWED);
      expect(allowed.headers.vary).toContain('Origin');
    });
  });

  describe('errors', () => {
    it('never shows a stack, SQL or a library name', async () => {
      const responses = await Promise.all([
        request(api.server)
          .post('/api/users')
          .set('content-type', 'application/json')
          .send('{"user":'),
        request(api.server).get('/api/articles?limit=abc'),
        request(api.server).get(`/api/articles/${'x'.repeat(300)}`),
        request(api.server).get("/api/profiles/' OR 1=1 --"),
      ]);
      for (const response of responses) {
        expect(response.status).toBeGreaterThanOrEqual(400);
        expect(response.status).toBeLessThan(500);
        expect(response.text).not.toMatch(
          /at \w+ \(|node_modules|SELECT|typeorm|QueryFailed|fastify/i,
        );
      }
    });
  });
});
