import { Logger } from '@nestjs/common';
import type { DataSource, EntityManager } from 'typeorm';
import type { AppConfig } from '../../../config/app-config.js';
import type { CacheService } from '../../../infra/cache/cache.service.js';
import type { ImageFormat, ImageJobResult, ImageTarget } from '../image-jobs.js';
import { applyImage } from './apply-image.js';
import { describeResult, renderSpecFor } from './image-renditions.js';
import type { RenderJob, RenderSummary } from './render-protocol.js';

/**
 * Turns a stored original into stored variants: the child-process pool in the worker (the child
 * reads and writes the storage), a direct call inline.
 */
export type Renderer = (
  job: RenderJob,
  onProgress: (percent: number) => void,
) => Promise<RenderSummary>;

interface JobRow {
  id: string;
  owner_id: string;
  target: ImageTarget;
  article_id: string | null;
  original_key: string;
  format: ImageFormat;
  run: number;
  state: string;
  requested_at: Date;
}

export interface Attempt {
  /** 1 for the first attempt. */
  number: number;
  /** Reports progress to whoever watches the job live (BullMQ events feed the SSE stream). */
  reportProgress(percent: number): Promise<unknown>;
}

/**
 * One attempt at one image job: have the original rendered into stored variants, then point the
 * avatar or article at them and record the result in one transaction. Every step can be
 * repeated safely, so an attempt cut short (a crash, SIGKILL) is simply run again.
 */
export class ImageJobRunner {
  private readonly logger = new Logger(ImageJobRunner.name);

  constructor(
    private readonly dataSource: DataSource,
    private readonly cache: CacheService,
    private readonly config: AppConfig,
    private readonly render: Renderer,
  ) {}

  /** The result, or undefined when this run has nothing left to do (finished, or superseded). */
  async run(
    imageJobId: string,
    run: number,
    attempt: Attempt,
  ): Promise<ImageJobResult | undefined> {
    const job = await this.start(imageJobId, run, attempt.number);
    if (!job) return undefined;
    const image = await this.render(
      {
        imageJobId: job.id,
        originalKey: job.original_key,
        spec: renderSpecFor(job.target, job.format, this.config.images.maxPixels),
      },
      (percent) => void this.progress(job, percent, attempt),
    );
    const described = describeResult(job.id, job.target, image, this.config.storage.publicBaseUrl);
    const { result, cacheKeys } = await this.dataSource.transaction((manager) =>
      this.complete(manager, job, described),
    );
    await this.cache.invalidate(...cacheKeys);
    await attempt.reportProgress(100);
    return result;
  }

  /** Another attempt will follow: the job is waiting again. */
  async recordRetry(imageJobId: string, run: number): Promise<void> {
    await this.dataSource.query(
      `UPDATE image_jobs SET state = 'queued', progress = 0
       WHERE id = $1 AND run = $2 AND state = 'active'`,
      [imageJobId, run],
    );
  }

  /** No attempt left: the previous image stays, and the owner sees why. */
  async recordFailure(imageJobId: string, run: number, reason: string): Promise<void> {
    await this.dataSource.query(
      `UPDATE image_jobs SET state = 'failed', error = left($3, 500), finished_at = now()
       WHERE id = $1 AND run = $2 AND state IN ('queued', 'active')`,
      [imageJobId, run, reason],
    );
  }

  private async start(id: string, run: number, attempt: number): Promise<JobRow | undefined> {
    const rows: JobRow[] = await this.dataSource.query(
      `WITH started AS (
         UPDATE image_jobs SET state = 'active', attempts = $3, progress = 5, error = NULL
         WHERE id = $1 AND run = $2 AND state IN ('queued', 'active')
         RETURNING id, owner_id, target, article_id, original_key, format, run, state, requested_at)
       SELECT * FROM started`,
      [id, run, attempt],
    );
    if (rows.length === 0) this.logger.log(`image job ${id} run ${run}: nothing to do`);
    return rows[0];
  }

  private async progress(job: JobRow, percent: number, attempt: Attempt): Promise<void> {
    try {
      await this.dataSource.query(
        `UPDATE image_jobs SET progress = $3 WHERE id = $1 AND run = $2 AND state = 'active'`,
        [job.id, job.run, percent],
      );
      await attempt.reportProgress(percent);
    } catch (error) {
      // Progress is informative; losing an update must not fail the job.
      this.logger.debug(`progress of ${job.id} not recorded: ${(error as Error).message}`);
    }
  }

  private async complete(
    manager: EntityManager,
    job: JobRow,
    described: Omit<ImageJobResult, 'applied'>,
  ): Promise<{ result: ImageJobResult; cacheKeys: string[] }> {
    const { applied, cacheKeys } = await applyImage(manager, {
      imageJobId: job.id,
      ownerId: job.owner_id,
      target: job.target,
      articleId: job.article_id,
      requestedAt: job.requested_at,
      imageUrl: described.image,
    });
    const result: ImageJobResult = { ...described, applied };
    await manager.query(
      `UPDATE image_jobs SET state = 'completed', progress = 100, result = $3, finished_at = now()
       WHERE id = $1 AND run = $2`,
      [job.id, job.run, JSON.stringify(result)],
    );
    return { result, cacheKeys };
  }
}
