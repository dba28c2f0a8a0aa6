// Runs once before all tests. Jest loads this file as CommonJS without its module mapper, so it
// imports packages only, no relative modules.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';

const DATA_SOURCE = 'dist/src/infra/database/data-source.js';
const SERVER_URL =
  process.env.TEST_DATABASE_SERVER_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

/**
 * Creates this run's own database, migrated, and picks this run's Redis key prefix. The
 * migrations run once, into a template that nothing connects to afterwards: the run's database
 * and the per-file ones (test/support/isolated-backends.ts) are copies of it.
 */
export default async function globalSetup(): Promise<void> {
  if (!existsSync(DATA_SOURCE)) {
    throw new Error(`${DATA_SOURCE} not found: run "npm run build" first (scripts/test does).`);
  }
  const id = `${process.pid}_${Date.now().toString(36)}`;
  const databaseName = `conduit_test_${id}`;
  const templateName = `${databaseName}_template`;
  // The guard that keeps a test run away from real data: the name must say "test".
  if (!databaseName.includes('test')) throw new Error(`refusing database ${databaseName}`);

  const admin = new pg.Client({ connectionString: SERVER_URL });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE "${templateName}"`);
    const templateUrl = new URL(SERVER_URL);
    templateUrl.pathname = `/${templateName}`;
    const migration = spawnSync(
      process.execPath,
      ['node_modules/typeorm/cli.js', 'migration:run', '-d', DATA_SOURCE],
      {
        env: { ...process.env, DATABASE_URL: templateUrl.toString(), NODE_ENV: 'test' },
        encoding: 'utf8',
      },
    );
    if (migration.status !== 0) {
      throw new Error(`migrations failed:\n${migration.stdout}\n${migration.stderr}`);
    }
    await admin.query(`CREATE DATABASE "${databaseName}" TEMPLATE "${templateName}"`);
  } finally {
    await admin.end();
  }

  const databaseUrl = new URL(SERVER_URL);
  databaseUrl.pathname = `/${databaseName}`;
  // Test workers and the processes tests spawn inherit these.
  Object.assign(process.env, {
    DATABASE_URL: databaseUrl.toString(),
    TEST_DATABASE_NAME: databaseName,
    TEST_TEMPLATE_DATABASE_NAME: templateName,
    TEST_DATABASE_SERVER_URL: SERVER_URL,
    REDIS_URL: process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379',
    REDIS_KEY_PREFIX: `conduit-test:${id}:`,
    // Uploaded and processed images of this run; removed by the teardown.
    STORAGE_DIR: mkdtempSync(join(tmpdir(), 'conduit-test-storage-')),
  });
}
