import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { AddressInfo } from 'node:net';
import { expectProblem, expectSecurityHeaders, rawExchange } from '../support/raw-http.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

async function listening(env: Record<string, string>): Promise<{ api: TestApp; port: number }> {
  const api = await startTestApp(env);
  await api.app.listen({ port: 0, host: '127.0.0.1' });
  return { api, port: (api.server.address() as AddressInfo).port };
}

const expectRequestTimeout = (exchange: Awaited<ReturnType<typeof rawExchange>>) => {
  const response = exchange.response;
  if (!response) throw new Error(`no answer; received:\n${exchange.text}`);
  expectSecurityHeaders(response.headers);
  expectProblem(response, JSON.parse(response.body), 408, 'REQUEST_TIMEOUT');
  expect(exchange.ended).toBe('closed');
};

/** Slow or stalled clients are cut off with a 408, instead of holding a connection forever. */
describe('HTTP timeouts', () => {
  describe('headers, request and keep-alive', () => {
    let api: TestApp;
    let port: number;
    beforeAll(async () => {
      ({ api, port } = await listening({
        HTTP_HEADERS_TIMEOUT_MS: '1000',
        HTTP_REQUEST_TIMEOUT_MS: '2000',
        HTTP_KEEP_ALIVE_TIMEOUT_MS: '500',
      }));
    });
    afterAll(() => api.close());

    it('cuts off a client that trickles its headers one byte at a time', async () => {
      const exchange = await rawExchange(
        port,
        'GET /api/tags HTTP/1.1\r\nHost: localhost\r\nX-Slow: ',
        {
          trickle: { piece: 'a', pauseMs: 100 },
        },
      );
      expectRequestTimeout(exchange);
    });

    it('cuts off a client that trickles its body', async () => {
      const exchange = await rawExchange(
        port,
        'POST /api/users HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n' +
          'Content-Length: 100000\r\n\r\n{',
        { trickle: { piece: ' ', pauseMs: 100 } },
      );
      expectRequestTimeout(exchange);
    });

    it('closes an idle keep-alive connection', async () => {
      const exchange = await rawExchange(port, 'GET /api/tags HTTP/1.1\r\nHost: localhost\r\n\r\n');
      expect(exchange.response?.status).toBe(200);
      expect(exchange.ended).toBe('closed');
    });
  });

  describe('connection inactivity', () => {
    let api: TestApp;
    let port: number;
    beforeAll(async () => {
      ({ api, port } = await listening({ HTTP_CONNECTION_TIMEOUT_MS: '1000' }));
    });
    afterAll(() => api.close());

    it('answers 408 to a client that goes silent in the middle of its body', async () => {
      const exchange = await rawExchange(
        port,
        'POST /api/users HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n' +
          'Content-Length: 100\r\n\r\n{"user":',
      );
      expectRequestTimeout(exchange);
      expect(JSON.parse(exchange.response!.body).detail).toMatch(/sent nothing/);
    });

    it('closes, without an answer, a connection that never sends anything', async () => {
      const exchange = await rawExchange(port, '');
      expect(exchange).toMatchObject({ text: '', ended: 'closed' });
    });
  });
});
