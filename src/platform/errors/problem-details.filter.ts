import { type ArgumentsHost, Catch, type ExceptionFilter } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { PinoLogger } from 'nestjs-pino';
import { replyWithProblem } from './problem-reply.js';

/** The one global REST error filter: every error leaves as RFC 9457 problem details. */
@Catch()
export class ProblemDetailsFilter implements ExceptionFilter {
  constructor(private readonly logger: PinoLogger) {
    logger.setContext(ProblemDetailsFilter.name);
  }

  catch(error: unknown, host: ArgumentsHost): void {
    // GraphQL errors go back to Mercurius, whose error formatter answers them.
    if (host.getType<string>() === 'graphql') throw error;
    const http = host.switchToHttp();
    replyWithProblem(
      error,
      http.getRequest<FastifyRequest>(),
      http.getResponse<FastifyReply>(),
      this.logger,
    );
  }
}
