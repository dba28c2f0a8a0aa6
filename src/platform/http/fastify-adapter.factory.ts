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
    // On close Node itself ends idle keep-alive sockets and lets busy ones finish their
    // response. ('idle' would sweep only once, leaving later-idle sockets open for 72 s.)
    forceCloseConnections: false,
    return503OnClosing: true,
    routerOptions: { ignoreTrailingSlash: true, maxParamLength: 200 },
  });
}
