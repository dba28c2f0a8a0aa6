import { InjectQueue, Processor, WorkerHost } from '@nestjs/bullmq';
import { Inject, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import type { Job, Queue } from 'bullmq';
import { APP_CONFIG, type AppConfig } from '../../../config/app-config.js';
import { recordJobMetrics } from '../../../infra/metrics/job-metrics.js';
import { Metrics } from '../../../infra/metrics/metrics.js';
import { LivenessChecks } from '../../metrics/liveness-checks.js';
import { IdempotencyPurge } from '../idempotency-purge.js';
import { MAINTENANCE_QUEUE, PURGE_EVERY_MS, PURGE_IDEMPOTENCY_KEYS } from './maintenance-jobs.js';

/** Housekeeping in the worker: schedules itself at boot, then purges expired idempotency keys. */
@Processor(MAINTENANCE_QUEUE)
export class MaintenanceProcessor extends WorkerHost implements OnApplicationBootstrap {
  private readonly logger = new Logger(MaintenanceProcessor.name);

  constructor(
    @InjectQueue(MAINTENANCE_QUEUE) private readonly queue: Queue,
    private readonly purge: IdempotencyPurge,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly metrics: Metrics,
    private readonly liveness: LivenessChecks,
  ) {
    super();
  }

  async onApplicationBootstrap(): Promise<void> {
    recordJobMetrics(this.worker, this.metrics);
    this.liveness.registerConsumer(this.worker);
    await this.queue.upsertJobScheduler(
      PURGE_IDEMPOTENCY_KEYS,
      { every: PURGE_EVERY_MS },
      { name: PURGE_IDEMPOTENCY_KEYS, opts: { removeOnComplete: 100, removeOnFail: 100 } },
    );
  }

  async process(job: Job): Promise<{ deleted: number }> {
    if (job.name !== PURGE_IDEMPOTENCY_KEYS) throw new Error(`no handler for job ${job.name}`);
    const deleted = await this.purge.purgeOlderThan(this.config.idempotency.ttlHours);
    if (deleted > 0) this.logger.log(`purged ${deleted} expired idempotency keys`);
    return { deleted };
  }
}
