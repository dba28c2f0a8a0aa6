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

/** The slug with a short random suffix, for when the plain one is taken. */
export function withUniqueSuffix(slug: string): string {
  return `${slug}-${randomBytes(4).toString('hex')}`;
}
