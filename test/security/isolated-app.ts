import { randomBytes } from 'node:crypto';
import { startTestApp, type TestApp } from '../support/test-app.js';

/**
 * The API on a Redis key prefix of its own, so counters (rate limits, lockouts) start at zero
 * and the low limits a test sets never reach another test's app.
 */
export function startIsolatedApp(env: Record<string, string> = {}): Promise<TestApp> {
  const prefix = `${process.env.REDIS_KEY_PREFIX}sec-${randomBytes(4).toString('hex')}:`;
  return startTestApp({ REDIS_KEY_PREFIX: prefix, ...env });
}
