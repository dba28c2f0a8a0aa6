import type { FastifyInstance } from 'fastify';
import {
  containsUnstorableText,
  invalidCharacters,
  isPlainSegment,
} from '../validation/text-input.js';

/**
 * Path parameters and query values reach SQL as text: a NUL there is a Postgres error, so they
 * are refused with 400 before a handler runs. Path segments (slugs, usernames, ids) also may not
 * hold control characters; query values may (a GraphQL document sent by GET has newlines).
 */
export function registerParameterTextCheck(fastify: FastifyInstance): void {
  fastify.addHook('onRequest', (request, _reply, done) => {
    const params = Object.values((request.params ?? {}) as Record<string, unknown>);
    if (params.some((value) => typeof value === 'string' && !isPlainSegment(value))) {
      done(invalidCharacters('A path parameter', 'a control character or an unpaired surrogate'));
      return;
    }
    if (containsUnstorableText(request.query)) {
      done(invalidCharacters('The query string'));
      return;
    }
    done();
  });
}
