import type { EntityManager } from 'typeorm';
import type { CacheEntry } from '../../infra/cache/cache.service.js';
import type { ArticleFilters, Paging } from './article-filters.js';

// Short lifetimes bound the damage of anything invalidation cannot see (another region, a
// manual SQL fix); correctness after our own writes comes from invalidation, not from TTLs.
const ARTICLE_TTL_SECONDS = 300;
const LIST_TTL_SECONDS = 60;
const TAGS_TTL_SECONDS = 300;

/**
 * Bounds on the list cache, whose fields anyone can vary (filters, limit, offset). At most
 * LIST_MAX_PAGES values of at most LIST_MAX_PAGE_BYTES each: 256 x 64 KiB = 16 MiB of Redis in
 * the worst case. A page of 20 articles of ordinary length (200-character descriptions) is
 * about 15 KB; a page over the size cap (bodies over GraphQL, long descriptions, 100 items)
 * is served but not stored. Pages past LIST_MAX_CACHED_OFFSET are read from Postgres: readers
 * rarely go there, and they would only fill the hash with pages nobody asks for again. Not
 * storing is always fresh.
 */
export const LIST_MAX_PAGES = 256;
export const LIST_MAX_PAGE_BYTES = 64 * 1024;
export const LIST_MAX_CACHED_OFFSET = 100;

/** Every cache entry of the articles feature, and which writes must drop it. */
export const ArticleCache = {
  /** Viewer-neutral article by slug (favorited/following false; the viewer's flags are laid over). */
  bySlug: (slug: string): CacheEntry => ({
    namespace: 'article',
    key: `article:${slug}`,
    ttlSeconds: ARTICLE_TTL_SECONDS,
  }),

  /** Whether an anonymous page is worth a place in the list cache (see LIST_MAX_CACHED_OFFSET). */
  cachesListPage: (paging: Paging): boolean => paging.offset <= LIST_MAX_CACHED_OFFSET,

  /** Anonymous list pages, one hash so a write can drop every page at once. */
  listPage: (filters: ArticleFilters, paging: Paging, withBody = false): CacheEntry => ({
    namespace: 'article-list',
    key: LIST_KEY,
    field: JSON.stringify([
      filters.tag,
      filters.author,
      filters.favorited,
      paging.limit,
      paging.offset,
      withBody,
    ]),
    ttlSeconds: LIST_TTL_SECONDS,
    maxBytes: LIST_MAX_PAGE_BYTES,
    maxFields: LIST_MAX_PAGES,
  }),

  tags: (): CacheEntry => ({ namespace: 'tags', key: TAGS_KEY, ttlSeconds: TAGS_TTL_SECONDS }),

  listKey: (): string => LIST_KEY,
  tagsKey: (): string => TAGS_KEY,
  slugKey: (slug: string): string => `article:${slug}`,
};

const LIST_KEY = 'articles:lists';
const TAGS_KEY = 'tags';

/**
 * Cache keys holding an author's profile (username, bio, image): each of their articles and the
 * list pages. Whoever changes a profile invalidates these.
 */
export async function authorCacheKeys(db: EntityManager, authorId: string): Promise<string[]> {
  const rows: { slug: string }[] = await db.query(
    'SELECT slug FROM articles WHERE author_id = $1',
    [authorId],
  );
  return [ArticleCache.listKey(), ...rows.map((row) => ArticleCache.slugKey(row.slug))];
}
