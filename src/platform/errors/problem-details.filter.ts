import { type ArgumentsHost, Catch, type ExceptionFilter, Inject } from '@nestjs/common';
import { GqlArgumentsHost } from '@nestjs/graphql';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { GraphQLError, type GraphQLResolveInfo, OperationTypeNode } from 'graphql';
import type { Logger } from 'pino';
import { ROOT_LOGGER } from '../../infra/logger/logger.module.js';
import { subscriptionError } from '../graphql/graphql-subscriptions.js';
import { replyWithProblem } from './problem-reply.js';

/** The one global REST error filter: every error leaves as RFC 9457 problem details. */
@Catch()
export class ProblemDetailsFilter implements ExceptionFilter {
  private readonly logger: Logger;

  constructor(@Inject(ROOT_LOGGER) root: Logger) {
    this.logger = root.child({ context: ProblemDetailsFilter.name });
  }

  catch(error: unknown, host: ArgumentsHost): void {
    // GraphQL errors go back to Mercurius, whose error formatter answers them; it does not
    // format a subscription's setup errors (a pipe refusing an argument), so they are here.
    if (host.getType<string>() === 'graphql') {
      const info = GqlArgumentsHost.create(host).getInfo<GraphQLResolveInfo | undefined>();
      const subscribing = info?.operation.operation === OperationTypeNode.SUBSCRIPTION;
      throw subscribing && !(error instanceof GraphQLError) ? subscriptionError(error) : error;
    }
    const http = host.switchToHttp();
    replyWithProblem(
      error,
      http.getRequest<FastifyRequest>(),
      http.getResponse<FastifyReply>(),
      this.logger,
    );
  }
}
