import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Redis } from 'ioredis';
import jwt from 'jsonwebtoken';
import request from 'supertest';
import { REDIS } from '../../src/infra/redis/redis.module.js';
import { revocationKey } from '../../src/platform/auth/session-revocations.js';
import { CLOCK_TOLERANCE_SECONDS } from '../../src/platform/auth/token-lifetime.js';
import { registerUser } from '../factories/user.factory.js';
import type { TestApp } from '../support/test-app.js';
import { waitFor } from '../support/wait-for.js';
import { startIsolatedApp } from './isolated-app.js';

const KEY = 'lifetimes-secret-lifetimes-secret-lifetimes-0';

/*
 * How long an access token works, and what ends it early. Verification accepts a token
 * CLOCK_TOLERANCE_SECONDS past its `exp` (clocks differ between instances), so whatever ends a
 * session must outlast that, not just the token's lifetime.
 */
describe('API2 Broken Authentication: token lifetimes', () => {
  let api: TestApp;
  beforeAll(async () => {
    // One-second tokens: the tolerance window starts a second after login, not fifteen minutes.
    api = await startIsolatedApp({ JWT_KEYS: `k:${KEY}`, JWT_TTL_SECONDS: '1' });
  });
  afterAll(() => api.close());

  const auth = (token: string) => ({ Authorization: `Token ${token}` });
  const login = async (user: { email: string; password: string }) =>
    (
      await request(api.server)
        .post('/api/users/login')
        .send({ user: { email: user.email, password: user.password } })
        .expect(200)
    ).body.user as { token: string; refreshToken: string };
  const claimsOf = (token: string) => jwt.decode(token) as jwt.JwtPayload & { sid: string };
  const refresh = (refreshToken: string) =>
    request(api.server).post('/api/users/refresh').send({ user: { refreshToken } });

  it('a logged-out token stays refused while the clock tolerance would still accept it', async () => {
    const user = await registerUser(api.server);
    const kept = await login(user);
    const ended = await login(user);
    await request(api.server).post('/api/users/logout').set(auth(ended.token)).expect(204);

    // The revocation outlives every instance's acceptance of the token, not just its lifetime.
    const redis = api.app.get<Redis>(REDIS);
    const left = await redis.pttl(revocationKey(claimsOf(ended.token).sid));
    expect(left).toBeGreaterThan((1 + CLOCK_TOLERANCE_SECONDS) * 1000);

    // Past `exp`, inside the tolerance: where the revocation used to have gone.
    const exp = Number(claimsOf(ended.token).exp);
    await waitFor(() => Date.now() > (exp + 2) * 1000, {
      description: 'two seconds past the tokens’ expiry',
    });
    await request(api.server).get('/api/user').set(auth(kept.token)).expect(200);
    await request(api.server).get('/api/user').set(auth(ended.token)).expect(401);
  });

  it('refuses a validly signed token that has no expiry', async () => {
    const user = await registerUser(api.server);
    const { exp: _exp, ...claims } = claimsOf(user.token);
    const forever = jwt.sign(claims, KEY, { keyid: 'k', algorithm: 'HS256' });
    expect(claimsOf(forever).exp).toBeUndefined();
    const response = await request(api.server).get('/api/user').set(auth(forever)).expect(401);
    expect(response.headers['www-authenticate']).toContain('Token');
  });

  /*
   * Decision (docs/threat-model.md): no grace window. A used refresh token coming back is the one
   * sign that it leaked, and a window in which it still works is a window for whoever stole it.
   * A client refreshes one session at a time; two tabs share the result.
   */
  it('two concurrent refreshes of one token: one wins, the other is reuse and ends the session', async () => {
    const user = await registerUser(api.server);
    const session = await login(user);
    const replies = await Promise.all([
      refresh(session.refreshToken),
      refresh(session.refreshToken),
    ]);
    const statuses = replies.map((reply) => reply.status).sort();
    expect(statuses).toEqual([200, 401]);
    const winner = replies.find((reply) => reply.status === 200)?.body.user as {
      token: string;
      refreshToken: string;
    };
    const loser = replies.find((reply) => reply.status === 401);
    expect(loser?.body.code).toBe('REFRESH_TOKEN_REUSED');
    await refresh(winner.refreshToken).expect(401);
    await request(api.server).get('/api/user').set(auth(winner.token)).expect(401);
  });
});
