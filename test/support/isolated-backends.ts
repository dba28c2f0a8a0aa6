import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';

/** Where one test file's processes keep their state, apart from every other test file's. */
export interface IsolatedBackends {
  /** DATABASE_URL, REDIS_KEY_PREFIX and STORAGE_DIR for the API and worker processes. */
  env: { DATABASE_URL: string; REDIS_KEY_PREFIX: string; STORAGE_DIR: string };
  /** Drops the database (the Redis keys and files go with the run's global teardown). */
  drop(): Promise<void>;
}

/**
 * A migrated database of its own, a Redis key prefix and a storage directory for one test file.
 * Worker processes consume every job of their prefix and poll the whole outbox table of their
 * database: test files that run side by side would otherwise take each other's jobs.
 */
export async function isolatedBackends(name: string): Promise<IsolatedBackends> {
  const {
    TEST_DATABASE_NAME: runDatabase,
    TEST_TEMPLATE_DATABASE_NAME: template,
    TEST_DATABASE_SERVER_URL: serverUrl,
  } = process.env;
  if (!runDatabase || !template || !serverUrl) {
    throw new Error('run tests through jest (global setup)');
  }
  const database = `${runDatabase}_${name}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  // A copy of the run's migrated template: the same schema as running the migrations, faster.
  await admin
    .query(`CREATE DATABASE "${database}" TEMPLATE "${template}"`)
    .finally(() => admin.end());

  const url = new URL(serverUrl);
  url.pathname = `/${database}`;
  const storage = join(process.env.STORAGE_DIR!, name);
  mkdirSync(storage, { recursive: true });
  return {
    env: {
      DATABASE_URL: url.toString(),
      REDIS_KEY_PREFIX: `${process.env.REDIS_KEY_PREFIX}${name}:`,
      STORAGE_DIR: storage,
    },
    drop: async () => {
      const client = new pg.Client({ connectionString: serverUrl });
      await client.connect();
      await client
        .query(`DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`)
        .finally(() => client.end());
    },
  };
}
