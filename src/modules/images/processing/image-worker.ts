import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnModuleDestroy,
} from '@nestjs/common';
import { SpanKind, SpanStatusCode, context, trace } from '@opentelemetry/api';
import { type Job, UnrecoverableError, type Worker } from 'bullmq';
import { APP_CONFIG, type AppConfig } from '../../../config/app-config.js';
import { publishedContext } from '../../../infra/queue/job-trace-context.js';
import { JobConsumers } from '../../../platform/jobs/job-consumers.js';
import { IMAGES_QUEUE, type ImageJobResult, type ProcessImageJob } from '../image-jobs.js';
import { ImageJobRunner } from './image-job-runner.js';
import { publicFailure } from './job-failure.js';
import { UnprocessableImageError } from './render-protocol.js';
import { RenderPool } from './render-pool.js';

type ImageJob = Job<ProcessImageJob, ImageJobResult | { skipped: true }>;

const tracer = trace.getTracer('conduit-worker');

/**
 * Consumes the images queue in the worker process. The job itself is orchestration (database,
 * storage, BullMQ); the CPU-heavy part runs in the render pool's low-priority child processes,
 * so this event loop stays free to renew job locks and report progress.
 */
@Injectable()
export class ImageWorker implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(ImageWorker.name);
  private worker?: Worker<ProcessImageJob, ImageJobResult | { skipped: true }>;

  constructor(
    private readonly runner: ImageJobRunner,
    private readonly pool: RenderPool,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly consumers: JobConsumers,
  ) {}

  onApplicationBootstrap(): void {
    // One job per render child: the pool has IMAGE_CONCURRENCY of them.
    this.worker = this.consumers.start(IMAGES_QUEUE, (job: ImageJob) => this.process(job), {
      concurrency: this.config.images.concurrency,
    });
    // Failures the processor never saw (a job stalled too often) still reach the owner.
    this.worker.on('failed', (job, error) => {
      if (!job || job.finishedOn === undefined) return;
      void this.runner
        .recordFailure(job.data.imageJobId, job.data.run, publicFailure(error))
        .catch((failure: Error) => this.logger.warn(`failure not recorded: ${failure.message}`));
    });
  }

  /** Stops taking jobs and lets the active ones finish, then stops the render children. */
  async onModuleDestroy(): Promise<void> {
    await this.worker?.close();
    await this.pool.close();
  }

  private process(job: ImageJob): Promise<ImageJobResult | { skipped: true }> {
    // The upload request's trace continues here, under the relay's publish span, however long
    // the job waited in between.
    return context.with(publishedContext(job), () =>
      tracer.startActiveSpan(
        `${IMAGES_QUEUE} process`,
        {
          kind: SpanKind.CONSUMER,
          attributes: {
            'messaging.system': 'bullmq',
            'messaging.destination.name': IMAGES_QUEUE,
            'messaging.message.id': job.id,
            'messaging.operation.type': 'process',
          },
        },
        async (span) => {
          try {
            const result = await this.runner.run(job.data.imageJobId, job.data.run, {
              number: job.attemptsMade + 1,
              reportProgress: (percent) => job.updateProgress(percent),
            });
            return result ?? { skipped: true as const };
          } catch (error) {
            span.recordException(error as Error);
            span.setStatus({ code: SpanStatusCode.ERROR });
            throw await this.recordAttemptFailure(job, error as Error);
          } finally {
            span.end();
          }
        },
      ),
    );
  }

  /** Records the failed attempt and returns what to throw to BullMQ (retry, or give up now). */
  private async recordAttemptFailure(job: ImageJob, error: Error): Promise<Error> {
    const { imageJobId, run } = job.data;
    const permanent = error instanceof UnprocessableImageError;
    const last = permanent || job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
    this.logger.warn(
      `image job ${imageJobId} attempt ${job.attemptsMade + 1} failed${last ? ' for good' : ''}: ${error.message}`,
    );
    if (last) await this.runner.recordFailure(imageJobId, run, publicFailure(error));
    else await this.runner.recordRetry(imageJobId, run);
    return permanent ? new UnrecoverableError(error.message) : error;
  }
}
