import { describe, expect, it } from '@jest/globals';
import {
  generateArticles,
  generateArticleTags,
  generateComments,
  generateFavorites,
  generateFollows,
  generateTagNames,
  generateUsers,
  type World,
} from './generators.js';
import { USERNAME_PATTERN } from './names.js';
import { Random } from './random.js';

const world: World = { seed: 42, now: Date.parse('2026-01-01T00:00:00Z') };
const users = generateUsers(world, 300, 'hash');
const articles = generateArticles(world, users, 600);
const byId = <T extends { id: string }>(rows: readonly T[]) => new Map(rows.map((r) => [r.id, r]));

describe('seed generators', () => {
  it('repeats the same sequence for the same seed, and another for another seed', () => {
    const draw = (seed: number, stream: string) => {
      const random = new Random(seed, stream);
      return Array.from({ length: 5 }, () => random.uint32());
    };
    expect(draw(7, 'users')).toEqual(draw(7, 'users'));
    expect(draw(7, 'users')).not.toEqual(draw(8, 'users'));
    expect(draw(7, 'users')).not.toEqual(draw(7, 'articles'));
  });

  it('produces identical data for the same seed, whatever else is generated', () => {
    const again = generateUsers(world, 300, 'hash');
    expect(again).toEqual(users);
    generateComments(world, users, articles, 50); // other tables draw from their own streams
    expect(generateArticles(world, again, 600)).toEqual(articles);
    expect(generateUsers({ ...world, seed: 43 }, 300, 'hash')).not.toEqual(users);
  });

  it('makes usernames the API accepts, unique ignoring letter case', () => {
    for (const { username } of users) {
      expect(username).toMatch(USERNAME_PATTERN);
      expect(username.length).toBeLessThanOrEqual(40);
    }
    const lowered = new Set(users.map((user) => user.username.toLowerCase()));
    expect(lowered.size).toBe(users.length);
  });

  it('makes valid, unique emails and https avatars', () => {
    const emails = new Set(users.map((user) => user.email.toLowerCase()));
    expect(emails.size).toBe(users.length);
    for (const { email, image, bio } of users) {
      expect(email).toMatch(/^[a-z0-9.]+@example\.(com|org|net)$/);
      expect(image === '' || image.startsWith('https://')).toBe(true);
      expect(bio.length).toBeLessThanOrEqual(1000);
    }
  });

  it('makes unique slugs from the titles, at most 255 characters', () => {
    const slugs = new Set(articles.map((article) => article.slug));
    expect(slugs.size).toBe(articles.length);
    for (const { slug, title, description } of articles) {
      expect(slug).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*-[0-9a-f]{8}$/);
      expect(slug.startsWith(title.toLowerCase().split(/\W+/)[0])).toBe(true);
      expect(slug.length).toBeLessThanOrEqual(255);
      expect(title.length).toBeLessThanOrEqual(200);
      expect(description.length).toBeLessThanOrEqual(1000);
    }
  });

  it('never makes a self-follow or the same follow twice, even when nearly all are wanted', () => {
    const few = users.slice(0, 6);
    for (const [people, count] of [
      [users, 2_000],
      [few, 30],
    ] as const) {
      const follows = generateFollows(world, people, count);
      expect(follows).toHaveLength(count);
      expect(follows.every((f) => f.followerId !== f.followeeId)).toBe(true);
      expect(new Set(follows.map((f) => `${f.followerId}>${f.followeeId}`)).size).toBe(count);
    }
  });

  it('never favorites the same article twice for one user', () => {
    const favorites = generateFavorites(world, users, articles, 5_000);
    expect(new Set(favorites.map((f) => `${f.userId}:${f.articleId}`)).size).toBe(5_000);
  });

  it('keeps time in order: sign-up, then article, then comment; updates after creation', () => {
    const userById = byId(users);
    const articleById = byId(articles);
    for (const article of articles) {
      expect(article.createdAt).toBeGreaterThanOrEqual(userById.get(article.authorId)!.createdAt);
      expect(article.updatedAt).toBeGreaterThanOrEqual(article.createdAt);
      expect(article.updatedAt).toBeLessThanOrEqual(world.now);
    }
    for (const comment of generateComments(world, users, articles, 2_000)) {
      expect(comment.createdAt).toBeGreaterThanOrEqual(
        articleById.get(comment.articleId)!.createdAt,
      );
      expect(comment.updatedAt).toBeGreaterThanOrEqual(comment.createdAt);
      expect(comment.body.length).toBeLessThanOrEqual(5000);
    }
  });

  it('tags each article with 0-5 distinct tags', () => {
    const rows = generateArticleTags(world, articles, 50);
    const perArticle = Map.groupBy(rows, (row) => row.articleId);
    for (const tags of perArticle.values()) {
      expect(tags.length).toBeLessThanOrEqual(5);
      expect(new Set(tags.map((tag) => tag.tagIndex)).size).toBe(tags.length);
    }
    expect(perArticle.size).toBeLessThan(articles.length); // some articles have no tags
  });

  it('names tags uniquely within 40 characters, beyond the built-in list too', () => {
    const names = generateTagNames(300);
    expect(new Set(names).size).toBe(300);
    expect(names.every((name) => name.length > 0 && name.length <= 40)).toBe(true);
  });
});
