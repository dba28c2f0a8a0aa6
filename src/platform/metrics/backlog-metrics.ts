import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnModuleDestroy,
} from '@nestjs/common';
import { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import { DataSource } from 'typeorm';
import { APP_CONFIG, type AppConfig } from '../../config/app-config.js';
import { Metrics } from '../../infra/metrics/metrics.js';
import { bullOptions } from '../../infra/queue/queue-connection.js';
import { createRedisClient, failFastRedisOptions } from '../../infra/redis/redis-client.factory.js';

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
  private readonly names = new Set<string>();
  /** Opened at the first scrape, so an API nobody scrapes holds no connection for this. */
  private connection?: Redis;
  private readonly queues = new Map<string, Queue>();

  constructor(
    private readonly metrics: Metrics,
    private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** Reports the depth of queue `name` from now on. */
  watch(name: string): void {
    if (this.names.has(name)) return;
    this.names.add(name);
    this.metrics.onCollect(() => this.collectQueue(this.queue(name)));
  }

  /** Every watched queue reads through one connection (no blocking commands are sent). */
  private queue(name: string): Queue {
    let queue = this.queues.get(name);
    if (!queue) {
      // Fails fast while Redis is down: a scrape then skips these series.
      this.connection ??= createRedisClient(
        this.config.redis.url,
        failFastRedisOptions(this.config.redis.commandTimeoutMs),
        new Logger(BacklogMetrics.name),
      );
      queue = new Queue(name, {
        ...bullOptions(this.config, 'producer'),
        connection: this.connection,
      });
      queue.on('error', () => undefined);
      this.queues.set(name, queue);
    }
    return queue;
  }

  onApplicationBootstrap(): void {
    this.metrics.onCollect(() => this.collectOutbox());
  }

  async onModuleDestroy(): Promise<void> {
    await Promise.all(
      [...this.queues.values()].map((queue) => queue.close().catch(() => undefined)),
    );
    // A connection handed to BullMQ stays its owner's to close.
    this.connection?.disconnect();
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
