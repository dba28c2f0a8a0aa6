import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import request from 'supertest';
import { newUser } from '../factories/user.factory.js';
import { LogCapture } from '../support/log-capture.js';
import type { TestApp } from '../support/test-app.js';
import { startIsolatedApp } from './isolated-app.js';

const SIGNING_SECRET = 'signing-secret-that-must-never-be-logged-0000';

/** API3/API8: credentials never reach a log line or an error body, on any path. */
describe('Secrets in logs and error bodies', () => {
  const logs = new LogCapture();
  let api: TestApp;
  beforeAll(async () => {
    api = await startIsolatedApp(
      { JWT_KEYS: `k:${SIGNING_SECRET}`, LOGIN_LOCK_AFTER_FAILURES: '2', LOG_LEVEL: 'debug' },
      logs,
    );
  });
  afterAll(() => api.close());

  it('keeps passwords, access and refresh tokens, cookies and keys out of logs and error bodies', async () => {
    const fields = newUser();
    const bodies: string[] = [];
    const send = async (call: request.Test) => {
      const response = await call;
      bodies.push(response.text);
      return response;
    };
    const signup = await send(request(api.server).post('/api/users').send({ user: fields }));
    const { token, refreshToken } = signup.body.user as { token: string; refreshToken: string };
    // Failures of every kind, each echoing a secret back if anything would.
    await send(request(api.server).post('/api/users').send({ user: fields }));
    await send(
      request(api.server)
        .post('/api/users/login')
        .send({ user: { email: fields.email, password: 'wrong-one-secret' } }),
    );
    await send(
      request(api.server)
        .post('/api/users/login')
        .send({ user: { email: fields.email, password: 'wrong-two-secret' } }),
    );
    await send(
      request(api.server)
        .post('/api/users/login')
        .send({ user: { email: fields.email, password: fields.password } }),
    );
    await send(request(api.server).post('/api/users/refresh').send({ user: { refreshToken } }));
    await send(request(api.server).post('/api/users/refresh').send({ user: { refreshToken } }));
    await send(
      request(api.server)
        .get('/api/user')
        .set('Authorization', `Token ${token}`)
        .set('Cookie', 'session=cookie-secret-value'),
    );
    await send(
      request(api.server)
        .post('/api/users')
        .set('content-type', 'application/json')
        .send(`{"user":{"password":"${fields.password}"`),
    );
    await send(
      request(api.server)
        .post('/api/users')
        .send({ user: { ...fields, email: 'not-an-email' } }),
    );

    expect(logs.lines.length).toBeGreaterThan(0);
    const secrets = [
      fields.password,
      'wrong-one-secret',
      'wrong-two-secret',
      token,
      refreshToken,
      'cookie-secret-value',
      SIGNING_SECRET,
      '$argon2id$',
    ];
    for (const secret of secrets) {
      expect(logs.text).not.toContain(secret);
      for (const body of bodies.slice(1)) expect(body).not.toContain(secret);
    }
  });
});
