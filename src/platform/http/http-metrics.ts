import type { FastifyInstance } from 'fastify';
import type { Metrics } from '../../infra/metrics/metrics.js';
import { isProbePath } from '../health/probe-path.js';

/** Methods the service routes; anything else is counted as _OTHER (semantic conventions). */
const KNOWN_METHODS = new Set(['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS']);

/**
 * `http.server.request.duration`, labelled by route template: `/api/articles/:slug`, never the
 * URL, so neither a crawler nor an attacker can add series. A request no route matched (404,
 * or refused before routing) has an empty route. Probes are left out: they are not traffic, and
 * a probe every second would drown the rates of quiet routes.
 */
export function registerHttpMetrics(fastify: FastifyInstance, metrics: Metrics): void {
  if (!metrics.enabled) return;
  const duration = metrics.histogram('httpDuration');
  fastify.addHook('onResponse', (request, reply, done) => {
    if (!isProbePath(request.url)) {
      duration.observe(
        {
          http_route: request.routeOptions.url ?? '',
          http_request_method: KNOWN_METHODS.has(request.method) ? request.method : '_OTHER',
          http_response_status_code: reply.statusCode,
        },
        reply.elapsedTime / 1000,
      );
    }
    done();
  });
}
