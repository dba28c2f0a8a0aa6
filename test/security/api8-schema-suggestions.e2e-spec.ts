import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { type Client, createClient } from 'graphql-ws';
import request from 'supertest';
import WebSocket from 'ws';
import type { TestApp } from '../support/test-app.js';
import { withDeadline } from '../support/wait-for.js';
import { startIsolatedApp } from './isolated-app.js';

/*
 * API8 Security Misconfiguration. The attack (issue 12, finding 13): with introspection off in
 * production, misspelt names still mapped the schema, because graphql-js answers an unknown
 * field, argument or input field with "Did you mean …?" naming the real ones. Over HTTP and
 * over WebSocket.
 */

const PRODUCTION = {
  NODE_ENV: 'production',
  // Production refuses every secret written in the repository: a fresh one per run.
  JWT_SECRET: randomBytes(36).toString('base64url'),
  DATABASE_URL: process.env.DATABASE_URL ?? '',
  REDIS_URL: process.env.REDIS_URL ?? '',
};

// An unknown field and an unknown argument, each one letter off a real one.
const MISSPELT_QUERY = '{ articels { articlesCount } tags(limt: 1) }';
const MISSPELT_SUBSCRIPTION = 'subscription { commentAdded(slug: "x", slgu: "y") { id bodyy } }';
// An input object field one letter off: refused while variables are coerced, not by validation.
const REGISTER = 'mutation ($input: RegisterInput!) { register(input: $input) { token } }';
const MISSPELT_INPUT = {
  input: {
    username: 'someone',
    email: 'someone@example.test',
    password: 'long enough pass',
    passwrod: 'x',
  },
};

type Errors = { message: string }[];
const messagesOf = (errors: Errors) => errors.map((error) => error.message).join('\n');

async function listen(api: TestApp): Promise<string> {
  await api.app.listen({ port: 0, host: '127.0.0.1' });
  const { port } = api.app.getHttpServer().address() as { port: number };
  return `ws://127.0.0.1:${port}/graphql`;
}

/** What each transport answers to the misspelt documents, as one text per transport. */
async function answers(api: TestApp, url: string): Promise<Record<string, string>> {
  const post = await request(api.server).post('/graphql').send({ query: MISSPELT_QUERY });
  const get = await request(api.server).get('/graphql').query({ query: MISSPELT_QUERY });
  const batch = await request(api.server)
    .post('/graphql')
    .send([{ query: '{ tags }' }, { query: MISSPELT_QUERY }]);
  const variables = await request(api.server)
    .post('/graphql')
    .send({ query: REGISTER, variables: MISSPELT_INPUT });
  const client: Client = createClient({ url, webSocketImpl: WebSocket, retryAttempts: 0 });
  try {
    const refusal = await withDeadline(
      client
        .iterate({ query: MISSPELT_SUBSCRIPTION })
        .next()
        .then(
          () => [] as Errors,
          (error: unknown) => error as Errors,
        ),
      { description: 'the WebSocket refusal' },
    );
    return {
      post: messagesOf(post.body.errors),
      get: messagesOf(get.body.errors),
      batch: messagesOf((batch.body as { errors: Errors }[])[1].errors),
      variables: messagesOf(variables.body.errors),
      websocket: messagesOf(refusal),
    };
  } finally {
    await client.dispose();
  }
}

describe('API8 schema suggestions', () => {
  describe('in production', () => {
    let api: TestApp;
    let url: string;
    beforeAll(async () => {
      api = await startIsolatedApp(PRODUCTION);
      url = await listen(api);
    });
    afterAll(() => api.close());

    it('names no schema field in an error, over POST, GET, a batch, variables and WebSocket', async () => {
      const texts = await answers(api, url);
      for (const [transport, text] of Object.entries(texts)) {
        // Still says what is wrong, in the client's own words...
        expect({ transport, text }).toEqual({
          transport,
          text: expect.stringMatching(/articels|passwrod|bodyy/),
        });
        // ...but not what the right names are.
        expect({ transport, text }).toEqual({
          transport,
          text: expect.not.stringMatching(/Did you mean|"articles"|"password"|"body"|"limit"/),
        });
      }
    });
  });

  describe('outside production', () => {
    let api: TestApp;
    let url: string;
    beforeAll(async () => {
      api = await startIsolatedApp();
      url = await listen(api);
    });
    afterAll(() => api.close());

    it('keeps the suggestions, which help while developing (and show the check above can fail)', async () => {
      const texts = await answers(api, url);
      for (const text of Object.values(texts)) expect(text).toContain('Did you mean');
    });
  });
});
