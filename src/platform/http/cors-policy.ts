import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { REQUEST_ID_HEADER } from './request-id.js';

/**
 * What a browser front end on an allowed origin may send and read: every method and request
 * header the API uses, and every response header it documents. (@fastify/cors allows only
 * GET, HEAD and POST unless told otherwise, which blocks every PUT and DELETE.)
 */
export const CORS_POLICY = {
  methods: ['GET', 'HEAD', 'POST', 'PUT', 'DELETE'],
  allowedHeaders: [
    'authorization',
    'content-type',
    'idempotency-key',
    'if-none-match',
    REQUEST_ID_HEADER,
  ],
  exposedHeaders: [
    REQUEST_ID_HEADER,
    'etag',
    'retry-after',
    'ratelimit-limit',
    'ratelimit-remaining',
    'ratelimit-reset',
    'ratelimit-policy',
    'idempotent-replayed',
  ],
  /** Seconds a browser may reuse a preflight answer. */
  maxAge: 600,
} as const;

type CorsOptions = NonNullable<Parameters<NestFastifyApplication['enableCors']>[0]>;

/** The options for `enableCors`, for an allow-list of origins (no credentials: bearer tokens only). */
export function corsOptions(origins: readonly string[]): CorsOptions {
  return {
    origin: [...origins],
    credentials: false,
    methods: [...CORS_POLICY.methods],
    allowedHeaders: [...CORS_POLICY.allowedHeaders],
    exposedHeaders: [...CORS_POLICY.exposedHeaders],
    maxAge: CORS_POLICY.maxAge,
    // An OPTIONS without Origin or Access-Control-Request-Method is no preflight; the default
    // answers it with a text/plain 400 of its own instead of a problem.
    strictPreflight: false,
  };
}
