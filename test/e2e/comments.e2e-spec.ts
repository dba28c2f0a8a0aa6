import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import request from 'supertest';
import { createArticle } from '../factories/article.factory.js';
import { registerUser } from '../factories/user.factory.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

describe('RealWorld comments', () => {
  let api: TestApp;
  beforeAll(async () => {
    api = await startTestApp();
  });
  afterAll(() => api.close());

  const auth = (token: string) => ({ Authorization: `Token ${token}` });

  it('adds comments and lists them newest first, to anyone', async () => {
    const [author, reader] = [await registerUser(api.server), await registerUser(api.server)];
    const { slug } = await createArticle(api.server, author.token);
    const path = `/api/articles/${slug}/comments`;
    const first = await request(api.server)
      .post(path)
      .set(auth(reader.token))
      .send({ comment: { body: 'First!' } })
      .expect(201);
    expect(first.body.comment).toEqual({
      id: expect.any(Number),
      body: 'First!',
      createdAt: expect.any(String),
      updatedAt: expect.any(String),
      author: { username: reader.username, bio: '', image: '', following: false },
    });
    await request(api.server)
      .post(path)
      .set(auth(author.token))
      .send({ comment: { body: 'Thanks' } });
    const list = await request(api.server).get(path).expect(200);
    expect(list.body.comments.map((c: { body: string }) => c.body)).toEqual(['Thanks', 'First!']);
  });

  it('lets only the comment author delete it (204), others get 403', async () => {
    const [author, commenter] = [await registerUser(api.server), await registerUser(api.server)];
    const { slug } = await createArticle(api.server, author.token);
    const path = `/api/articles/${slug}/comments`;
    const { body } = await request(api.server)
      .post(path)
      .set(auth(commenter.token))
      .send({ comment: { body: 'mine' } });
    const id = body.comment.id as number;
    await request(api.server).delete(`${path}/${id}`).set(auth(author.token)).expect(403);
    await request(api.server).delete(`${path}/${id}`).set(auth(commenter.token)).expect(204);
    await request(api.server).delete(`${path}/${id}`).set(auth(commenter.token)).expect(404);
  });

  it('answers 404 for an unknown article, 422 for a blank body or a non-numeric id', async () => {
    const user = await registerUser(api.server);
    const { slug } = await createArticle(api.server, user.token);
    await request(api.server).get('/api/articles/nope/comments').expect(404);
    await request(api.server)
      .post(`/api/articles/${slug}/comments`)
      .set(auth(user.token))
      .send({ comment: { body: '  ' } })
      .expect(422);
    await request(api.server)
      .post(`/api/articles/${slug}/comments`)
      .set(auth(user.token))
      .send({ comment: { body: 'x'.repeat(5001) } })
      .expect(422);
    await request(api.server)
      .delete(`/api/articles/${slug}/comments/abc`)
      .set(auth(user.token))
      .expect(422);
  });

  it('does not let a comment id from another article be deleted through this one', async () => {
    const author = await registerUser(api.server);
    const [one, two] = [
      await createArticle(api.server, author.token),
      await createArticle(api.server, author.token),
    ];
    const { body } = await request(api.server)
      .post(`/api/articles/${one.slug}/comments`)
      .set(auth(author.token))
      .send({ comment: { body: 'on one' } });
    await request(api.server)
      .delete(`/api/articles/${two.slug}/comments/${body.comment.id}`)
      .set(auth(author.token))
      .expect(404);
  });
});
