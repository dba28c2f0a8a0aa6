import { expect } from '@jest/globals';
import { connect, type Socket } from 'node:net';

/** One HTTP/1.1 message as read off the wire. */
export interface RawResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
}

/** What happened on a raw connection: everything the server sent, and how it ended. */
export interface RawExchange {
  /** Everything received, interim `100 Continue` included. */
  text: string;
  ended: 'closed' | 'reset';
  /** The final response, or undefined when nothing complete arrived. */
  response?: RawResponse;
}

export interface RawOptions {
  /** Sent after `head`, one piece every `pauseMs`, until the server closes the connection. */
  trickle?: { piece: string; pauseMs: number };
  /** How long to wait for the server to close before failing (generous: the machine is shared). */
  deadlineMs?: number;
}

/**
 * Sends bytes no HTTP client library would send, and reads until the server closes the
 * connection. Fails when the server has not closed it within the deadline.
 */
export function rawExchange(
  port: number,
  head: string | Buffer,
  options: RawOptions = {},
): Promise<RawExchange> {
  const { trickle, deadlineMs = 20_000 } = options;
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    const chunks: Buffer[] = [];
    let reset = false;
    let trickling: NodeJS.Timeout | undefined;
    const deadline = setTimeout(() => {
      socket.destroy();
      reject(new Error(`the server kept the connection open; it sent:\n${text()}`));
    }, deadlineMs);
    const text = () => Buffer.concat(chunks).toString('latin1');
    socket.on('connect', () => {
      socket.write(head);
      if (trickle)
        trickling = setInterval(() => writeIfOpen(socket, trickle.piece), trickle.pauseMs);
    });
    socket.on('data', (chunk: Buffer) => chunks.push(chunk));
    socket.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'ECONNRESET' || error.code === 'EPIPE') reset = true;
      else reject(error);
    });
    socket.on('close', () => {
      clearTimeout(deadline);
      clearInterval(trickling);
      resolve({
        text: text(),
        ended: reset ? 'reset' : 'closed',
        response: parseLastResponse(text()),
      });
    });
  });
}

function writeIfOpen(socket: Socket, data: string): void {
  if (socket.writable) socket.write(data);
}

/** The last complete response in `text` (after any interim 1xx). */
export function parseLastResponse(text: string): RawResponse | undefined {
  let rest = text;
  let last: RawResponse | undefined;
  while (rest.startsWith('HTTP/1.1 ')) {
    const end = rest.indexOf('\r\n\r\n');
    if (end < 0) break;
    const [statusLine, ...lines] = rest.slice(0, end).split('\r\n');
    const headers = Object.fromEntries(
      lines.map((line) => {
        const colon = line.indexOf(':');
        return [line.slice(0, colon).trim().toLowerCase(), line.slice(colon + 1).trim()];
      }),
    );
    const status = Number(statusLine.split(' ')[1]);
    const length = Number(headers['content-length'] ?? 0);
    const bodyStart = end + 4;
    last = { status, headers, body: rest.slice(bodyStart, bodyStart + length) };
    rest = rest.slice(bodyStart + length);
  }
  return last;
}

/** The headers every answer must carry (src/platform/http/security-headers.ts). */
export function expectSecurityHeaders(headers: Record<string, string | string[] | undefined>) {
  expect(headers).toMatchObject({
    'x-content-type-options': 'nosniff',
    'x-frame-options': 'DENY',
    'strict-transport-security': expect.stringContaining('max-age='),
    'referrer-policy': 'no-referrer',
    'cross-origin-opener-policy': 'same-origin',
    'cross-origin-resource-policy': expect.any(String),
    'content-security-policy': expect.stringContaining("frame-ancestors 'none'"),
  });
}

/** An RFC 9457 problem with this status and code, its requestId matching X-Request-Id. */
export function expectProblem(
  response: { status: number; headers: Record<string, string | string[] | undefined> },
  body: unknown,
  status: number,
  code?: string,
) {
  expect(response.status).toBe(status);
  expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
  expect(body).toMatchObject({
    type: code ? `urn:conduit:problem:${code.toLowerCase().replaceAll('_', '-')}` : 'about:blank',
    title: expect.any(String),
    status,
    detail: expect.any(String),
    requestId: response.headers['x-request-id'],
    errors: { body: [expect.any(String)] },
    ...(code ? { code } : {}),
  });
}
