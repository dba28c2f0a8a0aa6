import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import request from 'supertest';
import { registerUser } from '../factories/user.factory.js';
import type { TestApp } from '../support/test-app.js';
import { makeAdmin, startIsolatedApp } from './isolated-app.js';

describe('API5 Broken Function Level Authorization', () => {
  let api: TestApp;
  beforeAll(async () => {
    api = await startIsolatedApp();
  });
  afterAll(() => api.close());

  const as = (token: string) => ({ Authorization: `Token ${token}` });
  const setRole = (username: string, role: string, token?: string) => {
    const call = request(api.server).put(`/api/admin/users/${username}/role`);
    return (token ? call.set(as(token)) : call).send({ user: { role } });
  };

  it('refuses admin functions to anonymous callers (401) and to ordinary users (403)', async () => {
    const user = await registerUser(api.server);
    await setRole(user.username, 'admin').expect(401);
    const forbidden = await setRole(user.username, 'admin', user.token).expect(403);
    expect(forbidden.body.code).toBe('ROLE_REQUIRED');
  });

  it('lets an admin change roles; the new role applies at once', async () => {
    const admin = await registerUser(api.server);
    const adminToken = await makeAdmin(api, admin);
    const user = await registerUser(api.server);
    const changed = await setRole(user.username, 'admin', adminToken).expect(200);
    expect(changed.body.user).toEqual({ username: user.username, role: 'admin' });
    // The role is read from the account, not from the token issued before the change.
    await setRole(admin.username, 'admin', user.token).expect(200);
    await setRole(user.username, 'superuser', adminToken).expect(422);
    await setRole('nobody-here', 'user', adminToken).expect(404);
  });
});
