import { randomUUID } from 'node:crypto';
import { STATUS_CODES } from 'node:http';
import type { Socket } from 'node:net';
import { buildProblem, PROBLEM_CONTENT_TYPE } from '../errors/problem-details.js';
import { REQUEST_ID_HEADER } from './request-id.js';
import { securityHeadersFor } from './security-headers.js';

export interface RawProblem {
  status: number;
  code: string;
  detail: string;
  /** Extra response headers (lower-case names). */
  headers?: Record<string, string>;
}

// How long what a client still sends after its answer is read and dropped.
const LINGER_MS = 2_000;

/**
 * A complete HTTP/1.1 problem answer, for the cases Node and Fastify handle before any request
 * object exists (unparseable requests, timeouts): no route, so the API's security headers.
 */
export function rawProblem(problem: RawProblem, securityHeaders: boolean): string {
  const requestId = randomUUID();
  const { status, code, detail } = problem;
  const body = JSON.stringify(buildProblem({ status, code, detail, requestId }));
  const headers: Record<string, string> = {
    date: new Date().toUTCString(),
    ...(securityHeaders ? securityHeadersFor('/') : {}),
    [REQUEST_ID_HEADER]: requestId,
    'content-type': PROBLEM_CONTENT_TYPE,
    'content-length': String(Buffer.byteLength(body)),
    ...problem.headers,
    connection: 'close',
  };
  const lines = Object.entries(headers).map(([name, value]) => `${name}: ${value}`);
  const statusLine = `HTTP/1.1 ${status} ${STATUS_CODES[status] ?? 'Error'}`;
  return `${statusLine}\r\n${lines.join('\r\n')}\r\n\r\n${body}`;
}

/**
 * Sends the last bytes of a connection, then keeps reading (and dropping) what the client still
 * sends until it closes its side too, for at most LINGER_MS, before closing. Closing with unread
 * bytes in the socket makes the kernel reset the connection, and the client may lose the answer.
 */
export function endWithLinger(socket: Socket, data: string): void {
  socket.end(data);
  const timer = setTimeout(() => socket.destroy(), LINGER_MS);
  timer.unref();
  socket.once('close', () => clearTimeout(timer));
  socket.resume();
}
