import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import request from 'supertest';
import { newUser, registerUser } from '../factories/user.factory.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

describe('RealWorld users', () => {
  let api: TestApp;

  beforeAll(async () => {
    api = await startTestApp();
  });
  afterAll(() => api.close());

  const expectUserBody = (
    body: Record<string, unknown>,
    fields: { email: string; username: string },
    // Login and registration start a session; GET /api/user does not hand out a new one.
    withRefreshToken = true,
  ) => {
    expect(body).toEqual({
      user: {
        email: fields.email,
        username: fields.username,
        bio: expect.any(String),
        image: expect.any(String),
        token: expect.stringMatching(/^[\w-]+\.[\w-]+\.[\w-]+$/),
        ...(withRefreshToken ? { refreshToken: expect.stringMatching(/^[\w-]{43}$/) } : {}),
      },
    });
  };

  describe('POST /api/users', () => {
    it('registers a user and answers 201 with a token and no password hash', async () => {
      const fields = newUser();
      const response = await request(api.server)
        .post('/api/users')
        .send({ user: fields })
        .expect(201);
      expectUserBody(response.body, fields);
      expect(JSON.stringify(response.body)).not.toMatch(/password|argon2/i);
    });

    it('rejects an email already taken in another letter case with 422', async () => {
      const taken = await registerUser(api.server);
      const response = await request(api.server)
        .post('/api/users')
        .send({ user: newUser({ email: taken.email.toUpperCase() }) })
        .expect(422);
      expect(response.body.errors.body).toEqual(['email has already been taken']);
    });

    it('rejects a username already taken in another letter case with 422', async () => {
      const taken = await registerUser(api.server);
      const response = await request(api.server)
        .post('/api/users')
        .send({ user: newUser({ username: taken.username.toUpperCase() }) })
        .expect(422);
      expect(response.body.errors.body).toEqual(['username has already been taken']);
    });

    it('names both problems when email and username are both taken', async () => {
      const taken = await registerUser(api.server);
      const response = await request(api.server)
        .post('/api/users')
        .send({ user: newUser({ email: taken.email, username: taken.username }) })
        .expect(422);
      expect(response.body.code).toBe('USER_EMAIL_AND_USERNAME_TAKEN');
      expect(response.body.errors.body).toEqual([
        'email has already been taken',
        'username has already been taken',
      ]);
    });

    it('keeps exactly one account when the same registration races itself', async () => {
      const fields = newUser();
      const results = await Promise.all(
        [1, 2, 3].map(() => request(api.server).post('/api/users').send({ user: fields })),
      );
      expect(results.map((r) => r.status).sort()).toEqual([201, 422, 422]);
    });

    it('answers invalid fields with 422 and one message per field', async () => {
      const response = await request(api.server)
        .post('/api/users')
        .send({ user: { email: 'not-an-email', password: 'short' } })
        .expect(422);
      expect(response.body.errors.body).toEqual([
        'username is required',
        'email must be a valid email address',
        'password must be longer than or equal to 8 characters',
      ]);
    });

    it('strips properties the API does not take (no mass assignment)', async () => {
      const fields = newUser();
      const response = await request(api.server)
        .post('/api/users')
        .send({
          user: { ...fields, bio: 'set at signup', id: '00000000-0000-0000-0000-000000000000' },
        })
        .expect(201);
      expect(response.body.user.bio).toBe('');
    });
  });

  describe('POST /api/users/login', () => {
    it('logs in with the email in any letter case', async () => {
      const user = await registerUser(api.server);
      const response = await request(api.server)
        .post('/api/users/login')
        .send({ user: { email: user.email.toUpperCase(), password: user.password } })
        .expect(200);
      expectUserBody(response.body, user);
    });

    it('answers an unknown email exactly like a wrong password', async () => {
      const user = await registerUser(api.server);
      const wrongPassword = await request(api.server)
        .post('/api/users/login')
        .send({ user: { email: user.email, password: 'not-the-password' } });
      const unknownEmail = await request(api.server)
        .post('/api/users/login')
        .send({ user: { email: `nobody-${user.email}`, password: user.password } });
      expect(wrongPassword.status).toBe(401);
      expect(unknownEmail.status).toBe(401);
      const { requestId: _a, ...first } = wrongPassword.body;
      const { requestId: _b, ...second } = unknownEmail.body;
      expect(first).toEqual(second);
    });
  });

  describe('GET /api/user', () => {
    it('returns the current user for "Token <jwt>" and for "Bearer <jwt>"', async () => {
      const user = await registerUser(api.server);
      for (const scheme of ['Token', 'Bearer']) {
        const response = await request(api.server)
          .get('/api/user')
          .set('Authorization', `${scheme} ${user.token}`)
          .expect(200);
        expectUserBody(response.body, user, false);
      }
    });

    it('answers 401 without a token, with a malformed one, and with a tampered one', async () => {
      const user = await registerUser(api.server);
      const [header, payload] = user.token.split('.');
      const tampered = `${header}.${payload}.${'A'.repeat(43)}`;
      for (const authorization of [
        undefined,
        'Token nonsense',
        `Basic ${user.token}`,
        `Token ${tampered}`,
      ]) {
        const call = request(api.server).get('/api/user');
        if (authorization) void call.set('Authorization', authorization);
        const response = await call.expect(401);
        expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
      }
    });
  });

  describe('PUT /api/user', () => {
    it('updates profile fields and the password', async () => {
      const user = await registerUser(api.server);
      const changes = {
        bio: 'I write things',
        image: 'https://example.test/me.png',
        password: 'a-brand-new-password',
      };
      const response = await request(api.server)
        .put('/api/user')
        .set('Authorization', `Token ${user.token}`)
        .send({ user: changes })
        .expect(200);
      expect(response.body.user).toMatchObject({
        bio: changes.bio,
        image: changes.image,
        username: user.username,
      });
      await request(api.server)
        .post('/api/users/login')
        .send({ user: { email: user.email, password: changes.password } })
        .expect(200);
    });

    it('clears bio and image when sent null', async () => {
      const user = await registerUser(api.server);
      const auth = `Token ${user.token}`;
      await request(api.server)
        .put('/api/user')
        .set('Authorization', auth)
        .send({ user: { bio: 'x' } });
      const response = await request(api.server)
        .put('/api/user')
        .set('Authorization', auth)
        .send({ user: { bio: null, image: null } })
        .expect(200);
      expect(response.body.user).toMatchObject({ bio: '', image: '' });
    });

    it("refuses to take another user's email with 422", async () => {
      const [first, second] = [await registerUser(api.server), await registerUser(api.server)];
      await request(api.server)
        .put('/api/user')
        .set('Authorization', `Token ${second.token}`)
        .send({ user: { email: first.email } })
        .expect(422);
    });

    it('refuses null for a required field and a non-URL image with 422', async () => {
      const user = await registerUser(api.server);
      const response = await request(api.server)
        .put('/api/user')
        .set('Authorization', `Token ${user.token}`)
        .send({ user: { email: null, image: 'javascript:alert(1)' } })
        .expect(422);
      expect(response.body.errors.body).toHaveLength(2);
    });
  });
});
