import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import request from 'supertest';
import { newUser } from '../factories/user.factory.js';
import type { TestApp } from '../support/test-app.js';
import { startIsolatedApp } from './isolated-app.js';

const LIMIT = 3;

/*
 * Changing the email must say whether the new address is taken, so that answer is an
 * existence check on any address. It is limited as login is: per account and per client
 * address, in the client's login budget. Each "client" is an X-Forwarded-For address from a
 * trusted proxy (127.0.0.1).
 */
describe('API6 Unrestricted Access to Sensitive Business Flows: email enumeration', () => {
  let api: TestApp;
  let nextAddress = 1;
  const freshClient = () => `198.51.100.${nextAddress++}`;

  beforeAll(async () => {
    api = await startIsolatedApp({
      AUTH_RATE_LIMIT_MAX: String(LIMIT),
      TRUST_PROXY: '127.0.0.1',
    });
  });
  afterAll(() => api.close());

  async function register(client = freshClient()) {
    const fields = newUser();
    const response = await request(api.server)
      .post('/api/users')
      .set('X-Forwarded-For', client)
      .send({ user: fields })
      .expect(201);
    return { ...fields, token: (response.body as { user: { token: string } }).user.token };
  }

  const putEmail = (token: string, email: string, client = freshClient()) =>
    request(api.server)
      .put('/api/user')
      .set('X-Forwarded-For', client)
      .set('Authorization', `Token ${token}`)
      .send({ user: { email } });

  const graphqlEmail = (token: string, email: string, client = freshClient()) =>
    request(api.server)
      .post('/graphql')
      .set('X-Forwarded-For', client)
      .set('Authorization', `Token ${token}`)
      .send({
        query: 'mutation ($email: String!) { updateUser(input: { email: $email }) { email } }',
        variables: { email },
      });

  it('REST: stops probing addresses through PUT /api/user after the login limit, from any address', async () => {
    const attacker = await register();
    const victims = [await register(), await register(), await register()];
    const statuses: number[] = [];
    // Each probe from another address: the account's own budget is what runs out.
    for (const victim of victims)
      statuses.push((await putEmail(attacker.token, victim.email)).status);
    const blocked = await putEmail(attacker.token, `unused-${Date.now()}@example.test`);
    expect(statuses).toEqual([422, 422, 422]);
    expect(blocked.status).toBe(429);
    expect(blocked.headers['retry-after']).toMatch(/^\d+$/);
    expect(blocked.body.code).toBe('RATE_LIMITED');
    // Nothing about the address leaks in the refusal, taken or not.
    expect((await putEmail(attacker.token, victims[0].email)).body.code).toBe('RATE_LIMITED');
  });

  it('GraphQL: stops probing addresses through updateUser the same way', async () => {
    const attacker = await register();
    const victims = [await register(), await register(), await register()];
    const codes: string[] = [];
    for (const victim of victims) {
      const response = await graphqlEmail(attacker.token, victim.email);
      codes.push(response.body.errors[0].extensions.reason);
    }
    expect(codes).toEqual(Array(LIMIT).fill('USER_EMAIL_TAKEN'));
    const blocked = await graphqlEmail(attacker.token, victims[0].email);
    expect(blocked.body.errors[0].extensions.code).toBe('RATE_LIMITED');
    expect(blocked.body.data).toBeNull();
  });

  it('counts probes from one address with its logins: many accounts do not multiply the budget', async () => {
    const client = freshClient();
    const accounts = [await register(), await register()];
    const victim = await register();
    const statuses: number[] = [];
    for (const account of [...accounts, accounts[0]]) {
      statuses.push((await putEmail(account.token, victim.email, client)).status);
    }
    expect(statuses).toEqual([422, 422, 422]);
    expect((await putEmail(accounts[1].token, victim.email, client)).status).toBe(429);
    // The same budget as logging in from there.
    const login = await request(api.server)
      .post('/api/users/login')
      .set('X-Forwarded-For', client)
      .send({ user: { email: victim.email, password: victim.password } });
    expect(login.status).toBe(429);
  });

  it('does not count updates that keep the email (bio, image, the same address)', async () => {
    const user = await register();
    for (let i = 0; i < LIMIT + 2; i++) {
      await request(api.server)
        .put('/api/user')
        .set('X-Forwarded-For', freshClient())
        .set('Authorization', `Token ${user.token}`)
        .send({ user: { bio: `bio ${i}`, email: user.email.toUpperCase() } })
        .expect(200);
    }
    // The first real change is still allowed.
    expect((await putEmail(user.token, `moved-${Date.now()}@example.test`)).status).toBe(200);
  });
});
