import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import pg from 'pg';
import request from 'supertest';
import { createArticle } from '../factories/article.factory.js';
import { registerUser } from '../factories/user.factory.js';
import { isolatedBackends, type IsolatedBackends } from '../support/isolated-backends.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

// articlesCount of the global list, the feed and ?author= comes from counters that triggers on
// `articles` keep, not from count(*). A database of its own, so that no other test file's
// articles move the counts.
describe('articlesCount from the article counters', () => {
  let backends: IsolatedBackends;
  let api: TestApp;
  let database: pg.Client;

  beforeAll(async () => {
    backends = await isolatedBackends('article_count');
    api = await startTestApp(backends.env);
    database = new pg.Client({ connectionString: backends.env.DATABASE_URL });
    await database.connect();
  });
  afterAll(async () => {
    await database?.end();
    await api?.close();
    await backends?.drop();
  });

  const auth = (token: string) => ({ Authorization: `Token ${token}` });
  // Signed in, so the page is read from Postgres rather than from the list cache.
  const listedCount = async (token: string, path = '/api/articles?limit=1') =>
    (await request(api.server).get(path).set(auth(token)).expect(200)).body.articlesCount as number;
  const follow = (token: string, username: string) =>
    request(api.server).post(`/api/profiles/${username}/follow`).set(auth(token)).expect(200);
  const counted = async () =>
    (await database.query<{ count: number }>('SELECT count(*)::int AS count FROM articles')).rows[0]
      .count;

  it('follows creates, deletes, concurrent creates and a user deleted with their articles', async () => {
    const [alice, bob] = [await registerUser(api.server), await registerUser(api.server)];
    const readers = await Promise.all(Array.from({ length: 6 }, () => registerUser(api.server)));
    const fan = readers[0];
    await follow(fan.token, alice.username);
    await follow(fan.token, bob.username);
    const feedCount = () => listedCount(fan.token, '/api/articles/feed?limit=1');
    const authorCount = (username: string) =>
      listedCount(fan.token, `/api/articles?limit=1&author=${username.toUpperCase()}`);
    expect(await listedCount(alice.token)).toBe(0);
    expect(await feedCount()).toBe(0);

    const first = await createArticle(api.server, alice.token);
    await createArticle(api.server, bob.token);
    await createArticle(api.server, bob.token);
    expect(await listedCount(alice.token)).toBe(3);
    expect(await feedCount()).toBe(3);
    expect(await authorCount(bob.username)).toBe(2);

    // Side by side, on several pool connections (each session moves its own counter slot).
    await Promise.all(
      [...readers, alice, alice].map((writer) => createArticle(api.server, writer.token)),
    );
    expect(await listedCount(alice.token)).toBe(11);
    expect(await authorCount(alice.username)).toBe(3);
    expect(await feedCount()).toBe(5);

    await request(api.server)
      .delete(`/api/articles/${first.slug}`)
      .set(auth(alice.token))
      .expect(204);
    expect(await listedCount(alice.token)).toBe(10);
    expect(await authorCount(alice.username)).toBe(2);

    // ON DELETE CASCADE removes Bob's two articles in the same statement.
    await database.query('DELETE FROM users WHERE username = $1', [bob.username]);
    expect(await listedCount(alice.token)).toBe(8);
    expect(await counted()).toBe(8);
    expect(await feedCount()).toBe(2);
    expect(await authorCount(bob.username)).toBe(0);
  });

  it('agrees with count(*) after a bulk insert in one statement and a TRUNCATE', async () => {
    const author = await registerUser(api.server);
    await database.query(
      `INSERT INTO articles (slug, title, description, body, author_id)
       SELECT 'bulk-' || n, 'Bulk', 'd', 'b', u.id
         FROM generate_series(1, 250) AS n, users u WHERE u.username = $1`,
      [author.username],
    );
    expect(await listedCount(author.token)).toBe(await counted());
    expect(await listedCount(author.token, `/api/articles?author=${author.username}`)).toBe(250);

    await database.query('TRUNCATE articles CASCADE');
    expect(await listedCount(author.token)).toBe(0);
    expect(await listedCount(author.token, `/api/articles?author=${author.username}`)).toBe(0);
    await createArticle(api.server, author.token);
    expect(await listedCount(author.token)).toBe(1);
    expect(await listedCount(author.token, `/api/articles?author=${author.username}`)).toBe(1);
  });
});
