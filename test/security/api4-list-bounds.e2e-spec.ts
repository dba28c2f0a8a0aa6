import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { GraphQLSchemaHost } from '@nestjs/graphql';
import type { Redis } from 'ioredis';
import request from 'supertest';
import { COUNTER_TTL_SECONDS } from '../../src/infra/cache/cache.service.js';
import { REDIS } from '../../src/infra/redis/redis.module.js';
import {
  ArticleCache,
  LIST_MAX_CACHED_OFFSET,
  LIST_MAX_PAGES,
} from '../../src/modules/articles/article-cache.js';
import { uncappedLists } from '../../src/platform/graphql/limits/list-cap.js';
import { createArticle } from '../factories/article.factory.js';
import { registerUser } from '../factories/user.factory.js';
import type { TestApp } from '../support/test-app.js';
import { startIsolatedApp } from './isolated-app.js';

type User = Awaited<ReturnType<typeof registerUser>>;

/**
 * API4 (unrestricted resource consumption), lists: `limit: null` once skipped both the page cap
 * and the cost rule (77 MB for one anonymous query), comments had no paging at all, and every
 * page asked for stayed in Redis. Each list is now bounded however its size is spelled.
 */
describe('API4 Unrestricted Resource Consumption: every list is bounded', () => {
  let api: TestApp;
  let redis: Redis;
  let author: User;
  let reader: User;
  let slug: string;

  beforeAll(async () => {
    // A Redis prefix of its own: only this file's writes drop the list cache it measures.
    api = await startIsolatedApp();
    redis = api.app.get<Redis>(REDIS);
    [author, reader] = [await registerUser(api.server), await registerUser(api.server)];
    for (let i = 0; i < 21; i++) ({ slug } = await createArticle(api.server, author.token));
    for (let i = 0; i < 21; i++) {
      await request(api.server)
        .post(`/api/articles/${slug}/comments`)
        .set(auth(reader.token))
        .send({ comment: { body: `comment ${i}` } })
        .expect(201);
    }
    await request(api.server)
      .post(`/api/profiles/${author.username}/follow`)
      .set(auth(reader.token))
      .expect(200);
  });
  afterAll(() => api.close());

  const auth = (token: string) => ({ Authorization: `Token ${token}` });
  const graphql = (query: string, variables?: Record<string, unknown>) =>
    request(api.server).post('/graphql').set(auth(reader.token)).send({ query, variables });

  /** Every paged REST list, with the key of its items and a reader who may see it. */
  const lists = () => [
    { name: 'articles', path: `/api/articles?author=${author.username}&`, items: 'articles' },
    { name: 'feed', path: '/api/articles/feed?', items: 'articles' },
    { name: 'comments', path: `/api/articles/${slug}/comments?`, items: 'comments' },
  ];
  const get = (path: string) => request(api.server).get(path).set(auth(reader.token));

  describe('REST: an empty or absent limit is the default, any other odd spelling a 422', () => {
    it.each(['', 'limit=', 'offset=', 'limit=&offset='])(
      'refuses an unbounded page for "?%s" on every list: 20 items, the default',
      async (query) => {
        for (const list of lists()) {
          const response = await get(list.path + query).expect(200);
          expect({ list: list.name, items: response.body[list.items].length }).toEqual({
            list: list.name,
            items: 20,
          });
        }
      },
    );

    it.each([
      'limit=null',
      'limit=undefined',
      'offset=null',
      'limit=1&limit=2',
      'limit=&limit=',
      'limit=0',
      'limit=101',
      'limit=%20',
      'limit=1.5',
      'limit=Infinity',
      'offset=-1',
    ])('refuses "?%s" on every list with a 422 problem', async (query) => {
      for (const list of lists()) {
        const response = await get(list.path + query);
        expect({ list: list.name, status: response.status, code: response.body.code }).toEqual({
          list: list.name,
          status: 422,
          code: 'INVALID_INPUT',
        });
        expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
      }
    });

    it('pages comments with limit and offset, newest first, in the RealWorld shape', async () => {
      const first = await get(`/api/articles/${slug}/comments?limit=2`).expect(200);
      expect(Object.keys(first.body)).toEqual(['comments']);
      expect(first.body.comments.map((c: { body: string }) => c.body)).toEqual([
        'comment 20',
        'comment 19',
      ]);
      const last = await get(`/api/articles/${slug}/comments?limit=100&offset=20`).expect(200);
      expect(last.body.comments.map((c: { body: string }) => c.body)).toEqual(['comment 0']);
    });
  });

  describe('GraphQL: null is the default, and costs at the cap', () => {
    it('refuses an unbounded page for limit: null (literal or variable) on articles, feed and comments', async () => {
      const literal = await graphql(`{
        articles(author: "${author.username}", limit: null, offset: null) { articles { slug } }
        feed(limit: null, offset: null) { articles { slug } }
        comments(slug: "${slug}", limit: null, offset: null) { id } }`).expect(200);
      const variables = await graphql(
        `query ($n: Int, $o: Int) {
          articles(author: "${author.username}", limit: $n, offset: $o) { articles { slug } }
          feed(limit: $n, offset: $o) { articles { slug } }
          comments(slug: "${slug}", limit: $n, offset: $o) { id } }`,
        { n: null, o: null },
      ).expect(200);
      for (const { body } of [literal, variables]) {
        expect(body.errors).toBeUndefined();
        expect(body.data.articles.articles).toHaveLength(20);
        expect(body.data.feed.articles).toHaveLength(20);
        expect(body.data.comments).toHaveLength(20);
      }
    });

    it("refuses the red team's query: 100 articles (limit: null) with 20 of each author's, bodies included", async () => {
      const attack =
        '{ articles(limit: null) { articles { author { articles(limit: 20) { title body } } } } }';
      const viaVariable =
        'query ($n: Int) { articles(limit: $n) { articles { author { articles(limit: 20) { title body } } } } }';
      for (const response of [await graphql(attack), await graphql(viaVariable, { n: null })]) {
        expect(response.status).toBe(400);
        expect(response.body.errors[0].extensions).toMatchObject({
          code: 'BAD_USER_INPUT',
          reason: 'QUERY_TOO_COSTLY',
        });
      }
    });

    it('refuses nested comments costed at their real cap: 100 comments x 20 titles each', async () => {
      const response = await graphql(
        `{ comments(slug: "${slug}", limit: null) { author { articles(limit: 20) { title } } } }`,
      );
      expect(response.status).toBe(400);
      expect(response.body.errors[0].extensions).toMatchObject({ reason: 'QUERY_TOO_COSTLY' });
      // 1 + 100 comments x (author 1 + articles 1 + 20 titles)
      expect(response.body.errors[0].message).toMatch(/costs 2201 /);
    });

    it('refuses 1,700 nested bodies (680 MB once allowed), costing each body at its size', async () => {
      const response = await graphql(
        '{ articles(limit: 100) { articles { author { articles(limit: 17) { body } } } } }',
      );
      expect(response.status).toBe(400);
      // 2 + 100 x (2 + 17 bodies x 50)
      expect(response.body.errors[0].message).toMatch(/costs 85202 /);
      const page = await graphql('{ articles(limit: 20) { articles { slug body } } }');
      expect(page.body.errors).toBeUndefined();
    });

    it("refuses a batch whose operations together exceed one request's cost budget", async () => {
      // Each costs 2 + 15 x 50 = 752: two fit in 2,000, the third does not.
      const op = {
        query: `{ articles(author: "${author.username}", limit: 15) { articles { body } } }`,
      };
      const response = await request(api.server).post('/graphql').send([op, op, op]);
      const outcomes = (
        response.body as { data?: unknown; errors?: { extensions: object }[] }[]
      ).map((result) => result.errors?.[0]?.extensions ?? 'answered');
      expect(outcomes.filter((outcome) => outcome === 'answered')).toHaveLength(2);
      expect(outcomes.filter((outcome) => outcome !== 'answered')).toEqual([
        { code: 'BAD_USER_INPUT', reason: 'QUERY_TOO_COSTLY' },
      ]);
    });

    it('refuses an out-of-range comments limit with BAD_USER_INPUT', async () => {
      const response = await graphql(`{ comments(slug: "${slug}", limit: 101) { id } }`);
      expect(response.body.errors[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT' });
    });

    it('serves a schema in which every list of objects declares its cap', () => {
      const { schema } = api.app.get(GraphQLSchemaHost);
      expect(uncappedLists(schema)).toEqual([]);
    });
  });

  describe('list cache: bounded in entries and bytes, still never stale', () => {
    const LIST_KEY = `cache:${ArticleCache.listKey()}`;
    const anonymous = (path: string) => request(api.server).get(path);

    it(`refuses to cache pages past offset ${LIST_MAX_CACHED_OFFSET}`, async () => {
      const deep = `/api/articles?offset=${LIST_MAX_CACHED_OFFSET + 1}`;
      for (let i = 0; i < 2; i++) {
        expect((await anonymous(deep).expect(200)).headers['x-cache']).toBe('UNCACHED');
      }
      const field = ArticleCache.listPage(
        {},
        { limit: 20, offset: LIST_MAX_CACHED_OFFSET + 1 },
      ).field!;
      expect(await redis.hexists(LIST_KEY, field)).toBe(0);
    });

    it('refuses to store a page larger than the size cap, and still serves it', async () => {
      const writer = await registerUser(api.server);
      await createArticle(api.server, writer.token, { body: 'x'.repeat(90_000) });
      const query = `{ articles(author: "${writer.username}") { articles { body } } }`;
      for (let i = 0; i < 2; i++) {
        const response = await request(api.server).post('/graphql').send({ query }).expect(200);
        expect(response.body.data.articles.articles[0].body).toHaveLength(90_000);
      }
      const field = ArticleCache.listPage(
        { author: writer.username },
        { limit: 20, offset: 0 },
        true,
      ).field!;
      expect(await redis.hexists(LIST_KEY, field)).toBe(0);
    });

    it(`refuses a field past the ${LIST_MAX_PAGES}th in the hash, and a write still drops them all`, async () => {
      const junk = Array.from(
        { length: LIST_MAX_PAGES + 20 },
        (_, i) => `/api/articles?tag=junk${i}`,
      );
      for (let i = 0; i < junk.length; i += 10) {
        await Promise.all(junk.slice(i, i + 10).map((path) => anonymous(path).expect(200)));
      }
      expect(await redis.hlen(LIST_KEY)).toBe(LIST_MAX_PAGES);

      // Full, but never stale: a new article is in the next read of a cached page.
      const cachedPage = `/api/articles?tag=junk0`;
      expect((await anonymous(cachedPage)).headers['x-cache']).toBe('HIT');
      const { slug: fresh } = await createArticle(api.server, author.token, {
        tagList: ['junk0'],
      });
      const after = await anonymous(cachedPage).expect(200);
      expect(after.body.articles.map((a: { slug: string }) => a.slug)).toEqual([fresh]);
      expect(await redis.hlen(LIST_KEY)).toBeLessThanOrEqual(1);
    });

    it('gives invalidation counters a lifetime instead of keeping them forever', async () => {
      await createArticle(api.server, author.token);
      const ttl = await redis.ttl(`${LIST_KEY}:inv`);
      expect(ttl).toBeGreaterThan(0);
      expect(ttl).toBeLessThanOrEqual(COUNTER_TTL_SECONDS);
    });

    it('refuses a fill whose counter was read longer ago than a counter is sure to live', async () => {
      // A fill that read '0', after which the counter was bumped and then expired back to '0',
      // would pass the counter check: the age check is what refuses it.
      const commands = redis as unknown as {
        readCounter(key: string): Promise<[string, string, string]>;
        fillIfUnchanged(...args: (string | number)[]): Promise<number>;
      };
      const key = `cache:test-age:${Date.now()}`;
      const [counter, seconds, micros] = await commands.readCounter(`${key}:inv`);
      const readAt = BigInt(seconds) * 1_000_000n + BigInt(micros);
      const maxAge = 60_000_000;
      const fill = (at: bigint) =>
        commands.fillIfUnchanged(
          key,
          `${key}:inv`,
          counter,
          '"v"',
          60,
          '',
          at.toString(),
          maxAge,
          0,
        );
      expect(await fill(readAt - BigInt(maxAge) - 1_000_000n)).toBe(0);
      expect(await redis.exists(key)).toBe(0);
      expect(await fill(readAt)).toBe(1);
      await redis.del(key);
    });
  });
});
