import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import request from 'supertest';
import { newUser, registerUser } from '../factories/user.factory.js';
import type { TestApp } from '../support/test-app.js';
import { startIsolatedApp } from './isolated-app.js';

describe('API6 Unrestricted Access to Sensitive Business Flows', () => {
  let api: TestApp;
  beforeAll(async () => {
    api = await startIsolatedApp({ AUTH_RATE_LIMIT_MAX: '3', AUTH_RATE_LIMIT_WINDOW_MS: '60000' });
  });
  afterAll(() => api.close());

  it('limits registrations per client address (mass account creation)', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 4; i++) {
      statuses.push(
        (await request(api.server).post('/api/users').send({ user: newUser() })).status,
      );
    }
    expect(statuses).toEqual([201, 201, 201, 429]);
  });

  it('limits login attempts per account, whatever the client address claims to be', async () => {
    const other = await startIsolatedApp({
      AUTH_RATE_LIMIT_MAX: '3',
      TRUST_PROXY: '127.0.0.1',
      LOGIN_LOCK_AFTER_FAILURES: '100',
    });
    try {
      const user = await registerUser(other.server, {});
      const statuses: number[] = [];
      for (let i = 0; i < 3; i++) {
        const response = await request(other.server)
          .post('/api/users/login')
          .set('X-Forwarded-For', `198.51.100.${i + 1}`)
          .send({ user: { email: user.email, password: `guess-${i}` } });
        statuses.push(response.status);
      }
      // Registration counted once for the account; two guesses later the account's budget is spent.
      expect(statuses).toEqual([401, 401, 429]);
      const limited = await request(other.server)
        .post('/api/users/login')
        .set('X-Forwarded-For', '198.51.100.99')
        .send({ user: { email: user.email, password: user.password } });
      expect(limited.status).toBe(429);
      expect(limited.headers['retry-after']).toMatch(/^\d+$/);
      expect(limited.body.code).toBe('RATE_LIMITED');
    } finally {
      await other.close();
    }
  });
});
