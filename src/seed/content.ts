import { slugify } from '../modules/articles/slug.js';
import { Popularity, Random } from './random.js';
import { markdownBody, sentences, title } from './text.js';
import { TAG_NAMES } from './words.js';
import {
  authorPopularity,
  editedAt,
  instant,
  type ArticleRow,
  type ArticleTagRow,
  type UserRow,
  type World,
} from './world.js';

export const TAG_NAME_MAX_LENGTH = 40;
export const TITLE_MAX_LENGTH = 200;
// Share of articles with 0, 1, ... 5 tags.
const TAGS_PER_ARTICLE = [10, 20, 28, 22, 12, 8];

/** The built-in names, most popular first; larger requests continue with "javascript-2" etc. */
export function generateTagNames(count: number): string[] {
  return Array.from({ length: count }, (_, index) => {
    const round = Math.floor(index / TAG_NAMES.length);
    const name = TAG_NAMES[index % TAG_NAMES.length];
    return round === 0 ? name : `${name}-${round + 1}`.slice(0, TAG_NAME_MAX_LENGTH);
  });
}

/**
 * The app's own slug of the title plus 8 hex digits from the seeded stream, the shape of the
 * app's suffix: "stop-replacing-jobs-try-postgres-instead-3f9c01ab". Always suffixed, because
 * generated titles repeat.
 */
function uniqueSlug(random: Random, articleTitle: string, taken: Set<string>): string {
  for (;;) {
    const slug = `${slugify(articleTitle)}-${random.uint32().toString(16).padStart(8, '0')}`;
    if (!taken.has(slug)) {
      taken.add(slug);
      return slug;
    }
  }
}

/** Articles by (mostly) prolific authors, each written after its author signed up. */
export function generateArticles(
  world: World,
  users: readonly UserRow[],
  count: number,
): ArticleRow[] {
  const random = new Random(world.seed, 'articles');
  const authors = authorPopularity(world, users.length);
  const slugs = new Set<string>();
  return Array.from({ length: count }, () => {
    const author = users[authors.draw(random)];
    const createdAt = instant(random, author.createdAt, world.now);
    const articleTitle = title(random).slice(0, TITLE_MAX_LENGTH);
    return {
      id: random.uuid(),
      slug: uniqueSlug(random, articleTitle, slugs),
      title: articleTitle,
      description: sentences(random, 1, 2),
      body: markdownBody(random),
      authorId: author.id,
      createdAt,
      updatedAt: editedAt(random, createdAt, world.now, 0.25),
    };
  });
}

/** 0-5 distinct tags per article, favouring the popular ones. */
export function generateArticleTags(
  world: World,
  articles: readonly ArticleRow[],
  tagCount: number,
): ArticleTagRow[] {
  const random = new Random(world.seed, 'article-tags');
  if (tagCount === 0) return [];
  const tags = new Popularity(random, tagCount, 1, false);
  return articles.flatMap((article) => {
    const chosen = new Set<number>();
    const wanted = Math.min(random.weighted(TAGS_PER_ARTICLE), tagCount);
    while (chosen.size < wanted) chosen.add(tags.draw(random));
    return [...chosen].map((tagIndex) => ({ articleId: article.id, tagIndex }));
  });
}
