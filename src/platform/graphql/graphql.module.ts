import { Logger, Module } from '@nestjs/common';
import { GraphQLModule } from '@nestjs/graphql';
import { MercuriusDriver, type MercuriusDriverConfig } from '@nestjs/mercurius';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { NoSchemaIntrospectionCustomRule } from 'graphql';
import mercurius from 'mercurius';
import { APP_CONFIG, type AppConfig } from '../../config/app-config.js';
import { GqlAuthGuard, GqlOptionalAuthGuard } from './gql-auth.guards.js';
import type { GraphqlContext } from './graphql-context.js';
import { refusedRequestStatus, toClientError } from './graphql-errors.js';
import { GraphqlPubSub } from './graphql-pubsub.js';
import { GraphqlPubSubModule } from './graphql-pubsub.module.js';
import { GRAPHQL_PATH } from './graphql-path.js';
import {
  graphqlLimitHooks,
  graphqlLimitRouteOptions,
  graphqlLimitRules,
} from './limits/graphql-limits.js';
import { subscriptionValidationHook } from './subscription-validation.hook.js';

const logger = new Logger('GraphQL');

/** POST /graphql (and GET for queries), code-first, on Fastify through Mercurius. */
@Module({
  imports: [
    GraphQLModule.forRootAsync<MercuriusDriverConfig>({
      driver: MercuriusDriver,
      imports: [GraphqlPubSubModule],
      inject: [APP_CONFIG, GraphqlPubSub],
      useFactory: (config: AppConfig, pubsub: GraphqlPubSub) => {
        const rules = [
          ...graphqlLimitRules(config.graphql),
          ...(config.app.isProduction ? [NoSchemaIntrospectionCustomRule] : []),
        ];
        return {
          path: GRAPHQL_PATH,
          autoSchemaFile: true,
          sortSchema: true,
          graphiql: !config.app.isProduction,
          validationRules: rules,
          hooks: {
            ...graphqlLimitHooks(config.graphql),
            // Mercurius skips validation on the WebSocket path; the same rules as validationRules.
            preSubscriptionExecution: subscriptionValidationHook(rules),
          },
          allowBatchedQueries: true,
          additionalRouteOptions: graphqlLimitRouteOptions(config.graphql),
          context: (request: FastifyRequest, reply: FastifyReply): GraphqlContext => ({
            request,
            reply,
            loaders: new Map(),
          }),
          // Subscriptions: WebSocket on the same path (graphql-ws); events travel through Redis.
          subscription: {
            emitter: pubsub.emitter,
            context: () => ({ loaders: new Map<string, unknown>() }),
          },
          errorFormatter: (execution, context) => {
            const statusCode = refusedRequestStatus(
              execution,
              mercurius.defaultErrorFormatter(execution, context).statusCode,
            );
            const errors = execution.errors.map((error) => {
              const { error: clientError, unexpected } = toClientError(error);
              if (unexpected)
                logger.error(
                  { err: error.originalError ?? error, path: error.path },
                  'resolver failed',
                );
              return clientError;
            });
            // A mutation sent with GET: RFC 9110 wants the method that works named.
            if (statusCode === 405) void context.reply.header('allow', 'POST');
            return { statusCode, response: { data: execution.data ?? null, errors } };
          },
        };
      },
    }),
  ],
  providers: [GqlAuthGuard, GqlOptionalAuthGuard],
  exports: [GqlAuthGuard, GqlOptionalAuthGuard],
})
export class GraphqlModule {}
