import { Logger, Module } from '@nestjs/common';
import { getDataSourceToken } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { APP_CONFIG, type AppConfig } from '../../config/app-config.js';
import { CacheService } from '../../infra/cache/cache.service.js';
import { JobsModule } from '../../platform/jobs/jobs.module.js';
import { OutboxWorkerModule } from '../../platform/outbox/outbox.module.js';
import { ImageJobRunner } from './processing/image-job-runner.js';
import { ImageWorker } from './processing/image-worker.js';
import { RenderPool } from './processing/render-pool.js';

/**
 * The worker side of images: the queue consumer, its render processes, the outbox relay. The
 * storage is reached by the render processes only, which build their own from the settings.
 */
@Module({
  imports: [OutboxWorkerModule, JobsModule],
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
          storage: { dir: config.storage.dir },
          logger: new Logger(RenderPool.name),
        }),
    },
    {
      provide: ImageJobRunner,
      inject: [getDataSourceToken(), CacheService, APP_CONFIG, RenderPool],
      useFactory: (
        dataSource: DataSource,
        cache: CacheService,
        config: AppConfig,
        pool: RenderPool,
      ) =>
        new ImageJobRunner(dataSource, cache, config, (job, onProgress) =>
          pool.render(job, onProgress),
        ),
    },
    ImageWorker,
  ],
})
export class ImagesWorkerModule {}
