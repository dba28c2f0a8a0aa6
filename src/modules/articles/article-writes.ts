import type { EntityManager } from 'typeorm';
import type { CreateArticleFields } from './dto/create-article.dto.js';
import { isReservedSlug, slugify, withUniqueSuffix } from './slug.js';

// A random 8-hex suffix clashes about once in 4 billion: a fifth clash means something is wrong.
const SLUG_ATTEMPTS = 5;
const SLUG_CONSTRAINT = 'articles_slug_key';

/** SQL for the write side of articles; each function runs inside the caller's transaction. */
export const ArticleWrites = {
  /** A slug for `title` no other article uses (the same article may keep its own). */
  async uniqueSlug(manager: EntityManager, title: string, exceptId?: string): Promise<string> {
    const base = slugify(title);
    if (isReservedSlug(base)) return withUniqueSuffix(base);
    const rows: unknown[] = await manager.query(
      'SELECT 1 FROM articles WHERE slug = $1 AND id IS DISTINCT FROM $2',
      [base, exceptId ?? null],
    );
    return rows.length === 0 ? base : withUniqueSuffix(base);
  },

  /**
   * Inserts an article under a free slug. Concurrent creates with one title all find the plain
   * slug free; ON CONFLICT lets the later ones retry with a suffix instead of failing.
   */
  async insert(
    manager: EntityManager,
    authorId: string,
    fields: CreateArticleFields,
  ): Promise<{ id: string; slug: string }> {
    let slug = await ArticleWrites.uniqueSlug(manager, fields.title);
    for (let attempt = 1; ; attempt += 1) {
      const rows: { id: string }[] = await manager.query(
        `INSERT INTO articles (slug, title, description, body, author_id)
         VALUES ($1, $2, $3, $4, $5) ON CONFLICT (slug) DO NOTHING RETURNING id`,
        [slug, fields.title, fields.description, fields.body, authorId],
      );
      if (rows.length > 0) return { id: rows[0].id, slug };
      if (attempt === SLUG_ATTEMPTS) throw new Error(`no free slug after ${attempt} attempts`);
      slug = withUniqueSuffix(slugify(fields.title));
    }
  },

  /**
   * Gives an article the slug of its new title. An UPDATE has no ON CONFLICT: a savepoint keeps
   * the transaction usable when a concurrent write took the slug, and a suffixed one is tried.
   */
  async renameSlug(manager: EntityManager, articleId: string, title: string): Promise<string> {
    let slug = await ArticleWrites.uniqueSlug(manager, title, articleId);
    for (let attempt = 1; ; attempt += 1) {
      await manager.query('SAVEPOINT article_slug');
      try {
        await manager.query('UPDATE articles SET slug = $2 WHERE id = $1', [articleId, slug]);
        await manager.query('RELEASE SAVEPOINT article_slug');
        return slug;
      } catch (error) {
        if (!isSlugClash(error) || attempt === SLUG_ATTEMPTS) throw error;
        await manager.query('ROLLBACK TO SAVEPOINT article_slug');
        slug = withUniqueSuffix(slugify(title));
      }
    }
  },

  /** Replaces an article's tags, creating tags that do not exist yet. */
  async setTags(manager: EntityManager, articleId: string, tags: string[]): Promise<void> {
    await manager.query('DELETE FROM article_tags WHERE article_id = $1', [articleId]);
    if (tags.length === 0) return;
    await manager.query(
      'INSERT INTO tags (name) SELECT unnest($1::text[]) ORDER BY 1 ON CONFLICT (name) DO NOTHING',
      [tags],
    );
    await manager.query(
      'INSERT INTO article_tags (article_id, tag_id) SELECT $1, id FROM tags WHERE name = ANY($2::text[])',
      [articleId, tags],
    );
  },

  /** Adds or removes a favorite and moves the counter with it; false when nothing changed. */
  async setFavorite(
    manager: EntityManager,
    userId: string,
    articleId: string,
    favorite: boolean,
  ): Promise<boolean> {
    // Wrapped in SELECT: TypeORM reshapes the result of a bare DELETE into [rows, count].
    const change = favorite
      ? 'INSERT INTO favorites (user_id, article_id) VALUES ($1, $2) ON CONFLICT DO NOTHING RETURNING 1'
      : 'DELETE FROM favorites WHERE user_id = $1 AND article_id = $2 RETURNING 1';
    const [{ changed }]: { changed: number }[] = await manager.query(
      `WITH change AS (${change}) SELECT count(*)::int AS changed FROM change`,
      [userId, articleId],
    );
    if (changed === 0) return false;
    await manager.query(
      'UPDATE articles SET favorites_count = favorites_count + $2 WHERE id = $1',
      [articleId, favorite ? 1 : -1],
    );
    return true;
  },
};

function isSlugClash(error: unknown): boolean {
  const { code, constraint } = error as { code?: unknown; constraint?: unknown };
  return code === '23505' && constraint === SLUG_CONSTRAINT;
}
