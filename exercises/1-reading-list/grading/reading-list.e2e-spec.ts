import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import request from 'supertest';
import { createArticle } from '../factories/article.factory.js';
import { registerUser } from '../factories/user.factory.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

type User = Awaited<ReturnType<typeof registerUser>>;
interface Item {
  position: number;
  addedAt: string;
  article: { slug: string; title: string; tagList: string[]; author: { username: string } };
}

const LIST = '/api/user/reading-list';

// Exercise 1: the reading list's contract as BRIEF.md states it, through the API only.
describe('Grading, exercise 1: the reading list', () => {
  let api: TestApp;
  let author: User;
  beforeAll(async () => {
    api = await startTestApp();
    author = await registerUser(api.server);
  });
  afterAll(() => api.close());

  const as = (user: User) => ({ Authorization: `Token ${user.token}` });
  const articles = async (count: number) => {
    const slugs: string[] = [];
    for (let i = 0; i < count; i++)
      slugs.push((await createArticle(api.server, author.token)).slug);
    return slugs;
  };
  const add = (user: User, slug: string) =>
    request(api.server).post(LIST).set(as(user)).send({ item: { slug } });
  const move = (user: User, slug: string, position: unknown) =>
    request(api.server).put(`${LIST}/${slug}`).set(as(user)).send({ item: { position } });
  const listOf = async (user: User) => {
    const response = await request(api.server).get(LIST).set(as(user)).expect(200);
    const items = response.body.items as Item[];
    expect(response.body.itemsCount).toBe(items.length);
    expect(items.map((item) => item.position)).toEqual(items.map((_, i) => i + 1));
    return items.map((item) => item.article.slug);
  };
  const expectProblem = (response: request.Response, status: number) => {
    expect(response.status).toBe(status);
    expect(response.headers['content-type']).toContain('application/problem+json');
  };

  it('refuses every route without a token (401 problem details)', async () => {
    const [slug] = await articles(1);
    expectProblem(await request(api.server).get(LIST), 401);
    expectProblem(await request(api.server).post(LIST).send({ item: { slug } }), 401);
    expectProblem(
      await request(api.server)
        .put(`${LIST}/${slug}`)
        .send({ item: { position: 1 } }),
      401,
    );
    expectProblem(await request(api.server).delete(`${LIST}/${slug}`), 401);
  });

  it('starts empty, and appends articles in the order they are added', async () => {
    const reader = await registerUser(api.server);
    expect((await request(api.server).get(LIST).set(as(reader)).expect(200)).body).toEqual({
      items: [],
      itemsCount: 0,
    });
    const slugs = await articles(3);
    for (const [i, slug] of slugs.entries()) {
      const response = await add(reader, slug).expect(201);
      expect(response.body.item).toMatchObject({ position: i + 1, article: { slug } });
      expect(Date.parse(response.body.item.addedAt)).not.toBeNaN();
    }
    expect(await listOf(reader)).toEqual(slugs);
    const [first] = (await request(api.server).get(LIST).set(as(reader)).expect(200)).body
      .items as Item[];
    expect(first.article.author.username).toBe(author.username);
    expect(first.article.tagList).toHaveLength(1);
  });

  it('keeps an article added twice where it was (200), once', async () => {
    const reader = await registerUser(api.server);
    const slugs = await articles(2);
    for (const slug of slugs) await add(reader, slug).expect(201);
    const again = await add(reader, slugs[0]).expect(200);
    expect(again.body.item).toMatchObject({ position: 1, article: { slug: slugs[0] } });
    expect(await listOf(reader)).toEqual(slugs);
  });

  it('refuses an unknown article (404) and a malformed body (422), as problem details', async () => {
    const reader = await registerUser(api.server);
    expectProblem(await add(reader, 'no-such-article-here'), 404);
    expectProblem(await add(reader, ''), 422);
    expectProblem(await request(api.server).post(LIST).set(as(reader)).send({ item: {} }), 422);
    expectProblem(await request(api.server).post(LIST).set(as(reader)).send({ slug: 'x' }), 422);
    expect(await listOf(reader)).toEqual([]);
  });

  it('moves an article to a place, the others keeping their order around it', async () => {
    const reader = await registerUser(api.server);
    const [a, b, c, d] = await articles(4);
    for (const slug of [a, b, c, d]) await add(reader, slug).expect(201);
    const moved = await move(reader, d, 1).expect(200);
    expect(moved.body.items.map((item: Item) => item.article.slug)).toEqual([d, a, b, c]);
    await move(reader, d, 3).expect(200);
    expect(await listOf(reader)).toEqual([a, b, d, c]);
    await move(reader, a, 4).expect(200);
    expect(await listOf(reader)).toEqual([b, d, c, a]);
  });

  it('refuses a place outside the list (422) and an article not on it (404)', async () => {
    const reader = await registerUser(api.server);
    const [a, b, stranger] = await articles(3);
    for (const slug of [a, b]) await add(reader, slug).expect(201);
    for (const position of [0, 3, -1, 1.5, 'first', null]) {
      expectProblem(await move(reader, a, position), 422);
    }
    expectProblem(await move(reader, stranger, 1), 404);
    expectProblem(await move(reader, 'no-such-article-here', 1), 404);
    expect(await listOf(reader)).toEqual([a, b]);
  });

  it('removes an article (204), the ones below moving up; a second removal is 404', async () => {
    const reader = await registerUser(api.server);
    const [a, b, c] = await articles(3);
    for (const slug of [a, b, c]) await add(reader, slug).expect(201);
    await request(api.server).delete(`${LIST}/${b}`).set(as(reader)).expect(204);
    expect(await listOf(reader)).toEqual([a, c]);
    expectProblem(await request(api.server).delete(`${LIST}/${b}`).set(as(reader)), 404);
  });

  it("keeps lists private: nobody sees or changes another reader's list", async () => {
    const [owner, other] = [await registerUser(api.server), await registerUser(api.server)];
    const [a, b] = await articles(2);
    for (const slug of [a, b]) await add(owner, slug).expect(201);
    expect(await listOf(other)).toEqual([]);
    expectProblem(await request(api.server).delete(`${LIST}/${a}`).set(as(other)), 404);
    expectProblem(await move(other, b, 1), 404);
    expect(await listOf(owner)).toEqual([a, b]);
  });

  it('drops a deleted article from every list, without leaving a gap', async () => {
    const reader = await registerUser(api.server);
    const [a, b, c] = await articles(3);
    for (const slug of [a, b, c]) await add(reader, slug).expect(201);
    await request(api.server)
      .delete(`/api/articles/${b}`)
      .set('Authorization', `Token ${author.token}`)
      .expect(204);
    expect(await listOf(reader)).toEqual([a, c]);
    const [d] = await articles(1);
    await add(reader, d).expect(201);
    expect(await listOf(reader)).toEqual([a, c, d]);
  });

  it('gives ten articles added at the same time ten distinct places', async () => {
    const reader = await registerUser(api.server);
    const slugs = await articles(10);
    const responses = await Promise.all(slugs.map((slug) => add(reader, slug)));
    expect(responses.map((response) => response.status)).toEqual(slugs.map(() => 201));
    expect((await listOf(reader)).sort()).toEqual([...slugs].sort());
  });

  it('holds at most 100 articles: the 101st is refused (422), a repeat still answers 200', async () => {
    const reader = await registerUser(api.server);
    const slugs = await articles(101);
    for (const slug of slugs.slice(0, 100)) await add(reader, slug).expect(201);
    expectProblem(await add(reader, slugs[100]), 422);
    await add(reader, slugs[0]).expect(200);
    expect(await listOf(reader)).toHaveLength(100);
  });
});
