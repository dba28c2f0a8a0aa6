import { Logger, Module, type OnApplicationShutdown } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '../../config/app-config.js';
import { RedisEmitter } from '../../infra/redis/redis-emitter.js';
import { GraphqlPubSub } from './graphql-pubsub.js';

/** One GraphqlPubSub per process, used by Mercurius (subscribe) and by resolvers (publish). */
@Module({
  providers: [
    {
      provide: GraphqlPubSub,
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) =>
        new GraphqlPubSub(
          new RedisEmitter(
            config.redis.url,
            config.redis.keyPrefix,
            new Logger('GraphqlPubSub'),
            config.redis.commandTimeoutMs,
          ),
        ),
    },
  ],
  exports: [GraphqlPubSub],
})
export class GraphqlPubSubModule implements OnApplicationShutdown {
  constructor(private readonly pubsub: GraphqlPubSub) {}

  // Runs after the HTTP server (and with it every WebSocket) has closed.
  onApplicationShutdown(): Promise<void> {
    return this.pubsub.close();
  }
}
