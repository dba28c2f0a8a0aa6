import { BullModule } from '@nestjs/bullmq';
import { type DynamicModule, Module } from '@nestjs/common';
import type { AppConfig } from './config/app-config.js';
import { ConfigModule } from './config/config.module.js';
import { DatabaseModule } from './infra/database/database.module.js';
import { LoggerModule } from './infra/logger/logger.module.js';
import { MetricsModule } from './platform/metrics/metrics.module.js';
import { bullOptions } from './infra/queue/queue-connection.js';
import { CacheModule } from './infra/cache/cache.module.js';
import { RedisModule } from './infra/redis/redis.module.js';
import { ImagesWorkerModule } from './modules/images/images-worker.module.js';
import { UsersWorkerModule } from './modules/users/users-worker.module.js';
import { IdempotencyWorkerModule } from './platform/idempotency/idempotency-worker.module.js';
import { LifecycleModule } from './platform/lifecycle/lifecycle.module.js';

/** Composition root of the worker process: job processors, no HTTP server. */
@Module({})
export class WorkerModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: WorkerModule,
      imports: [
        ConfigModule.forRoot(config),
        LoggerModule.forService('conduit-worker'),
        MetricsModule.forProcess('worker', config.metrics.enabled),
        LifecycleModule,
        DatabaseModule,
        RedisModule,
        CacheModule,
        BullModule.forRoot(bullOptions(config, 'consumer')),
        UsersWorkerModule,
        ImagesWorkerModule,
        IdempotencyWorkerModule,
      ],
    };
  }
}
