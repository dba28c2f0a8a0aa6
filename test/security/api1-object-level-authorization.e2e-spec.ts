import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import request from 'supertest';
import { createArticle } from '../factories/article.factory.js';
import { registerUser } from '../factories/user.factory.js';
import { jpeg } from '../support/images.js';
import type { TestApp } from '../support/test-app.js';
import { makeAdmin, startIsolatedApp } from './isolated-app.js';

/** Every object-level check: someone else's object is refused, whatever route or API. */
describe('API1 Broken Object Level Authorization', () => {
  let api: TestApp;
  let owner: Awaited<ReturnType<typeof registerUser>>;
  let intruder: Awaited<ReturnType<typeof registerUser>>;
  beforeAll(async () => {
    api = await startIsolatedApp();
    owner = await registerUser(api.server);
    intruder = await registerUser(api.server);
  });
  afterAll(() => api.close());

  const as = (token: string) => ({ Authorization: `Token ${token}` });
  const addComment = async (slug: string) =>
    (
      await request(api.server)
        .post(`/api/articles/${slug}/comments`)
        .set(as(owner.token))
        .send({ comment: { body: 'mine' } })
        .expect(201)
    ).body.comment as { id: number };

  it("refuses updating someone else's article (403), and leaves it unchanged", async () => {
    const article = await createArticle(api.server, owner.token);
    const response = await request(api.server)
      .put(`/api/articles/${article.slug}`)
      .set(as(intruder.token))
      .send({ article: { title: 'pwned' } })
      .expect(403);
    expect(response.body.code).toBe('ARTICLE_NOT_AUTHOR');
    const read = await request(api.server).get(`/api/articles/${article.slug}`).expect(200);
    expect(read.body.article.title).toBe(article.title);
  });

  it("refuses deleting someone else's article (403), and it stays", async () => {
    const article = await createArticle(api.server, owner.token);
    await request(api.server)
      .delete(`/api/articles/${article.slug}`)
      .set(as(intruder.token))
      .expect(403);
    await request(api.server).get(`/api/articles/${article.slug}`).expect(200);
  });

  it("refuses deleting someone else's comment (403), and it stays", async () => {
    const article = await createArticle(api.server, owner.token);
    const comment = await addComment(article.slug);
    const response = await request(api.server)
      .delete(`/api/articles/${article.slug}/comments/${comment.id}`)
      .set(as(intruder.token))
      .expect(403);
    expect(response.body.code).toBe('COMMENT_NOT_AUTHOR');
    const comments = await request(api.server)
      .get(`/api/articles/${article.slug}/comments`)
      .expect(200);
    expect(comments.body.comments.map((c: { id: number }) => c.id)).toContain(comment.id);
  });

  it("refuses deleting a comment through another article's path (404)", async () => {
    const article = await createArticle(api.server, owner.token);
    const other = await createArticle(api.server, intruder.token);
    const comment = await addComment(article.slug);
    await request(api.server)
      .delete(`/api/articles/${other.slug}/comments/${comment.id}`)
      .set(as(intruder.token))
      .expect(404);
  });

  it("refuses setting someone else's article image (403)", async () => {
    const article = await createArticle(api.server, owner.token);
    await request(api.server)
      .put(`/api/articles/${article.slug}/image`)
      .set(as(intruder.token))
      .attach('image', await jpeg(32, 32), 'a.jpg')
      .expect(403);
  });

  it("hides someone else's image job (404), on the status and the events routes", async () => {
    const { body } = await request(api.server)
      .put('/api/user/image')
      .set(as(owner.token))
      .attach('image', await jpeg(40, 40, { seed: 4 }), 'me.jpg')
      .expect(202);
    await request(api.server).get(body.job.statusUrl).set(as(intruder.token)).expect(404);
    await request(api.server).get(body.job.eventsUrl).set(as(intruder.token)).expect(404);
  });

  it("changes only the caller's own account through PUT /api/user", async () => {
    await request(api.server)
      .put('/api/user')
      .set(as(intruder.token))
      .send({ user: { bio: 'intruder bio', username: owner.username } })
      .expect(422);
    const ownerNow = await request(api.server).get(`/api/profiles/${owner.username}`).expect(200);
    expect(ownerNow.body.profile.bio).not.toBe('intruder bio');
  });

  it('refuses the same over GraphQL', async () => {
    const article = await createArticle(api.server, owner.token);
    const response = await request(api.server)
      .post('/graphql')
      .set(as(intruder.token))
      .send({ query: `mutation { deleteArticle(slug: "${article.slug}") }` })
      .expect(200);
    expect(response.body.errors[0].extensions.code).toBe('FORBIDDEN');
    await request(api.server).get(`/api/articles/${article.slug}`).expect(200);
  });

  it('lets an admin moderate: delete any article or comment', async () => {
    const admin = await registerUser(api.server);
    const adminToken = await makeAdmin(api, admin);
    const article = await createArticle(api.server, owner.token);
    const comment = await addComment(article.slug);
    await request(api.server)
      .delete(`/api/articles/${article.slug}/comments/${comment.id}`)
      .set(as(adminToken))
      .expect(204);
    await request(api.server)
      .delete(`/api/articles/${article.slug}`)
      .set(as(adminToken))
      .expect(204);
    await request(api.server).get(`/api/articles/${article.slug}`).expect(404);
    // Moderation is deletion only: an admin does not edit other people's words.
    const another = await createArticle(api.server, owner.token);
    await request(api.server)
      .put(`/api/articles/${another.slug}`)
      .set(as(adminToken))
      .send({ article: { title: 'edited by admin' } })
      .expect(403);
  });
});
