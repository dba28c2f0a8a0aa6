import type { FastifyInstance } from 'fastify';

/**
 * A WebSocket upgrade refused with an HTTP answer (429 from the rate limit, 404, a 400 of a hook)
 * leaves its socket open for good: Node hands an upgrade's socket over without an HTTP parser,
 * and @fastify/websocket closes it only for requests that reached its own hooks. Each refusal
 * would keep a socket (and a file descriptor), and shutdown would wait on them. Closes the socket
 * once the refusal is sent; an accepted upgrade is hijacked and never gets here.
 */
export function registerRefusedUpgradeClose(fastify: FastifyInstance): void {
  fastify.addHook('onResponse', (request, _reply, done) => {
    if (request.headers.upgrade !== undefined) request.raw.socket.destroy();
    done();
  });
}
