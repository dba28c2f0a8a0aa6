import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { createArticle, newArticle } from '../factories/article.factory.js';
import { registerUser } from '../factories/user.factory.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

describe('Idempotency-Key on creating requests', () => {
  let api: TestApp;
  beforeAll(async () => {
    api = await startTestApp();
  });
  afterAll(() => api.close());

  const countByAuthor = async (username: string) =>
    (await request(api.server).get(`/api/articles?author=${username}`)).body
      .articlesCount as number;

  const post = (token: string, key: string, article: object) =>
    request(api.server)
      .post('/api/articles')
      .set('Authorization', `Token ${token}`)
      .set('Idempotency-Key', key)
      .send({ article });

  it('returns the original article for a retry with the same key and body, creating nothing new', async () => {
    const author = await registerUser(api.server);
    const key = randomUUID();
    const article = newArticle();
    const first = await post(author.token, key, article).expect(201);
    const retry = await post(author.token, key, article).expect(201);
    expect(retry.body).toEqual(first.body);
    expect(retry.headers['idempotent-replayed']).toBe('true');
    expect(await countByAuthor(author.username)).toBe(1);
  });

  it('creates one article when the same request races itself', async () => {
    const author = await registerUser(api.server);
    const key = randomUUID();
    const article = newArticle();
    const responses = await Promise.all([1, 2, 3, 4].map(() => post(author.token, key, article)));
    expect(responses.map((r) => r.status)).toEqual([201, 201, 201, 201]);
    expect(new Set(responses.map((r) => r.body.article.slug as string)).size).toBe(1);
    expect(await countByAuthor(author.username)).toBe(1);
  });

  it('answers 422 when the same key comes with a different body', async () => {
    const author = await registerUser(api.server);
    const key = randomUUID();
    await post(author.token, key, newArticle()).expect(201);
    const reused = await post(author.token, key, newArticle()).expect(422);
    expect(reused.body.code).toBe('IDEMPOTENCY_KEY_REUSED');
    expect(await countByAuthor(author.username)).toBe(1);
  });

  it('keeps keys apart per user', async () => {
    const [first, second] = [await registerUser(api.server), await registerUser(api.server)];
    const key = randomUUID();
    const article = newArticle();
    await post(first.token, key, article).expect(201);
    const other = await post(second.token, key, article).expect(201);
    expect(other.headers['idempotent-replayed']).toBeUndefined();
    expect(other.body.article.author.username).toBe(second.username);
  });

  it('creates nothing and keeps the key free when the request is invalid', async () => {
    const author = await registerUser(api.server);
    const key = randomUUID();
    await post(author.token, key, { ...newArticle(), title: '' }).expect(422);
    await post(author.token, key, newArticle()).expect(201);
  });

  it('refuses a malformed key with 422', async () => {
    const author = await registerUser(api.server);
    await post(author.token, 'x'.repeat(256), newArticle()).expect(422);
  });

  it('applies to comments too', async () => {
    const author = await registerUser(api.server);
    const { slug } = await createArticle(api.server, author.token);
    const key = randomUUID();
    const comment = () =>
      request(api.server)
        .post(`/api/articles/${slug}/comments`)
        .set('Authorization', `Token ${author.token}`)
        .set('Idempotency-Key', key)
        .send({ comment: { body: 'once' } })
        .expect(201);
    const [first, retry] = [await comment(), await comment()];
    expect(retry.body.comment.id).toBe(first.body.comment.id);
    const list = await request(api.server).get(`/api/articles/${slug}/comments`);
    expect(list.body.comments).toHaveLength(1);
  });
});
