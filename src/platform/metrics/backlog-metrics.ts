import {
  Inject,
  Injectable,
  type OnApplicationBootstrap,
  type OnModuleDestroy,
} from '@nestjs/common';
import { Queue } from 'bullmq';
import { DataSource } from 'typeorm';
import { APP_CONFIG, type AppConfig } from '../../config/app-config.js';
import { Metrics } from '../../infra/metrics/metrics.js';
import { bullOptions } from '../../infra/queue/queue-connection.js';

// Prioritized jobs wait too, in a set of their own (BullMQ 5+); KEDA's trigger counts them.
const STATES = ['waiting', 'prioritized', 'active', 'delayed', 'failed', 'completed'] as const;

/**
 * Work waiting behind the API: queue depths, the oldest waiting job, and outbox rows not yet
 * relayed. Read at scrape time, by the API rather than the worker, so a backlog still shows
 * when every worker is down, which is when it matters. Each feature module names its queue
 * ({@link watch}): the platform does not know the features.
 */
@Injectable()
export class BacklogMetrics implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly queues = new Map<string, Queue>();

  constructor(
    private readonly metrics: Metrics,
    private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** Reports the depth of queue `name` from now on. */
  watch(name: string): void {
    if (this.queues.has(name)) return;
    // Producer connections fail fast while Redis is down: a scrape then skips these series.
    const queue = new Queue(name, bullOptions(this.config, 'producer'));
    queue.on('error', () => undefined);
    this.queues.set(name, queue);
    this.metrics.onCollect(() => this.collectQueue(queue));
  }

  onApplicationBootstrap(): void {
    this.metrics.onCollect(() => this.collectOutbox());
  }

  async onModuleDestroy(): Promise<void> {
    await Promise.all(
      [...this.queues.values()].map((queue) => queue.close().catch(() => undefined)),
    );
  }

  private async collectQueue(queue: Queue): Promise<void> {
    const [counts, [oldest]] = await Promise.all([
      queue.getJobCounts(...STATES),
      // Waiting jobs, oldest first: one job read.
      queue.getJobs(['waiting'], 0, 0, true),
    ]);
    for (const state of STATES) {
      this.metrics
        .gauge('queueJobs')
        .set({ queue_name: queue.name, job_state: state }, counts[state] ?? 0);
    }
    const age = oldest ? Math.max(0, (Date.now() - oldest.timestamp) / 1000) : 0;
    this.metrics.gauge('queueOldestWaiting').set({ queue_name: queue.name }, age);
  }

  private async collectOutbox(): Promise<void> {
    const [row] = await this.dataSource.query<{ pending: number; oldest: number }[]>(
      `SELECT count(*)::int AS pending,
              coalesce(extract(epoch FROM now() - min(created_at)), 0)::float AS oldest
         FROM outbox_messages`,
    );
    this.metrics.gauge('outboxPending').set(row.pending);
    this.metrics.gauge('outboxOldestAge').set(row.oldest);
  }
}
