import { FastifyAdapter } from '@nestjs/platform-fastify';
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import type { AppConfig } from '../../config/app-config.js';
import { GRAPHQL_PATH } from '../graphql/graphql-path.js';
import { rootErrorHandler } from '../graphql/root-error-handler.js';
import { resolveRequestId } from './request-id.js';

/**
 * Keeps the one error handler installed at creation. Fastify routes keep the handler in force
 * when they are registered, and Nest and Mercurius each try to install their own later; ours
 * answers REST errors as problem details and GraphQL ones in GraphQL's shape.
 */
class ConduitFastifyAdapter extends FastifyAdapter {
  override setErrorHandler(): ReturnType<FastifyAdapter['setErrorHandler']> {
    return this.getInstance();
  }
}

/** Longest path segment a route parameter may take; longer ones answer 414. */
export const MAX_PARAM_LENGTH = 200;

/** The Fastify server settings this service relies on. */
export function createFastifyAdapter(config: AppConfig): FastifyAdapter {
  const onError = rootErrorHandler(GRAPHQL_PATH);
  const adapter = new ConduitFastifyAdapter({
    // Request logging is done by pino-http; Fastify's own logger stays off.
    logger: false,
    genReqId: resolveRequestId,
    requestIdHeader: false,
    bodyLimit: config.http.bodyLimitBytes,
    // Decides request.ip, which rate limits key on: only trusted proxies may name the client.
    // (Fastify accepts a hop count at runtime; its types leave numbers out.)
    trustProxy: config.http.trustProxy as boolean | string[],
    // On close Node itself ends idle keep-alive sockets and lets busy ones finish their
    // response. ('idle' would sweep only once, leaving later-idle sockets open for 72 s.)
    forceCloseConnections: false,
    return503OnClosing: true,
    routerOptions: { ignoreTrailingSlash: true, maxParamLength: MAX_PARAM_LENGTH },
    // Router errors (a path parameter over maxParamLength: 414) skip the error handler.
    frameworkErrors: (error: FastifyError, request: FastifyRequest, reply: FastifyReply) =>
      onError(error, request, reply),
  });
  adapter.getInstance().setErrorHandler(onError);
  return adapter;
}
