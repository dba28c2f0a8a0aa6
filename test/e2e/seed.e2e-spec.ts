import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import argon2 from 'argon2';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { testEnv } from '../setup/test-environment.js';

const SEEDER = 'dist/src/seed/seed.js';
const MIGRATE = ['node_modules/typeorm/cli.js', 'migration:run', '-d'];
const DATA_SOURCE = 'dist/src/infra/database/data-source.js';
const TINY = { users: 20, articles: 50, tags: 12, favorites: 150, follows: 60, comments: 80 };
const TINY_ARGS = ['--seed', '7', ...Object.entries(TINY).flatMap(([k, n]) => [`--${k}`, `${n}`])];

interface Finished {
  code: number | null;
  output: string;
}

/** Runs a built script as its own process, as `npm run ...` would. */
async function runNode(args: string[], env: Record<string, string>): Promise<Finished> {
  const child = spawn(process.execPath, args, { env: { ...testEnv(), ...env } });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const [code] = (await once(child, 'close')) as [number | null];
  return { code, output };
}

// Other suites share the run's database, so the seeder gets databases of its own.
const serverUrl = process.env.TEST_DATABASE_SERVER_URL!;
const suffix = randomBytes(4).toString('hex');
const migratedName = `conduit_seed_test_${suffix}`;
const bareName = `conduit_seed_test_${suffix}_bare`;
const urlOf = (name: string) => Object.assign(new URL(serverUrl), { pathname: `/${name}` }).href;

async function onServer(statements: string[]): Promise<void> {
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  try {
    for (const sql of statements) await admin.query(sql);
  } finally {
    await admin.end();
  }
}

const seed = (args: string[], env: Record<string, string> = {}) =>
  runNode([SEEDER, ...args], { DATABASE_URL: urlOf(migratedName), ...env });

describe('npm run seed', () => {
  let database: pg.Client;
  let first: Finished;
  let keysBefore: string[];

  const count = async (sql: string) => Number((await database.query(sql)).rows[0].count);
  const counts = async () => {
    const tables = Object.keys(TINY).map((t) => `(SELECT count(*)::int FROM ${t}) AS ${t}`);
    return (await database.query<typeof TINY>(`SELECT ${tables.join(', ')}`)).rows[0];
  };
  // The seeder drops the foreign keys for its bulk load and must put every one back.
  const foreignKeys = async () =>
    (
      await database.query<{ key: string }>(
        `SELECT conrelid::regclass || '.' || conname || ' ' || pg_get_constraintdef(oid) AS key
           FROM pg_constraint WHERE contype = 'f' ORDER BY 1`,
      )
    ).rows.map((row) => row.key);
  // Ids and dates differ between runs; what the seed decides (titles, authors) must not.
  const fingerprint = async () =>
    count(`SELECT hashtext(string_agg(a.slug || u.username, ',' ORDER BY a.slug)) AS count
             FROM articles a JOIN users u ON u.id = a.author_id`);

  beforeAll(async () => {
    await onServer([`CREATE DATABASE "${migratedName}"`, `CREATE DATABASE "${bareName}"`]);
    const migration = await runNode([...MIGRATE, DATA_SOURCE], {
      DATABASE_URL: urlOf(migratedName),
    });
    if (migration.code !== 0) throw new Error(`migrations failed:\n${migration.output}`);
    database = new pg.Client({ connectionString: urlOf(migratedName) });
    await database.connect();
    keysBefore = await foreignKeys();
    first = await seed(TINY_ARGS);
  });

  afterAll(async () => {
    await database?.end();
    const names = [migratedName, bareName];
    await onServer(names.map((name) => `DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`));
  });

  it('fills an empty database with the requested counts and prints a summary', async () => {
    expect(first).toEqual({ code: 0, output: expect.stringContaining('total') });
    expect(await counts()).toEqual(TINY);
    expect(first.output).toMatch(/^articles\s+50\s+\d+$/m);
  });

  it('leaves data the app can trust: counters, follows, usernames and dates consistent', async () => {
    const problems = {
      favoritesCountOff: `SELECT count(*) FROM articles a
        WHERE favorites_count <> (SELECT count(*) FROM favorites f WHERE f.article_id = a.id)`,
      selfFollows: 'SELECT count(*) FROM follows WHERE follower_id = followee_id',
      duplicateUsernames: 'SELECT count(*) - count(DISTINCT lower(username)) AS count FROM users',
      articlesBeforeAuthor: `SELECT count(*) FROM articles a JOIN users u ON u.id = a.author_id
        WHERE a.created_at < u.created_at OR a.updated_at < a.created_at`,
      commentsBeforeArticle: `SELECT count(*) FROM comments c JOIN articles a ON a.id = c.article_id
        WHERE c.created_at < a.created_at OR c.updated_at < c.created_at`,
      inTheFuture: 'SELECT count(*) FROM articles WHERE created_at > now()',
    };
    const found: Record<string, number> = {};
    for (const [name, sql] of Object.entries(problems)) found[name] = await count(sql);
    expect(found).toEqual(Object.fromEntries(Object.keys(problems).map((name) => [name, 0])));
    expect(await count('SELECT sum(favorites_count) AS count FROM articles')).toBe(TINY.favorites);
  });

  it('puts back every foreign key it dropped for the load', async () => {
    expect(keysBefore).toContainEqual(expect.stringMatching(/^favorites\.favorites_user_fkey /));
    expect(await foreignKeys()).toEqual(keysBefore);
  });

  it('prints a sample login whose password opens the stored hash', async () => {
    const [, email, password] = /Sample login: (\S+) \/ (\S+)/.exec(first.output) ?? [];
    const { rows } = await database.query(
      'SELECT password_hash FROM users WHERE lower(email) = lower($1)',
      [email],
    );
    expect(rows).toHaveLength(1);
    expect(await argon2.verify(rows[0].password_hash, password)).toBe(true);
  });

  it('refuses a database that already has users without --reset', async () => {
    const again = await seed(TINY_ARGS);
    expect(again.code).toBe(1);
    expect(again.output).toContain('already has 20 user(s)');
    expect(again.output).toContain('--reset');
    expect(await counts()).toEqual(TINY);
  });

  it('refuses to seed at all when NODE_ENV=production, touching nothing', async () => {
    const refused = await seed([...TINY_ARGS, '--reset'], { NODE_ENV: 'production' });
    expect(refused.code).toBe(1);
    expect(refused.output).toContain('Refusing to seed with NODE_ENV=production');
    expect(await counts()).toEqual(TINY);
  });

  it('replaces the content with --reset, and the same --seed gives the same articles', async () => {
    const before = await fingerprint();
    expect((await seed([...TINY_ARGS, '--reset'])).code).toBe(0);
    expect(await counts()).toEqual(TINY);
    expect(await fingerprint()).toBe(before);

    const other = await seed(['--reset', '--users', '5', '--articles', '3', '--seed', '8']);
    expect(other.code).toBe(0);
    expect(await count('SELECT count(*) FROM users')).toBe(5);
    expect(await count('SELECT count(*) FROM articles')).toBe(3);
  });

  it('tells the user to run the migrations when the tables are missing', async () => {
    const bare = await seed(TINY_ARGS, { DATABASE_URL: urlOf(bareName) });
    expect(bare.code).toBe(1);
    expect(bare.output).toContain('npm run migration:run');
  });
});
