import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { ClientError, gql } from 'graphql-request';
import { createClient } from 'graphql-ws';
import jwt from 'jsonwebtoken';
import request from 'supertest';
import { DataSource } from 'typeorm';
import WebSocket from 'ws';
import { createArticle } from '../factories/article.factory.js';
import { newUser, registerUser } from '../factories/user.factory.js';
import { graphqlClientFor } from '../support/graphql-client.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { startIsolatedApp } from '../security/isolated-app.js';

type Method = 'get' | 'post' | 'put' | 'delete';

/** A REST refusal: the status, an RFC 9457 body, and the code from docs/errors.md. */
function expectProblem(response: request.Response, status: number, code: string) {
  expect({ status: response.status, code: response.body.code }).toEqual({ status, code });
  expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
}

/** A GraphQL refusal: a 4xx in GraphQL's error shape, with `extensions.code` and `reason`. */
function expectGraphqlRefusal(response: request.Response, reason?: string) {
  expect(response.status).toBeGreaterThanOrEqual(400);
  expect(response.status).toBeLessThan(500);
  expect(response.headers['content-type']).toMatch(/^application\/json/);
  expect(response.body.data).toBeNull();
  expect(response.body.errors[0].extensions).toMatchObject({
    code: 'BAD_USER_INPUT',
    ...(reason ? { reason } : {}),
  });
}

/** The `extensions` of the first error of a GraphQL request that must fail. */
async function firstErrorOf(call: Promise<unknown>): Promise<Record<string, unknown>> {
  try {
    await call;
  } catch (error) {
    if (error instanceof ClientError) return error.response.errors?.[0]?.extensions ?? {};
    throw error;
  }
  throw new Error('expected the GraphQL request to fail');
}

