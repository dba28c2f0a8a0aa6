import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import request from 'supertest';
import { createArticle } from '../factories/article.factory.js';
import { registerUser } from '../factories/user.factory.js';
import type { TestApp } from '../support/test-app.js';
import { startIsolatedApp } from './isolated-app.js';

describe('API3 Broken Object Property Level Authorization', () => {
  let api: TestApp;
  beforeAll(async () => {
    api = await startIsolatedApp();
  });
  afterAll(() => api.close());

  const as = (token: string) => ({ Authorization: `Token ${token}` });

  it('ignores properties a client may not set (no mass assignment): role, id, counters, author', async () => {
    const user = await registerUser(api.server);
    await request(api.server)
      .put('/api/user')
      .set(as(user.token))
      .send({ user: { bio: 'hi', role: 'admin', id: '00000000-0000-0000-0000-000000000000' } })
      .expect(200);
    const admin = await request(api.server)
      .put('/api/admin/users/anyone/role')
      .set(as(user.token))
      .send({ user: { role: 'admin' } });
    expect(admin.status).toBe(403);

    const other = await registerUser(api.server);
    const created = await request(api.server)
      .post('/api/articles')
      .set(as(user.token))
      .send({
        article: {
          title: 'T',
          description: 'D',
          body: 'B',
          favoritesCount: 9999,
          author: { username: other.username },
          slug: 'chosen-slug',
          image: 'https://evil.example/x.png',
        },
      })
      .expect(201);
    expect(created.body.article).toMatchObject({
      favoritesCount: 0,
      author: { username: user.username },
      image: null,
    });
    expect(created.body.article.slug).not.toBe('chosen-slug');
  });

  it('never returns password hashes, refresh-token hashes, roles of others or internal ids', async () => {
    const user = await registerUser(api.server);
    const article = await createArticle(api.server, user.token);
    const responses = [
      await request(api.server).get('/api/user').set(as(user.token)),
      await request(api.server).get(`/api/profiles/${user.username}`),
      await request(api.server).get(`/api/articles/${article.slug}`),
      await request(api.server).get('/api/articles?limit=5'),
    ];
    for (const response of responses) {
      expect(response.status).toBe(200);
      expect(response.text).not.toMatch(
        /password|hash|argon2|"role"|author_id|"id":"[0-9a-f-]{36}"/i,
      );
    }
  });
});
