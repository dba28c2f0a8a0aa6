import type { FastifyInstance } from 'fastify';
import { jsonShapeProblem } from './input-limits.js';

/**
 * The only request body parser: JSON parsing with prototype-poisoning protection, which also accepts an empty body.
 * RealWorld clients send `Content-Type: application/json` with no body on routes that take
 * none (favorite, follow); Fastify's default parser answers those with 400.
 */
export function registerJsonBodyParser(fastify: FastifyInstance): void {
  const parseJson = fastify.getDefaultJsonParser('error', 'error');
  // A JSON API: any other media type is answered with 415 (Fastify also parses text/plain).
  fastify.removeAllContentTypeParsers();
  fastify.addContentTypeParser('application/json', { parseAs: 'string' }, (request, body, done) => {
    const text = body.toString();
    if (text.trim() === '') {
      done(null, undefined);
      return;
    }
    void parseJson(request, text, (error, value) => {
      done(error ?? jsonShapeProblem(value) ?? null, error ? undefined : value);
    });
  });
}
