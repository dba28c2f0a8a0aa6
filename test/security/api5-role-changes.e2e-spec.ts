import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { gql } from 'graphql-request';
import request from 'supertest';
import { createArticle } from '../factories/article.factory.js';
import { registerUser } from '../factories/user.factory.js';
import { errorCodes, graphqlClientFor } from '../support/graphql-client.js';
import type { TestApp } from '../support/test-app.js';
import { makeAdmin, startIsolatedApp } from './isolated-app.js';

/*
 * A role lives in the database; an access token only carries a copy from login time, valid for
 * JWT_TTL_SECONDS. Authorization trusted the copy, so a demoted admin stayed an admin until the
 * token expired: long enough to promote itself back.
 */
describe('API5 Broken Function Level Authorization: role changes', () => {
  let api: TestApp;
  let graphql: Awaited<ReturnType<typeof graphqlClientFor>>;
  beforeAll(async () => {
    api = await startIsolatedApp();
    graphql = await graphqlClientFor(api);
  });
  afterAll(() => api.close());

  const as = (token: string) => ({ Authorization: `Token ${token}` });
  const setRole = (username: string, role: string, token: string) =>
    request(api.server)
      .put(`/api/admin/users/${username}/role`)
      .set(as(token))
      .send({ user: { role } });

  it('a demoted admin cannot promote itself, or anyone, back with the token it still holds', async () => {
    const admin = await registerUser(api.server);
    const token = await makeAdmin(api, admin);
    const accomplice = await registerUser(api.server);
    await setRole(admin.username, 'user', token).expect(200);
    // The same token, which still says "admin" inside.
    expect((await setRole(admin.username, 'admin', token).expect(403)).body.code).toBe(
      'ROLE_REQUIRED',
    );
    await setRole(accomplice.username, 'admin', token).expect(403);
    const roles: { username: string; role: string }[] = await api.app
      .get((await import('typeorm')).DataSource)
      .query('SELECT username, role FROM users WHERE username = ANY($1)', [
        [admin.username, accomplice.username],
      ]);
    expect(roles.every((row) => row.role === 'user')).toBe(true);
  });

  it('a demoted admin can no longer moderate, over REST or GraphQL', async () => {
    const moderator = await registerUser(api.server);
    const token = await makeAdmin(api, moderator);
    const author = await registerUser(api.server);
    const first = await createArticle(api.server, author.token);
    const second = await createArticle(api.server, author.token);
    // Demoted by another admin while the moderator's token lives on.
    const other = await registerUser(api.server);
    await setRole(moderator.username, 'user', await makeAdmin(api, other)).expect(200);

    await request(api.server).delete(`/api/articles/${first.slug}`).set(as(token)).expect(403);
    const deleteArticle = gql`
      mutation ($slug: String!) {
        deleteArticle(slug: $slug)
      }
    `;
    expect(
      await errorCodes(graphql.as(token).request(deleteArticle, { slug: second.slug })),
    ).toEqual(['FORBIDDEN']);
    await request(api.server).get(`/api/articles/${first.slug}`).expect(200);
    await request(api.server).get(`/api/articles/${second.slug}`).expect(200);
  });

  it('a promotion applies at once, to the tokens the user already holds', async () => {
    const admin = await registerUser(api.server);
    const adminToken = await makeAdmin(api, admin);
    const user = await registerUser(api.server);
    await setRole(admin.username, 'admin', user.token).expect(403);
    await setRole(user.username, 'admin', adminToken).expect(200);
    await setRole(admin.username, 'admin', user.token).expect(200);
  });
});
