import type { FastifyInstance } from 'fastify';
import type { IncomingMessage } from 'node:http';
import { awaitsContinue } from './expectations.js';

// An early answer waits for the rest of the body only this long, and only for this many bytes.
const DISCARD_MAX_BYTES = 32 * 1024 * 1024;
const DISCARD_MAX_MS = 5_000;

/**
 * An answer sent before the request body has fully arrived (413, 415, 401, 429...) first reads
 * and drops the rest of the body, within bounds. Closing a connection whose unread bytes sit in
 * the socket makes the kernel reset it, and the client then often loses the answer (EPIPE).
 * Past the bounds the connection is closed anyway.
 */
export function registerUnreadBodyDiscard(fastify: FastifyInstance): void {
  fastify.addHook('onSend', (request, reply, payload, done) => {
    const raw = request.raw;
    if (raw.complete || raw.destroyed || awaitsContinue(raw)) return done(null, payload);
    void discardBody(raw).then((whole) => {
      if (!whole) reply.header('connection', 'close');
      done(null, payload);
    });
  });
}

/** Resolves true once the body has been read to its end, false past the bounds. */
function discardBody(request: IncomingMessage): Promise<boolean> {
  return new Promise((resolve) => {
    let bytes = 0;
    const finish = (whole: boolean) => {
      clearTimeout(timer);
      request.off('data', count);
      request.off('end', onEnd);
      request.off('close', onClose);
      resolve(whole);
    };
    const count = (chunk: Buffer) => {
      bytes += chunk.length;
      if (bytes > DISCARD_MAX_BYTES) finish(false);
    };
    const onEnd = () => finish(true);
    const onClose = () => finish(request.complete);
    const timer = setTimeout(() => finish(false), DISCARD_MAX_MS);
    request.on('data', count);
    request.once('end', onEnd);
    request.once('close', onClose);
    request.resume();
  });
}
