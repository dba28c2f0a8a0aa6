import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DataSource } from 'typeorm';
import { IdempotencyPurge } from '../../src/platform/idempotency/idempotency-purge.js';
import { registerUser } from '../factories/user.factory.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

describe('Expiring Idempotency-Key records', () => {
  let api: TestApp;
  let db: DataSource;
  beforeAll(async () => {
    api = await startTestApp();
    db = api.app.get(DataSource);
  });
  afterAll(() => api.close());

  it('deletes keys older than the retry window and keeps recent ones', async () => {
    const user = await registerUser(api.server);
    const [{ id }]: { id: string }[] = await db.query('SELECT id FROM users WHERE username = $1', [
      user.username,
    ]);
    const insert = (key: string, age: string) =>
      db.query(
        `INSERT INTO idempotency_keys (user_id, key, scope, request_hash, status, response, created_at)
         VALUES ($1, $2, 'test', repeat('0', 64), 200, '{}', now() - $3::interval)`,
        [id, key, age],
      );
    await insert('old-1', '25 hours');
    await insert('old-2', '3 days');
    await insert('recent', '1 hour');

    await new IdempotencyPurge(db).purgeOlderThan(24);

    const left: { key: string }[] = await db.query(
      'SELECT key FROM idempotency_keys WHERE user_id = $1 ORDER BY key',
      [id],
    );
    expect(left.map((row) => row.key)).toEqual(['recent']);
  });
});
