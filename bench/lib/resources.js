// @ts-check
/** The bench's own Postgres database and Redis key prefix: created fresh, removed afterwards. */
import { spawn } from 'node:child_process';
import { Redis } from 'ioredis';
import pg from 'pg';

/**
 * @param {string} name
 * @returns {string} the name, quoted as an identifier (names are checked in config.js too)
 */
function identifier(name) {
  if (!/^[a-z0-9_]+$/.test(name) || !name.includes('bench')) {
    throw new Error(`refusing to touch database "${name}": not a bench database`);
  }
  return `"${name}"`;
}

/**
 * @param {string} adminUrl
 * @param {(client: pg.Client) => Promise<void>} work
 */
async function withAdminClient(adminUrl, work) {
  const client = new pg.Client({ connectionString: adminUrl, connectionTimeoutMillis: 5_000 });
  await client.connect();
  try {
    await work(client);
  } finally {
    await client.end();
  }
}

/**
 * Drops (disconnecting any leftover sessions) and creates the bench database.
 * @param {string} adminUrl
 * @param {string} name
 */
export async function recreateDatabase(adminUrl, name) {
  await withAdminClient(adminUrl, async (client) => {
    await client.query(`DROP DATABASE IF EXISTS ${identifier(name)} WITH (FORCE)`);
    await client.query(`CREATE DATABASE ${identifier(name)}`);
  });
}

/**
 * @param {string} adminUrl
 * @param {string} name
 */
export async function dropDatabase(adminUrl, name) {
  await withAdminClient(adminUrl, async (client) => {
    await client.query(`DROP DATABASE IF EXISTS ${identifier(name)} WITH (FORCE)`);
  });
}

/**
 * The admin URL with its database swapped for `name`.
 * @param {string} adminUrl
 * @param {string} name
 */
export function databaseUrl(adminUrl, name) {
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

/**
 * Runs the app's migrations with the TypeORM CLI, as `npm run migration:run` does.
 * @param {string} rootDir
 * @param {Record<string, string>} env
 */
export async function runMigrations(rootDir, env) {
  const child = spawn(
    process.execPath,
    [
      'node_modules/typeorm/cli.js',
      'migration:run',
      '-d',
      'dist/src/infra/database/data-source.js',
    ],
    { cwd: rootDir, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let output = '';
  child.stdout.on('data', (chunk) => (output += chunk));
  child.stderr.on('data', (chunk) => (output += chunk));
  const code = await new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', resolve);
  });
  if (code !== 0) throw new Error(`migrations failed (exit ${code}):\n${output.trim()}`);
}

/**
 * `npm run seed --` arguments: a fixed random seed, so every run loads the same content, and
 * `--scale` above 1 (BENCH_SCALE), which multiplies the default counts.
 * @param {number} scale
 */
export function seedArgs(scale) {
  return ['--seed', '1', ...(scale > 1 ? ['--scale', String(scale)] : [])];
}

/**
 * Fills the (migrated, empty) bench database the way `npm run seed` does. The seeder refuses
 * NODE_ENV=production, so it runs as development; it needs only DATABASE_URL.
 * @param {string} rootDir
 * @param {string} url the bench database
 * @param {string[]} args from {@link seedArgs}
 * @returns {Promise<{ ms: number, output: string }>} the seeder's own summary
 */
export async function seedDatabase(rootDir, url, args) {
  const started = performance.now();
  const child = spawn(process.execPath, ['dist/src/seed/seed.js', ...args], {
    cwd: rootDir,
    env: { ...process.env, DATABASE_URL: url, NODE_ENV: 'development' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk) => (output += chunk));
  child.stderr.on('data', (chunk) => (output += chunk));
  const code = await new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', resolve);
  });
  if (code !== 0) throw new Error(`seeding failed (exit ${code}):\n${output.trim()}`);
  return { ms: Math.round(performance.now() - started), output: output.trim() };
}

/**
 * One query against the bench database, for scenario setup (e.g. picking a seeded article).
 * @param {string} url
 * @param {string} text
 * @param {unknown[]} [values]
 * @returns {Promise<Record<string, any>[]>}
 */
export async function queryDatabase(url, text, values = []) {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5_000 });
  await client.connect();
  try {
    return (await client.query(text, values)).rows;
  } finally {
    await client.end();
  }
}

/**
 * Deletes every key under the prefix (the API's cache keys and its BullMQ queues).
 * @param {string} redisUrl
 * @param {string} prefix
 * @returns {Promise<number>} keys deleted
 */
export async function deleteRedisKeys(redisUrl, prefix) {
  if (!/^[A-Za-z0-9_.:-]+$/.test(prefix) || !prefix.includes('bench')) {
    throw new Error(`refusing to delete Redis keys under "${prefix}": not a bench prefix`);
  }
  const redis = new Redis(redisUrl, { lazyConnect: true, maxRetriesPerRequest: 1 });
  await redis.connect();
  let deleted = 0;
  try {
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 500);
      cursor = next;
      if (keys.length > 0) deleted += await redis.unlink(...keys);
    } while (cursor !== '0');
  } finally {
    await redis.quit();
  }
  return deleted;
}

/**
 * Where a side harness (`bench:profile`, `bench:observability`, `bench:ab`) keeps its data: the
 * admin connection, Redis, a database of its own (BENCH_DATABASE, else `fallbackDatabase`) and a
 * Redis prefix named after it and this process.
 * @param {string} fallbackDatabase
 */
export function sideHarnessResources(fallbackDatabase) {
  const database = process.env.BENCH_DATABASE || fallbackDatabase;
  return {
    adminUrl: process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres',
    redisUrl: process.env.BENCH_REDIS_URL ?? 'redis://127.0.0.1:6379',
    database,
    prefix: `${database.replaceAll('_', '-')}:${process.pid}:`,
  };
}

/**
 * A side harness's database, recreated and migrated; answers its URL.
 * @param {string} rootDir
 * @param {ReturnType<typeof sideHarnessResources>} resources
 */
export async function prepareSideDatabase(rootDir, { adminUrl, database }) {
  await recreateDatabase(adminUrl, database);
  const url = databaseUrl(adminUrl, database);
  await runMigrations(rootDir, { DATABASE_URL: url, NODE_ENV: 'development' });
  return url;
}

/**
 * What a side harness leaves behind: its Redis keys, then its database.
 * @param {ReturnType<typeof sideHarnessResources>} resources
 */
export async function removeSideResources({ adminUrl, redisUrl, database, prefix }) {
  await deleteRedisKeys(redisUrl, prefix);
  await dropDatabase(adminUrl, database);
}
