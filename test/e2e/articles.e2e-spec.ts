import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import request from 'supertest';
import { createArticle, newArticle } from '../factories/article.factory.js';
import { registerUser } from '../factories/user.factory.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

describe('RealWorld articles', () => {
  let api: TestApp;
  beforeAll(async () => {
    api = await startTestApp();
  });
  afterAll(() => api.close());

  const auth = (token: string) => ({ Authorization: `Token ${token}` });
  const iso = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d+Z$/;

  describe('POST /api/articles', () => {
    it('creates an article with a slug from its title and tags in alphabetical order', async () => {
      const author = await registerUser(api.server);
      const response = await request(api.server)
        .post('/api/articles')
        .set(auth(author.token))
        .send({
          article: {
            title: 'How to Train Your Dragon!',
            description: 'd',
            body: 'b',
            tagList: ['training', 'dragons', 'training'],
          },
        })
        .expect(201);
      expect(response.body.article).toEqual({
        slug: expect.stringMatching(/^how-to-train-your-dragon/),
        title: 'How to Train Your Dragon!',
        description: 'd',
        body: 'b',
        image: null,
        tagList: ['dragons', 'training'],
        createdAt: expect.stringMatching(iso),
        updatedAt: expect.stringMatching(iso),
        favorited: false,
        favoritesCount: 0,
        author: { username: author.username, bio: '', image: '', following: false },
      });
    });

    it('keeps slugs unique when two articles share a title', async () => {
      const author = await registerUser(api.server);
      const first = await createArticle(api.server, author.token, { title: 'Same title twice' });
      const second = await createArticle(api.server, author.token, { title: 'Same title twice' });
      expect(first.slug).not.toBe(second.slug);
      expect(second.slug).toMatch(/^same-title-twice/);
    });

    it('answers 401 without a token', async () => {
      await request(api.server).post('/api/articles').send({ article: newArticle() }).expect(401);
    });

    it.each([
      ['a missing title', { title: undefined }, 'title is required'],
      ['a blank body', { body: '   ' }, "body can't be blank"],
      [
        'a title over 200 characters',
        { title: 'x'.repeat(201) },
        'title must be shorter than or equal to 200 characters',
      ],
      [
        'eleven tags',
        { tagList: Array.from({ length: 11 }, (_, i) => `t${i}`) },
        'tagList must contain no more than 10 elements',
      ],
      ['a tag that is not a string', { tagList: [42] }, 'each tag must be a string'],
    ])('rejects %s with 422', async (_case, change, message) => {
      const author = await registerUser(api.server);
      const response = await request(api.server)
        .post('/api/articles')
        .set(auth(author.token))
        .send({ article: { ...newArticle(), ...change } })
        .expect(422);
      expect(response.body.errors.body).toContain(message);
    });
  });

  describe('GET, PUT and DELETE /api/articles/:slug', () => {
    it('reads an article by slug, and answers 404 for an unknown slug', async () => {
      const author = await registerUser(api.server);
      const article = await createArticle(api.server, author.token);
      const response = await request(api.server).get(`/api/articles/${article.slug}`).expect(200);
      expect(response.body.article.body).toEqual(expect.any(String));
      await request(api.server).get('/api/articles/no-such-article').expect(404);
    });

    it('lets the author update it; a new title moves the slug', async () => {
      const author = await registerUser(api.server);
      const article = await createArticle(api.server, author.token);
      const response = await request(api.server)
        .put(`/api/articles/${article.slug}`)
        .set(auth(author.token))
        .send({ article: { title: 'A brand new title', body: 'With two hands' } })
        .expect(200);
      expect(response.body.article).toMatchObject({
        title: 'A brand new title',
        body: 'With two hands',
      });
      expect(response.body.article.slug).toMatch(/^a-brand-new-title/);
      await request(api.server).get(`/api/articles/${article.slug}`).expect(404);
      await request(api.server).get(`/api/articles/${response.body.article.slug}`).expect(200);
    });

    it('refuses updates and deletes by anyone but the author with 403', async () => {
      const [author, intruder] = [await registerUser(api.server), await registerUser(api.server)];
      const article = await createArticle(api.server, author.token);
      await request(api.server)
        .put(`/api/articles/${article.slug}`)
        .set(auth(intruder.token))
        .send({ article: { body: 'mine now' } })
        .expect(403);
      await request(api.server)
        .delete(`/api/articles/${article.slug}`)
        .set(auth(intruder.token))
        .expect(403);
      const unchanged = await request(api.server).get(`/api/articles/${article.slug}`).expect(200);
      expect(unchanged.body.article.body).not.toBe('mine now');
    });

    it('deletes with 204, after which the article is gone', async () => {
      const author = await registerUser(api.server);
      const article = await createArticle(api.server, author.token);
      await request(api.server)
        .delete(`/api/articles/${article.slug}`)
        .set(auth(author.token))
        .expect(204);
      await request(api.server).get(`/api/articles/${article.slug}`).expect(404);
      await request(api.server)
        .delete(`/api/articles/${article.slug}`)
        .set(auth(author.token))
        .expect(404);
    });
  });

  describe('favorites', () => {
    it('counts favorites across users and keeps "favorited" per viewer', async () => {
      const [author, first, second] = [
        await registerUser(api.server),
        await registerUser(api.server),
        await registerUser(api.server),
      ];
      const { slug } = await createArticle(api.server, author.token);
      const favorite = (token: string) =>
        request(api.server).post(`/api/articles/${slug}/favorite`).set(auth(token)).expect(200);
      await favorite(first.token);
      await favorite(first.token); // twice is still once
      const response = await favorite(second.token);
      expect(response.body.article).toMatchObject({ favorited: true, favoritesCount: 2 });

      const asAuthor = await request(api.server)
        .get(`/api/articles/${slug}`)
        .set(auth(author.token));
      expect(asAuthor.body.article).toMatchObject({ favorited: false, favoritesCount: 2 });

      const undone = await request(api.server)
        .delete(`/api/articles/${slug}/favorite`)
        .set(auth(first.token))
        .expect(200);
      expect(undone.body.article).toMatchObject({ favorited: false, favoritesCount: 1 });
    });

    it('answers 404 when favoriting an unknown article and 401 without a token', async () => {
      const user = await registerUser(api.server);
      await request(api.server)
        .post('/api/articles/nope/favorite')
        .set(auth(user.token))
        .expect(404);
      await request(api.server).post('/api/articles/nope/favorite').expect(401);
    });
  });

  describe('GET /api/articles and the feed', () => {
    it('filters by author, tag and favoriting user, newest first, without bodies', async () => {
      const [author, fan] = [await registerUser(api.server), await registerUser(api.server)];
      const tag = `tag${Date.now()}`;
      const older = await createArticle(api.server, author.token, { tagList: [tag] });
      const newer = await createArticle(api.server, author.token, { tagList: [tag, 'other'] });
      await request(api.server)
        .post(`/api/articles/${older.slug}/favorite`)
        .set(auth(fan.token))
        .expect(200);

      const byAuthor = await request(api.server)
        .get(`/api/articles?author=${author.username}`)
        .expect(200);
      expect(byAuthor.body.articlesCount).toBe(2);
      expect(byAuthor.body.articles.map((a: { slug: string }) => a.slug)).toEqual([
        newer.slug,
        older.slug,
      ]);
      expect(byAuthor.body.articles[0]).not.toHaveProperty('body');

      const byTag = await request(api.server).get(`/api/articles?tag=${tag}`).expect(200);
      expect(byTag.body.articlesCount).toBe(2);
      const byFavorite = await request(api.server)
        .get(`/api/articles?favorited=${fan.username}`)
        .expect(200);
      expect(byFavorite.body.articles.map((a: { slug: string }) => a.slug)).toEqual([older.slug]);
      const none = await request(api.server).get('/api/articles?author=no-such-user').expect(200);
      expect(none.body).toEqual({ articles: [], articlesCount: 0 });
    });

    it('pages with limit and offset, and counts all matches', async () => {
      const author = await registerUser(api.server);
      for (let i = 0; i < 3; i++) await createArticle(api.server, author.token);
      const page = await request(api.server)
        .get(`/api/articles?author=${author.username}&limit=2&offset=2`)
        .expect(200);
      expect(page.body.articles).toHaveLength(1);
      expect(page.body.articlesCount).toBe(3);
    });

    it.each([
      ['limit=101'],
      ['limit=0'],
      ['limit=abc'],
      ['limit=2.5'],
      ['offset=-1'],
      ['tag=a&tag=b'],
    ])('rejects %s with 422, not 500', async (query) => {
      const response = await request(api.server).get(`/api/articles?${query}`).expect(422);
      expect(response.headers['content-type']).toMatch(/problem\+json/);
    });

    it('shows a user the articles of the authors they follow, and nothing else', async () => {
      const [reader, followed, ignored] = [
        await registerUser(api.server),
        await registerUser(api.server),
        await registerUser(api.server),
      ];
      const empty = await request(api.server)
        .get('/api/articles/feed')
        .set(auth(reader.token))
        .expect(200);
      expect(empty.body).toEqual({ articles: [], articlesCount: 0 });
      await request(api.server)
        .post(`/api/profiles/${followed.username}/follow`)
        .set(auth(reader.token));
      const wanted = await createArticle(api.server, followed.token);
      await createArticle(api.server, ignored.token);
      const feed = await request(api.server)
        .get('/api/articles/feed')
        .set(auth(reader.token))
        .expect(200);
      expect(feed.body.articlesCount).toBe(1);
      expect(feed.body.articles[0]).toMatchObject({
        slug: wanted.slug,
        author: { following: true },
      });
      await request(api.server).get('/api/articles/feed').expect(401);
    });
  });

  describe('GET /api/tags', () => {
    it('lists the tags in use', async () => {
      const author = await registerUser(api.server);
      const tag = `fresh${Date.now()}`;
      await createArticle(api.server, author.token, { tagList: [tag] });
      const response = await request(api.server).get('/api/tags').expect(200);
      expect(response.body.tags).toContain(tag);
    });
  });
});
