import type { WebSocket } from 'ws';

// Mercurius writes each message as JSON.stringify({ type, id, payload }): type comes first.
const ENDING = ['{"type":"error",', '{"type":"complete",'];

/**
 * Calls `ended(id)` for each operation the server ends on this socket: an `error` (a refusal, a
 * failed resolver) or a `complete`. Mercurius has no hook for either, and a graphql-ws client
 * sends nothing more for such an operation, so this is the only place its end can be seen.
 * Only these two short messages are parsed; data messages pass through untouched.
 */
export function onOperationEnded(socket: WebSocket, ended: (id: string) => void): void {
  const send = socket.send.bind(socket) as (data: unknown, ...rest: unknown[]) => void;
  socket.send = ((data: unknown, ...rest: unknown[]) => {
    if (typeof data === 'string' && ENDING.some((prefix) => data.startsWith(prefix))) {
      const { id } = JSON.parse(data) as { id?: string | number | null };
      if (id !== undefined && id !== null) ended(String(id));
    }
    send(data, ...rest);
  }) as WebSocket['send'];
}
