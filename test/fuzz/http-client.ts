import { Agent, type ClientRequest, request as httpRequest } from 'node:http';
import { connect } from 'node:net';
import type { FuzzRequest, FuzzResponse } from './fuzz-request.js';

/** Long enough for any answer on a loaded machine; a hang is a finding, not a flake. */
const ANSWER_DEADLINE_MS = 60_000;

/** Sends requests over a few kept-alive connections, and raw bytes over fresh sockets. */
export class HttpClient {
  private readonly agent: Agent;
  private readonly host = '127.0.0.1';
  private readonly port: number;

  constructor(port: number, connections: number) {
    this.port = port;
    this.agent = new Agent({ keepAlive: true, maxSockets: connections });
  }

  send(request: FuzzRequest): Promise<FuzzResponse> {
    return request.raw ? this.sendRaw(request.raw) : this.sendHttp(request);
  }

  close(): void {
    this.agent.destroy();
  }

  /**
   * A request that fails on a kept-alive connection before any answer is sent again once, on a
   * new connection: the server may close an idle connection just as it is reused (browsers
   * retry the same way). A second failure is an answer that never came.
   */
  private sendHttp(request: FuzzRequest, fresh = false): Promise<FuzzResponse> {
    return new Promise((resolve) => {
      let settled = false;
      let answered = false;
      const finish = (response: FuzzResponse) => {
        if (settled) return;
        settled = true;
        resolve(response);
      };
      const failed = (error: Error) => {
        const reset = ['ECONNRESET', 'EPIPE'].includes(errorName(error));
        if (reset && !answered && !fresh && outgoing?.reusedSocket) {
          settled = true;
          resolve(this.sendHttp(request, true));
          return;
        }
        finish({ status: 0, headers: {}, body: Buffer.alloc(0), error: errorName(error) });
      };
      let outgoing: ClientRequest | undefined;
      try {
        outgoing = httpRequest({
          host: this.host,
          port: this.port,
          method: request.method,
          path: request.path,
          headers: framed(request),
          agent: fresh ? false : this.agent,
          timeout: ANSWER_DEADLINE_MS,
        });
      } catch (error) {
        // Node refused to send it (a header it considers invalid): the generator's mistake.
        failed(new Error(`client refused to send: ${(error as Error).message}`));
        return;
      }
      outgoing.on('error', failed);
      outgoing.on('timeout', () => outgoing?.destroy(new Error('timeout')));
      outgoing.on('response', (incoming) => {
        answered = true;
        const chunks: Buffer[] = [];
        const done = () =>
          finish({
            status: incoming.statusCode ?? 0,
            headers: incoming.headers,
            body: Buffer.concat(chunks),
          });
        // An event stream stays open: its status and headers are the answer.
        if (String(incoming.headers['content-type']).startsWith('text/event-stream')) {
          done();
          outgoing.destroy();
          return;
        }
        incoming.on('data', (chunk: Buffer) => chunks.push(chunk));
        incoming.on('end', done);
        incoming.on('error', failed);
      });
      outgoing.end(request.body);
    });
  }

  /**
   * Writes the bytes and reads until one whole answer has arrived or the server closes. No
   * half-close: Node drops the requests of a client that half-closes, unanswered.
   */
  private sendRaw(bytes: Buffer): Promise<FuzzResponse> {
    return new Promise((resolve) => {
      const socket = connect({ host: this.host, port: this.port });
      const chunks: Buffer[] = [];
      let error: string | undefined;
      const timer = setTimeout(() => socket.destroy(new Error('timeout')), ANSWER_DEADLINE_MS);
      const done = () => {
        clearTimeout(timer);
        socket.destroy();
        const parsed = parseRawResponse(Buffer.concat(chunks), true);
        resolve(
          parsed ?? {
            status: 0,
            headers: {},
            body: Buffer.alloc(0),
            error: error ?? 'closed without an answer',
          },
        );
      };
      socket.on('data', (chunk: Buffer) => {
        chunks.push(chunk);
        if (parseRawResponse(Buffer.concat(chunks), false)) done();
      });
      socket.on('error', (cause) => (error = errorName(cause)));
      socket.on('close', done);
      socket.write(bytes);
    });
  }
}

/**
 * The headers with a Content-Length for any body: for GET, DELETE and OPTIONS Node would send
 * the body unframed, and the server would read it as the next request.
 */
function framed(request: FuzzRequest): Record<string, string> {
  if (request.body === undefined) return request.headers;
  const names = Object.keys(request.headers).map((name) => name.toLowerCase());
  if (names.includes('content-length') || names.includes('transfer-encoding'))
    return request.headers;
  return { ...request.headers, 'content-length': String(request.body.length) };
}

function errorName(error: Error): string {
  return (error as NodeJS.ErrnoException).code ?? error.message;
}

/**
 * The first HTTP/1.1 answer in the bytes (a 100 Continue is skipped), chunked bodies decoded;
 * undefined while it is incomplete, unless the connection has `closed` (then the body is what came).
 */
export function parseRawResponse(data: Buffer, closed: boolean): FuzzResponse | undefined {
  let text = data.toString('latin1');
  while (/^HTTP\/1\.[01] 1\d\d /.test(text)) {
    const end = text.indexOf('\r\n\r\n');
    if (end < 0) return undefined;
    text = text.slice(end + 4);
  }
  const end = text.indexOf('\r\n\r\n');
  const match = /^HTTP\/1\.[01] (\d{3})/.exec(text);
  if (end < 0 || !match) return undefined;
  const status = Number(match[1]);
  const headers: Record<string, string> = {};
  for (const line of text.slice(0, end).split('\r\n').slice(1)) {
    const colon = line.indexOf(':');
    if (colon > 0)
      headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
  }
  let body = text.slice(end + 4);
  const length = headers['content-length'];
  if (headers['transfer-encoding']?.includes('chunked')) {
    if (!closed && !body.includes('\r\n0\r\n\r\n') && !body.startsWith('0\r\n\r\n'))
      return undefined;
    body = dechunk(body);
  } else if (length !== undefined) {
    if (!closed && body.length < Number(length)) return undefined;
    body = body.slice(0, Number(length));
  } else if (!closed && status !== 204 && status !== 304) {
    return undefined; // the body runs until the server closes
  }
  return { status, headers, body: Buffer.from(body, 'latin1') };
}

function dechunk(text: string): string {
  let out = '';
  let at = 0;
  for (;;) {
    const lineEnd = text.indexOf('\r\n', at);
    if (lineEnd < 0) return out;
    const size = parseInt(text.slice(at, lineEnd), 16);
    if (!(size > 0)) return out;
    out += text.slice(lineEnd + 2, lineEnd + 2 + size);
    at = lineEnd + 2 + size + 2;
  }
}
