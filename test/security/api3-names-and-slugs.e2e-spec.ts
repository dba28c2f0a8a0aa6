import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { randomInt } from 'node:crypto';
import request from 'supertest';
import { createArticle } from '../factories/article.factory.js';
import { newUser, registerUser } from '../factories/user.factory.js';
import type { TestApp } from '../support/test-app.js';
import { startIsolatedApp } from './isolated-app.js';

/** Digits only: a hex tag would add Latin letters to a name meant to be in another script. */
const digits = () => String(randomInt(1e9, 1e10));
/** The fullwidth form of an ASCII name (`admin` -> `ａｄｍｉｎ`), which NFKC maps back. */
const fullwidth = (ascii: string) =>
  [...ascii].map((c) => String.fromCodePoint(c.codePointAt(0)! + 0xfee0)).join('');

describe('API3 Broken Object Property Level Authorization: names that pass for others', () => {
  let api: TestApp;
  beforeAll(async () => {
    api = await startIsolatedApp();
  });
  afterAll(() => api.close());

  const register = (username: string) =>
    request(api.server)
      .post('/api/users')
      .send({ user: newUser({ username }) });

  const graphqlRegister = (username: string) =>
    request(api.server)
      .post('/graphql')
      .send({
        query: 'mutation ($input: RegisterInput!) { register(input: $input) { username } }',
        variables: { input: newUser({ username }) },
      });

  function expectRefused(response: request.Response, message: RegExp) {
    expect(response.status).toBe(422);
    expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(response.body.errors.body.join('\n')).toMatch(message);
  }

  it.each(['.', '..', '-', '_', '_.-'])(
    'refuses %p, a name of dots and dashes only (.. is a path step in /api/profiles/..)',
    async (name) => {
      expectRefused(await register(name), /must contain a letter or a digit/);
    },
  );

  it('stores names in NFKC form: fullwidth ａｄｍｉｎ is admin, and taken', async () => {
    const owner = await registerUser(api.server, { username: `admin_${digits()}` });
    const lookalike = await register(fullwidth(owner.username));
    expect(lookalike.status).toBe(422);
    expect(lookalike.body.code).toBe('USER_USERNAME_TAKEN');
    // A free fullwidth name is accepted, and stored in its plain form.
    const plain = `fresh${digits()}`;
    const accepted = await register(fullwidth(plain)).expect(201);
    expect(accepted.body.user.username).toBe(plain);
  });

  it('refuses a name mixing scripts: a Cyrillic а in a Latin admin', async () => {
    expectRefused(
      await register(`\u0430dmin${digits()}`),
      /may not mix letters of different scripts/,
    );
    const graphql = await graphqlRegister(`\u0430dmin${digits()}`);
    expect(graphql.body.data).toBeNull();
    expect(graphql.body.errors[0].extensions.code).toBe('BAD_USER_INPUT');
  });

  it('refuses a name whose every letter looks Latin (Cyrillic сорех, ВОТ)', async () => {
    expectRefused(await register(`\u0441\u043e\u0440\u0435\u0445${digits()}`), /all look Latin/);
    expectRefused(await register(`\u0412\u041e\u0422${digits()}`), /all look Latin/);
  });

  it('refuses the same names as a new username, over REST and GraphQL', async () => {
    const user = await registerUser(api.server);
    const rest = await request(api.server)
      .put('/api/user')
      .set('Authorization', `Token ${user.token}`)
      .send({ user: { username: '..' } });
    expectRefused(rest, /must contain a letter or a digit/);
    const graphql = await request(api.server)
      .post('/graphql')
      .set('Authorization', `Token ${user.token}`)
      .send({
        query: `mutation { updateUser(input: { username: "\u0430dmin${digits()}" }) { username } }`,
      });
    expect(graphql.body.errors[0].extensions.code).toBe('BAD_USER_INPUT');
  });

  it('keeps names in one other script, and Japanese mixing kana and kanji', async () => {
    for (const name of [
      `\u0434\u043c\u0438\u0442\u0440\u0438\u0439_${digits()}`, // дмитрий
      `\u3084\u307e\u3060\u592a\u90ce${digits()}`, // やまだ太郎
      `jake.doe-${digits()}`,
    ]) {
      const response = await register(name);
      expect({ name, status: response.status }).toEqual({ name, status: 201 });
    }
  });

  it('gives an article titled "Feed" a slug REST can reach (GET /api/articles/feed is the feed)', async () => {
    const author = await registerUser(api.server);
    for (const title of ['Feed', ' FEED!! ']) {
      const article = await createArticle(api.server, author.token, { title });
      expect(article.slug).toMatch(/^feed-[0-9a-f]{8}$/);
      const read = await request(api.server).get(`/api/articles/${article.slug}`).expect(200);
      expect(read.body.article.title).toBe(title.trim());
    }
    // The feed is still the feed.
    const feed = await request(api.server)
      .get('/api/articles/feed')
      .set('Authorization', `Token ${author.token}`)
      .expect(200);
    expect(feed.body).toHaveProperty('articlesCount');
  });
});
