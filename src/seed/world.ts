import { Popularity, Random } from './random.js';

export const DAY_MS = 86_400_000;
/** Seeded activity spans the two years before the run. */
export const HISTORY_MS = 730 * DAY_MS;

/** What every generator shares: the seed, and the instant the run treats as "now". */
export interface World {
  seed: number;
  now: number;
}

export interface UserRow {
  id: string;
  username: string;
  email: string;
  passwordHash: string;
  bio: string;
  image: string;
  createdAt: number;
  updatedAt: number;
}

export interface ArticleRow {
  id: string;
  slug: string;
  title: string;
  description: string;
  body: string;
  authorId: string;
  createdAt: number;
  updatedAt: number;
}

/** `tagIndex` points into the generated tag names; the database assigns the ids. */
export interface ArticleTagRow {
  articleId: string;
  tagIndex: number;
}

export interface FollowRow {
  followerId: string;
  followeeId: string;
  createdAt: number;
}

export interface FavoriteRow {
  userId: string;
  articleId: string;
  createdAt: number;
}

export interface CommentRow {
  articleId: string;
  authorId: string;
  body: string;
  createdAt: number;
  updatedAt: number;
}

/**
 * A whole-millisecond instant in [from, to]; `bias` above 1 crowds it towards `from` (most
 * comments and favorites come soon after an article appears).
 */
export function instant(random: Random, from: number, to: number, bias = 1): number {
  return Math.floor(from + (Math.max(to, from) - from) * random.next() ** bias);
}

/** updated_at: usually untouched, sometimes edited within a month (never after "now"). */
export function editedAt(random: Random, createdAt: number, now: number, share: number): number {
  return random.chance(share)
    ? instant(random, createdAt, Math.min(now, createdAt + 30 * DAY_MS))
    : createdAt;
}

// Each ranking has its own stream, so it is the same whichever tables are generated.
/** Who writes and gets followed most. */
export const authorPopularity = (world: World, users: number) =>
  new Popularity(new Random(world.seed, 'author-popularity'), users, 0.9);

/** Who favorites and comments most. */
export const readerActivity = (world: World, users: number) =>
  new Popularity(new Random(world.seed, 'reader-activity'), users, 0.6);

/** Which articles draw favorites and comments. */
export const articlePopularity = (world: World, articles: number) =>
  new Popularity(new Random(world.seed, 'article-popularity'), articles, 0.8);
