import { Module, Optional, type Provider } from '@nestjs/common';
import { getDataSourceToken } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { APP_CONFIG, type AppConfig } from '../../config/app-config.js';
import { CacheService } from '../../infra/cache/cache.service.js';
import { OBJECT_STORAGE, type ObjectStorage } from '../../infra/storage/object-storage.js';
import { StorageModule } from '../../infra/storage/storage.module.js';
import { BacklogMetrics } from '../../platform/metrics/backlog-metrics.js';
import { OutboxModule } from '../../platform/outbox/outbox.module.js';
import { IMAGES_QUEUE } from './image-jobs.js';
import { MediaController } from './media.controller.js';
import { ImageJobRunner } from './processing/image-job-runner.js';
import { renderStoredImage } from './processing/render-stored-image.js';
import { JobEventsService } from './status/job-events.service.js';
import { JobStatusService } from './status/job-status.service.js';
import { JobsController } from './status/jobs.controller.js';
import { StreamSessions } from './status/stream-sessions.js';
import { ImageUploadsController } from './upload/image-uploads.controller.js';
import { ImageUploadsService } from './upload/image-uploads.service.js';

/**
 * Only with IMAGE_PROCESSING=inline: the API renders uploads itself, on its own event loop and
 * cores. It exists as the benchmark's control, to show what the worker process saves.
 */
const inlineRunner: Provider = {
  provide: ImageJobRunner,
  inject: [getDataSourceToken(), OBJECT_STORAGE, CacheService, APP_CONFIG],
  useFactory: (
    dataSource: DataSource,
    storage: ObjectStorage,
    cache: CacheService,
    config: AppConfig,
  ) =>
    config.images.processing === 'inline'
      ? new ImageJobRunner(dataSource, cache, config, (job, onProgress) =>
          renderStoredImage(storage, job, onProgress),
        )
      : undefined,
};

/** The API side of images: uploads, job status and events, serving processed images. */
@Module({
  imports: [StorageModule, OutboxModule],
  controllers: [ImageUploadsController, JobsController, MediaController],
  providers: [
    ImageUploadsService,
    JobStatusService,
    JobEventsService,
    StreamSessions,
    inlineRunner,
  ],
})
export class ImagesModule {
  // Optional: Nest's preview mode (the OpenAPI export) builds the graph without providers.
  constructor(@Optional() backlog?: BacklogMetrics) {
    backlog?.watch(IMAGES_QUEUE);
  }
}
