import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { WebSocket } from 'ws';
import { hideSuggestionsOn } from '../schema-suggestions.js';
import type { WebSocketLimits } from './websocket-limits.js';

type WsHandler = (this: unknown, socket: WebSocket, request: FastifyRequest) => unknown;

/**
 * Puts `limits` in front of the WebSocket handler that Mercurius registers on `path`, so a
 * connection over its client's quota is closed before Mercurius reads a message from it; with
 * `hideSuggestions`, no error sent on the socket names schema fields it was not asked about.
 * Mercurius offers no hook for a new connection (onConnect comes with connection_init, which a
 * client may never send), hence the route option is wrapped as the route is registered.
 * Must be called before the GraphQL driver registers its routes.
 */
export function limitWebSocketRoute(
  fastify: FastifyInstance,
  path: string,
  limits: WebSocketLimits,
  { hideSuggestions }: { hideSuggestions: boolean },
): void {
  fastify.addHook('onRoute', (route) => {
    const options = route as { url: string; wsHandler?: WsHandler };
    const handler = options.wsHandler;
    if (options.url !== path || typeof handler !== 'function') return;
    options.wsHandler = function (this: unknown, socket: WebSocket, request: FastifyRequest) {
      if (!limits.open(socket, request)) return;
      if (hideSuggestions) hideSuggestionsOn(socket);
      return handler.call(this, socket, request);
    };
  });
}
