import { FastifyAdapter } from '@nestjs/platform-fastify';
import type { AppConfig } from '../../config/app-config.js';
import { resolveRequestId } from './request-id.js';

/** The Fastify server settings this service relies on. */
export function createFastifyAdapter(config: AppConfig): FastifyAdapter {
  return new FastifyAdapter({
    // Request logging is done by pino-http; Fastify's own logger stays off.
    logger: false,
    genReqId: resolveRequestId,
    requestIdHeader: false,
    bodyLimit: config.http.bodyLimitBytes,
    // While closing: in-flight requests finish, idle keep-alive sockets are closed, new ones get 503.
    forceCloseConnections: 'idle',
    return503OnClosing: true,
    routerOptions: { ignoreTrailingSlash: true, maxParamLength: 200 },
  });
}
