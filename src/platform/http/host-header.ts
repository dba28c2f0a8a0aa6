import type { FastifyInstance } from 'fastify';
import { AppError } from '../errors/app-error.js';

/**
 * RFC 9112: an HTTP/1.1 request without a Host header gets 400. Node's own check (turned off
 * with requireHostHeader: false) answers it with an empty body and none of our headers.
 */
export function registerHostRequirement(fastify: FastifyInstance): void {
  fastify.addHook('onRequest', (request, _reply, done) => {
    if (request.raw.httpVersion !== '1.1' || request.headers.host !== undefined) return done();
    done(
      new AppError(
        'bad_request',
        'HOST_REQUIRED',
        'An HTTP/1.1 request must carry a Host header.',
        undefined,
        { connection: 'close' },
      ),
    );
  });
}
