import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { createArticle } from '../factories/article.factory.js';
import { registerUser } from '../factories/user.factory.js';
import { besidesAccountCheck, countQueries } from '../support/query-counter.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

type User = Awaited<ReturnType<typeof registerUser>>;
interface Comment {
  id: number;
  body: string;
  author: { username: string; following: boolean };
}

// Exercise 2: a page of comments costs the same few SQL statements however many comments, and
// however many different authors, it shows; and it still shows the same thing.
describe('Grading, exercise 2: a page of comments in a constant number of statements', () => {
  let api: TestApp;
  let reader: User;
  const authors: User[] = [];
  let few: string;
  let many: string;

  /** Adds `count` comments to the article, oldest first, by the authors in turn. */
  const addComments = async (slug: string, count: number, by: User[]) => {
    const dataSource = api.app.get(DataSource);
    for (let i = 0; i < count; i++) {
      await dataSource.query(
        `INSERT INTO comments (article_id, author_id, body, created_at)
         SELECT a.id, u.id, $3, now() - make_interval(secs => $4)
         FROM articles a, users u WHERE a.slug = $1 AND u.username = $2`,
        [slug, by[i % by.length].username, `comment ${i}`, count - i],
      );
    }
  };

  beforeAll(async () => {
    api = await startTestApp();
    reader = await registerUser(api.server);
    for (let i = 0; i < 10; i++) authors.push(await registerUser(api.server));
    await request(api.server)
      .post(`/api/profiles/${authors[0].username}/follow`)
      .set('Authorization', `Token ${reader.token}`)
      .expect(200);
    few = (await createArticle(api.server, authors[0].token)).slug;
    many = (await createArticle(api.server, authors[0].token)).slug;
    await addComments(few, 3, authors.slice(0, 1));
    await addComments(many, 30, authors);
  });
  afterAll(() => api.close());

  const listComments = async (slug: string, token?: string) => {
    let comments: Comment[] = [];
    const { sql } = await countQueries(async () => {
      const call = request(api.server).get(`/api/articles/${slug}/comments?limit=100`);
      if (token) void call.set('Authorization', `Token ${token}`);
      comments = (await call.expect(200)).body.comments;
    });
    return { comments, sql: token ? besidesAccountCheck(sql) : sql };
  };

  it('lists 3 comments by one author and 30 by ten authors in the same statements, anonymously', async () => {
    const small = await listComments(few);
    const large = await listComments(many);
    expect(small.comments).toHaveLength(3);
    expect(large.comments).toHaveLength(30);
    expect(large.sql.length).toBe(small.sql.length);
    expect(large.sql.length).toBeLessThanOrEqual(3);
  });

  it('does the same for a signed-in reader, whose following flags it adds', async () => {
    const small = await listComments(few, reader.token);
    const large = await listComments(many, reader.token);
    expect(large.comments).toHaveLength(30);
    expect(large.sql.length).toBe(small.sql.length);
    expect(large.sql.length).toBeLessThanOrEqual(3);
  });

  it('serves the GraphQL comments query in the same statements whatever its length', async () => {
    const query = (slug: string) =>
      countQueries(() =>
        request(api.server)
          .post('/graphql')
          .send({
            query: `query C($slug: String!) {
              comments(slug: $slug, limit: 100) { id body author { username following } }
            }`,
            variables: { slug },
          })
          .expect(200)
          .then((response) => expect(response.body.errors).toBeUndefined()),
      );
    const small = await query(few);
    const large = await query(many);
    expect(large.count).toBe(small.count);
    expect(large.count).toBeLessThanOrEqual(3);
  });

  it("still shows each comment with its own author and the reader's flag, newest first", async () => {
    const { comments } = await listComments(many, reader.token);
    expect(comments.map((comment) => comment.body)).toEqual(
      Array.from({ length: 30 }, (_, i) => `comment ${29 - i}`),
    );
    for (const comment of comments) {
      const index = Number(comment.body.split(' ')[1]);
      const author = authors[index % authors.length];
      expect(comment.author.username).toBe(author.username);
      expect(comment.author.following).toBe(author === authors[0]);
    }
  });

  it('still pages: limit and offset pick the same comments as before', async () => {
    const response = await request(api.server)
      .get(`/api/articles/${many}/comments?limit=2&offset=3`)
      .expect(200);
    expect(response.body.comments.map((comment: Comment) => comment.body)).toEqual([
      'comment 26',
      'comment 25',
    ]);
  });

  it('answers a new comment with its author, and 404 for an unknown article', async () => {
    const response = await request(api.server)
      .post(`/api/articles/${few}/comments`)
      .set('Authorization', `Token ${reader.token}`)
      .send({ comment: { body: 'a fresh one' } })
      .expect(201);
    expect(response.body.comment.author.username).toBe(reader.username);
    await request(api.server).get('/api/articles/no-such-article-here/comments').expect(404);
  });
});
