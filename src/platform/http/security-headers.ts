import type { FastifyInstance } from 'fastify';
import { API_DOCS_PATH } from '../openapi/openapi-constants.js';

type Headers = Record<string, string>;

/** Sent with every response. */
const COMMON: Headers = {
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  // Browsers ignore it over plain HTTP; behind TLS it pins HTTPS for a year.
  'strict-transport-security': 'max-age=31536000; includeSubDomains',
  'referrer-policy': 'no-referrer',
  'cross-origin-opener-policy': 'same-origin',
  'origin-agent-cluster': '?1',
  'x-dns-prefetch-control': 'off',
  'x-download-options': 'noopen',
  'x-permitted-cross-domain-policies': 'none',
  'permissions-policy': 'camera=(), microphone=(), geolocation=(), payment=()',
};

/** JSON answers are never rendered as a page: nothing may load, run or frame them. */
const API: Headers = {
  ...COMMON,
  'content-security-policy':
    "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'",
  'cross-origin-resource-policy': 'same-origin',
};

/** Processed images are meant to be embedded by front ends on other origins. */
const MEDIA: Headers = {
  ...COMMON,
  'content-security-policy': "default-src 'none'; frame-ancestors 'none'; sandbox",
  'cross-origin-resource-policy': 'cross-origin',
};

/**
 * The GraphiQL page (development only) loads everything from this origin (served from
 * node_modules). Its dialogs inject <style> elements, hence inline styles; never inline scripts.
 */
const DOCS: Headers = {
  ...COMMON,
  'content-security-policy': [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self' 'unsafe-inline'",
    "font-src 'self' data:",
    "img-src 'self' data:",
    "connect-src 'self'",
    "object-src 'none'",
    "frame-ancestors 'none'",
    "base-uri 'none'",
    "form-action 'self'",
  ].join('; '),
  'cross-origin-resource-policy': 'same-origin',
};

/**
 * Swagger UI at /docs: its scripts, styles and images are served by the app itself (from the
 * swagger-ui-dist package). Inline styles are Swagger UI's own; no script comes from elsewhere.
 */
const API_DOCS: Headers = {
  ...COMMON,
  'content-security-policy': [
    "default-src 'none'",
    "script-src 'self'",
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data:",
    "font-src 'self'",
    "connect-src 'self'",
    "frame-ancestors 'none'",
    "base-uri 'none'",
    "form-action 'none'",
  ].join('; '),
  'cross-origin-resource-policy': 'same-origin',
};

/** Which set a path gets; a startsWith per request, the header objects are built once. */
export function securityHeadersFor(path: string): Headers {
  if (path.startsWith('/media/')) return MEDIA;
  if (path.startsWith('/graphiql')) return DOCS;
  if (path.startsWith(API_DOCS_PATH)) return API_DOCS;
  return API;
}

/**
 * Helmet-grade response headers, computed once at boot. (@fastify/helmet rebuilds its
 * middleware chain for every request; measured here, that halved the throughput of a light
 * endpoint.) Set in onRequest, so error answers, 404s and 429s carry them too, and checked again
 * in onSend for answers given by a hook that runs before ours (the CORS preflight).
 */
export function registerSecurityHeaders(fastify: FastifyInstance): void {
  fastify.addHook('onRequest', (request, reply, done) => {
    void reply.headers(securityHeadersFor(request.url));
    done();
  });
  fastify.addHook('onSend', (request, reply, payload, done) => {
    if (!reply.hasHeader('x-content-type-options'))
      void reply.headers(securityHeadersFor(request.url));
    done(null, payload);
  });
}
