import { FastifyAdapter } from '@nestjs/platform-fastify';
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import type { AppConfig } from '../../config/app-config.js';
import { AppError } from '../errors/app-error.js';
import { GRAPHQL_PATH } from '../graphql/graphql-path.js';
import { rootErrorHandler } from '../graphql/root-error-handler.js';
import { AllowedMethods } from './allowed-methods.js';
import { createClientErrorHandler } from './client-errors.js';
import { trackConnections } from './connections.js';
import { forwardExpectations } from './expectations.js';
import { resolveRequestId } from './request-id.js';
import { securityHeadersFor } from './security-headers.js';
import { handleStalledConnections } from './stalled-connections.js';

/**
 * Keeps the one error handler installed at creation. Fastify routes keep the handler in force
 * when they are registered, and Nest and Mercurius each try to install their own later; ours
 * answers REST errors as problem details and GraphQL ones in GraphQL's shape.
 */
class ConduitFastifyAdapter extends FastifyAdapter {
  private readonly allowedMethods = new AllowedMethods(this.getInstance());

  override setErrorHandler(): ReturnType<FastifyAdapter['setErrorHandler']> {
    return this.getInstance();
  }

  /** Nest's 404 for unknown routes, except where the path exists with other methods: 405. */
  override setNotFoundHandler(
    handler: Parameters<FastifyAdapter['setNotFoundHandler']>[0],
  ): ReturnType<FastifyAdapter['setNotFoundHandler']> {
    return super.setNotFoundHandler((request: FastifyRequest, reply: FastifyReply) => {
      const allowed = this.allowedMethods.for(request.url);
      if (allowed.length === 0) {
        return (handler as (request: FastifyRequest, reply: FastifyReply) => unknown)(
          request,
          reply,
        );
      }
      throw new AppError(
        'method_not_allowed',
        'METHOD_NOT_ALLOWED',
        `${request.method} is not allowed here; this path takes ${allowed.join(', ')}.`,
        undefined,
        { allow: allowed.join(', ') },
      );
    });
  }
}

/** Longest path segment a route parameter may take; longer ones answer 414. */
export const MAX_PARAM_LENGTH = 200;
// How often Node looks for requests past their headers or request timeout (its default: 30 s).
const TIMEOUT_CHECK_INTERVAL_MS = 1_000;

/** The Fastify server settings this service relies on. */
export function createFastifyAdapter(config: AppConfig): FastifyAdapter {
  const onError = rootErrorHandler(GRAPHQL_PATH);
  const { timeouts, securityHeaders } = config.http;
  const adapter = new ConduitFastifyAdapter({
    // Request logging is ours (request-logging.ts); Fastify's own logger stays off.
    logger: false,
    // No Express-style middleware: the request plumbing is Fastify hooks (configure-http.ts).
    // Without this, Nest registers @fastify/middie, whose hook every request then passes
    // through with nothing to run (ADR 0018). A Nest middleware (MiddlewareConsumer, app.use)
    // needs this line removed.
    skipMiddie: true,
    genReqId: resolveRequestId,
    requestIdHeader: false,
    bodyLimit: config.http.bodyLimitBytes,
    // Decides request.ip, which rate limits key on: only trusted proxies may name the client.
    // (Fastify accepts a hop count at runtime; its types leave numbers out.)
    trustProxy: config.http.trustProxy as boolean | string[],
    // Closing is ours (close-http-server.ts): connections the kernel has already accepted are
    // served, and a request arriving once the pools close gets a problem (shutdown-responses.ts).
    forceCloseConnections: false,
    return503OnClosing: false,
    requestTimeout: timeouts.requestMs,
    connectionTimeout: timeouts.connectionMs,
    keepAliveTimeout: timeouts.keepAliveMs,
    http: {
      headersTimeout: timeouts.headersMs,
      connectionsCheckingInterval: Math.min(TIMEOUT_CHECK_INTERVAL_MS, timeouts.headersMs),
      // Checked in a hook instead (host-header.ts), so the 400 is a problem like the others.
      requireHostHeader: false,
    },
    clientErrorHandler: createClientErrorHandler(securityHeaders),
    routerOptions: { ignoreTrailingSlash: true, maxParamLength: MAX_PARAM_LENGTH },
    // Router errors (a path parameter over maxParamLength: 414, bad percent-encoding) skip the
    // hooks, the security headers' included.
    frameworkErrors: (error: FastifyError, request: FastifyRequest, reply: FastifyReply) => {
      if (securityHeaders) void reply.headers(securityHeadersFor(request.url));
      onError(error, request, reply);
    },
  });
  adapter.getInstance().setErrorHandler(onError);
  const server = adapter.getInstance().server;
  trackConnections(server);
  handleStalledConnections(server, securityHeaders);
  forwardExpectations(server);
  return adapter;
}
