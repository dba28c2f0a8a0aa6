import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import request from 'supertest';
import { createArticle } from '../factories/article.factory.js';
import { registerUser } from '../factories/user.factory.js';
import { countQueries } from '../support/query-counter.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

describe('Article cache: fast reads that are never stale', () => {
  let api: TestApp;
  beforeAll(async () => {
    api = await startTestApp();
  });
  afterAll(() => api.close());

  const auth = (token: string) => ({ Authorization: `Token ${token}` });
  const read = (slug: string, token?: string) => {
    const call = request(api.server).get(`/api/articles/${slug}`);
    return token ? call.set(auth(token)) : call;
  };
  /**
   * Reads until the entry is served from Redis, so the next assertion really tests invalidation.
   * Other test files write articles in parallel and may drop list pages in between: retry.
   */
  const warm = async (path: string) => {
    for (let attempt = 0; attempt < 20; attempt++) {
      const response = await request(api.server).get(path);
      if (response.headers['x-cache'] === 'HIT') return;
    }
    throw new Error(`${path} was never served from the cache`);
  };

  it('serves the second anonymous read from the cache', async () => {
    const author = await registerUser(api.server);
    const { slug } = await createArticle(api.server, author.token);
    expect((await read(slug)).headers['x-cache']).toBe('MISS');
    expect((await read(slug)).headers['x-cache']).toBe('HIT');
  });

  it('shows an update at once', async () => {
    const author = await registerUser(api.server);
    const { slug } = await createArticle(api.server, author.token);
    await warm(`/api/articles/${slug}`);
    await request(api.server)
      .put(`/api/articles/${slug}`)
      .set(auth(author.token))
      .send({ article: { body: 'revised body' } })
      .expect(200);
    expect((await read(slug)).body.article.body).toBe('revised body');
  });

  it('shows a delete at once, in the article and in the list', async () => {
    const author = await registerUser(api.server);
    const { slug } = await createArticle(api.server, author.token);
    const list = `/api/articles?author=${author.username}`;
    await warm(`/api/articles/${slug}`);
    await warm(list);
    await request(api.server).delete(`/api/articles/${slug}`).set(auth(author.token)).expect(204);
    await read(slug).expect(404);
    expect((await request(api.server).get(list)).body.articlesCount).toBe(0);
  });

  it('shows a favorite at once in counts, and "favorited" only to the user who favorited', async () => {
    const [author, fan, other] = [
      await registerUser(api.server),
      await registerUser(api.server),
      await registerUser(api.server),
    ];
    const { slug } = await createArticle(api.server, author.token);
    const list = `/api/articles?author=${author.username}`;
    await warm(`/api/articles/${slug}`);
    await warm(list);
    await request(api.server)
      .post(`/api/articles/${slug}/favorite`)
      .set(auth(fan.token))
      .expect(200);

    expect((await read(slug)).body.article).toMatchObject({ favoritesCount: 1, favorited: false });
    expect((await read(slug, other.token)).body.article).toMatchObject({
      favoritesCount: 1,
      favorited: false,
    });
    expect((await read(slug, fan.token)).body.article).toMatchObject({
      favoritesCount: 1,
      favorited: true,
    });
    const page = await request(api.server).get(list);
    expect(page.body.articles[0]).toMatchObject({ favoritesCount: 1, favorited: false });
  });

  it('shows a new comment at once', async () => {
    const author = await registerUser(api.server);
    const { slug } = await createArticle(api.server, author.token);
    await warm(`/api/articles/${slug}`);
    await request(api.server).get(`/api/articles/${slug}/comments`).expect(200);
    await request(api.server)
      .post(`/api/articles/${slug}/comments`)
      .set(auth(author.token))
      .send({ comment: { body: 'just now' } })
      .expect(201);
    const comments = await request(api.server).get(`/api/articles/${slug}/comments`);
    expect(comments.body.comments[0].body).toBe('just now');
  });

  it('shows a follow at once, and "following" only to the follower', async () => {
    const [author, fan] = [await registerUser(api.server), await registerUser(api.server)];
    const { slug } = await createArticle(api.server, author.token);
    await warm(`/api/articles/${slug}`);
    await request(api.server)
      .post(`/api/profiles/${author.username}/follow`)
      .set(auth(fan.token))
      .expect(200);
    expect((await read(slug, fan.token)).body.article.author.following).toBe(true);
    expect((await read(slug)).body.article.author.following).toBe(false);
    await request(api.server)
      .delete(`/api/profiles/${author.username}/follow`)
      .set(auth(fan.token))
      .expect(200);
    expect((await read(slug, fan.token)).body.article.author.following).toBe(false);
  });

  it("shows an author's new bio in cached articles and lists at once", async () => {
    const author = await registerUser(api.server);
    const { slug } = await createArticle(api.server, author.token);
    const list = `/api/articles?author=${author.username}`;
    await warm(`/api/articles/${slug}`);
    await warm(list);
    await request(api.server)
      .put('/api/user')
      .set(auth(author.token))
      .send({ user: { bio: 'new bio' } });
    expect((await read(slug)).body.article.author.bio).toBe('new bio');
    expect((await request(api.server).get(list)).body.articles[0].author.bio).toBe('new bio');
  });

  it('lists a new article and its new tag at once', async () => {
    const author = await registerUser(api.server);
    await createArticle(api.server, author.token);
    // Other test files publish too, so look at this author's list rather than the front page.
    const list = `/api/articles?author=${author.username}`;
    await warm(list);
    await warm('/api/tags');
    const tag = `brand-new-${Date.now()}`;
    const { slug } = await createArticle(api.server, author.token, { tagList: [tag] });
    const page = (await request(api.server).get(list)).body;
    expect(page.articlesCount).toBe(2);
    expect(page.articles[0].slug).toBe(slug);
    expect((await request(api.server).get('/api/tags')).body.tags).toContain(tag);
  });

  it('loads a cold article once for 20 concurrent readers (no stampede)', async () => {
    const author = await registerUser(api.server);
    const { slug } = await createArticle(api.server, author.token);
    const { sql } = await countQueries(() =>
      Promise.all(Array.from({ length: 20 }, () => read(slug).expect(200))),
    );
    expect(sql.filter((text) => text.includes('WHERE a.slug'))).toHaveLength(1);
  });

  it('reports hits and misses per namespace', async () => {
    const stats = await request(api.server).get('/health/cache').expect(200);
    expect(stats.body.article).toEqual(
      expect.objectContaining({
        hit: expect.any(Number),
        miss: expect.any(Number),
        hitRatio: expect.any(Number),
      }),
    );
    expect(stats.body.article.hit).toBeGreaterThan(0);
  });

  it('gives anonymous reads an ETag and answers a matching If-None-Match with 304', async () => {
    const author = await registerUser(api.server);
    const { slug } = await createArticle(api.server, author.token);
    const first = await read(slug).expect(200);
    const etag = String(first.headers.etag);
    expect(etag).toMatch(/^W\/".+"$/);
    const again = await request(api.server).get(`/api/articles/${slug}`).set('If-None-Match', etag);
    expect(again.status).toBe(304);
    expect(again.text).toBe('');
    await request(api.server)
      .put(`/api/articles/${slug}`)
      .set(auth(author.token))
      .send({ article: { body: 'changed' } });
    await request(api.server).get(`/api/articles/${slug}`).set('If-None-Match', etag).expect(200);
    expect((await read(slug, author.token)).headers.etag).toBeUndefined();
  });

  it('sends a cached answer as the same JSON, with the same type and ETag, as a fresh one', async () => {
    // Tags are sent from Redis's text as it is (no parse, no re-serialization).
    const hit = async () => {
      for (let attempt = 0; attempt < 20; attempt++) {
        const response = await request(api.server).get('/api/tags');
        if (response.headers['x-cache'] === 'HIT') return response;
      }
      throw new Error('/api/tags was never served from the cache');
    };
    const cached = await hit();
    expect(cached.headers['content-type']).toBe('application/json; charset=utf-8');
    const fresh = await request(api.server)
      .get('/api/tags')
      .set(auth((await registerUser(api.server)).token));
    expect(cached.body).toEqual({ tags: expect.any(Array) });
    expect(Object.keys(cached.body)).toEqual(['tags']);
    const again = await request(api.server)
      .get('/api/tags')
      .set('If-None-Match', String(cached.headers.etag));
    expect([304, 200]).toContain(again.status);
    if (again.status === 304) expect(again.text).toBe('');
    expect(fresh.headers['content-type']).toBe(cached.headers['content-type']);
  });
});
