import { Inject, Logger, Module, type OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { GraphQLModule } from '@nestjs/graphql';
import { MercuriusDriver, type MercuriusDriverConfig } from '@nestjs/mercurius';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { NoSchemaIntrospectionCustomRule } from 'graphql';
import mercurius from 'mercurius';
import { CacheStats } from '../../infra/cache/cache-stats.js';
import { CacheService } from '../../infra/cache/cache.service.js';
import { Metrics } from '../../infra/metrics/metrics.js';
import { graphqlMetrics } from './graphql-metrics.js';
import { APP_CONFIG, type AppConfig } from '../../config/app-config.js';
import { AppError } from '../errors/app-error.js';
import { GqlAuthGuard, GqlOptionalAuthGuard } from './gql-auth.guards.js';
import { resolveGraphiqlAssets } from './graphiql/graphiql-assets.js';
import { registerGraphiql } from './graphiql/graphiql.routes.js';
import type { GraphqlContext } from './graphql-context.js';
import { refusedRequestStatus, toClientError } from './graphql-errors.js';
import { GraphqlPubSub } from './graphql-pubsub.js';
import { GraphqlPubSubModule } from './graphql-pubsub.module.js';
import { GRAPHQL_PATH } from './graphql-path.js';
import { withoutSuggestions } from './schema-suggestions.js';
import { nameOperationSpan, operationSpanRouteHooks } from './operation-span.js';
import { graphqlResponseMemo } from './response-memo/response-memo.hooks.js';
import { noSubscriptionOverHttpRule } from './input/http-operations.rule.js';
import { requestShapeHook } from './input/request-shape.hook.js';
import { storableTextRule, storableVariablesHook } from './input/storable-text.js';
import {
  graphqlLimitHooks,
  graphqlLimitRouteOptions,
  graphqlLimitRules,
} from './limits/graphql-limits.js';
import { uncappedLists } from './limits/list-cap.js';
import { subscriptionValidationHook } from './subscription-validation.hook.js';
import { limitWebSocketRoute } from './websocket/limit-websocket-route.js';
import { WebSocketLimits } from './websocket/websocket-limits.js';
import { WebSocketLimitsModule } from './websocket/websocket-limits.module.js';

const logger = new Logger('GraphQL');

/** POST /graphql (and GET for queries), code-first, on Fastify through Mercurius. */
@Module({
  imports: [
    GraphQLModule.forRootAsync<MercuriusDriverConfig>({
      driver: MercuriusDriver,
      imports: [GraphqlPubSubModule, WebSocketLimitsModule],
      inject: [
        APP_CONFIG,
        GraphqlPubSub,
        WebSocketLimits,
        HttpAdapterHost,
        Metrics,
        CacheService,
        CacheStats,
      ],
      useFactory: (
        config: AppConfig,
        pubsub: GraphqlPubSub,
        webSocketLimits: WebSocketLimits,
        adapterHost: HttpAdapterHost,
        metrics: Metrics | undefined,
        cache: CacheService | undefined,
        stats: CacheStats | undefined,
      ) => {
        // Before the driver registers the WebSocket route (in GraphQLModule's onModuleInit).
        // Nest's preview mode (the OpenAPI export) has neither providers nor an HTTP server.
        const fastify = adapterHost?.httpAdapter?.getInstance<FastifyInstance>();
        // Introspection is off in production; suggestions ("Did you mean …?") would leak the schema.
        const hideSuggestions = config.app.isProduction;
        if (fastify && webSocketLimits) {
          limitWebSocketRoute(fastify, GRAPHQL_PATH, webSocketLimits, { hideSuggestions });
        }
        const rules = [
          ...graphqlLimitRules(config.graphql),
          storableTextRule,
          ...(config.app.isProduction ? [NoSchemaIntrospectionCustomRule] : []),
        ];
        const limitHooks = graphqlLimitHooks(config.graphql);
        // Nest's preview mode (the OpenAPI export) builds the graph without providers.
        const counted = metrics && graphqlMetrics(metrics);
        const memo =
          cache &&
          stats &&
          graphqlResponseMemo({ cache, stats, countOperation: counted?.countNamed });
        return {
          path: GRAPHQL_PATH,
          autoSchemaFile: true,
          sortSchema: true,
          // The cost rule needs every list's cap: a list without one fails the boot, not a query.
          transformSchema: (schema) => {
            const uncapped = uncappedLists(schema);
            if (uncapped.length > 0) {
              throw new Error(`GraphQL lists without @ListCap: ${uncapped.join(', ')}`);
            }
            return schema;
          },
          // Served by registerGraphiql below, from node_modules rather than unpkg.com.
          graphiql: false,
          validationRules: [...rules, noSubscriptionOverHttpRule],
          hooks: {
            ...limitHooks,
            preExecution: [
              nameOperationSpan,
              storableVariablesHook,
              limitHooks.preExecution,
              ...(counted ? [counted.countOperation] : []),
              ...(memo ? [memo.learn] : []),
            ],
            // Caps and the rate limit, before Mercurius files the subscription or runs anything.
            ...(webSocketLimits && {
              preSubscriptionParsing: webSocketLimits.admit,
              onSubscriptionEnd: webSocketLimits.release,
            }),
            // Mercurius skips validation on the WebSocket path; the same rules as validationRules.
            preSubscriptionExecution: subscriptionValidationHook(rules),
          },
          allowBatchedQueries: true,
          // From its second run on, a query executes as a function graphql-jit compiled for it,
          // instead of graphql-js walking the schema for every field of every row.
          jit: 1,
          additionalRouteOptions: {
            preValidation: [
              requestShapeHook,
              graphqlLimitRouteOptions(config.graphql).preValidation,
            ],
            // The memo answers after the operation span starts, so a kept answer has one too.
            preHandler: [operationSpanRouteHooks.preHandler, ...(memo ? [memo.answer] : [])],
            onSend: [operationSpanRouteHooks.onSend, ...(memo ? [memo.keep] : [])],
            onRequestAbort: operationSpanRouteHooks.onRequestAbort,
          },
          context: (request: FastifyRequest, reply: FastifyReply): GraphqlContext => ({
            request,
            reply,
            loaders: new Map(),
          }),
          // Subscriptions: WebSocket on the same path (graphql-ws); events travel through Redis.
          subscription: {
            // No pubsub in Nest's preview mode (the OpenAPI export builds the graph without providers).
            emitter: pubsub?.emitter,
            context: () => ({ loaders: new Map<string, unknown>() }),
          },
          errorFormatter: (execution, context) => {
            // An answer with errors is never kept.
            (context as unknown as GraphqlContext).memo?.spoil();
            const statusCode = refusedRequestStatus(
              execution,
              mercurius.defaultErrorFormatter(execution, context).statusCode,
            );
            // A request refused by an HTTP hook keeps that refusal's headers (Retry-After on 429).
            const refusal = execution.errors[0]?.originalError;
            if (refusal instanceof AppError && statusCode >= 400) {
              void context.reply.headers(refusal.headers);
            }
            const errors = execution.errors.map((error) => {
              const { error: clientError, unexpected, slipped } = toClientError(error);
              const details = { err: error.originalError ?? error, path: error.path };
              if (unexpected) logger.error(details, 'resolver failed');
              if (slipped) logger.warn(details, 'the database refused a request value');
              if (hideSuggestions) clientError.message = withoutSuggestions(clientError.message);
              return clientError;
            });
            counted?.countErrors(errors);
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
export class GraphqlModule implements OnModuleInit {
  constructor(
    private readonly adapterHost: HttpAdapterHost,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** GraphiQL outside production, when its packages (devDependencies) are installed. */
  onModuleInit(): void {
    if (this.config.app.isProduction) return;
    const assets = resolveGraphiqlAssets();
    if (!assets) {
      logger.warn('GraphiQL is off: graphiql, react and react-dom are not installed');
      return;
    }
    registerGraphiql(this.adapterHost.httpAdapter.getInstance(), assets);
  }
}
