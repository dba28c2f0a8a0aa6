import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import request from 'supertest';
import { createArticle } from '../factories/article.factory.js';
import { registerUser } from '../factories/user.factory.js';
import { MetricsListener } from '../../src/platform/metrics/metrics-listener.js';
import { LogCapture } from '../support/log-capture.js';
import { parseSamples, scrape, total } from '../support/prometheus-text.js';
import { startTracedTestApp, type TracedTestApp } from '../support/traced-test-app.js';

const PAGE = `query Page($author: String) {
  articles(author: $author, limit: 20) {
    articles { slug title favorited favoritesCount tagList author { username following } }
    articlesCount
  }
}`;
const TAGS = '{ tags }';

interface Answer {
  status: number;
  memo: boolean;
  type: string;
  headerNames: string[];
  text: string;
  data: Record<string, unknown> | null;
  errors?: unknown[];
}

describe('GraphQL response memo: repeated anonymous queries, never stale', () => {
  // Tracing on, as in production: a kept answer must still be traced and counted.
  let api: TracedTestApp;
  beforeAll(async () => {
    api = await startTracedTestApp(new LogCapture());
  });
  afterAll(() => api.close());

  const ask = async (query: string, variables?: object, token?: string): Promise<Answer> => {
    const call = request(api.server).post('/graphql');
    if (token) void call.set('Authorization', `Token ${token}`);
    const response = await call.send({ query, variables });
    const body = JSON.parse(response.text) as { data: Answer['data']; errors?: unknown[] };
    return {
      status: response.status,
      memo: response.headers['x-cache'] === 'HIT',
      type: String(response.headers['content-type']),
      headerNames: Object.keys(response.headers).sort(),
      text: response.text,
      data: body.data,
      errors: body.errors,
    };
  };

  /**
   * Asks until the memo answers, so what follows really tests a kept answer. Other test files
   * write articles in parallel and drop list pages in between: retry.
   */
  const untilMemoized = async (query: string, variables?: object): Promise<Answer> => {
    for (let attempt = 0; attempt < 30; attempt++) {
      const answer = await ask(query, variables);
      if (answer.memo) return answer;
    }
    throw new Error('the memo never answered');
  };

  const page = (answer: Answer) =>
    answer.data?.articles as {
      articles: { slug: string; title: string; favorited: boolean; favoritesCount: number }[];
      articlesCount: number;
    };

  it('answers a repeated anonymous query with the very bytes of the answer it ran', async () => {
    const author = await registerUser(api.server);
    await createArticle(api.server, author.token);
    const variables = { author: author.username };
    const ran = await ask(PAGE, variables);
    expect(ran.memo).toBe(false);
    const kept = await untilMemoized(PAGE, variables);
    expect(kept.status).toBe(200);
    expect(kept.type).toBe(ran.type);
    expect(kept.text).toBe(ran.text);
    // The same headers (security headers, request id, rate limit), plus x-cache.
    expect(kept.headerNames.filter((name) => name !== 'x-cache')).toEqual(ran.headerNames);
  });

  it('shows a write at once: update, favorite, new article, delete', async () => {
    const [author, fan] = [await registerUser(api.server), await registerUser(api.server)];
    const { slug } = await createArticle(api.server, author.token);
    const variables = { author: author.username };
    const auth = { Authorization: `Token ${author.token}` };

    await untilMemoized(PAGE, variables);
    await request(api.server)
      .put(`/api/articles/${slug}`)
      .set(auth)
      .send({ article: { title: 'A new title' } })
      .expect(200);
    const renamed = page(await ask(PAGE, variables)).articles[0];
    expect(renamed.title).toBe('A new title');

    await untilMemoized(PAGE, variables);
    await request(api.server)
      .post(`/api/articles/${renamed.slug}/favorite`)
      .set('Authorization', `Token ${fan.token}`)
      .expect(200);
    expect(page(await ask(PAGE, variables)).articles[0]).toMatchObject({
      favoritesCount: 1,
      favorited: false,
    });

    await untilMemoized(PAGE, variables);
    const second = await createArticle(api.server, author.token);
    expect(page(await ask(PAGE, variables)).articlesCount).toBe(2);

    await untilMemoized(PAGE, variables);
    await request(api.server).delete(`/api/articles/${second.slug}`).set(auth).expect(204);
    const after = page(await ask(PAGE, variables));
    expect(after.articlesCount).toBe(1);
    expect(after.articles.map((article) => article.slug)).toEqual([renamed.slug]);
  });

  it('keys answers by their variables', async () => {
    const [one, two] = [await registerUser(api.server), await registerUser(api.server)];
    const first = await createArticle(api.server, one.token);
    const second = await createArticle(api.server, two.token);
    await untilMemoized(PAGE, { author: one.username });
    const other = await ask(PAGE, { author: two.username });
    expect(page(other).articles.map((article) => article.slug)).toEqual([second.slug]);
    const again = await untilMemoized(PAGE, { author: one.username });
    expect(page(again).articles.map((article) => article.slug)).toEqual([first.slug]);
  });

  it('never answers or keeps a signed-in caller: their flags are their own', async () => {
    const [author, fan] = [await registerUser(api.server), await registerUser(api.server)];
    const { slug } = await createArticle(api.server, author.token);
    const variables = { author: author.username };
    await request(api.server)
      .post(`/api/articles/${slug}/favorite`)
      .set('Authorization', `Token ${fan.token}`)
      .expect(200);
    await untilMemoized(PAGE, variables);
    for (let attempt = 0; attempt < 3; attempt++) {
      const mine = await ask(PAGE, variables, fan.token);
      expect(mine.memo).toBe(false);
      expect(page(mine).articles[0].favorited).toBe(true);
    }
    expect(page(await ask(PAGE, variables)).articles[0].favorited).toBe(false);
  });

  it('never keeps a query that reaches a resolver of its own (an author’s articles)', async () => {
    const author = await registerUser(api.server);
    const { slug } = await createArticle(api.server, author.token);
    const query = `query ($slug: String!) {
      article(slug: $slug) { slug author { username articles(limit: 5) { slug } } }
    }`;
    const slugsOf = (answer: Answer) =>
      (answer.data?.article as { author: { articles: { slug: string }[] } }).author.articles.map(
        (article) => article.slug,
      );
    for (let attempt = 0; attempt < 3; attempt++) {
      expect((await ask(query, { slug })).memo).toBe(false);
    }
    // The article's own cache entry does not change when its author writes another one.
    const newer = await createArticle(api.server, author.token);
    expect(slugsOf(await ask(query, { slug }))).toEqual([newer.slug, slug]);
  });

  it('never keeps an answer with errors', async () => {
    const query = '{ article(slug: "no-such-article-anywhere") { slug } }';
    for (let attempt = 0; attempt < 3; attempt++) {
      const answer = await ask(query);
      expect(answer.memo).toBe(false);
      expect(answer.errors).toHaveLength(1);
    }
  });

  it('answers the tag list, and shows a new tag at once', async () => {
    const author = await registerUser(api.server);
    await untilMemoized(TAGS);
    const { tagList } = await createArticle(api.server, author.token);
    const tags = (await ask(TAGS)).data?.tags as string[];
    expect(tags).toEqual(expect.arrayContaining(tagList));
  });

  it('answers a query sent with GET too, keyed apart from its POST twin', async () => {
    const author = await registerUser(api.server);
    const { slug } = await createArticle(api.server, author.token);
    const query = 'query ($slug: String!) { article(slug: $slug) { slug title } }';
    const get = () =>
      request(api.server)
        .get('/graphql')
        .query({ query, variables: JSON.stringify({ slug }) })
        .expect(200);
    let answer = await get();
    for (let attempt = 0; attempt < 30 && answer.headers['x-cache'] !== 'HIT'; attempt++) {
      answer = await get();
    }
    expect(answer.headers['x-cache']).toBe('HIT');
    expect(JSON.parse(answer.text)).toEqual({
      data: { article: { slug, title: expect.any(String) } },
    });
    await request(api.server)
      .put(`/api/articles/${slug}`)
      .set('Authorization', `Token ${author.token}`)
      .send({ article: { description: 'only the description changes' } })
      .expect(200);
    const after = await get();
    expect(after.headers['x-cache']).toBeUndefined();
  });

  it('still traces and counts a kept answer as the GraphQL operation it is', async () => {
    const query = 'query CountedTags { tags }';
    await untilMemoized(query);
    const metricsUrl = api.app.get(MetricsListener).url ?? '';
    const counts = async () => {
      const samples = parseSamples(await scrape(metricsUrl));
      return {
        operations: total(samples, 'graphql_server_operations_total', {
          graphql_operation_type: 'query',
          graphql_operation_name: 'CountedTags',
        }),
        memoHits: total(samples, 'cache_operations_total', {
          cache_namespace: 'graphql-response',
          cache_outcome: 'hit',
        }),
      };
    };
    const before = await counts();
    // A caller that sampled its trace: flags 01.
    const traceId = '7d3c1f0e9b8a4c2d6e5f40a1b2c3d4e5';
    const response = await request(api.server)
      .post('/graphql')
      .set('traceparent', `00-${traceId}-1a2b3c4d5e6f7081-01`)
      .send({ query })
      .expect(200);
    expect(response.headers['x-cache']).toBe('HIT');
    const after = await counts();
    expect(after.operations).toBe(before.operations + 1);
    expect(after.memoHits).toBe(before.memoHits + 1);

    const spans = api.spans
      .getFinishedSpans()
      .filter((span) => span.spanContext().traceId === traceId);
    const server = spans.find((span) => span.name === 'POST /graphql');
    const operation = spans.find((span) => span.name === 'query CountedTags');
    expect(operation?.attributes).toMatchObject({
      'graphql.operation.type': 'query',
      'graphql.operation.name': 'CountedTags',
    });
    expect(operation?.parentSpanContext?.spanId).toBe(server?.spanContext().spanId);
  });

  it('runs mutations and batches every time', async () => {
    const batch = () =>
      request(api.server)
        .post('/graphql')
        .send([{ query: TAGS }, { query: TAGS }]);
    for (let attempt = 0; attempt < 3; attempt++) {
      const response = await batch().expect(200);
      expect(response.headers['x-cache']).toBeUndefined();
    }
    const mutation =
      'mutation { login(input: { email: "nobody@example.com", password: "wrong-password" }) { token } }';
    for (let attempt = 0; attempt < 2; attempt++) {
      const answer = await ask(mutation);
      expect(answer.memo).toBe(false);
    }
  });
});
