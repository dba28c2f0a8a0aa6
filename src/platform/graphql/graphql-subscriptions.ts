import { Logger } from '@nestjs/common';
import { GraphQLError } from 'graphql';
import type { GraphqlContext } from './graphql-context.js';
import { toClientError } from './graphql-errors.js';

const logger = new Logger('GraphQL');

/**
 * Mercurius sends an error thrown while setting up a subscription straight to the client,
 * without the errorFormatter: this gives it the same message and `extensions.code`.
 */
export function subscriptionError(error: unknown): GraphQLError {
  const graphqlError =
    error instanceof GraphQLError
      ? error
      : new GraphQLError(error instanceof Error ? error.message : String(error), {
          originalError: error instanceof Error ? error : undefined,
        });
  const { error: clientError, unexpected, slipped } = toClientError(graphqlError);
  if (unexpected) logger.error({ err: error }, 'subscription setup failed');
  if (slipped) logger.warn({ err: error }, 'the database refused a request value');
  return clientError;
}

/**
 * A subscription field's `resolve` that executes each event like a request of its own: one
 * context serves the whole subscription, so per-request DataLoaders would otherwise cache forever.
 */
export function resolveEachEvent<Payload, Result>(select: (payload: Payload) => Result) {
  return (payload: Payload, _args: unknown, context: GraphqlContext): Result => {
    context.loaders = new Map();
    return select(payload);
  };
}
