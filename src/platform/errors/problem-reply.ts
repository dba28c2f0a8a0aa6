import type { FastifyReply, FastifyRequest } from 'fastify';
import { buildProblem, PROBLEM_CONTENT_TYPE } from './problem-details.js';
import { REQUEST_ID_HEADER } from '../http/request-id.js';
import { summarizeError } from './error-to-problem.js';

/** Answers any error as application/problem+json; unexpected errors are logged, never shown. */
export function replyWithProblem(
  error: unknown,
  request: FastifyRequest,
  reply: FastifyReply,
  logger: {
    error(details: object, message: string): void;
    warn(details: object, message: string): void;
  },
): void {
  const summary = summarizeError(error);
  if (summary.unexpected) {
    logger.error({ err: error, request_id: request.id }, 'unhandled error while serving request');
  }
  if (summary.slipped) {
    logger.warn({ err: error, request_id: request.id }, 'the database refused a request value');
  }
  const problem = buildProblem({
    status: summary.status,
    detail: summary.detail,
    code: summary.code,
    messages: summary.messages,
    instance: request.url,
    requestId: request.id,
  });
  // Router errors happen before the hook that normally sets it.
  reply.header(REQUEST_ID_HEADER, request.id);
  if (summary.status === 401) reply.header('www-authenticate', 'Token realm="conduit"');
  if (summary.status === 503) reply.header('retry-after', '5');
  if (summary.headers) void reply.headers(summary.headers);
  void reply.status(summary.status).header('content-type', PROBLEM_CONTENT_TYPE).send(problem);
}
