import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

export const REQUEST_ID_HEADER = 'x-request-id';

// Ids from clients are echoed into logs and headers: accept only short, inert tokens.
const ACCEPTABLE_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/**
 * Returns the id of a request: a well-formed incoming `X-Request-Id`, or a new UUID.
 * Memoised on the request so Fastify, the logger and the error filter all see the same id.
 */
export function resolveRequestId(req: IncomingMessage & { id?: unknown }): string {
  if (typeof req.id === 'string') return req.id;
  const incoming = req.headers[REQUEST_ID_HEADER];
  const id = typeof incoming === 'string' && ACCEPTABLE_ID.test(incoming) ? incoming : randomUUID();
  req.id = id;
  return id;
}
