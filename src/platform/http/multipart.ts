import multipart from '@fastify/multipart';
import type { FastifyInstance } from 'fastify';
import { AppError } from '../errors/app-error.js';

/**
 * Accepts multipart/form-data on the given routes only; everywhere else it is refused with 415
 * before a handler runs, as any non-JSON body is. Files are read by the handlers themselves,
 * with their own size limits (see modules/images/upload/read-image-part.ts).
 */
export function registerMultipart(fastify: FastifyInstance, routes: readonly string[]): void {
  void fastify.register(multipart, {
    limits: { files: 1, parts: 10, fields: 8, fieldSize: 1024, headerPairs: 100 },
  });
  const accepted = new Set(routes);
  fastify.addHook('preValidation', (request, _reply, done) => {
    if (request.isMultipart() && !accepted.has(request.routeOptions.url ?? '')) {
      done(
        new AppError(
          'unsupported_media_type',
          'MULTIPART_NOT_ACCEPTED',
          'This route does not take multipart/form-data; send application/json.',
        ),
      );
      return;
    }
    done();
  });
}
