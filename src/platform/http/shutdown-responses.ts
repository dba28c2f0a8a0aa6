import type { FastifyInstance } from 'fastify';
import { AppError } from '../errors/app-error.js';
import type { ShutdownState } from '../lifecycle/shutdown-state.js';

/**
 * While draining, every answer closes its connection, so keep-alive clients reconnect to an
 * instance that stays. Once this one has stopped serving (its pools are closing), a request
 * that still arrives gets a 503 with Retry-After instead of Fastify's bare one.
 */
export function registerShutdownResponses(fastify: FastifyInstance, state: ShutdownState): void {
  fastify.addHook('onRequest', (_request, reply, done) => {
    if (!state.isDraining) return done();
    void reply.header('connection', 'close');
    if (!state.isStopped) return done();
    done(
      new AppError(
        'unavailable',
        'SHUTTING_DOWN',
        'This instance is shutting down; send the request again.',
        undefined,
        { 'retry-after': '1', connection: 'close' },
      ),
    );
  });
}
