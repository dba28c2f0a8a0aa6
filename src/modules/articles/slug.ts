import { randomBytes } from 'node:crypto';

const MAX_BASE_LENGTH = 200;

/** A URL-safe slug from a title: "How to train your Dragon!" -> "how-to-train-your-dragon". */
export function slugify(title: string): string {
  const slug = title
    .normalize('NFKD')
    .replace(/\p{M}/gu, '') // accents, split off by NFKD
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, MAX_BASE_LENGTH)
    .replace(/-+$/, '');
  return slug || 'article';
}

/**
 * Slugs a route under /api/articles/ already answers: `GET /api/articles/feed` is the feed, so
 * an article with slug `feed` could never be read over REST. Such a title gets a suffix.
 */
const RESERVED_SLUGS: ReadonlySet<string> = new Set(['feed']);

export const isReservedSlug = (slug: string): boolean => RESERVED_SLUGS.has(slug);

/** The slug with a short random suffix, for when the plain one is taken. */
export function withUniqueSuffix(slug: string): string {
  return `${slug}-${randomBytes(4).toString('hex')}`;
}
