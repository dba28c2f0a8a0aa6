import { Inject, Injectable, Logger, Optional } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import { APP_CONFIG, type AppConfig } from '../../../config/app-config.js';
import { CacheService } from '../../../infra/cache/cache.service.js';
import { OBJECT_STORAGE, type ObjectStorage } from '../../../infra/storage/object-storage.js';
import { addToOutbox } from '../../../platform/outbox/outbox.js';
import { OutboxRelay } from '../../../platform/outbox/outbox-relay.js';
import { ArticleError } from '../../articles/articles.errors.js';
import {
  bullJobId,
  IMAGES_QUEUE,
  type ImageDestination,
  imageJobId,
  PROCESS_IMAGE,
  type ProcessImageJob,
} from '../image-jobs.js';
import { applyImage } from '../processing/apply-image.js';
import { ImageJobRunner } from '../processing/image-job-runner.js';
import { publicFailure } from '../processing/job-failure.js';
import { JOB_VIEW_COLUMNS, type JobResponse, type JobRow, toJobView } from '../status/job-view.js';
import { type InspectedImage, inspectUpload } from './inspect-upload.js';
import { type ReceivedFile, StagedUpload } from './staged-upload.js';

/** Where an upload asks to go, before it is checked. */
export type UploadTarget =
  { target: 'avatar'; userId: string } | { target: 'article'; userId: string; slug: string };

/**
 * The transport's part: reads the request and hands the file, as a stream, to `receive`
 * (see read-image-part.ts), answering what `receive` answered.
 */
export type UploadSource = (
  receive: (file: AsyncIterable<Buffer>) => Promise<ReceivedFile>,
) => Promise<ReceivedFile>;

interface AcceptedUpload {
  id: string;
  destination: ImageDestination;
  image: InspectedImage;
  originalKey: string;
}

type StoredJob = JobRow & {
  run: number;
  owner_id: string;
  article_id: string | null;
  requested_at: Date;
};

const STORED_COLUMNS = `${JOB_VIEW_COLUMNS}, run, owner_id, article_id, requested_at`;
const EXTENSIONS = { jpeg: 'jpg', png: 'png', webp: 'webp', avif: 'avif' } as const;

/**
 * Accepts an image: streams it to storage, checks it, keeps it as the original, and records the
 * job and its outbox message in one transaction. The answer does not wait for Redis or for the
 * processing.
 */
@Injectable()
export class ImageUploadsService {
  private readonly logger = new Logger(ImageUploadsService.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(OBJECT_STORAGE) private readonly storage: ObjectStorage,
    private readonly relay: OutboxRelay,
    private readonly cache: CacheService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    // Present only with IMAGE_PROCESSING=inline (the benchmark's control).
    @Optional() private readonly inlineRunner?: ImageJobRunner,
  ) {}

  async upload(request: UploadTarget, source: UploadSource): Promise<JobResponse> {
    const { id, destination, image, originalKey } = await this.accept(request, source);
    const { job, enqueued, cacheKeys } = await this.dataSource.transaction((manager) =>
      this.record(manager, id, destination, image, originalKey),
    );
    if (cacheKeys.length > 0) await this.cache.invalidate(...cacheKeys);
    if (enqueued) await this.dispatch(job);
    return { job: toJobView(job) };
  }

  /**
   * Streams the file to storage, checks it, and keeps it as the job's original. Whatever stops
   * it on the way (a refusal, a client gone mid-upload, a failure) deletes what was written.
   */
  private async accept(request: UploadTarget, source: UploadSource): Promise<AcceptedUpload> {
    const staged = new StagedUpload(this.storage);
    try {
      const file = await source((stream) => staged.receive(stream));
      const destination = await this.destinationOf(request);
      const image = await inspectUpload(file, this.config.images.maxPixels, () => staged.readAll());
      const id = imageJobId(destination, image.contentHash);
      const originalKey = `originals/${id}.${EXTENSIONS[image.format]}`;
      // Kept before the row exists, so a committed job never points at a missing file. The
      // key is derived from the content: keeping it again on a retry changes nothing.
      await staged.keepAs(originalKey);
      return { id, destination, image, originalKey };
    } finally {
      await staged.discard().catch((error: Error) => {
        this.logger.warn(`upload ${staged.key} not deleted: ${error.message}`);
      });
    }
  }

  /** Avatars belong to the caller; an article's image may only be changed by its author. */
  private async destinationOf(request: UploadTarget): Promise<ImageDestination> {
    if (request.target === 'avatar') return { target: 'avatar', ownerId: request.userId };
    const [article]: { id: string; author_id: string }[] = await this.dataSource.query(
      'SELECT id, author_id FROM articles WHERE slug = $1',
      [request.slug],
    );
    if (!article) throw ArticleError.notFound(request.slug);
    if (article.author_id !== request.userId) throw ArticleError.notAuthor();
    return { target: 'article', ownerId: request.userId, articleId: article.id };
  }

