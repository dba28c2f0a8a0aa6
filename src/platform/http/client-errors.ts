import { Logger } from '@nestjs/common';
import type { Socket } from 'node:net';
import { connectionPhase } from './connections.js';
import { endWithLinger, rawProblem, type RawProblem } from './raw-problem.js';

const logger = new Logger('HttpClientErrors');
const answered = new WeakSet<Socket>();

const MALFORMED_FRAMING = new Set([
  'HPE_INVALID_CHUNK_SIZE',
  'HPE_INVALID_CONTENT_LENGTH',
  'HPE_UNEXPECTED_CONTENT_LENGTH',
  'HPE_INVALID_TRANSFER_ENCODING',
]);

/** What a client is told about a request Node could not parse or did not receive in time. */
export function clientErrorProblem(code: string | undefined): RawProblem {
  if (code === 'HPE_HEADER_OVERFLOW') {
    return {
      status: 431,
      code: 'HEADERS_TOO_LARGE',
      detail: 'The request headers are larger than this server accepts.',
    };
  }
  if (code === 'ERR_HTTP_REQUEST_TIMEOUT') return requestTimeoutProblem;
  if (code === 'HPE_CHUNK_EXTENSIONS_OVERFLOW') {
    return {
      status: 413,
      code: 'CHUNK_EXTENSIONS_TOO_LARGE',
      detail: 'The chunk extensions of the request body are larger than this server accepts.',
    };
  }
  if (code !== undefined && MALFORMED_FRAMING.has(code)) {
    return {
      status: 400,
      code: 'MALFORMED_BODY_FRAMING',
      detail: 'The Content-Length or chunked encoding of the request body is malformed.',
    };
  }
  if (code === 'HPE_INVALID_URL') {
    return {
      status: 400,
      code: 'MALFORMED_REQUEST_TARGET',
      detail: 'The request target is not a valid path (ASCII only, no spaces).',
    };
  }
  return { status: 400, code: 'MALFORMED_REQUEST', detail: 'The request is not valid HTTP/1.1.' };
}

export const requestTimeoutProblem: RawProblem = {
  status: 408,
  code: 'REQUEST_TIMEOUT',
  detail: 'The request did not arrive in time; send it again, without pauses.',
};

/**
 * Answers a connection-level failure with a problem, unless an answer is already going out on
 * it (then it can only be cut). Further parse errors on a socket already answered are ignored.
 */
export function answerOnSocket(socket: Socket, problem: RawProblem, securityHeaders: boolean) {
  if (answered.has(socket)) return;
  answered.add(socket);
  if (socket.destroyed) return;
  if (!socket.writable || connectionPhase(socket) === 'responding') {
    socket.destroy();
    return;
  }
  endWithLinger(socket, rawProblem(problem, securityHeaders));
}

/**
 * Node's `clientError` (an unparseable request, headers too large, a request timeout). Fastify's
 * default answers plain JSON without the security headers; Node's own, an empty body.
 */
export function createClientErrorHandler(securityHeaders: boolean) {
  return (error: NodeJS.ErrnoException, socket: Socket): void => {
    // A reset connection has nobody left to answer.
    if (error.code === 'ECONNRESET') return;
    const problem = clientErrorProblem(error.code);
    logger.debug(`client error ${error.code ?? error.message}: answered ${problem.status}`);
    answerOnSocket(socket, problem, securityHeaders);
  };
}
