import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import request from 'supertest';
import { createArticle } from '../factories/article.factory.js';
import { registerUser } from '../factories/user.factory.js';
import { makeAdmin } from '../security/isolated-app.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

// The attacker's test for exercise 3: every way in to an article's text refuses anyone but its
// author, and a refused attempt changes nothing (title, body, slug).
describe('Grading, exercise 3: only the author edits an article', () => {
  let api: TestApp;
  let author: Awaited<ReturnType<typeof registerUser>>;
  let intruder: Awaited<ReturnType<typeof registerUser>>;
  beforeAll(async () => {
    api = await startTestApp();
    author = await registerUser(api.server);
    intruder = await registerUser(api.server);
  });
  afterAll(() => api.close());

  const as = (token: string) => ({ Authorization: `Token ${token}` });

  const graphqlUpdate = (token: string, slug: string, input: Record<string, unknown>) =>
    request(api.server)
      .post('/graphql')
      .set(as(token))
      .send({
        query: `mutation U($slug: String!, $input: UpdateArticleInput!) {
          updateArticle(slug: $slug, input: $input) { slug title body }
        }`,
        variables: { slug, input },
      })
      .expect(200);

  /** The article as anyone reads it, with its body. */
  const read = async (slug: string) =>
    (await request(api.server).get(`/api/articles/${slug}`).expect(200)).body.article as {
      slug: string;
      title: string;
      body: string;
    };

  it('refuses an edit over GraphQL by another user (FORBIDDEN), and changes nothing', async () => {
    const article = await createArticle(api.server, author.token);
    const before = await read(article.slug);
    const response = await graphqlUpdate(intruder.token, article.slug, {
      title: 'Taken over',
      body: 'spam',
    });
    expect(response.body.data).toBeNull();
    expect(response.body.errors[0].extensions.code).toBe('FORBIDDEN');
    expect(await read(article.slug)).toEqual(before);
  });

  it('refuses an edit over GraphQL by an admin too: moderation is deletion only', async () => {
    const admin = await registerUser(api.server);
    const adminToken = await makeAdmin(api, admin);
    const article = await createArticle(api.server, author.token);
    const before = await read(article.slug);
    const response = await graphqlUpdate(adminToken, article.slug, { body: 'edited by admin' });
    expect(response.body.errors[0].extensions.code).toBe('FORBIDDEN');
    expect(await read(article.slug)).toEqual(before);
  });

  it('refuses an edit over REST by another user (403 ARTICLE_NOT_AUTHOR), and changes nothing', async () => {
    const article = await createArticle(api.server, author.token);
    const before = await read(article.slug);
    const response = await request(api.server)
      .put(`/api/articles/${article.slug}`)
      .set(as(intruder.token))
      .send({ article: { title: 'Taken over', body: 'spam' } })
      .expect(403);
    expect(response.headers['content-type']).toContain('application/problem+json');
    expect(response.body.code).toBe('ARTICLE_NOT_AUTHOR');
    expect(await read(article.slug)).toEqual(before);
  });

  it('answers 404 for an unknown slug, on both APIs, whoever asks', async () => {
    await request(api.server)
      .put('/api/articles/no-such-article-here')
      .set(as(intruder.token))
      .send({ article: { title: 'x' } })
      .expect(404);
    const response = await graphqlUpdate(intruder.token, 'no-such-article-here', { title: 'x' });
    expect(response.body.errors[0].extensions.code).toBe('NOT_FOUND');
  });

  it('still lets the author edit, over REST and over GraphQL', async () => {
    const article = await createArticle(api.server, author.token);
    const rest = await request(api.server)
      .put(`/api/articles/${article.slug}`)
      .set(as(author.token))
      .send({ article: { body: 'Edited over REST' } })
      .expect(200);
    expect(rest.body.article.body).toBe('Edited over REST');
    const graphql = await graphqlUpdate(author.token, article.slug, { title: 'Retitled' });
    expect(graphql.body.errors).toBeUndefined();
    expect(graphql.body.data.updateArticle.title).toBe('Retitled');
    expect((await read(graphql.body.data.updateArticle.slug)).body).toBe('Edited over REST');
  });

  it('refuses the other writes on an article too: delete over GraphQL, comment deletion', async () => {
    const article = await createArticle(api.server, author.token);
    const deletion = await request(api.server)
      .post('/graphql')
      .set(as(intruder.token))
      .send({ query: `mutation { deleteArticle(slug: "${article.slug}") }` })
      .expect(200);
    expect(deletion.body.errors[0].extensions.code).toBe('FORBIDDEN');
    const comment = await request(api.server)
      .post(`/api/articles/${article.slug}/comments`)
      .set(as(author.token))
      .send({ comment: { body: 'mine' } })
      .expect(201);
    await request(api.server)
      .delete(`/api/articles/${article.slug}/comments/${comment.body.comment.id}`)
      .set(as(intruder.token))
      .expect(403);
    await read(article.slug);
  });
});
