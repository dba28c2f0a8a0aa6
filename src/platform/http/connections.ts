import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { Socket } from 'node:net';

interface ConnectionState {
  /** Requests whose response has not closed yet (more than one when pipelined). */
  active: number;
  /** The latest request and its response. */
  request?: IncomingMessage;
  response?: ServerResponse;
  /** socket.bytesRead when the last response closed: more since then means a request started. */
  bytesWhenIdle: number;
}

const states = new WeakMap<Socket, ConnectionState>();
const openByServer = new WeakMap<Server, Set<Socket>>();
const acceptedByServer = new WeakMap<Server, { count: number }>();

/**
 * Follows every connection of the server, and whether a request is in progress on it: shutdown
 * and the timeout handler decide from this what may be closed, and how.
 */
export function trackConnections(server: Server): void {
  if (openByServer.has(server)) return;
  const open = new Set<Socket>();
  const accepted = { count: 0 };
  openByServer.set(server, open);
  acceptedByServer.set(server, accepted);
  server.on('connection', (socket: Socket) => {
    accepted.count += 1;
    open.add(socket);
    states.set(socket, { active: 0, bytesWhenIdle: 0 });
    socket.once('close', () => open.delete(socket));
  });
  // First, so that a response finished synchronously by a later listener is still seen.
  server.prependListener('request', (request: IncomingMessage, response: ServerResponse) => {
    const state = states.get(request.socket);
    if (!state) return;
    state.active += 1;
    state.request = request;
    state.response = response;
    response.once('close', () => {
      state.active -= 1;
      state.bytesWhenIdle = request.socket.bytesRead;
    });
  });
}

export function openConnections(server: Server): ReadonlySet<Socket> {
  return openByServer.get(server) ?? new Set();
}

/** Connections accepted since the server started. */
export function acceptedConnections(server: Server): number {
  return acceptedByServer.get(server)?.count ?? 0;
}

/** No response pending and no byte of a further request received. */
export function isIdle(socket: Socket): boolean {
  const state = states.get(socket);
  return !state || (state.active === 0 && socket.bytesRead === state.bytesWhenIdle);
}

export type ConnectionPhase =
  /** Nothing pending: between requests, or never used. */
  | 'idle'
  /** Part of a request (headers or body) received, the rest still awaited. */
  | 'receiving'
  /** The whole request received; the handler has not started its answer. */
  | 'handling'
  /** The answer has started going out. */
  | 'responding';

export function connectionPhase(socket: Socket): ConnectionPhase {
  const state = states.get(socket);
  if (isIdle(socket)) return 'idle';
  if (!state || state.active === 0 || !state.request || !state.response) return 'receiving';
  if (state.response.headersSent) return 'responding';
  return state.request.complete ? 'handling' : 'receiving';
}
