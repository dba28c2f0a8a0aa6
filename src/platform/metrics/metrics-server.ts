import { randomUUID } from 'node:crypto';
import { once } from 'node:events';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Metrics } from '../../infra/metrics/metrics.js';
import type { LivenessChecks } from './liveness-checks.js';
import { buildProblem, PROBLEM_CONTENT_TYPE } from '../errors/problem-details.js';
import { createClientErrorHandler } from '../http/client-errors.js';
import { REQUEST_ID_HEADER } from '../http/request-id.js';
import { securityHeadersFor } from '../http/security-headers.js';

const PATH = '/metrics';
const LIVE_PATH = '/health/live';

type Answer = (request: IncomingMessage, response: ServerResponse) => void;

/** A problem-details answer, as the API gives: this port refuses the same way. */
function refuse(response: ServerResponse, status: number, detail: string, code?: string) {
  const requestId = randomUUID();
  response.setHeader(REQUEST_ID_HEADER, requestId);
  response.writeHead(status, { 'content-type': PROBLEM_CONTENT_TYPE });
  response.end(JSON.stringify(buildProblem({ status, code, detail, requestId })));
}

/**
 * The scrape endpoint, on a listener of its own: the public port never shows internal figures,
 * and a flood of API traffic (or the API's rate limit) cannot starve the scraper. Plain
 * node:http, since it serves two paths to probes and scrapers. Every answer carries the
 * security headers, refusals are problem details, and requests Node cannot parse get the same
 * raw problem answers as on the API's port.
 */
export async function startMetricsServer(
  metrics: Metrics,
  liveness: LivenessChecks,
  host: string,
  port: number,
): Promise<{ server: Server; url: string }> {
  const serveLiveness: Answer = (request, response) => {
    const failures = liveness.failures();
    const body = JSON.stringify(failures.length ? { status: 'error', failures } : { status: 'ok' });
    response.writeHead(failures.length ? 503 : 200, { 'content-type': 'application/json' });
    response.end(request.method === 'HEAD' ? undefined : body);
  };
  const serveMetrics: Answer = (request, response) => {
    metrics.scrape().then(
      (text) => {
        response.writeHead(200, { 'content-type': metrics.registry.contentType });
        response.end(request.method === 'HEAD' ? undefined : text);
      },
      () => refuse(response, 500, 'The metrics could not be read.'),
    );
  };
  // With METRICS_ENABLED=false the worker still listens, for its liveness probe only.
  const routes = new Map<string, Answer>([
    [LIVE_PATH, serveLiveness],
    ...(metrics.enabled ? [[PATH, serveMetrics] as const] : []),
  ]);

  const server = createServer((request, response) => {
    for (const [name, value] of Object.entries(securityHeadersFor(PATH))) {
      response.setHeader(name, value);
    }
    response.setHeader('cache-control', 'no-store');
    const path = (request.url ?? '').split('?')[0];
    const answer = routes.get(path);
    if (!answer) {
      refuse(response, 404, `This port serves ${[...routes.keys()].join(' and ')} only.`);
    } else if (request.method !== 'GET' && request.method !== 'HEAD') {
      response.setHeader('allow', 'GET, HEAD');
      refuse(response, 405, `${path} answers GET and HEAD only.`, 'METHOD_NOT_ALLOWED');
    } else {
      answer(request, response);
    }
  });
  server.on('clientError', createClientErrorHandler(true));
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
