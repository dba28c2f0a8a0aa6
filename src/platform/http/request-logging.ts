import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Logger } from 'pino';
import { requestLogContext } from '../../infra/logger/request-context.js';
import { isProbePath } from '../health/probe-path.js';

function completionFields(request: FastifyRequest, reply: FastifyReply) {
  return {
    request_id: request.id,
    req: { method: request.method, url: request.url, remoteAddress: request.ip },
    res: { statusCode: reply.statusCode },
    responseTime: Math.round(reply.elapsedTime * 1000) / 1000,
  };
}

/**
 * One line per request, written when the response has been sent, and the request id on every
 * line logged while serving it. Two Fastify hooks and one AsyncLocalStorage entry per request:
 * no per-request child logger, and no middleware layer (pino-http over middie cost a quarter
 * of a cached read; bench/README.md, "Where the time goes").
 */
export function registerRequestLogging(fastify: FastifyInstance, logger: Logger): void {
  fastify.addHook('onRequest', (request, _reply, done) => {
    // Probes log nothing (readiness changes are logged where they happen): no context, no line.
    if (isProbePath(request.url)) return done();
    // The rest of the request's hooks and its handler run inside this store.
    requestLogContext.run({ requestId: request.id, unsampledTrace: undefined }, done);
  });
  fastify.addHook('onResponse', (request, reply, done) => {
    if (!isProbePath(request.url)) {
      const status = reply.statusCode;
      const fields = completionFields(request, reply);
      if (status >= 500) logger.error(fields, 'request completed');
      else if (status >= 400) logger.warn(fields, 'request completed');
      else logger.info(fields, 'request completed');
    }
    done();
  });
  // The client left before its answer was sent: say so, once. Info, not a warning: clients hang
  // up all the time (timeouts, closed tabs, load generators at the end of a run), and nothing
  // on our side needs attention.
  fastify.addHook('onRequestAbort', (request, done) => {
    if (!isProbePath(request.url)) {
      logger.info(
        { request_id: request.id, req: { method: request.method, url: request.url } },
        'request aborted',
      );
    }
    done();
  });
}
