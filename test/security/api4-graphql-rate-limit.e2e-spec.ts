import { afterEach, describe, expect, it } from '@jest/globals';
import { randomBytes } from 'node:crypto';
import { get, type IncomingMessage } from 'node:http';
import request from 'supertest';
import type { TestApp } from '../support/test-app.js';
import { withDeadline } from '../support/wait-for.js';
import { startIsolatedApp } from './isolated-app.js';

/*
 * API4 Unrestricted Resource Consumption. The finding (issue 12, finding 14): /graphql over its
 * rate limit answered HTTP 200 without Retry-After, so a client could not tell a refusal from an
 * answer nor when to come back. Every way into /graphql is checked: POST, GET, a batch, and the
 * WebSocket upgrade (a `subscribe` over the limit: api4-subscription-limits.e2e-spec.ts).
 */

describe('API4 GraphQL over the rate limit', () => {
  let api: TestApp | undefined;
  afterEach(async () => {
    await api?.close();
    api = undefined;
  });

  /** An app whose one allowed request is used up. */
  const exhausted = async () => {
    api = await startIsolatedApp({ RATE_LIMIT_MAX: '1' });
    await request(api.server).post('/graphql').send({ query: '{ tags }' }).expect(200);
    return api;
  };

  const expectRefused = (response: request.Response) => {
    expect(response.status).toBe(429);
    expect(response.headers['retry-after']).toMatch(/^[1-9]\d*$/);
    expect(response.headers['ratelimit-remaining']).toBe('0');
    expect(response.body).toEqual({
      data: null,
      errors: [
        expect.objectContaining({
          extensions: expect.objectContaining({ code: 'RATE_LIMITED', reason: 'RATE_LIMITED' }),
        }),
      ],
    });
  };

  it('answers POST /graphql with 429, Retry-After and RATE_LIMITED', async () => {
    const app = await exhausted();
    expectRefused(await request(app.server).post('/graphql').send({ query: '{ tags }' }));
  });

  it('answers GET /graphql with 429, Retry-After and RATE_LIMITED', async () => {
    const app = await exhausted();
    expectRefused(await request(app.server).get('/graphql').query({ query: '{ tags }' }));
  });

  it('answers a batch with one 429 for the whole request, not a 200 with an error per operation', async () => {
    const app = await exhausted();
    expectRefused(
      await request(app.server)
        .post('/graphql')
        .send([{ query: '{ tags }' }, { query: '{ tags }' }]),
    );
  });

  it('refuses the WebSocket upgrade with 429 and Retry-After, and closes its socket', async () => {
    const app = await exhausted();
    await app.app.listen({ port: 0, host: '127.0.0.1' });
    const { port } = app.app.getHttpServer().address() as { port: number };
    // The handshake a WebSocket client sends; a non-101 answer is an ordinary HTTP response.
    const upgrade = get(`http://127.0.0.1:${port}/graphql`, {
      agent: false,
      headers: {
        connection: 'Upgrade',
        upgrade: 'websocket',
        'sec-websocket-version': '13',
        'sec-websocket-key': randomBytes(16).toString('base64'),
        'sec-websocket-protocol': 'graphql-transport-ws',
      },
    });
    const response = await withDeadline(
      new Promise<IncomingMessage>((resolve, reject) => {
        upgrade.on('response', resolve);
        upgrade.on('upgrade', () => reject(new Error('the upgrade was accepted')));
        upgrade.on('error', reject);
      }),
      { description: 'the answer to the upgrade' },
    );
    response.resume();
    // Node gives an upgrade's socket no HTTP parser: the server must close it after refusing,
    // or each refusal keeps a socket open for good (and shutdown waits on it).
    const socket = upgrade.socket!;
    if (!socket.destroyed) {
      await withDeadline(new Promise((resolve) => socket.once('close', resolve)), {
        description: 'the server to close the refused socket',
      });
    }
    expect(response.statusCode).toBe(429);
    expect(response.headers['retry-after']).toMatch(/^[1-9]\d*$/);
  });
});
