import type { Server } from 'node:http';
import type { Socket } from 'node:net';
import { answerOnSocket } from './client-errors.js';
import { connectionPhase } from './connections.js';

const stalledProblem = {
  status: 408,
  code: 'REQUEST_TIMEOUT',
  detail: 'The client sent nothing for too long in the middle of its request.',
};

/**
 * A connection on which no byte has moved for HTTP_CONNECTION_TIMEOUT_MS (or an idle keep-alive
 * one past HTTP_KEEP_ALIVE_TIMEOUT_MS). With a listener here Node no longer just destroys it.
 */
export function handleStalledConnections(server: Server, securityHeaders: boolean): void {
  server.on('timeout', (socket: Socket) => {
    switch (connectionPhase(socket)) {
      case 'receiving':
        answerOnSocket(socket, stalledProblem, securityHeaders);
        return;
      case 'handling':
        // Our side is slow, not the client: the handler answers within its own bounds
        // (statement and command timeouts).
        return;
      default:
        // Idle (nothing to answer), or the client stopped reading its answer.
        socket.destroy();
    }
  });
}
