import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { Server } from 'node:http';
import { Server as NetServer } from 'node:net';
import { acceptedConnections, openConnections } from './connections.js';

const SWEEP_INTERVAL_MS = 100;
// Bounds taking what the kernel has queued, should clients keep connecting.
const ACCEPT_QUEUE_MAX_MS = 2_000;
// How long a connection taken from the kernel's queue may stay silent before it is closed.
const FIRST_BYTE_GRACE_MS = 1_000;

/** Resolves in the check phase of the next loop turn: after a poll phase, which accepts one waiting connection. */
const nextLoopTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * Stops accepting connections and resolves once every open one has ended. Each step keeps a
 * client that connected before shutdown from being reset:
 * 1. The kernel's accept queue is emptied first: closing the listener resets what is still in
 *    it. Node takes one connection per loop turn, so turns run until two in a row find none.
 * 2. The listener closes through net.Server's close: http.Server's would also destroy, as idle,
 *    every connection whose request has not been read yet, the ones just accepted included.
 * 3. Once each connection has sent its first bytes (or stayed silent past a grace period),
 *    Fastify closes: WebSockets end, Node closes idle connections and lets busy ones finish.
 *    Idle keep-alive connections are swept again as their response ends.
 */
export async function closeHttpServer(app: NestFastifyApplication): Promise<void> {
  const server = app.getHttpServer();
  await untilAcceptQueueEmpty(server);
  if (server.listening) NetServer.prototype.close.call(server);
  await untilEveryConnectionHasSpoken(server);
  const sweep = setInterval(() => server.closeIdleConnections(), SWEEP_INTERVAL_MS);
  try {
    await app.getHttpAdapter().close();
  } finally {
    clearInterval(sweep);
  }
}

async function untilAcceptQueueEmpty(server: Server): Promise<void> {
  const deadline = Date.now() + ACCEPT_QUEUE_MAX_MS;
  // The first immediate may run in the current turn, before any poll phase.
  await nextLoopTurn();
  let quietTurns = 0;
  while (quietTurns < 2 && Date.now() < deadline) {
    const before = acceptedConnections(server);
    await nextLoopTurn();
    quietTurns = acceptedConnections(server) === before ? quietTurns + 1 : 0;
  }
}

async function untilEveryConnectionHasSpoken(server: Server): Promise<void> {
  const deadline = Date.now() + FIRST_BYTE_GRACE_MS;
  for (;;) {
    await nextLoopTurn();
    const silent = [...openConnections(server)].filter((socket) => socket.bytesRead === 0);
    if (silent.length === 0) return;
    if (Date.now() >= deadline) {
      for (const socket of silent) socket.destroy();
      return;
    }
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
