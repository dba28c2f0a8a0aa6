import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { ClientError, gql } from 'graphql-request';
import request from 'supertest';
import { newArticle } from '../factories/article.factory.js';
import { newUser } from '../factories/user.factory.js';
import { errorCodes, graphqlClientFor } from '../support/graphql-client.js';
import { besidesAccountCheck, countQueries } from '../support/query-counter.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

const REGISTER = gql`
  mutation Register($input: RegisterInput!) {
    register(input: $input) {
      username
      email
      token
      bio
      image
    }
  }
`;
const CREATE = gql`
  mutation Create($input: CreateArticleInput!) {
    createArticle(input: $input) {
      slug
      title
      body
      tagList
      favorited
      favoritesCount
      author {
        username
        following
      }
    }
  }
`;

describe('GraphQL API over the same services as REST', () => {
  let api: TestApp;
  let client: Awaited<ReturnType<typeof graphqlClientFor>>;

  beforeAll(async () => {
    api = await startTestApp();
    client = await graphqlClientFor(api);
  });
  afterAll(() => api.close());

  const register = async () => {
    const fields = newUser();
    const { register } = await client
      .as()
      .request<{ register: { token: string; username: string } }>(REGISTER, {
        input: fields,
      });
    return { ...fields, token: register.token };
  };
  const create = async (token: string, input = newArticle()) =>
    (await client.as(token).request<{ createArticle: { slug: string } }>(CREATE, { input }))
      .createArticle;

  describe('users', () => {
    it('registers, logs in, and answers `me` with Token or Bearer', async () => {
      const user = await register();
      const { login } = await client.as().request<{ login: { token: string } }>(
        gql`
          mutation L($input: LoginInput!) {
            login(input: $input) {
              token
            }
          }
        `,
        { input: { email: user.email.toUpperCase(), password: user.password } },
      );
      const me = gql`
        {
          me {
            username
            email
          }
        }
      `;
      const viaToken = await client.as(login.token).request<{ me: { username: string } }>(me);
      expect(viaToken.me.username).toBe(user.username);
      const bearer = await client.as().request<{ me: { username: string } }>(me, undefined, {
        Authorization: `Bearer ${user.token}`,
      });
      expect(bearer.me.username).toBe(user.username);
    });

    it('updates the user', async () => {
      const user = await register();
      const { updateUser } = await client.as(user.token).request<{ updateUser: { bio: string } }>(
        gql`
          mutation U($input: UpdateUserInput!) {
            updateUser(input: $input) {
              bio
            }
          }
        `,
        { input: { bio: 'from GraphQL' } },
      );
      expect(updateUser.bio).toBe('from GraphQL');
    });
  });

  describe('articles', () => {
    it('creates, reads, lists, updates and deletes, agreeing with REST', async () => {
      const author = await register();
      const created = await create(author.token, newArticle({ tagList: ['b', 'a'] }));
      const rest = await request(api.server).get(`/api/articles/${created.slug}`).expect(200);
      const { article } = await client.as().request<{ article: Record<string, unknown> }>(
        gql`
          query A($slug: String!) {
            article(slug: $slug) {
              slug
              title
              description
              body
              image
              tagList
              createdAt
              updatedAt
              favorited
              favoritesCount
              author {
                username
                bio
                image
                following
              }
            }
          }
        `,
        { slug: created.slug },
      );
      expect(article).toEqual(rest.body.article);

      const list = await client
        .as()
        .request<{ articles: { articlesCount: number; articles: { slug: string }[] } }>(
          gql`
            query L($author: String) {
              articles(author: $author, limit: 5, offset: 0) {
                articlesCount
                articles {
                  slug
                }
              }
            }
          `,
          { author: author.username },
        );
      expect(list.articles).toEqual({ articlesCount: 1, articles: [{ slug: created.slug }] });

      const { updateArticle } = await client
        .as(author.token)
        .request<{ updateArticle: { slug: string; title: string } }>(
          gql`
            mutation U($slug: String!, $input: UpdateArticleInput!) {
              updateArticle(slug: $slug, input: $input) {
                slug
                title
              }
            }
          `,
          { slug: created.slug, input: { title: 'Renamed through GraphQL' } },
        );
      expect(updateArticle.slug).toMatch(/^renamed-through-graphql/);
      const deleted = await client.as(author.token).request<{ deleteArticle: boolean }>(
        gql`
          mutation D($slug: String!) {
            deleteArticle(slug: $slug)
          }
        `,
        { slug: updateArticle.slug },
      );
      expect(deleted.deleteArticle).toBe(true);
      await request(api.server).get(`/api/articles/${updateArticle.slug}`).expect(404);
    });

    it('favorites, follows, comments and the feed', async () => {
      const [author, reader] = [await register(), await register()];
      const { slug } = await create(author.token);
      const as = client.as(reader.token);
      const fav = await as.request<{
        favoriteArticle: { favorited: boolean; favoritesCount: number };
      }>(
        gql`
          mutation F($slug: String!) {
            favoriteArticle(slug: $slug) {
              favorited
              favoritesCount
            }
          }
        `,
        { slug },
      );
      expect(fav.favoriteArticle).toEqual({ favorited: true, favoritesCount: 1 });
      const follow = await as.request<{ followUser: { following: boolean } }>(
        gql`
          mutation F($u: String!) {
            followUser(username: $u) {
              following
            }
          }
        `,
        { u: author.username },
      );
      expect(follow.followUser.following).toBe(true);
      const feed = await as.request<{ feed: { articlesCount: number } }>(gql`
        {
          feed(limit: 10) {
            articlesCount
          }
        }
      `);
      expect(feed.feed.articlesCount).toBe(1);
      const { addComment } = await as.request<{ addComment: { id: number; body: string } }>(
        gql`
          mutation C($slug: String!, $input: AddCommentInput!) {
            addComment(slug: $slug, input: $input) {
              id
              body
            }
          }
        `,
        { slug, input: { body: 'via GraphQL' } },
      );
      const { comments } = await client
        .as()
        .request<{ comments: { body: string; author: { username: string } }[] }>(
          gql`
            query C($slug: String!) {
              comments(slug: $slug) {
                body
                author {
                  username
                }
              }
            }
          `,
          { slug },
        );
      expect(comments).toEqual([{ body: 'via GraphQL', author: { username: reader.username } }]);
      await as.request(
        gql`
          mutation D($slug: String!, $id: Int!) {
            deleteComment(slug: $slug, id: $id)
          }
        `,
        {
          slug,
          id: addComment.id,
        },
      );
      const { tags } = await client.as().request<{ tags: string[] }>(gql`
        {
          tags
        }
      `);
      expect(tags.length).toBeGreaterThan(0);
    });
  });

  describe('errors carry the same codes as REST statuses', () => {
    it('400 BAD_USER_INPUT for a missing variable, the first time and once the query is compiled', async () => {
      // From its second run, a query executes as graphql-jit compiled it (Mercurius `jit: 1`),
      // which reports variable errors as an ordinary result, without extensions.
      const query = 'query Missing($slug: String!) { article(slug: $slug) { slug } }';
      for (let run = 0; run < 3; run++) {
        const response = await request(api.server).post('/graphql').send({ query, variables: {} });
        expect({ run, status: response.status }).toEqual({ run, status: 400 });
        expect(response.body).toEqual({
          data: null,
          errors: [
            {
              message: 'Variable "$slug" of required type "String!" was not provided.',
              extensions: { code: 'BAD_USER_INPUT' },
            },
          ],
        });
      }
    });

    it('UNAUTHENTICATED without a token where one is needed', async () => {
      expect(
        await errorCodes(
          client.as().request(gql`
            {
              me {
                username
              }
            }
          `),
        ),
      ).toEqual(['UNAUTHENTICATED']);
    });

    it('FORBIDDEN when not the author, NOT_FOUND for an unknown slug', async () => {
      const [author, other] = [await register(), await register()];
      const { slug } = await create(author.token);
      const remove = gql`
        mutation D($slug: String!) {
          deleteArticle(slug: $slug)
        }
      `;
      expect(await errorCodes(client.as(other.token).request(remove, { slug }))).toEqual([
        'FORBIDDEN',
      ]);
      expect(
        await errorCodes(client.as(other.token).request(remove, { slug: 'no-such-slug' })),
      ).toEqual(['NOT_FOUND']);
    });

    it('BAD_USER_INPUT with the field messages for invalid input', async () => {
      const user = await register();
      try {
        await client
          .as(user.token)
          .request(CREATE, { input: { ...newArticle(), title: ' ', body: 'x'.repeat(100_001) } });
        throw new Error('expected a failure');
      } catch (error) {
        const [first] = (error as ClientError).response.errors ?? [];
        expect(first?.extensions).toMatchObject({
          code: 'BAD_USER_INPUT',
          details: expect.arrayContaining([
            "title can't be blank",
            'body must be shorter than or equal to 100000 characters',
          ]),
        });
      }
    });

    it('never shows internals for a query the schema does not have', async () => {
      const response = await request(api.server)
        .post('/graphql')
        .send({ query: '{ nope }' })
        .expect(400);
      expect(response.body.errors[0].extensions.code).toBe('BAD_USER_INPUT');
      expect(JSON.stringify(response.body)).not.toMatch(/stack|at .*\.js/);
    });
  });

  describe('no N+1', () => {
    it("resolves 20 articles with their authors and each author's articles in 3 SQL statements", async () => {
      const authors = [await register(), await register(), await register()];
      for (const [i, author] of authors.entries()) {
        for (let n = 0; n < 7; n++)
          await create(author.token, newArticle({ tagList: ['nplus1-gql', `a${i}`] }));
      }
      let data: { articles: { articles: { author: { articles: unknown[] } }[] } } | undefined;
      const { count, sql } = await countQueries(async () => {
        data = await client.as(authors[0].token).request(gql`
          {
            articles(tag: "nplus1-gql", limit: 20) {
              articles {
                title
                tagList
                favorited
                author {
                  username
                  following
                  articles(limit: 3) {
                    title
                    tagList
                  }
                }
              }
            }
          }
        `);
      });
      expect(data?.articles.articles).toHaveLength(20);
      expect(data?.articles.articles[0]?.author.articles).toHaveLength(3);
      // Besides the token's account check, one primary-key lookup per request.
      expect(besidesAccountCheck(sql).length).toBeLessThanOrEqual(3);
      expect(sql.length).toBe(count);
    });
  });
});
