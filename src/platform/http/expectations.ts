import { errorCodes, type FastifyInstance, type FastifyRequest } from 'fastify';
import type { IncomingMessage, Server } from 'node:http';
import { AppError } from '../errors/app-error.js';

const CONTINUE_PENDING = Symbol('continuePending');
const UNSUPPORTED_EXPECTATION = Symbol('unsupportedExpectation');

type MarkedRequest = IncomingMessage & {
  [CONTINUE_PENDING]?: boolean;
  [UNSUPPORTED_EXPECTATION]?: boolean;
};

// Multipart framing (boundaries, part headers, the small fields) around an upload's file.
const MULTIPART_ALLOWANCE_BYTES = 64 * 1024;

/** Routes that take a file, with their own size limit and the error that refuses more. */
export interface UploadLimits {
  routes: readonly string[];
  maxBytes: number;
  tooLarge: () => AppError;
}

/**
 * Requests with an `Expect` header go through Fastify like any other. Node would otherwise send
 * `100 Continue` at once, inviting a body it may refuse (see registerExpectations), and answer
 * any other expectation with a bare 417.
 */
export function forwardExpectations(server: Server): void {
  server.on('checkContinue', (request: MarkedRequest, response) => {
    request[CONTINUE_PENDING] = true;
    server.emit('request', request, response);
  });
  server.on('checkExpectation', (request: MarkedRequest, response) => {
    request[UNSUPPORTED_EXPECTATION] = true;
    server.emit('request', request, response);
  });
}

/** True while the client holds its body back until `100 Continue`: no body will come. */
export function awaitsContinue(request: IncomingMessage): boolean {
  return (request as MarkedRequest)[CONTINUE_PENDING] === true;
}

/**
 * `Expect: 100-continue` is answered once the request has passed every onRequest check, just
 * before its body is read, and only when its declared length fits the route: an oversized body
 * is refused before the client sends it. Other expectations get 417.
 */
export function registerExpectations(
  fastify: FastifyInstance,
  uploads: UploadLimits | undefined,
): void {
  const uploadRoutes = new Set(uploads?.routes);
  fastify.addHook('onRequest', (request, _reply, done) => {
    if (!(request.raw as MarkedRequest)[UNSUPPORTED_EXPECTATION]) return done();
    done(
      new AppError(
        'expectation_failed',
        'EXPECTATION_UNSUPPORTED',
        'The only expectation this server meets is "Expect: 100-continue".',
      ),
    );
  });
  fastify.addHook('preParsing', (request, reply, payload, done) => {
    const raw = request.raw as MarkedRequest;
    if (!raw[CONTINUE_PENDING]) return done(null, payload);
    const isUpload = uploads !== undefined && uploadRoutes.has(request.routeOptions.url ?? '');
    const limit = isUpload
      ? uploads.maxBytes + MULTIPART_ALLOWANCE_BYTES
      : request.routeOptions.bodyLimit;
    if (declaredLength(request) > limit) {
      // Answered without 100 Continue, so the client never sends the body (see unread-body.ts).
      return done(isUpload ? uploads.tooLarge() : new errorCodes.FST_ERR_CTP_BODY_TOO_LARGE());
    }
    raw[CONTINUE_PENDING] = false;
    reply.raw.writeContinue();
    done(null, payload);
  });
}

function declaredLength(request: FastifyRequest): number {
  const length = Number(request.headers['content-length']);
  return Number.isFinite(length) ? length : 0;
}
