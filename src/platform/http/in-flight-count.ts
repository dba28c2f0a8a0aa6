import type { FastifyInstance } from 'fastify';
import type { InFlightRequests } from '../lifecycle/in-flight-requests.js';

/**
 * Wraps every route's handler, Nest's and Mercurius's alike, so that {@link InFlightRequests}
 * counts it from its start until the promise it returns settles: for a Nest route, until the
 * answer has been handed to Fastify, whether or not the client is still there. Must be
 * registered before the routes are (configureHttp runs before app.init()).
 */
export function registerInFlightCount(fastify: FastifyInstance, inFlight: InFlightRequests): void {
  fastify.addHook('onRoute', (route) => {
    const handler = route.handler;
    route.handler = function countedHandler(this: FastifyInstance, request, reply) {
      inFlight.enter();
      let result: unknown;
      try {
        result = handler.call(this, request, reply);
      } catch (error) {
        inFlight.leave();
        throw error;
      }
      if (!isThenable(result)) {
        inFlight.leave();
        return result;
      }
      return result.then(
        (value) => {
          inFlight.leave();
          return value;
        },
        (error: unknown) => {
          inFlight.leave();
          throw error;
        },
      );
    };
  });
}

function isThenable(value: unknown): value is PromiseLike<unknown> {
  return typeof (value as PromiseLike<unknown> | undefined)?.then === 'function';
}
