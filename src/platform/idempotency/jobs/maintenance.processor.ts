import { InjectQueue } from '@nestjs/bullmq';
import { Inject, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import type { Job, Queue } from 'bullmq';
import { APP_CONFIG, type AppConfig } from '../../../config/app-config.js';
import { JobConsumers } from '../../jobs/job-consumers.js';
import { IdempotencyPurge } from '../idempotency-purge.js';
import { MAINTENANCE_QUEUE, PURGE_EVERY_MS, PURGE_IDEMPOTENCY_KEYS } from './maintenance-jobs.js';

/** Housekeeping in the worker: schedules itself at boot, then purges expired idempotency keys. */
@Injectable()
export class MaintenanceProcessor implements OnApplicationBootstrap {
  private readonly logger = new Logger(MaintenanceProcessor.name);

  constructor(
    @InjectQueue(MAINTENANCE_QUEUE) private readonly queue: Queue,
    private readonly consumers: JobConsumers,
    private readonly purge: IdempotencyPurge,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    // One purge at a time is plenty, whatever WORKER_CONCURRENCY says for feature jobs.
    this.consumers.start(MAINTENANCE_QUEUE, (job: Job) => this.process(job), { concurrency: 1 });
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
