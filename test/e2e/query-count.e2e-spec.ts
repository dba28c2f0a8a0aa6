import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import request from 'supertest';
import { createArticle } from '../factories/article.factory.js';
import { registerUser } from '../factories/user.factory.js';
import { besidesAccountCheck, countQueries } from '../support/query-counter.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

describe('No N+1 queries', () => {
  let api: TestApp;
  let reader: { token: string };
  const authors: string[] = [];

  beforeAll(async () => {
    api = await startTestApp();
    reader = await registerUser(api.server);
    // 24 articles by 6 authors, each with tags and a favorite, some authors followed.
    for (let a = 0; a < 6; a++) {
      const author = await registerUser(api.server);
      authors.push(author.username);
      if (a % 2 === 0) {
        await request(api.server)
          .post(`/api/profiles/${author.username}/follow`)
          .set('Authorization', `Token ${reader.token}`);
      }
      for (let i = 0; i < 4; i++) {
        const { slug } = await createArticle(api.server, author.token, {
          tagList: ['n-plus-one', `t${i}`],
        });
        await request(api.server)
          .post(`/api/articles/${slug}/favorite`)
          .set('Authorization', `Token ${reader.token}`);
      }
    }
  });
  afterAll(() => api.close());

  const listAs = async (query: string) => {
    let body: { articles: unknown[] } = { articles: [] };
    const { count, sql } = await countQueries(async () => {
      const response = await request(api.server)
        .get(`/api/articles?tag=n-plus-one&${query}`)
        .set('Authorization', `Token ${reader.token}`)
        .expect(200);
      body = response.body;
    });
    return { count, sql, articles: body.articles };
  };

  it('answers GET /api/user with the account check alone', async () => {
    const { sql } = await countQueries(() =>
      request(api.server)
        .get('/api/user')
        .set('Authorization', `Token ${reader.token}`)
        .expect(200),
    );
    expect(besidesAccountCheck(sql)).toEqual([]);
  });

  it('lists 20 articles with authors, tags, counts and viewer flags in 2 SQL statements', async () => {
    const page = await listAs('limit=20');
    expect(page.articles).toHaveLength(20);
    // Besides the token's account check, one primary-key lookup per request.
    expect(besidesAccountCheck(page.sql)).toHaveLength(2);
    expect(page.articles[0]).toMatchObject({
      favorited: true,
      tagList: expect.arrayContaining(['n-plus-one']),
    });
  });

  it('uses the same number of statements whatever the page size', async () => {
    const small = await listAs('limit=2');
    const large = await listAs('limit=24');
    expect(small.articles).toHaveLength(2);
    expect(large.articles).toHaveLength(24);
    expect(large.count).toBe(small.count);
  });

  it('builds the feed in 2 SQL statements', async () => {
    const { sql } = await countQueries(() =>
      request(api.server)
        .get('/api/articles/feed?limit=20')
        .set('Authorization', `Token ${reader.token}`)
        .expect(200),
    );
    expect(besidesAccountCheck(sql)).toHaveLength(2);
  });
});
