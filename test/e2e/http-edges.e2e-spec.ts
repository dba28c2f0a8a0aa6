import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Agent, get } from 'node:http';
import type { AddressInfo } from 'node:net';
import request from 'supertest';
import { ShutdownState } from '../../src/platform/lifecycle/shutdown-state.js';
import {
  expectProblem,
  expectSecurityHeaders,
  rawExchange,
  type RawExchange,
} from '../support/raw-http.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

const ORIGIN = 'https://app.example.test';

/** Answers that Node or Fastify give before any of our code runs are well-formed too. */
describe('Every answer is a problem with the security headers', () => {
  let api: TestApp;
  let port: number;

  beforeAll(async () => {
    api = await startTestApp({ CORS_ORIGINS: ORIGIN });
    await api.app.listen({ port: 0, host: '127.0.0.1' });
    port = (api.server.address() as AddressInfo).port;
  });
  afterAll(() => api.close());

  const expectRawProblem = (exchange: RawExchange, status: number, code: string) => {
    const response = exchange.response;
    if (!response) throw new Error(`no complete response; received:\n${exchange.text}`);
    expect(exchange.ended).toBe('closed');
    expect(response.headers.connection).toBe('close');
    expectSecurityHeaders(response.headers);
    expectProblem(response, JSON.parse(response.body), status, code);
  };

  describe('requests Node cannot parse (raw sockets)', () => {
    it('answers a malformed request line with 400', async () => {
      const exchange = await rawExchange(port, 'GARBAGE\r\n\r\n');
      expectRawProblem(exchange, 400, 'MALFORMED_REQUEST');
    });

    it('answers a non-ASCII request target with 400', async () => {
      const head = Buffer.concat([
        Buffer.from('GET /api/articles/'),
        Buffer.from([0xc3, 0xa9]),
        Buffer.from(' HTTP/1.1\r\nHost: localhost\r\n\r\n'),
      ]);
      expectRawProblem(await rawExchange(port, head), 400, 'MALFORMED_REQUEST_TARGET');
    });

    it('answers malformed chunked encoding with 400', async () => {
      const exchange = await rawExchange(
        port,
        'POST /api/users HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n' +
          'Transfer-Encoding: chunked\r\n\r\nzz\r\n{}\r\n0\r\n\r\n',
      );
      expectRawProblem(exchange, 400, 'MALFORMED_BODY_FRAMING');
    });

    it('answers headers over the size limit with 431', async () => {
      const exchange = await rawExchange(
        port,
        `GET /api/tags HTTP/1.1\r\nHost: localhost\r\nX-Big: ${'a'.repeat(20_000)}\r\n\r\n`,
      );
      expectRawProblem(exchange, 431, 'HEADERS_TOO_LARGE');
    });

    it('answers an HTTP/1.1 request without a Host header with 400', async () => {
      const exchange = await rawExchange(port, 'GET /api/tags HTTP/1.1\r\n\r\n');
      expectRawProblem(exchange, 400, 'HOST_REQUIRED');
      expect(JSON.parse(exchange.response!.body)).toMatchObject({ instance: '/api/tags' });
    });

    it('answers an expectation other than 100-continue with 417', async () => {
      const exchange = await rawExchange(
        port,
        'GET /api/tags HTTP/1.1\r\nHost: localhost\r\nExpect: teapot\r\nConnection: close\r\n\r\n',
      );
      expect(exchange.response?.status).toBe(417);
      expectSecurityHeaders(exchange.response!.headers);
      expectProblem(
        exchange.response!,
        JSON.parse(exchange.response!.body),
        417,
        'EXPECTATION_UNSUPPORTED',
      );
    });
  });

  describe('router errors', () => {
    it('answers a path parameter over 200 characters with 414', async () => {
      const response = await request(api.server).get(`/api/articles/${'x'.repeat(300)}`);
      expectSecurityHeaders(response.headers);
      expectProblem(response, response.body, 414);
    });

    it('answers a malformed percent-encoding with 400 that says so', async () => {
      const response = await request(api.server).get('/api/articles/%E0%A4%A');
      expectSecurityHeaders(response.headers);
      expectProblem(response, response.body, 400);
      expect(response.body.detail).toMatch(/percent-encoding/);
    });
  });

  describe('answers from Fastify and its plugins', () => {
    it.each([
      ['an unknown route', 404, () => request(api.server).get('/api/nowhere')],
      [
        'a body over BODY_LIMIT_BYTES',
        413,
        () =>
          request(api.server)
            .post('/api/users')
            .set('content-type', 'application/json')
            .send(`{"user":"${'x'.repeat(1_100_000)}"}`),
      ],
      [
        'a content type other than JSON',
        415,
        () => request(api.server).post('/api/users').set('content-type', 'text/plain').send('hi'),
      ],
    ])('answers %s with a problem (%i)', async (_case, status, send) => {
      const response = await send();
      expectSecurityHeaders(response.headers);
      expectProblem(response, response.body, status);
    });

    it('sends the security headers with a CORS preflight', async () => {
      const response = await request(api.server)
        .options('/api/articles')
        .set('Origin', ORIGIN)
        .set('Access-Control-Request-Method', 'POST');
      expect(response.status).toBe(204);
      expect(response.headers['access-control-allow-origin']).toBe(ORIGIN);
      expectSecurityHeaders(response.headers);
    });

    it('names the allowed method when a GraphQL mutation comes as GET (405)', async () => {
      const response = await request(api.server)
        .get('/graphql')
        .query({ query: 'mutation { followUser(username: "nobody") { username } }' });
      expect(response.status).toBe(405);
      expect(response.headers.allow).toBe('POST');
      expectSecurityHeaders(response.headers);
      expect(response.body.errors[0].extensions.code).toBe('BAD_USER_INPUT');
    });
  });

  describe('during shutdown', () => {
    it('closes each connection after its answer while draining', async () => {
      const agent = new Agent({ keepAlive: true });
      const connectionHeader = () =>
        new Promise<string | undefined>((resolve, reject) => {
          get(`http://127.0.0.1:${port}/api/tags`, { agent }, (response) => {
            response.resume();
            resolve(response.headers.connection);
          }).on('error', reject);
        });
      try {
        expect(await connectionHeader()).toBe('keep-alive');
        api.app.get(ShutdownState).startDraining();
        expect(await connectionHeader()).toBe('close');
      } finally {
        agent.destroy();
      }
    });

    it('answers 503 with Retry-After once the instance has stopped serving', async () => {
      api.app.get(ShutdownState).stopServing();
      const response = await request(api.server).get('/api/tags');
      expectSecurityHeaders(response.headers);
      expectProblem(response, response.body, 503, 'SHUTTING_DOWN');
      expect(response.headers['retry-after']).toBe('1');
      expect(response.headers.connection).toBe('close');
    });
  });
});
