import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { once } from 'node:events';
import type { IncomingMessage } from 'node:http';
import { connect, type AddressInfo } from 'node:net';
import request from 'supertest';
import { newUser } from '../factories/user.factory.js';
import { LogCapture } from '../support/log-capture.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { waitFor } from '../support/wait-for.js';

describe('Request ids and log hygiene', () => {
  let api: TestApp;
  const logs = new LogCapture();

  beforeAll(async () => {
    api = await startTestApp({}, logs);
  });
  afterAll(() => api.close());

  const linesFor = (requestId: string) =>
    logs.records.filter((record) => JSON.stringify(record).includes(requestId));

  it('keeps a valid incoming X-Request-Id and echoes it', async () => {
    const response = await request(api.server)
      .get('/health/live')
      .set('X-Request-Id', 'trace-me-42');
    expect(response.headers['x-request-id']).toBe('trace-me-42');
  });

  it('replaces an unsafe incoming X-Request-Id with a generated one', async () => {
    const response = await request(api.server)
      .get('/health/live')
      .set('X-Request-Id', 'bad id\t<x>');
    expect(response.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('puts the request id on every log line written while serving the request', async () => {
    const fields = newUser();
    const response = await request(api.server)
      .post('/api/users')
      .set('X-Request-Id', `signup-${fields.username}`)
      .send({ user: fields })
      .expect(201);
    const requestId = response.headers['x-request-id'];
    const lines = linesFor(requestId);
    expect(lines.length).toBeGreaterThan(0);
    for (const line of lines)
      expect(line.request_id ?? (line.req as { id?: string })?.id).toBe(requestId);
    expect(lines.some((line) => line.msg === 'request completed')).toBe(true);
  });

  it('never writes passwords, password hashes or tokens to the logs', async () => {
    const fields = newUser();
    const signup = await request(api.server).post('/api/users').send({ user: fields }).expect(201);
    const token = signup.body.user.token as string;
    await request(api.server)
      .post('/api/users/login')
      .send({ user: { email: fields.email, password: fields.password } })
      .expect(200);
    await request(api.server).post('/api/users').send({ user: fields }).expect(422);
    await request(api.server)
      .put('/api/user')
      .set('Authorization', `Token ${token}`)
      .set('Cookie', 'session=very-secret-cookie')
      .send({ user: { password: 'another-password-1' } })
      .expect(200);
    await request(api.server).get('/api/user').set('Authorization', `Bearer ${token}`).expect(200);

    expect(logs.lines.length).toBeGreaterThan(0);
    for (const secret of [
      fields.password,
      'another-password-1',
      token,
      'very-secret-cookie',
      '$argon2id$',
    ]) {
      expect(logs.text).not.toContain(secret);
    }
  });

  it('does not log health probe requests', async () => {
    await request(api.server).get('/health/live').set('X-Request-Id', 'probe-1').expect(200);
    expect(linesFor('probe-1')).toEqual([]);
  });

  it('does not log client errors at error level', async () => {
    await request(api.server).get('/nowhere').expect(404);
    await request(api.server).post('/api/users').send({}).expect(422);
    expect(logs.records.filter((record) => record.level === 50)).toEqual([]);
  });

  it('logs a request the client abandoned once, at info level, with its id', async () => {
    await api.app.listen({ port: 0, host: '127.0.0.1' });
    const { port } = api.server.address() as AddressInfo;
    // Headers complete, body not: the request has entered Fastify when the client hangs up.
    const entered = new Promise<void>((resolve) => {
      const onRequest = (incoming: IncomingMessage) => {
        if (incoming.headers['x-request-id'] !== 'abandoned-1') return;
        api.server.off('request', onRequest);
        resolve();
      };
      api.server.on('request', onRequest);
    });
    const socket = connect(port, '127.0.0.1');
    await once(socket, 'connect');
    socket.write(
      'POST /api/users HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n' +
        'Content-Length: 100\r\nX-Request-Id: abandoned-1\r\n\r\n{"user":',
    );
    await entered;
    socket.destroy();
    const line = await waitFor(
      () => linesFor('abandoned-1').find((record) => record.msg === 'request aborted'),
      { description: 'the "request aborted" line' },
    );
    expect(line).toMatchObject({ level: 30, request_id: 'abandoned-1' });
    expect(linesFor('abandoned-1').filter((record) => Number(record.level) >= 40)).toEqual([]);
  });
});
