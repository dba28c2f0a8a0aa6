import type pg from 'pg';
import { SeedError } from './seed-error.js';

/** Every table the seeder writes or clears, as the migrations create them. */
export const CONTENT_TABLES = [
  'users',
  'follows',
  'articles',
  'tags',
  'article_tags',
  'favorites',
  'comments',
  'idempotency_keys',
] as const;

/** Fails with what to do when the migrations have not created the tables yet. */
export async function assertMigrated(client: pg.ClientBase): Promise<void> {
  const { rows } = await client.query<{ name: string }>(
    `SELECT name FROM unnest($1::text[]) AS name WHERE to_regclass(format('%I', name)) IS NULL`,
    [CONTENT_TABLES],
  );
  if (rows.length === 0) return;
  throw new SeedError(
    `The database has no ${rows.map((row) => row.name).join(', ')} table(s): ` +
      'create the schema first with "npm run build && npm run migration:run".',
  );
}

/**
 * With `reset`, empties every content table; without it, refuses a database that has users.
 * Runs inside the seeding transaction, so a failed seed leaves the old data in place.
 */
export async function clearOrRefuse(client: pg.ClientBase, reset: boolean): Promise<void> {
  if (reset) {
    await client.query(`TRUNCATE ${CONTENT_TABLES.join(', ')} RESTART IDENTITY CASCADE`);
    return;
  }
  // Blocks a concurrent sign-up (or seeder) between this check and the inserts.
  await client.query('LOCK TABLE users IN SHARE ROW EXCLUSIVE MODE');
  const { rows } = await client.query<{ count: number }>(
    'SELECT count(*)::int AS count FROM users',
  );
  const users = rows[0].count;
  if (users > 0) {
    throw new SeedError(
      `The database already has ${users} user(s); seeding is for empty databases. ` +
        'Run with --reset to delete all users, articles, tags, favorites, follows and comments first.',
    );
  }
}

/** Inserts the tag names (keeping any that exist) and returns their ids in the same order. */
export async function insertTags(
  client: pg.ClientBase,
  names: readonly string[],
): Promise<number[]> {
  await client.query(
    'INSERT INTO tags (name) SELECT * FROM unnest($1::text[]) ON CONFLICT (name) DO NOTHING',
    [names],
  );
  const { rows } = await client.query<{ id: number; name: string }>(
    'SELECT id, name FROM tags WHERE name = ANY($1::text[])',
    [names],
  );
  const ids = new Map(rows.map((row) => [row.name, row.id]));
  return names.map((name) => ids.get(name)!);
}

/** A foreign key of a content table, as `pg_get_constraintdef` writes it. */
export interface ForeignKey {
  table: string;
  name: string;
  definition: string;
}

/**
 * Drops the foreign keys of the content tables, for the bulk load. Checked row by row, they were
 * three quarters of the insert time (300,000 favorites: 14.7 s with them, 3.3 s without, 0.35 s
 * to add them back). {@link addForeignKeys} restores them before the commit.
 */
export async function dropForeignKeys(client: pg.ClientBase): Promise<ForeignKey[]> {
  const { rows } = await client.query<ForeignKey>(
    `SELECT conrelid::regclass::text AS "table", conname AS name,
            pg_get_constraintdef(oid) AS definition
       FROM pg_constraint
      WHERE contype = 'f' AND conrelid = ANY($1::regclass[])
      ORDER BY conrelid::regclass::text, conname`,
    [CONTENT_TABLES],
  );
  for (const key of rows) {
    await client.query(`ALTER TABLE ${key.table} DROP CONSTRAINT ${quote(key.name)}`);
  }
  return rows;
}

/** Adds the keys back: Postgres checks every row in one pass per key, and fails the seed if any is broken. */
export async function addForeignKeys(
  client: pg.ClientBase,
  keys: readonly ForeignKey[],
): Promise<void> {
  for (const key of keys) {
    await client.query(
      `ALTER TABLE ${key.table} ADD CONSTRAINT ${quote(key.name)} ${key.definition}`,
    );
  }
}

const quote = (identifier: string) => `"${identifier.replaceAll('"', '""')}"`;

/**
 * Fresh planner statistics and visibility maps, so the first queries after seeding get the
 * plans (index-only scans included) a long-running database would.
 */
export async function analyze(client: pg.ClientBase): Promise<void> {
  await client.query(`VACUUM ANALYZE ${CONTENT_TABLES.join(', ')}`);
}
