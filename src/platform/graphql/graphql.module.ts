import { Logger, Module } from '@nestjs/common';
import { GraphQLModule } from '@nestjs/graphql';
import { MercuriusDriver, type MercuriusDriverConfig } from '@nestjs/mercurius';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { NoSchemaIntrospectionCustomRule } from 'graphql';
import mercurius from 'mercurius';
import { APP_CONFIG, type AppConfig } from '../../config/app-config.js';
import { GqlAuthGuard, GqlOptionalAuthGuard } from './gql-auth.guards.js';
import type { GraphqlContext } from './graphql-context.js';
import { toClientError } from './graphql-errors.js';
import { GRAPHQL_PATH } from './graphql-path.js';

const logger = new Logger('GraphQL');

/** POST /graphql (and GET for queries), code-first, on Fastify through Mercurius. */
@Module({
  imports: [
    GraphQLModule.forRootAsync<MercuriusDriverConfig>({
      driver: MercuriusDriver,
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) => ({
        path: GRAPHQL_PATH,
        autoSchemaFile: true,
        sortSchema: true,
        graphiql: !config.app.isProduction,
        validationRules: config.app.isProduction ? [NoSchemaIntrospectionCustomRule] : [],
        context: (request: FastifyRequest, reply: FastifyReply): GraphqlContext => ({
          request,
          reply,
          loaders: new Map(),
        }),
        errorFormatter: (execution, context) => {
          const { statusCode } = mercurius.defaultErrorFormatter(execution, context);
          const errors = execution.errors.map((error) => {
            const { error: clientError, unexpected } = toClientError(error);
            if (unexpected)
              logger.error(
                { err: error.originalError ?? error, path: error.path },
                'resolver failed',
              );
            return clientError;
          });
          return { statusCode, response: { data: execution.data ?? null, errors } };
        },
      }),
    }),
  ],
  providers: [GqlAuthGuard, GqlOptionalAuthGuard],
  exports: [GqlAuthGuard, GqlOptionalAuthGuard],
})
export class GraphqlModule {}
