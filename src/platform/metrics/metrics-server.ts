import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Metrics } from '../../infra/metrics/metrics.js';
import type { LivenessChecks } from './liveness-checks.js';
import { securityHeadersFor } from '../http/security-headers.js';

const PATH = '/metrics';
const LIVE_PATH = '/health/live';

/**
 * The scrape endpoint, on a listener of its own: the public port never shows internal figures,
 * and a flood of API traffic (or the API's rate limit) cannot starve the scraper. Plain
 * node:http, since it serves one path to one client.
 */
export async function startMetricsServer(
  metrics: Metrics,
  liveness: LivenessChecks,
  host: string,
  port: number,
): Promise<{ server: Server; url: string }> {
  const server = createServer((request, response) => {
    for (const [name, value] of Object.entries(securityHeadersFor(PATH))) {
      response.setHeader(name, value);
    }
    response.setHeader('cache-control', 'no-store');
    const path = (request.url ?? '').split('?')[0];
    if (path === LIVE_PATH && (request.method === 'GET' || request.method === 'HEAD')) {
      const failures = liveness.failures();
      const body = JSON.stringify(
        failures.length ? { status: 'error', failures } : { status: 'ok' },
      );
      response.writeHead(failures.length ? 503 : 200, { 'content-type': 'application/json' });
      response.end(request.method === 'HEAD' ? undefined : body);
      return;
    }
    // With METRICS_ENABLED=false the worker still listens, for its liveness probe only.
    if (path !== PATH || !metrics.enabled) {
      response.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' }).end('not found\n');
      return;
    }
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      response
        .writeHead(405, { allow: 'GET, HEAD', 'content-type': 'text/plain; charset=utf-8' })
        .end('method not allowed\n');
      return;
    }
    metrics.scrape().then(
      (text) => {
        response.writeHead(200, { 'content-type': metrics.registry.contentType });
        response.end(request.method === 'HEAD' ? undefined : text);
      },
      (error: Error) => {
        response.writeHead(500, { 'content-type': 'text/plain; charset=utf-8' });
        response.end(`scrape failed: ${error.message}\n`);
      },
    );
  });
  // A scraper keeps its connection open between scrapes; nothing else should linger.
  server.keepAliveTimeout = 65_000;
  server.headersTimeout = 10_000;
  server.requestTimeout = 10_000;
  server.listen(port, host);
  await once(server, 'listening');
  const address = server.address() as AddressInfo;
  const shownHost = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  return { server, url: `http://${shownHost}:${address.port}${PATH}` };
}
