import { Logger } from '@nestjs/common';
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { AppError } from '../errors/app-error.js';
import { replyWithProblem } from '../errors/problem-reply.js';
import { httpStatusFor } from '../errors/problem-status.js';
import { graphqlCodeFor } from './graphql-errors.js';
import { limitReasonOf } from './limits/limit-violation.js';

const logger = new Logger('HttpErrors');
const problemLogger = {
  error: (details: object, message: string) => logger.error(details, message),
  warn: (details: object, message: string) => logger.warn(details, message),
};

interface RequestError extends FastifyError {
  errors?: { message: string }[];
}

/**
 * Mercurius installs its error handler at the root of the Fastify app, where it also receives
 * errors of REST routes (a bad JSON body, a body over the limit). This handler keeps both
 * contracts: GraphQL-shaped errors under the GraphQL path, problem details everywhere else.
 */
export function rootErrorHandler(graphqlPath: string) {
  return (error: RequestError, request: FastifyRequest, reply: FastifyReply): void => {
    if (!request.url.startsWith(graphqlPath)) {
      replyWithProblem(error, request, reply, problemLogger);
      return;
    }
    // Refusals by the HTTP layer (rate limit, bad characters) keep their status and code.
    if (error instanceof AppError) {
      void reply
        .headers(error.headers)
        .code(httpStatusFor(error.kind))
        .send(graphqlErrors(error.details, graphqlCodeFor(error.kind), error.code));
      return;
    }
    const status = error.statusCode && error.statusCode < 500 ? error.statusCode : 500;
    if (status === 500)
      logger.error({ err: error, request_id: request.id }, 'GraphQL request failed');
    const code = status === 500 ? 'INTERNAL_SERVER_ERROR' : 'BAD_USER_INPUT';
    const reason = status === 500 ? undefined : limitReasonOf(error);
    const messages =
      status === 500
        ? ['An unexpected error occurred. It has been logged with the request id.']
        : (error.errors?.map((e) => e.message) ?? [error.message]);
    void reply.code(status).send(graphqlErrors(messages, code, reason));
  };
}

function graphqlErrors(messages: readonly string[], code: string, reason: string | undefined) {
  return {
    data: null,
    errors: messages.map((message) => ({
      message,
      extensions: reason ? { code, reason } : { code },
    })),
  };
}