describe('Hostile input gets a 4xx, never a 5xx', () => {
  let api: TestApp;
  let graphql: Awaited<ReturnType<typeof graphqlClientFor>>;
  let author: Awaited<ReturnType<typeof registerUser>>;
  let slug: string;

  beforeAll(async () => {
    api = await startTestApp();
    // Listening, so concurrent supertest requests share one server.
    graphql = await graphqlClientFor(api);
    author = await registerUser(api.server);
    ({ slug } = await createArticle(api.server, author.token));
  });
  afterAll(() => api.close());

  const auth = (token: string) => ({ Authorization: `Token ${token}` });
  const call = (method: Method, path: string, token?: string) => {
    const test = request(api.server)[method](path);
    return token ? test.set(auth(token)) : test;
  };

  describe('path parameters and query strings', () => {
    it.each<[Method, string]>([
      ['get', '/api/articles/a%00b'],
      ['get', '/api/articles/a%00b/comments'],
      ['get', '/api/profiles/a%00b'],
      ['post', '/api/profiles/a%00b/follow'],
      ['delete', '/api/articles/a%00b/comments/1'],
      ['put', '/api/articles/a%00b'],
      ['get', '/api/profiles/a%01b'],
      ['get', '/api/articles/a%7Fb'],
      ['get', '/api/profiles/a%C2%85b'],
    ])('answers %s %s (NUL or a control character) with 400', async (method, path) => {
      expectProblem(await call(method, path, author.token), 400, 'INVALID_CHARACTERS');
    });

    it.each(['tag', 'author', 'favorited'])('answers a NUL in ?%s= with 400', async (name) => {
      expectProblem(await call('get', `/api/articles?${name}=a%00b`), 400, 'INVALID_CHARACTERS');
    });

    it.each(['2147483648', '-1', '0', '1.5', '1e10', 'abc', '99999999999999999999999', '%20'])(
      'answers comment id %p with 422',
      async (id) => {
        const response = await call('delete', `/api/articles/${slug}/comments/${id}`, author.token);
        expectProblem(response, 422, 'INVALID_INPUT');
        expect(response.body.errors.body).toEqual([
          'comment id must be a whole number from 1 to 2147483647',
        ]);
      },
    );

    it('answers the largest comment id with 404, not an error', async () => {
      const response = await call(
        'delete',
        `/api/articles/${slug}/comments/2147483647`,
        author.token,
      );
      expectProblem(response, 404, 'COMMENT_NOT_FOUND');
    });
  });

  describe('strings in JSON bodies', () => {
    const bad = { 'a lone surrogate': '\ud800', 'a NUL': 'a\u0000b' };
    const cases: [string, Method, string, (text: string) => object][] = [
      ['register email', 'post', '/api/users', (t) => ({ user: { ...newUser(), email: t } })],
      ['register username', 'post', '/api/users', (t) => ({ user: { ...newUser(), username: t } })],
      ['register password', 'post', '/api/users', (t) => ({ user: { ...newUser(), password: t } })],
      ['login email', 'post', '/api/users/login', (t) => ({ user: { email: t, password: 'x' } })],
      ['settings email', 'put', '/api/user', (t) => ({ user: { email: t } })],
      ['settings bio', 'put', '/api/user', (t) => ({ user: { bio: t } })],
      ['settings image', 'put', '/api/user', (t) => ({ user: { image: `https://x.test/${t}` } })],
      [
        'article title',
        'post',
        '/api/articles',
        (t) => ({ article: { title: t, description: 'd', body: 'b' } }),
      ],
      [
        'article tag',
        'post',
        '/api/articles',
        (t) => ({ article: { title: 't', description: 'd', body: 'b', tagList: [t] } }),
      ],
      ['comment body', 'post', '/api/articles/SLUG/comments', (t) => ({ comment: { body: t } })],
      ['a key', 'post', '/api/articles/SLUG/comments', (t) => ({ comment: { body: 'b', [t]: 1 } })],
    ];

    for (const [what, text] of Object.entries(bad)) {
      it.each(cases)(`answers ${what} in the %s with 400`, async (_field, method, path, body) => {
        const response = await call(method, path.replace('SLUG', slug), author.token).send(
          body(text),
        );
        expectProblem(response, 400, 'INVALID_CHARACTERS');
      });
    }

    it('refuses control characters in a title with 422, and keeps tabs and line breaks in a body', async () => {
      const article = (title: string, body: string) => ({
        article: { title, description: 'd', body },
      });
      const refused = await call('post', '/api/articles', author.token).send(
        article('bell \u0007', 'b'),
      );
      expectProblem(refused, 422, 'INVALID_INPUT');
      expect(refused.body.errors.body).toEqual(['title must not contain control characters']);
      const kept = await call('post', '/api/articles', author.token)
        .send(article('Tabs', 'one\ttwo\r\nthree'))
        .expect(201);
      expect(kept.body.article.body).toBe('one\ttwo\r\nthree');
    });
  });

  describe('tokens', () => {
    const signedToken = (claims: { sub: string; sid: string }) => {
      const { keys, signingKeyId, issuer, audience } = api.config.auth;
      const key = keys.find((candidate) => candidate.id === signingKeyId);
      return jwt.sign({ role: 'user', sid: claims.sid }, key?.secret ?? '', {
        subject: claims.sub,
        keyid: signingKeyId,
        issuer,
        audience,
        expiresIn: 60,
      });
    };

    it.each([
      ['a subject', { sub: 'not-a-uuid', sid: '5d2c9a40-1f3b-4b8e-a6d7-2f0c4e9b8a33' }],
      ['a session', { sub: '0b6f3b8e-8d4a-4f57-9c39-3b1e7c0e2a11', sid: "x' OR 1=1" }],
    ])('answers a validly signed token with %s that is not a uuid with 401', async (_, claims) => {
      const token = signedToken(claims);
      for (const [method, path] of [
        ['get', '/api/user'],
        ['get', '/api/articles'],
        ['post', '/api/articles'],
      ] as [Method, string][]) {
        expectProblem(await call(method, path, token), 401, 'AUTHENTICATION_REQUIRED');
      }
      const extensions = await firstErrorOf(graphql.as(token).request('{ me { username } }'));
      expect(extensions).toMatchObject({ code: 'UNAUTHENTICATED' });
    });

    describe('of a deleted account', () => {
      let gone: Awaited<ReturnType<typeof registerUser>>;
      let goneSlug: string;
      beforeAll(async () => {
        gone = await registerUser(api.server);
        ({ slug: goneSlug } = await createArticle(api.server, gone.token));
        await api.app
          .get(DataSource)
          .query('DELETE FROM users WHERE username = $1', [gone.username]);
      });

      it.each<[Method, string, object | null]>([
        ['post', '/api/articles', { article: { title: 't', description: 'd', body: 'b' } }],
        ['post', '/api/profiles/AUTHOR/follow', null],
        ['delete', '/api/profiles/AUTHOR/follow', null],
        ['post', '/api/articles/SLUG/favorite', null],
        ['delete', '/api/articles/SLUG/favorite', null],
        ['post', '/api/articles/SLUG/comments', { comment: { body: 'hi' } }],
        ['delete', '/api/articles/SLUG/comments/1', null],
        ['put', '/api/articles/GONE_SLUG', { article: { title: 'New' } }],
        ['delete', '/api/articles/GONE_SLUG', null],
        ['get', '/api/user', null],
        ['put', '/api/user', { user: { bio: 'still here?' } }],
        ['get', '/api/articles/feed', null],
        ['get', '/api/articles', null],
        ['get', '/api/profiles/AUTHOR', null],
        ['post', '/api/users/logout', null],
      ])('answers %s %s with 401', async (method, path, body) => {
        const url = path
          .replace('AUTHOR', author.username)
          .replace('GONE_SLUG', goneSlug)
          .replace('SLUG', slug);
        const test = call(method, url, gone.token);
        expectProblem(await (body ? test.send(body) : test), 401, 'USER_ACCOUNT_GONE');
      });

      it.each([
        [
          'createArticle',
          'mutation { createArticle(input: {title: "t", description: "d", body: "b"}) { slug } }',
        ],
        ['followUser', 'mutation { followUser(username: "AUTHOR") { username } }'],
        ['favoriteArticle', 'mutation { favoriteArticle(slug: "SLUG") { slug } }'],
        ['addComment', 'mutation { addComment(slug: "SLUG", input: {body: "hi"}) { id } }'],
        ['me', '{ me { username } }'],
        ['articles', '{ articles { articlesCount } }'],
      ])('answers GraphQL %s with UNAUTHENTICATED', async (_name, document) => {
        const query = document.replace('AUTHOR', author.username).replace('SLUG', slug);
        const extensions = await firstErrorOf(graphql.as(gone.token).request(query));
        expect(extensions).toMatchObject({ code: 'UNAUTHENTICATED', reason: 'USER_ACCOUNT_GONE' });
      });
    });
  });

  describe('slugs under concurrency', () => {
    const slugOf = (response: request.Response) =>
      (response.body as { article: { slug: string } }).article.slug;

    it('gives 8 concurrent creates with one title 201 each and distinct slugs', async () => {
      const title = `Same title ${Date.now()}`;
      const responses = await Promise.all(
        Array.from({ length: 8 }, () =>
          call('post', '/api/articles', author.token).send({
            article: { title, description: 'd', body: 'b' },
          }),
        ),
      );
      expect(responses.map((response) => response.status)).toEqual(Array(8).fill(201));
      expect(new Set(responses.map(slugOf)).size).toBe(8);
    });

    it('gives 6 concurrent renames to one title 200 each and distinct slugs', async () => {
      const title = `Renamed ${Date.now()}`;
      const articles = await Promise.all(
        Array.from({ length: 6 }, () => createArticle(api.server, author.token)),
      );
      const responses = await Promise.all(
        articles.map((article) =>
          call('put', `/api/articles/${article.slug}`, author.token).send({ article: { title } }),
        ),
      );
      expect(responses.map((response) => response.status)).toEqual(Array(6).fill(200));
      expect(new Set(responses.map(slugOf)).size).toBe(6);
    });
  });

  describe('page size', () => {
    let pageAuthor: Awaited<ReturnType<typeof registerUser>>;
    beforeAll(async () => {
      pageAuthor = await registerUser(api.server);
      for (let i = 0; i < 21; i++) await createArticle(api.server, pageAuthor.token);
    });

    const LIST = gql`
      query List($author: String, $limit: Int, $offset: Int) {
        articles(author: $author, limit: $limit, offset: $offset) {
          articlesCount
          articles {
            slug
          }
        }
      }
    `;
    type Page = { articles: { articlesCount: number; articles: unknown[] } };

    it('takes `limit: null` in GraphQL (literal or variable) as the default of 20', async () => {
      const literal = await graphql.as()
        .request<Page>(`{ articles(author: "${pageAuthor.username}", limit: null, offset: null) {
          articlesCount articles { slug } } }`);
      const variables = await graphql
        .as()
        .request<Page>(LIST, { author: pageAuthor.username, limit: null, offset: null });
      for (const page of [literal, variables]) {
        expect(page.articles.articlesCount).toBe(21);
        expect(page.articles.articles).toHaveLength(20);
      }
    });

    it('takes an empty ?limit= and ?offset= in REST as the defaults', async () => {
      const response = await call(
        'get',
        `/api/articles?author=${pageAuthor.username}&limit=&offset=`,
      ).expect(200);
      expect(response.body.articles).toHaveLength(20);
    });

    it.each(['null', 'abc', '-1', '1000'])('answers ?limit=%s with 422', async (limit) => {
      expectProblem(await call('get', `/api/articles?limit=${limit}`), 422, 'INVALID_INPUT');
    });
  });

  describe('GraphQL requests', () => {
    const post = (body: unknown) =>
      request(api.server)
        .post('/graphql')
        .set('content-type', 'application/json')
        .send(body as object);

    it.each([
      ['a number as query', { query: 123 }],
      ['true as query', { query: true }],
      ['an object as query', { query: { a: 1 } }],
      ['a string as variables', { query: '{ tags }', variables: 'x' }],
      ['an array as variables', { query: '{ tags }', variables: [1] }],
      ['a number as operationName', { query: '{ tags }', operationName: 1 }],
      ['a batch with a number in it', [{ query: '{ tags }' }, 7]],
      ['a batch with a number as query', [{ query: 123 }]],
      ['a batch with an operation that has no query', [{}]],
      ['no query at all', {}],
      ['a JSON string', 'x'],
    ])('answers %s with 400 in the GraphQL shape', async (_case, body) => {
      expectGraphqlRefusal(await post(JSON.stringify(body)));
    });

    it.each([
      ['a number as variables', 'query={tags}&variables=123'],
      ['two queries', 'query={tags}&query={tags}'],
      ['variables that are not JSON', 'query={tags}&variables={x'],
    ])('answers GET with %s with 400 in the GraphQL shape', async (_case, query) => {
      expectGraphqlRefusal(await request(api.server).get(`/graphql?${encodeURI(query)}`));
    });

    const SUBSCRIPTION = 'subscription { commentAdded(slug: "x") { id } }';
    it('answers a subscription over POST with 400', async () => {
      expectGraphqlRefusal(await post({ query: SUBSCRIPTION }), 'SUBSCRIPTION_OVER_HTTP');
    });

    it('answers a subscription over GET with a 4xx', async () => {
      const response = await request(api.server).get(
        `/graphql?query=${encodeURIComponent(SUBSCRIPTION)}`,
      );
      expectGraphqlRefusal(response);
    });

    it('answers a NUL in a string literal with 400', async () => {
      for (const query of [
        '{ article(slug: "a\\u0000b") { slug } }',
        '{ profile(username: "a\\u0000b") { username } }',
        '{ articles(tag: "a\\u0000b") { articlesCount } }',
        '{ comments(slug: """a\u0000b""") { id } }',
      ]) {
        expectGraphqlRefusal(await post({ query }), 'INVALID_CHARACTERS');
      }
    });

    it('answers a NUL or a lone surrogate in variables with 400, over POST and GET', async () => {
      const document = 'query Get($slug: String!) { article(slug: $slug) { slug } }';
      for (const slugValue of ['a\u0000b', '\ud800']) {
        expectGraphqlRefusal(
          await post({ query: document, variables: { slug: slugValue } }),
          'INVALID_CHARACTERS',
        );
        const variables = encodeURIComponent(JSON.stringify({ slug: slugValue }));
        const response = await request(api.server).get(
          `/graphql?query=${encodeURIComponent(document)}&variables=${variables}`,
        );
        expectGraphqlRefusal(response, 'INVALID_CHARACTERS');
      }
    });

    it('answers a NUL in the variables of a WebSocket subscription with BAD_USER_INPUT', async () => {
      const client = createClient({
        url: graphql.url.replace(/^http/, 'ws'),
        webSocketImpl: WebSocket,
        retryAttempts: 0,
      });
      try {
        const events = client.iterate({
          query: 'subscription ($slug: String!) { commentAdded(slug: $slug) { id } }',
          variables: { slug: 'a\u0000b' },
        });
        await expect(events.next()).rejects.toEqual([
          expect.objectContaining({
            extensions: expect.objectContaining({
              code: 'BAD_USER_INPUT',
              reason: 'INVALID_CHARACTERS',
            }),
          }),
        ]);
      } finally {
        await client.dispose();
      }
    });

    it('refuses a lone surrogate in a registration email through the GraphQL client', async () => {
      const REGISTER = gql`
        mutation Register($input: RegisterInput!) {
          register(input: $input) {
            token
          }
        }
      `;
      const extensions = await firstErrorOf(
        graphql.as().request(REGISTER, { input: { ...newUser(), email: '\ud800@x.test' } }),
      );
      expect(extensions).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'INVALID_CHARACTERS' });
    });
  });

  it('answers a rate-limited GraphQL request with 429, Retry-After and RATE_LIMITED', async () => {
    const limited = await startIsolatedApp({ RATE_LIMIT_MAX: '1' });
    try {
      const ask = () => request(limited.server).post('/graphql').send({ query: '{ tags }' });
      expect((await ask()).status).toBe(200);
      const refused = await ask();
      expect(refused.status).toBe(429);
      expect(refused.headers['retry-after']).toMatch(/^\d+$/);
      expect(refused.body.errors[0].extensions).toMatchObject({
        code: 'RATE_LIMITED',
        reason: 'RATE_LIMITED',
      });
    } finally {
      await limited.close();
    }
  });

  describe('found by the fuzzer', () => {
    it('refuses GraphQL sent as application/graphql with 415, in GraphQL shape', async () => {
      const response = await request(api.server)
        .post('/graphql')
        .set('content-type', 'application/graphql')
        .send('{"query":"{ tags }"}');
      expect(response.status).toBe(415);
      expect(response.body.errors[0].extensions.code).toBeDefined();
    });

    it('answers an OPTIONS that is no preflight without a text/plain 400', async () => {
      const response = await request(api.server).options('/api/users/%2e%2e/user');
      expect(response.status).toBeLessThan(500);
      expect(response.headers['content-type'] ?? 'none').not.toContain('text/plain');
      expect(response.headers['x-content-type-options']).toBe('nosniff');
    });
  });
});
