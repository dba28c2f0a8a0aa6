import type { EntityManager } from 'typeorm';
import { slugify, withUniqueSuffix } from './slug.js';

/** SQL for the write side of articles; each function runs inside the caller's transaction. */
export const ArticleWrites = {
  /** A slug for `title` no other article uses (the same article may keep its own). */
  async uniqueSlug(manager: EntityManager, title: string, exceptId?: string): Promise<string> {
    const base = slugify(title);
    const rows: unknown[] = await manager.query(
      'SELECT 1 FROM articles WHERE slug = $1 AND id IS DISTINCT FROM $2',
      [base, exceptId ?? null],
    );
    return rows.length === 0 ? base : withUniqueSuffix(base);
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
