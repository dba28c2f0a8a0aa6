// Runs once after all tests; like global-setup.ts it imports packages only.
import { rmSync } from 'node:fs';
import { Redis } from 'ioredis';
import pg from 'pg';

/** Leaves nothing behind: drops the run's database and deletes its Redis keys. */
export default async function globalTeardown(): Promise<void> {
  const { TEST_DATABASE_NAME: name, TEST_DATABASE_SERVER_URL: serverUrl } = process.env;
  if (name?.includes('test') && serverUrl) {
    const admin = new pg.Client({ connectionString: serverUrl });
    await admin.connect();
    try {
      // The run's database, its template, and any per-file ones (test/support/isolated-backends.ts)
      // a failed file left behind.
      const { rows } = await admin.query<{ datname: string }>(
        'SELECT datname FROM pg_database WHERE datname = $1 OR datname LIKE $2',
        [name, `${name}\\_%`],
      );
      for (const { datname } of rows) {
        await admin.query(`DROP DATABASE IF EXISTS "${datname}" WITH (FORCE)`);
      }
    } finally {
      await admin.end();
    }
  }
  const storage = process.env.STORAGE_DIR;
  if (storage?.includes('conduit-test-storage-')) rmSync(storage, { recursive: true, force: true });
  const prefix = process.env.REDIS_KEY_PREFIX;
  if (prefix?.startsWith('conduit-test:')) await deleteKeys(process.env.REDIS_URL!, prefix);
}

async function deleteKeys(url: string, prefix: string): Promise<void> {
  const redis = new Redis(url);
  try {
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 500);
      if (keys.length > 0) await redis.unlink(...keys);
      cursor = next;
    } while (cursor !== '0');
  } finally {
    redis.disconnect();
  }
}
