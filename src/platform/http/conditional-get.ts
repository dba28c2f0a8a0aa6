import { hash } from 'node:crypto';
import type { FastifyInstance } from 'fastify';

const weak = (tag: string) => (tag.startsWith('W/') ? tag.slice(2) : tag);

/** A Vary value with `field` added once to whatever it already lists. */
export function withVary(current: unknown, field: string): string {
  const listed = Array.isArray(current)
    ? current.join(',')
    : typeof current === 'string'
      ? current
      : '';
  const fields = listed
    .split(',')
    .map((item) => item.trim())
    .filter(Boolean);
  if (!fields.some((item) => item.toLowerCase() === field.toLowerCase())) fields.push(field);
  return fields.join(', ');
}

/** RFC 9110 weak comparison against an If-None-Match list (or "*"). */
export function matchesIfNoneMatch(header: string | undefined, etag: string): boolean {
  if (!header) return false;
  return header.split(',').some((candidate) => {
    const tag = candidate.trim();
    return tag === '*' || weak(tag) === weak(etag);
  });
}

/**
 * Anonymous GETs under /api carry an ETag, and a matching If-None-Match gets 304 with no body.
 * Authenticated answers depend on the viewer (`favorited`, `following`) and are left alone;
 * `Vary: Authorization` keeps shared caches from mixing the two.
 */
export function registerConditionalGet(fastify: FastifyInstance): void {
  fastify.addHook('onSend', (request, reply, payload, done) => {
    if (
      request.method !== 'GET' ||
      reply.statusCode !== 200 ||
      request.headers.authorization !== undefined ||
      typeof payload !== 'string' ||
      !request.url.startsWith('/api/')
    ) {
      done(null, payload);
      return;
    }
    // The one-shot hash: a third of createHash().update().digest() for a small answer.
    const etag = `W/"${hash('sha1', payload, 'base64url')}"`;
    void reply
      .header('etag', etag)
      .header('cache-control', 'no-cache')
      // Added to, not replaced: CORS has already put Origin there.
      .header('vary', withVary(reply.getHeader('vary'), 'Authorization'));
    if (matchesIfNoneMatch(request.headers['if-none-match'], etag)) {
      void reply.code(304);
      done(null, '');
      return;
    }
    done(null, payload);
  });
}