  /**
   * A new upload gets a job and an outbox message. The same upload again (same bytes, owner and
   * destination) gets the existing job: nothing is processed twice. Only a job that failed for
   * good runs again; one that completed is re-applied, without processing, if another image has
   * replaced it since.
   */
  private async record(
    manager: EntityManager,
    id: string,
    destination: ImageDestination,
    image: InspectedImage,
    originalKey: string,
  ): Promise<{ job: StoredJob; enqueued: boolean; cacheKeys: string[] }> {
    const [inserted]: StoredJob[] = await manager.query(
      `INSERT INTO image_jobs (id, owner_id, target, article_id, content_hash, original_key, format, width, height, bytes)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
       ON CONFLICT (id) DO NOTHING RETURNING ${STORED_COLUMNS}`,
      [
        id,
        destination.ownerId,
        destination.target,
        destination.target === 'article' ? destination.articleId : null,
        image.contentHash,
        originalKey,
        image.format,
        image.width,
        image.height,
        image.bytes,
      ],
    );
    if (inserted)
      return { job: await this.enqueue(manager, inserted), enqueued: true, cacheKeys: [] };

    const [existing]: StoredJob[] = await manager.query(
      `SELECT ${STORED_COLUMNS} FROM image_jobs WHERE id = $1 FOR UPDATE`,
      [id],
    );
    if (existing.state === 'failed') {
      const [rerun]: StoredJob[] = await manager.query(
        `WITH rerun AS (
           UPDATE image_jobs SET run = run + 1, state = 'queued', progress = 0, attempts = 0,
             result = NULL, error = NULL, finished_at = NULL, requested_at = now()
           WHERE id = $1 RETURNING ${STORED_COLUMNS})
         SELECT * FROM rerun`,
        [id],
      );
      return { job: await this.enqueue(manager, rerun), enqueued: true, cacheKeys: [] };
    }
    if (existing.state === 'completed' && existing.result) {
      return { job: existing, enqueued: false, cacheKeys: await this.reapply(manager, existing) };
    }
    return { job: existing, enqueued: false, cacheKeys: [] };
  }

  private async enqueue(manager: EntityManager, job: StoredJob): Promise<StoredJob> {
    if (this.config.images.processing === 'inline') return job;
    // The trace context goes in the outbox row; the relay passes it on to the job.
    const payload: ProcessImageJob = { imageJobId: job.id, run: job.run };
    await addToOutbox(manager, {
      queue: IMAGES_QUEUE,
      name: PROCESS_IMAGE,
      jobId: bullJobId(job.id, job.run),
      payload,
      options: {
        attempts: this.config.images.attempts,
        backoff: { type: 'exponential', delay: this.config.images.retryDelayMs },
        // Completed jobs are summarised in image_jobs; failed ones stay in BullMQ for a week to inspect.
        removeOnComplete: { age: 24 * 3600, count: 1_000 },
        removeOnFail: { age: 7 * 24 * 3600 },
      },
    });
    return job;
  }

  /** The same image uploaded again after another one replaced it: point back at it. */
  private async reapply(manager: EntityManager, job: StoredJob): Promise<string[]> {
    const requestedAt = new Date();
    const { applied, cacheKeys } = await applyImage(manager, {
      imageJobId: job.id,
      ownerId: job.owner_id,
      target: job.target,
      articleId: job.article_id,
      requestedAt,
      imageUrl: job.result!.image,
    });
    await manager.query(
      `UPDATE image_jobs SET requested_at = $2, result = jsonb_set(result, '{applied}', to_jsonb($3::boolean))
       WHERE id = $1`,
      [job.id, requestedAt, applied],
    );
    return cacheKeys;
  }

  /** After commit. A failure here loses nothing: the message waits in the outbox for the worker. */
  private async dispatch(job: StoredJob): Promise<void> {
    if (this.inlineRunner) {
      await this.runInline(job);
      return;
    }
    void this.relay.drain().catch((error: Error) => {
      this.logger.warn(`outbox relay after upload failed: ${error.message}`);
    });
  }

  private async runInline(job: StoredJob): Promise<void> {
    const runner = this.inlineRunner as ImageJobRunner;
    try {
      await runner.run(job.id, job.run, { number: 1, reportProgress: () => Promise.resolve() });
    } catch (error) {
      // One attempt, no retry: the owner reads a fixed sentence, the log says why.
      this.logger.warn(`inline image job ${job.id} failed: ${(error as Error).message}`);
      await runner.recordFailure(job.id, job.run, publicFailure(error));
    }
    const [fresh]: StoredJob[] = await this.dataSource.query(
      `SELECT ${STORED_COLUMNS} FROM image_jobs WHERE id = $1`,
      [job.id],
    );
    Object.assign(job, fresh);
  }
}
