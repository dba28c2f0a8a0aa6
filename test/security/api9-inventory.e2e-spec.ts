import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { randomBytes } from 'node:crypto';
import request from 'supertest';
import type { TestApp } from '../support/test-app.js';
import { startIsolatedApp } from './isolated-app.js';

const PRODUCTION = {
  NODE_ENV: 'production',
  // Production refuses every secret written in the repository (src/config/public-secrets.ts).
  JWT_SECRET: randomBytes(36).toString('base64url'),
  DATABASE_URL: process.env.DATABASE_URL ?? '',
  REDIS_URL: process.env.REDIS_URL ?? '',
};

describe('API9 Improper Inventory Management', () => {
  let api: TestApp;
  beforeAll(async () => {
    api = await startIsolatedApp(PRODUCTION);
  });
  afterAll(() => api.close());

  it('serves no GraphiQL and no introspection in production', async () => {
    await request(api.server).get('/graphiql').expect(404);
    const response = await request(api.server)
      .post('/graphql')
      .send({ query: '{ __schema { types { name } } }' });
    expect(response.body.errors?.[0]?.message).toMatch(/introspection/i);
  });

  it('serves no API documentation in production unless API_DOCS_ENABLED says so', async () => {
    for (const path of ['/docs', '/openapi.json']) {
      const response = await request(api.server).get(path);
      expect(response.status).toBe(404);
      expect(response.headers['content-type']).toContain('application/problem+json');
    }
  });

  it('answers unknown routes with a plain 404 problem, naming nothing internal', async () => {
    for (const path of ['/admin', '/api/internal', '/.env', '/media/originals/x.jpg']) {
      const response = await request(api.server).get(path);
      expect(response.status).toBe(404);
      expect(response.headers['content-type']).toContain('application/problem+json');
    }
  });

  it('answers a method a route does not take with 405, naming only the methods it takes', async () => {
    const response = await request(api.server).post('/api/tags');
    expect(response.status).toBe(405);
    expect(response.headers.allow).toBe('GET, HEAD');
    expect(response.headers['content-type']).toContain('application/problem+json');
  });
});
