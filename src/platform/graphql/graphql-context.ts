import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Principal } from '../auth/authenticated-request.js';
import type { MemoRecorder } from './response-memo/memo-recorder.js';

/** What every resolver receives as context: the HTTP request, the caller, per-request loaders. */
export interface GraphqlContext {
  request: FastifyRequest;
  reply: FastifyReply;
  principal?: Principal;
  /** Per-request DataLoaders, created lazily by name so each request batches on its own. */
  loaders: Map<string, unknown>;
  /** Set for an operation the response memo may keep: its root resolvers report their reads. */
  memo?: MemoRecorder;
}
