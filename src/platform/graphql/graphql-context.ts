import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Principal } from '../auth/authenticated-request.js';

/** What every resolver receives as context: the HTTP request, the caller, per-request loaders. */
export interface GraphqlContext {
  request: FastifyRequest;
  reply: FastifyReply;
  principal?: Principal;
  /** Per-request DataLoaders, created lazily by name so each request batches on its own. */
  loaders: Map<string, unknown>;
}
