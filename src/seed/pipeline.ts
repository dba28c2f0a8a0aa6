import type pg from 'pg';
import { PasswordHasher } from '../modules/users/password-hasher.js';
import { bulkInsert, type TableSpec } from './bulk-insert.js';
import {
  analyze,
  assertMigrated,
  clearOrRefuse,
  insertTags,
  syncFavoriteCounts,
} from './database.js';
import {
  generateArticles,
  generateArticleTags,
  generateComments,
  generateFavorites,
  generateFollows,
  generateTagNames,
  generateUsers,
  type UserRow,
  type World,
} from './generators.js';
import type { SeedOptions } from './options.js';
import type { StageTimer } from './summary.js';
import { ARTICLE_TAGS, ARTICLES, COMMENTS, FAVORITES, FOLLOWS, USERS } from './tables.js';

/** Every seeded user signs in with this; it is printed, so it must never guard real data. */
export const SEED_PASSWORD = 'password123';

/**
 * Generates and inserts every table inside one transaction (all or nothing), then analyzes.
 * Returns the first user, whose login the caller prints.
 */
export async function fillDatabase(
  client: pg.ClientBase,
  options: SeedOptions,
  timer: StageTimer,
): Promise<UserRow | undefined> {
  const { counts, reset } = options;
  const world: World = { seed: options.seed, now: Date.now() };
  await assertMigrated(client);
  // Hashed once with the app's own settings, so seeded users log in like real ones.
  const hash = await timer.time('password hash', () => new PasswordHasher().hash(SEED_PASSWORD));

  const fill = <Row>(name: string, spec: TableSpec<Row>, generate: () => Row[]) =>
    timer.time(
      name,
      async () => {
        const rows = generate();
        await bulkInsert(client, spec, rows);
        return rows;
      },
      (rows) => rows.length,
    );

  await client.query('BEGIN');
  try {
    await timer.time(reset ? 'reset' : 'check empty', () => clearOrRefuse(client, reset));
    const users = await fill('users', USERS, () => generateUsers(world, counts.users, hash));
    const tagNames = generateTagNames(counts.tags);
    const tagIds = await timer.time(
      'tags',
      () => insertTags(client, tagNames),
      (ids) => ids.length,
    );
    const articles = await fill('articles', ARTICLES, () =>
      generateArticles(world, users, counts.articles),
    );
    await fill('article_tags', ARTICLE_TAGS, () =>
      generateArticleTags(world, articles, tagIds.length).map(({ tagIndex, ...row }) => ({
        ...row,
        tagId: tagIds[tagIndex],
      })),
    );
    await fill('follows', FOLLOWS, () => generateFollows(world, users, counts.follows));
    await fill('favorites', FAVORITES, () =>
      generateFavorites(world, users, articles, counts.favorites),
    );
    await timer.time('favorites_count', () => syncFavoriteCounts(client));
    await fill('comments', COMMENTS, () =>
      generateComments(world, users, articles, counts.comments),
    );
    await timer.time('commit', () => client.query('COMMIT'));
    await timer.time('analyze', () => analyze(client));
    return users[0];
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  }
}
