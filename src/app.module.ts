import { BullModule } from '@nestjs/bullmq';
import { type DynamicModule, Module } from '@nestjs/common';
import { APP_FILTER, APP_PIPE } from '@nestjs/core';
import type { DestinationStream } from 'pino';
import type { AppConfig } from './config/app-config.js';
import { ConfigModule } from './config/config.module.js';
import { DatabaseModule } from './infra/database/database.module.js';
import { LoggerModule } from './infra/logger/logger.module.js';
import { MetricsModule } from './platform/metrics/metrics.module.js';
import { bullOptions } from './infra/queue/queue-connection.js';
import { CacheModule } from './infra/cache/cache.module.js';
import { RedisModule } from './infra/redis/redis.module.js';
import { AdminModule } from './modules/admin/admin.module.js';
import { ArticlesModule } from './modules/articles/articles.module.js';
import { CommentsModule } from './modules/comments/comments.module.js';
import { ImagesModule } from './modules/images/images.module.js';
import { ProfilesModule } from './modules/profiles/profiles.module.js';
import { UsersModule } from './modules/users/users.module.js';
import { AuthModule } from './platform/auth/auth.module.js';
import { ProblemDetailsFilter } from './platform/errors/problem-details.filter.js';
import { createValidationPipe } from './platform/errors/validation-pipe.js';
import { GraphqlModule } from './platform/graphql/graphql.module.js';
import { HealthModule } from './platform/health/health.module.js';
import { IdempotencyModule } from './platform/idempotency/idempotency.module.js';
import { LifecycleModule } from './platform/lifecycle/lifecycle.module.js';
import { RateLimitModule } from './platform/rate-limit/rate-limit.module.js';

/** Composition root of the API process. */
@Module({})
export class AppModule {
  static forRoot(config: AppConfig, logDestination?: DestinationStream): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ConfigModule.forRoot(config),
        LoggerModule.forService('conduit-api', logDestination),
        MetricsModule.forProcess('api', config.metrics.enabled),
        LifecycleModule,
        DatabaseModule,
        RedisModule,
        CacheModule,
        RateLimitModule,
        BullModule.forRoot(bullOptions(config, 'producer')),
        AuthModule,
        IdempotencyModule,
        GraphqlModule,
        HealthModule,
        UsersModule,
        ProfilesModule,
        ArticlesModule,
        CommentsModule,
        ImagesModule,
        AdminModule,
      ],
      providers: [
        { provide: APP_FILTER, useClass: ProblemDetailsFilter },
        { provide: APP_PIPE, useFactory: createValidationPipe },
      ],
    };
  }
}
