import { Inject, Injectable, Logger, type OnModuleDestroy } from '@nestjs/common';
import { type Processor, Worker, type WorkerOptions } from 'bullmq';
import { APP_CONFIG, type AppConfig } from '../../config/app-config.js';
import { recordJobMetrics } from '../../infra/metrics/job-metrics.js';
import { Metrics } from '../../infra/metrics/metrics.js';
import { bullOptions } from '../../infra/queue/queue-connection.js';
import { LivenessChecks } from '../metrics/liveness-checks.js';

/** What a consumer may set for itself; the connection, prefix and lock timing are the house's. */
export type ConsumerOptions = Pick<WorkerOptions, 'concurrency'>;

/**
 * The one way a BullMQ consumer starts in this codebase (ADR 0015). A feature's consumer calls
 * `start` in `onApplicationBootstrap` with its queue and handler; everything every consumer
 * needs comes with it, so none can forget a part: the worker-role connection, the configured
 * lock and stall timing (read at run time, which a `@Processor` decorator's static options
 * cannot be), job metrics, the liveness check, error logging, and a close at shutdown.
 */
@Injectable()
export class JobConsumers implements OnModuleDestroy {
  private readonly logger = new Logger(JobConsumers.name);
  private readonly workers: Worker[] = [];

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly metrics: Metrics,
    private readonly liveness: LivenessChecks,
  ) {}

  start<Data, Result, Name extends string>(
    queue: string,
    handler: Processor<Data, Result, Name>,
    options: ConsumerOptions = {},
  ): Worker<Data, Result, Name> {
    const { worker: timing } = this.config;
    const worker = new Worker<Data, Result, Name>(queue, handler, {
      ...bullOptions(this.config, 'consumer'),
      concurrency: options.concurrency ?? timing.concurrency,
      // A worker that stops renewing its lock (SIGKILL, OOM) loses the job once the lock has
      // expired and two stalled-job checks (mark, then move) have seen it: within
      // lockDuration + stalledInterval, or 2 x stalledInterval after a worker starts.
      lockDuration: timing.lockMs,
      stalledInterval: timing.stalledCheckMs,
      maxStalledCount: 2,
    });
    // The metrics, the liveness check and the shutdown read its name, events and state only.
    const untyped = worker as unknown as Worker;
    recordJobMetrics(untyped, this.metrics);
    this.liveness.registerConsumer(untyped);
    untyped.on('error', (error) => this.logger.warn(`${queue} consumer: ${error.message}`));
    this.workers.push(untyped);
    return worker;
  }

  /**
   * Stops taking jobs and lets the active ones finish (bounded by SHUTDOWN_TIMEOUT_MS). A
   * consumer that must close before something else (images: before the render pool) closes
   * its own first; closing twice is harmless.
   */
  async onModuleDestroy(): Promise<void> {
    await Promise.all(this.workers.map((worker) => worker.close()));
  }
}
