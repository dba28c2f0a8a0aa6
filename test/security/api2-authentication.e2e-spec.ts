import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import jwt from 'jsonwebtoken';
import request from 'supertest';
import { newUser, registerUser } from '../factories/user.factory.js';
import type { TestApp } from '../support/test-app.js';
import { waitFor } from '../support/wait-for.js';
import { startIsolatedApp } from './isolated-app.js';

const KEY_A = 'key-a-secret-key-a-secret-key-a-secret-0000';
const KEY_B = 'key-b-secret-key-b-secret-key-b-secret-0000';

describe('API2 Broken Authentication', () => {
  let api: TestApp;
  beforeAll(async () => {
    api = await startIsolatedApp({ JWT_KEYS: `a:${KEY_A}`, LOGIN_LOCK_AFTER_FAILURES: '3' });
  });
  afterAll(() => api.close());

  const auth = (token: string) => ({ Authorization: `Token ${token}` });
  const login = (email: string, password: string) =>
    request(api.server).post('/api/users/login').send({ user: { email, password } });
  const refresh = (refreshToken: string) =>
    request(api.server).post('/api/users/refresh').send({ user: { refreshToken } });

  describe('access tokens', () => {
    it('are short-lived HS256 JWTs naming their key, issuer, audience and session', async () => {
      const user = await registerUser(api.server);
      const decoded = jwt.decode(user.token, { complete: true });
      expect(decoded?.header).toMatchObject({ alg: 'HS256', kid: 'a', typ: 'JWT' });
      const claims = decoded?.payload as Record<string, number | string>;
      expect(claims).toMatchObject({ iss: 'conduit', aud: 'conduit-api', role: 'user' });
      expect(Number(claims.exp) - Number(claims.iat)).toBe(900);
      expect(claims.sid).toEqual(expect.any(String));
    });

    it('refuses forged, re-signed, alg:none, expired and foreign tokens', async () => {
      const user = await registerUser(api.server);
      const { payload } = jwt.decode(user.token, { complete: true }) as { payload: jwt.JwtPayload };
      const { exp: _exp, iat: _iat, ...claims } = payload;
      const forgeries = [
        jwt.sign(claims, 'guessed-secret-guessed-secret-guessed-000', { keyid: 'a' }),
        jwt.sign(claims, KEY_A, { keyid: 'a', algorithm: 'HS512', expiresIn: 60 }),
        jwt.sign(claims, '', { algorithm: 'none' }),
        jwt.sign({ ...claims, exp: Math.floor(Date.now() / 1000) - 120 }, KEY_A, { keyid: 'a' }),
        jwt.sign({ ...claims, aud: 'another-api' }, KEY_A, { keyid: 'a', expiresIn: 60 }),
        jwt.sign({ ...claims, role: 'admin' }, KEY_B, { keyid: 'b', expiresIn: 60 }),
      ];
      for (const token of forgeries) {
        const response = await request(api.server).get('/api/user').set(auth(token));
        expect(response.status).toBe(401);
        expect(response.headers['www-authenticate']).toContain('Token');
      }
    });

    it('keep working across a key rotation: old tokens until they expire, new ones with the new key', async () => {
      const user = await registerUser(api.server);
      const rotated = await startIsolatedApp({
        JWT_KEYS: `b:${KEY_B},a:${KEY_A}`,
        JWT_SIGNING_KEY_ID: 'b',
        REDIS_KEY_PREFIX: api.config.redis.keyPrefix,
      });
      try {
        await request(rotated.server).get('/api/user').set(auth(user.token)).expect(200);
        const fresh = await request(rotated.server)
          .post('/api/users/login')
          .send({ user: { email: user.email, password: user.password } })
          .expect(200);
        expect(jwt.decode(fresh.body.user.token, { complete: true })?.header.kid).toBe('b');
        // The old instance, without key b, refuses it: deploy the new key everywhere first.
        await request(api.server).get('/api/user').set(auth(fresh.body.user.token)).expect(401);
      } finally {
        await rotated.close();
      }
    });
  });

  describe('refresh tokens', () => {
    it('rotate: each refresh returns a new pair, and the old refresh token is used up', async () => {
      const user = await registerUser(api.server);
      const first = (await login(user.email, user.password).expect(200)).body.user;
      const second = (await refresh(first.refreshToken).expect(200)).body.user;
      expect(second.refreshToken).not.toBe(first.refreshToken);
      expect(second.token).not.toBe(first.token);
      await request(api.server).get('/api/user').set(auth(second.token)).expect(200);
      // The flat form is accepted too.
      await request(api.server)
        .post('/api/users/refresh')
        .send({ refreshToken: second.refreshToken })
        .expect(200);
    });

    it('revoke the whole family, access tokens included, when a used one comes back', async () => {
      const user = await registerUser(api.server);
      const stolen = (await login(user.email, user.password).expect(200)).body.user;
      const legit = (await refresh(stolen.refreshToken).expect(200)).body.user;
      const replay = await refresh(stolen.refreshToken).expect(401);
      expect(replay.body.code).toBe('REFRESH_TOKEN_REUSED');
      // Both the legitimate successor and its access token are dead now.
      expect((await refresh(legit.refreshToken).expect(401)).body.code).toBe(
        'REFRESH_TOKEN_INVALID',
      );
      await request(api.server).get('/api/user').set(auth(legit.token)).expect(401);
      // Another session of the same user is untouched.
      const other = (await login(user.email, user.password).expect(200)).body.user;
      await request(api.server).get('/api/user').set(auth(other.token)).expect(200);
    });

    it('are stored hashed, never as issued', async () => {
      const user = await registerUser(api.server);
      const { refreshToken } = (await login(user.email, user.password).expect(200)).body.user;
      const { DataSource } = await import('typeorm');
      const rows: { token_hash: string }[] = await api.app
        .get(DataSource)
        .query('SELECT token_hash FROM refresh_tokens');
      expect(rows.length).toBeGreaterThan(0);
      expect(rows.some((row) => row.token_hash.includes(refreshToken))).toBe(false);
    });

    it('refuse garbage with 401 or 422, never 500', async () => {
      expect((await refresh('x'.repeat(43))).status).toBe(401);
      expect((await refresh('short')).status).toBe(422);
      await request(api.server).post('/api/users/refresh').send({}).expect(422);
      await request(api.server).post('/api/users/refresh').send({ user: 'x' }).expect(422);
    });
  });

  describe('logout', () => {
    it('ends the session: its refresh token and its access token stop working', async () => {
      const user = await registerUser(api.server);
      const session = (await login(user.email, user.password).expect(200)).body.user;
      await request(api.server)
        .post('/api/users/logout')
        .set(auth(session.token))
        .send({ user: { refreshToken: session.refreshToken } })
        .expect(204);
      await refresh(session.refreshToken).expect(401);
      await request(api.server).get('/api/user').set(auth(session.token)).expect(401);
    });

    it('with only the access token ends that session', async () => {
      const user = await registerUser(api.server);
      const session = (await login(user.email, user.password).expect(200)).body.user;
      await request(api.server).post('/api/users/logout').set(auth(session.token)).expect(204);
      await refresh(session.refreshToken).expect(401);
    });
  });

  describe('password change', () => {
    it('ends every other session of the account', async () => {
      const user = await registerUser(api.server);
      const other = (await login(user.email, user.password).expect(200)).body.user;
      const current = (await login(user.email, user.password).expect(200)).body.user;
      await request(api.server)
        .put('/api/user')
        .set(auth(current.token))
        .send({ user: { password: 'a-brand-new-password' } })
        .expect(200);
      await request(api.server).get('/api/user').set(auth(other.token)).expect(401);
      await refresh(other.refreshToken).expect(401);
      await request(api.server).get('/api/user').set(auth(current.token)).expect(200);
    });
  });

  describe('brute force', () => {
    it('locks one address out of one account after repeated failures, briefly, with Retry-After', async () => {
      const user = await registerUser(api.server);
      for (let i = 0; i < 3; i++) await login(user.email, 'wrong-password').expect(401);
      const locked = await login(user.email, user.password).expect(429);
      expect(locked.body.code).toBe('USER_LOGIN_LOCKED');
      expect(Number(locked.headers['retry-after'])).toBeGreaterThanOrEqual(1);
      expect(Number(locked.headers['retry-after'])).toBeLessThanOrEqual(900);
    });

    it('does not lock the owner out from another address, and lifts the lock after it expires', async () => {
      const proxied = await startIsolatedApp({
        TRUST_PROXY: '127.0.0.1',
        LOGIN_LOCK_AFTER_FAILURES: '2',
      });
      try {
        const user = await registerUser(proxied.server);
        const from = (address: string, password: string) =>
          request(proxied.server)
            .post('/api/users/login')
            .set('X-Forwarded-For', address)
            .send({ user: { email: user.email, password } });
        await from('203.0.113.9', 'wrong').expect(401);
        await from('203.0.113.9', 'wrong').expect(401);
        const locked = await from('203.0.113.9', user.password).expect(429);
        // The owner, elsewhere, signs in.
        await from('198.51.100.7', user.password).expect(200);
        // The first lock lasts a second; then it lifts by itself.
        expect(locked.headers['retry-after']).toBe('1');
        const statuses: number[] = [];
        await waitFor(
          async () => {
            const { status } = await from('203.0.113.9', user.password);
            statuses.push(status);
            return status === 200;
          },
          { description: 'the lock to lift', intervalMs: 100 },
        );
        // Until then every attempt was refused as locked, not as anything else.
        expect(statuses.slice(0, -1).every((status) => status === 429)).toBe(true);
      } finally {
        await proxied.close();
      }
    });
  });

  it('registration answers look the same whether or not a field is taken (no enumeration via login)', async () => {
    const fields = newUser();
    await request(api.server).post('/api/users').send({ user: fields }).expect(201);
    const wrong = await login(fields.email, 'nope').expect(401);
    const unknown = await login(`x${fields.email}`, 'nope').expect(401);
    expect(wrong.body.detail).toBe(unknown.body.detail);
  });
});
