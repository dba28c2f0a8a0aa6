import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { getIntrospectionQuery } from 'graphql';
import { randomBytes } from 'node:crypto';
import type { Server } from 'node:http';
import request from 'supertest';
import { createArticle } from '../factories/article.factory.js';
import { registerUser } from '../factories/user.factory.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

const post = (server: Server, body: object) => request(server).post('/graphql').send(body);

const refusal = (reason: string) => ({
  data: null,
  errors: [{ message: expect.any(String), extensions: { code: 'BAD_USER_INPUT', reason } }],
});

describe('POST /graphql limits', () => {
  describe('with small configured limits', () => {
    let api: TestApp;

    beforeAll(async () => {
      api = await startTestApp({
        GRAPHQL_MAX_DEPTH: '3',
        GRAPHQL_MAX_COST: '100',
        GRAPHQL_MAX_ALIASES: '2',
        GRAPHQL_MAX_BATCH: '2',
        GRAPHQL_MAX_DOCUMENT_BYTES: '300',
      });
    });
    afterAll(() => api.close());

    it('answers an ordinary query within every limit', async () => {
      const response = await post(api.server, {
        query: '{ a: tags b: tags articles(limit: 10) { articlesCount articles { slug } } }',
      });
      expect(response.status).toBe(200);
      expect(response.body.errors).toBeUndefined();
      expect(response.body.data).toEqual({
        a: expect.any(Array),
        b: expect.any(Array),
        articles: { articlesCount: expect.any(Number), articles: expect.any(Array) },
      });
    });

    it('refuses a query nested deeper than GRAPHQL_MAX_DEPTH with 400 and QUERY_TOO_DEEP', async () => {
      const response = await post(api.server, {
        query: '{ articles { articles { author { username } } } }',
      });
      expect(response.status).toBe(400);
      expect(response.body).toEqual(refusal('QUERY_TOO_DEEP'));
      expect(response.body.errors[0].message).toBe(
        'The query nests fields 4 levels deep; the limit is 3.',
      );
    });

    it('answers 400 when a document breaks a limit more than once', async () => {
      const response = await post(api.server, {
        query:
          'query A { articles { articles { author { username } } } } ' +
          'query B { articles { articles { author { bio } } } }',
        operationName: 'A',
      });
      expect(response.status).toBe(400);
      expect(response.body).toEqual(refusal('QUERY_TOO_DEEP'));
    });

    it('counts depth through fragments too', async () => {
      const response = await post(api.server, {
        query:
          '{ articles { ...Page } } fragment Page on ArticlesPage { articles { author { username } } }',
      });
      expect(response.status).toBe(400);
      expect(response.body).toEqual(refusal('QUERY_TOO_DEEP'));
    });

    it('refuses a query costing more than GRAPHQL_MAX_COST with 400 and QUERY_TOO_COSTLY', async () => {
      // 1 (articles) + 1 (articles list) + 100 items x 2 fields = 202
      const response = await post(api.server, {
        query: '{ articles(limit: 100) { articles { slug title } } }',
      });
      expect(response.status).toBe(400);
      expect(response.body).toEqual(refusal('QUERY_TOO_COSTLY'));
      expect(response.body.errors[0].message).toMatch(/^The query costs 202 .*the limit is 100\./);
    });

    it('counts a limit passed as a variable at its value', async () => {
      const query = 'query ($n: Int) { articles(limit: $n) { articles { slug title } } }';
      const costly = await post(api.server, { query, variables: { n: 100 } });
      expect(costly.status).toBe(400);
      expect(costly.body).toEqual(refusal('QUERY_TOO_COSTLY'));

      const cheap = await post(api.server, { query, variables: { n: 10 } });
      expect(cheap.status).toBe(200);
      expect(cheap.body.errors).toBeUndefined();
    });

    it('refuses more aliases than GRAPHQL_MAX_ALIASES with 400 and TOO_MANY_ALIASES', async () => {
      const response = await post(api.server, { query: '{ a: tags b: tags c: tags }' });
      expect(response.status).toBe(400);
      expect(response.body).toEqual(refusal('TOO_MANY_ALIASES'));
      expect(response.body.errors[0].message).toBe('The operation uses 3 aliases; the limit is 2.');
    });

    it('answers a batch of up to GRAPHQL_MAX_BATCH operations with one result each', async () => {
      const response = await post(api.server, [{ query: '{ tags }' }, { query: '{ a: tags }' }]);
      expect(response.status).toBe(200);
      expect(response.body).toEqual([
        { data: { tags: expect.any(Array) } },
        { data: { a: expect.any(Array) } },
      ]);
    });

    it('refuses a batch larger than GRAPHQL_MAX_BATCH with 400 and BATCH_TOO_LARGE', async () => {
      const response = await post(api.server, [
        { query: '{ tags }' },
        { query: '{ tags }' },
        { query: '{ tags }' },
      ]);
      expect(response.status).toBe(400);
      expect(response.body).toEqual(refusal('BATCH_TOO_LARGE'));
      expect(response.body.errors[0].message).toBe('The batch has 3 operations; the limit is 2.');
    });

    it('refuses a document over GRAPHQL_MAX_DOCUMENT_BYTES with 400 and DOCUMENT_TOO_LARGE', async () => {
      // 200 characters but 400 bytes: the limit is in UTF-8 bytes.
      const query = `{ tags } # ${'é'.repeat(200)}`;
      const response = await post(api.server, { query });
      expect(response.status).toBe(400);
      expect(response.body).toEqual(refusal('DOCUMENT_TOO_LARGE'));
      expect(response.body.errors[0].message).toBe(
        `The query document is ${Buffer.byteLength(query)} bytes; the limit is 300.`,
      );
    });

    it('refuses an oversized document sent with GET as well', async () => {
      const response = await request(api.server)
        .get('/graphql')
        .query({ query: `{ tags }${' '.repeat(400)}` });
      expect(response.status).toBe(400);
      expect(response.body).toEqual(refusal('DOCUMENT_TOO_LARGE'));
    });
  });

  describe('at the default limits', () => {
    let api: TestApp;

    beforeAll(async () => {
      api = await startTestApp();
      const author = await registerUser(api.server);
      await createArticle(api.server, author.token);
    });
    afterAll(() => api.close());

    it('answers a query six fields deep through authors and their articles', async () => {
      const response = await post(api.server, {
        query: '{ articles { articles { author { articles { author { username } } } } } }',
      });
      expect(response.status).toBe(200);
      expect(response.body.errors).toBeUndefined();
      expect(response.body.data.articles.articles[0].author.articles[0].author.username).toEqual(
        expect.any(String),
      );
    });

    it('refuses 100 articles with 20 articles of each author with 400 and QUERY_TOO_COSTLY', async () => {
      const response = await post(api.server, {
        query: '{ articles(limit: 100) { articles { author { articles(limit: 20) { title } } } } }',
      });
      expect(response.status).toBe(400);
      expect(response.body).toEqual(refusal('QUERY_TOO_COSTLY'));
    });

    it('answers introspection and serves GraphiQL outside production', async () => {
      const response = await post(api.server, { query: getIntrospectionQuery() });
      expect(response.status).toBe(200);
      expect(response.body.errors).toBeUndefined();
      expect(response.body.data.__schema.queryType).toEqual({ kind: 'OBJECT', name: 'Query' });

      await request(api.server).get('/graphiql').expect(200);
    });
  });

  describe('in production', () => {
    let api: TestApp;

    beforeAll(async () => {
      api = await startTestApp({
        NODE_ENV: 'production',
        JWT_SECRET: randomBytes(36).toString('base64url'),
        DATABASE_URL: process.env.DATABASE_URL!,
        REDIS_URL: process.env.REDIS_URL!,
      });
    });
    afterAll(() => api.close());

    it('refuses introspection with 400', async () => {
      const response = await post(api.server, { query: '{ __schema { queryType { name } } }' });
      expect(response.status).toBe(400);
      expect(response.body).toEqual({
        data: null,
        errors: [
          {
            message: expect.stringContaining('introspection has been disabled'),
            extensions: { code: 'BAD_USER_INPUT' },
          },
        ],
      });
    });

    it('does not serve GraphiQL (404)', async () => {
      await request(api.server).get('/graphiql').expect(404);
    });
  });
});
