import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import request from 'supertest';
import { registerUser } from '../factories/user.factory.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

describe('RealWorld profiles', () => {
  let api: TestApp;
  beforeAll(async () => {
    api = await startTestApp();
  });
  afterAll(() => api.close());

  const auth = (token: string) => ({ Authorization: `Token ${token}` });

  it('shows a profile to anyone, with following false for anonymous readers', async () => {
    const celeb = await registerUser(api.server);
    const response = await request(api.server).get(`/api/profiles/${celeb.username}`).expect(200);
    expect(response.body).toEqual({
      profile: { username: celeb.username, bio: '', image: '', following: false },
    });
  });

  it('follows and unfollows, and "following" is relative to the viewer', async () => {
    const [fan, celeb, other] = [
      await registerUser(api.server),
      await registerUser(api.server),
      await registerUser(api.server),
    ];
    const path = `/api/profiles/${celeb.username}`;
    const followed = await request(api.server)
      .post(`${path}/follow`)
      .set(auth(fan.token))
      .expect(200);
    expect(followed.body.profile.following).toBe(true);
    // Following twice changes nothing.
    await request(api.server).post(`${path}/follow`).set(auth(fan.token)).expect(200);

    const asFan = await request(api.server).get(path).set(auth(fan.token)).expect(200);
    const asOther = await request(api.server).get(path).set(auth(other.token)).expect(200);
    expect(asFan.body.profile.following).toBe(true);
    expect(asOther.body.profile.following).toBe(false);

    const unfollowed = await request(api.server)
      .delete(`${path}/follow`)
      .set(auth(fan.token))
      .expect(200);
    expect(unfollowed.body.profile.following).toBe(false);
    const after = await request(api.server).get(path).set(auth(fan.token)).expect(200);
    expect(after.body.profile.following).toBe(false);
  });

  it('answers 404 for an unknown profile and 401 for follow without a token', async () => {
    const user = await registerUser(api.server);
    await request(api.server).get('/api/profiles/nobody-here-at-all').expect(404);
    await request(api.server)
      .post('/api/profiles/nobody-here-at-all/follow')
      .set(auth(user.token))
      .expect(404);
    await request(api.server).post(`/api/profiles/${user.username}/follow`).expect(401);
  });

  it('refuses to follow yourself with 422', async () => {
    const user = await registerUser(api.server);
    await request(api.server)
      .post(`/api/profiles/${user.username}/follow`)
      .set(auth(user.token))
      .expect(422);
  });

  it('answers 401 to a bad token on a route where the token is optional', async () => {
    const user = await registerUser(api.server);
    await request(api.server)
      .get(`/api/profiles/${user.username}`)
      .set(auth('not.a.token'))
      .expect(401);
  });
});
