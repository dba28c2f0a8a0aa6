import { Logger, Module } from '@nestjs/common';
import { getDataSourceToken } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { APP_CONFIG, type AppConfig } from '../../config/app-config.js';
import { CacheService } from '../../infra/cache/cache.service.js';
import { OBJECT_STORAGE, type ObjectStorage } from '../../infra/storage/object-storage.js';
import { StorageModule } from '../../infra/storage/storage.module.js';
import { OutboxWorkerModule } from '../../platform/outbox/outbox.module.js';
import { ImageJobRunner } from './processing/image-job-runner.js';
import { ImageWorker } from './processing/image-worker.js';
import { RenderPool } from './processing/render-pool.js';

/** The worker side of images: the queue consumer, its render processes, the outbox relay. */
@Module({
  imports: [StorageModule, OutboxWorkerModule],
  providers: [
    {
      provide: RenderPool,
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) =>
        new RenderPool({
          size: config.images.concurrency,
          nice: config.images.nice,
          timeoutMs: config.images.renderTimeoutMs,
          env: config.images.renderEnv,
          logger: new Logger(RenderPool.name),
        }),
    },
    {
      provide: ImageJobRunner,
      inject: [getDataSourceToken(), OBJECT_STORAGE, CacheService, APP_CONFIG, RenderPool],
      useFactory: (
        dataSource: DataSource,
        storage: ObjectStorage,
        cache: CacheService,
        config: AppConfig,
        pool: RenderPool,
      ) =>
        new ImageJobRunner(dataSource, storage, cache, config, (input, spec, onProgress) =>
          pool.render(input, spec, onProgress),
        ),
    },
    ImageWorker,
  ],
})
export class ImagesWorkerModule {}
