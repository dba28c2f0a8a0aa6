import type { EntityManager } from 'typeorm';
import { ArticleCache, authorCacheKeys } from '../../articles/article-cache.js';
import type { ImageTarget } from '../image-jobs.js';

export interface ApplyRequest {
  imageJobId: string;
  ownerId: string;
  target: ImageTarget;
  articleId: string | null;
  requestedAt: Date;
  imageUrl: string;
}

/**
 * Points the avatar or article at a processed image, unless a newer upload for it was already
 * applied: jobs can finish out of order (retries, two workers), and the last upload must win.
 * The target row is locked first, so two jobs finishing together take turns. Returns whether it
 * applied, and the cache keys to invalidate after commit.
 */
export async function applyImage(
  manager: EntityManager,
  request: ApplyRequest,
): Promise<{ applied: boolean; cacheKeys: string[] }> {
  const isAvatar = request.target === 'avatar';
  const targetId = isAvatar ? request.ownerId : (request.articleId as string);
  const locked: { slug?: string }[] = await manager.query(
    isAvatar
      ? 'SELECT id FROM users WHERE id = $1 FOR UPDATE'
      : 'SELECT slug FROM articles WHERE id = $1 FOR UPDATE',
    [targetId],
  );
  if (locked.length === 0) return { applied: false, cacheKeys: [] };
  const [{ newer }]: { newer: boolean }[] = await manager.query(
    `SELECT EXISTS (
       SELECT 1 FROM image_jobs
       WHERE ${isAvatar ? "owner_id = $1 AND target = 'avatar'" : 'article_id = $1'}
         AND state = 'completed' AND (result ->> 'applied')::boolean
         AND requested_at > $2 AND id <> $3) AS newer`,
    [targetId, request.requestedAt, request.imageJobId],
  );
  if (newer) return { applied: false, cacheKeys: [] };
  await manager.query(
    isAvatar
      ? 'UPDATE users SET image = $2, updated_at = now() WHERE id = $1'
      : 'UPDATE articles SET image = $2 WHERE id = $1',
    [targetId, request.imageUrl],
  );
  const cacheKeys = isAvatar
    ? await authorCacheKeys(manager, request.ownerId)
    : [ArticleCache.listKey(), ArticleCache.slugKey(locked[0].slug as string)];
  return { applied: true, cacheKeys };
}
