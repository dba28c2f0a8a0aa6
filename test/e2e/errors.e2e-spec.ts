import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import request from 'supertest';
import { startTestApp, type TestApp } from '../support/test-app.js';

describe('Errors are RFC 9457 problem details', () => {
  let api: TestApp;

  beforeAll(async () => {
    api = await startTestApp({ BODY_LIMIT_BYTES: '2048' });
  });
  afterAll(() => api.close());

  const expectProblem = (response: request.Response, status: number) => {
    expect(response.status).toBe(status);
    expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(response.body).toEqual(
      expect.objectContaining({
        type: expect.any(String),
        title: expect.any(String),
        status,
        detail: expect.any(String),
        instance: expect.any(String),
        requestId: response.headers['x-request-id'],
        errors: { body: expect.arrayContaining([expect.any(String)]) },
      }),
    );
  };

  it('answers malformed JSON with 400', async () => {
    const response = await request(api.server)
      .post('/api/users')
      .set('content-type', 'application/json')
      .send('{"user": {');
    expectProblem(response, 400);
    expect(response.body.detail).toBe('The request body is not valid JSON.');
  });

  it('refuses a prototype-poisoning body with 400', async () => {
    const response = await request(api.server)
      .post('/api/users/login')
      .set('content-type', 'application/json')
      .send('{"user": {"__proto__": {"admin": true}}}');
    expectProblem(response, 400);
  });

  it('answers a missing or invalid token with 401 and a WWW-Authenticate challenge', async () => {
    const response = await request(api.server).get('/api/user');
    expectProblem(response, 401);
    expect(response.headers['www-authenticate']).toBe('Token realm="conduit"');
  });

  it('answers an unknown route with 404', async () => {
    const response = await request(api.server).get('/api/no-such-thing?x=1');
    expectProblem(response, 404);
    expect(response.body.instance).toBe('/api/no-such-thing?x=1');
  });

  it.each([
    ['DELETE', '/api/tags', 'GET, HEAD'],
    ['PATCH', '/api/user', 'GET, HEAD, PUT'],
    ['POST', '/api/articles/some-slug', 'DELETE, GET, HEAD, PUT'],
    ['PUT', '/api/articles/some-slug/comments/7', 'DELETE'],
  ])('answers %s %s, a path that exists, with 405 and Allow: %s', async (method, path, allow) => {
    const response = await request(api.server)[method.toLowerCase() as 'put'](path);
    expectProblem(response, 405);
    expect(response.headers.allow).toBe(allow);
    expect(response.body.code).toBe('METHOD_NOT_ALLOWED');
    // Answered from the not-found path, which still runs the hooks that set these.
    expect(response.headers['x-content-type-options']).toBe('nosniff');
    expect(response.headers['x-request-id']).toBeDefined();
  });

  it('answers invalid input with 422 and one message per problem', async () => {
    const response = await request(api.server).post('/api/users').send({ user: {} });
    expectProblem(response, 422);
    expect(response.body.errors.body).toEqual([
      'username is required',
      'email is required',
      'password is required',
    ]);
  });

  it('takes an empty body with a JSON content type as "no body" (422 here, not 400)', async () => {
    const response = await request(api.server)
      .post('/api/users/login')
      .set('content-type', 'application/json')
      .send('');
    expectProblem(response, 422);
  });

  it('answers a body over the size limit with 413', async () => {
    const response = await request(api.server)
      .post('/api/users')
      .send({ user: { username: 'x'.repeat(4096) } });
    expectProblem(response, 413);
  });

  it('answers a path parameter over 200 characters with 414', async () => {
    const response = await request(api.server).get(`/api/articles/${'x'.repeat(300)}`);
    expectProblem(response, 414);
  });

  it('answers an unsupported content type with 415', async () => {
    const response = await request(api.server)
      .post('/api/users')
      .set('content-type', 'text/plain')
      .send('hello');
    expectProblem(response, 415);
  });
});
