import { randomBytes } from 'node:crypto';
import request from 'supertest';
import { DataSource } from 'typeorm';
import type { LogCapture } from '../support/log-capture.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

/**
 * The API on a Redis key prefix of its own, so counters (rate limits, lockouts) start at zero
 * and the low limits a test sets never reach another test's app.
 */
export function startIsolatedApp(
  env: Record<string, string> = {},
  logs?: LogCapture,
): Promise<TestApp> {
  const prefix = `${process.env.REDIS_KEY_PREFIX}sec-${randomBytes(4).toString('hex')}:`;
  return startTestApp({ REDIS_KEY_PREFIX: prefix, ...env }, logs);
}

/** Gives a registered user the admin role, and logs them in again so their token carries it. */
export async function makeAdmin(
  api: TestApp,
  user: { username: string; email: string; password: string },
): Promise<string> {
  const dataSource = api.app.get(DataSource);
  await dataSource.query('UPDATE users SET role = $2 WHERE username = $1', [
    user.username,
    'admin',
  ]);
  const response = await request(api.server)
    .post('/api/users/login')
    .send({ user: { email: user.email, password: user.password } })
    .expect(200);
  return (response.body as { user: { token: string } }).user.token;
}
