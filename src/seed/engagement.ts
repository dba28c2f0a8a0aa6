import { distinctPairs } from './pairs.js';
import { Random } from './random.js';
import { sentences } from './text.js';
import {
  articlePopularity,
  editedAt,
  instant,
  readerActivity,
  type ArticleRow,
  type CommentRow,
  type FavoriteRow,
  type UserRow,
  type World,
} from './world.js';

// The later of the reader's sign-up and the article's publication: when they could first meet.
const firstMet = (user: UserRow, article: ArticleRow) =>
  Math.max(user.createdAt, article.createdAt);

/** Favorites: active readers on popular articles, each (user, article) pair at most once. */
export function generateFavorites(
  world: World,
  users: readonly UserRow[],
  articles: readonly ArticleRow[],
  count: number,
): FavoriteRow[] {
  const random = new Random(world.seed, 'favorites');
  const readers = readerActivity(world, users.length);
  const popular = articlePopularity(world, articles.length);
  const space = { left: users.length, right: articles.length, allowSame: true };
  const draw = () => [readers.draw(random), popular.draw(random)] as const;
  return distinctPairs(random, space, count, draw).map(([left, right]) => {
    const user = users[left];
    const article = articles[right];
    return {
      userId: user.id,
      articleId: article.id,
      createdAt: instant(random, firstMet(user, article), world.now, 2),
    };
  });
}

/** Comments: a sentence or a few paragraphs, mostly soon after the article appeared. */
export function generateComments(
  world: World,
  users: readonly UserRow[],
  articles: readonly ArticleRow[],
  count: number,
): CommentRow[] {
  const random = new Random(world.seed, 'comments');
  const readers = readerActivity(world, users.length);
  const popular = articlePopularity(world, articles.length);
  return Array.from({ length: count }, () => {
    const author = users[readers.draw(random)];
    const article = articles[popular.draw(random)];
    const createdAt = instant(random, firstMet(author, article), world.now, 3);
    const paragraphs = random.chance(0.8) ? 1 : random.int(2, 3);
    return {
      articleId: article.id,
      authorId: author.id,
      body: Array.from({ length: paragraphs }, () => sentences(random, 1, 4)).join('\n\n'),
      createdAt,
      updatedAt: editedAt(random, createdAt, world.now, 0.1),
    };
  });
}
