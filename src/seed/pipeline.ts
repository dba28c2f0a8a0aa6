import type pg from 'pg';
import { PasswordHasher } from '../modules/users/password-hasher.js';
import { bulkInsert, type TableSpec } from './bulk-insert.js';
import {
  addForeignKeys,
  analyze,
  assertMigrated,
  clearOrRefuse,
  dropForeignKeys,
  insertTags,
} from './database.js';
import {
  generateArticles,
  generateArticleTags,
  generateComments,
  generateFavorites,
  generateFollows,
  generateTagNames,
  generateUsers,
  type ArticleRow,
  type FavoriteRow,
  type UserRow,
  type World,
} from './generators.js';
import type { SeedOptions } from './options.js';
import type { StageTimer } from './summary.js';
import {
  ARTICLE_TAGS,
  ARTICLES,
  COMMENTS,
  FAVORITES,
  FOLLOWS,
  USERS,
  type ArticleInsert,
} from './tables.js';

/** Every seeded user signs in with this; it is printed, so it must never guard real data. */
export const SEED_PASSWORD = 'password123';

/** Each article with the number of `favorites` it has, as the app keeps `favorites_count`. */
function withFavoriteCounts(
  articles: readonly ArticleRow[],
  favorites: readonly FavoriteRow[],
): ArticleInsert[] {
  const counts = new Map<string, number>();
  for (const { articleId } of favorites) counts.set(articleId, (counts.get(articleId) ?? 0) + 1);
  return articles.map((article) => ({ ...article, favoritesCount: counts.get(article.id) ?? 0 }));
}

/**
 * Generates and inserts every table inside one transaction (all or nothing), then analyzes.
 * The foreign keys are dropped for the load and added back, checking every row, before the commit.
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
    const foreignKeys = await timer.time('drop foreign keys', () => dropForeignKeys(client));
    const users = await fill('users', USERS, () => generateUsers(world, counts.users, hash));
    const tagNames = generateTagNames(counts.tags);
    const tagIds = await timer.time(
      'tags',
      () => insertTags(client, tagNames),
      (ids) => ids.length,
    );
    let favorites: FavoriteRow[] = [];
    const articles = await fill('articles', ARTICLES, () => {
      const rows = generateArticles(world, users, counts.articles);
      // Drawn before the articles are inserted, so that each carries its count: an UPDATE of
      // every article afterwards took 4 s at 100,000 articles and left a dead copy of each row.
      favorites = generateFavorites(world, users, rows, counts.favorites);
      return withFavoriteCounts(rows, favorites);
    });
    await fill('article_tags', ARTICLE_TAGS, () =>
      generateArticleTags(world, articles, tagIds.length).map(({ tagIndex, ...row }) => ({
        ...row,
        tagId: tagIds[tagIndex],
      })),
    );
    await fill('follows', FOLLOWS, () => generateFollows(world, users, counts.follows));
    await fill('favorites', FAVORITES, () => favorites);
    await fill('comments', COMMENTS, () =>
      generateComments(world, users, articles, counts.comments),
    );
    await timer.time('add foreign keys', () => addForeignKeys(client, foreignKeys));
    await timer.time('commit', () => client.query('COMMIT'));
    await timer.time('analyze', () => analyze(client));
    return users[0];
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  }
}
