import type { FastifyReply } from 'fastify';

/** Tells the client (and anyone debugging) whether the answer came from the cache. */
export function setCacheHeader(reply: FastifyReply, outcome: string): void {
  void reply.header('x-cache', outcome.toUpperCase());
}
