import type { FastifyInstance } from 'fastify';
import type { IncomingMessage, Server } from 'node:http';
import { AppError } from '../errors/app-error.js';

const UNSUPPORTED_EXPECTATION = Symbol('unsupportedExpectation');

type MarkedRequest = IncomingMessage & { [UNSUPPORTED_EXPECTATION]?: boolean };

/**
 * A request with an `Expect` header other than 100-continue goes through Fastify like any
 * other; Node would answer it with a bare 417 of its own.
 */
export function forwardExpectations(server: Server): void {
  server.on('checkExpectation', (request: MarkedRequest, response) => {
    request[UNSUPPORTED_EXPECTATION] = true;
    server.emit('request', request, response);
  });
}

/** Other expectations than 100-continue get 417. */
export function registerExpectations(fastify: FastifyInstance): void {
  fastify.addHook('onRequest', (request, _reply, done) => {
    if (!(request.raw as MarkedRequest)[UNSUPPORTED_EXPECTATION]) return done();
    done(
      new AppError(
        'expectation_failed',
        'EXPECTATION_UNSUPPORTED',
        'The only expectation this server meets is "Expect: 100-continue".',
      ),
    );
  });
}
