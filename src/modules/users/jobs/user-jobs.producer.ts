import { InjectQueue } from '@nestjs/bullmq';
import { Inject, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import type { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import { REDIS } from '../../../infra/redis/redis.module.js';
import { withDeadline } from '../../../platform/async/with-deadline.js';
import { USERS_QUEUE, welcomeJobId, type UserJobs } from './user-jobs.js';

// BullMQ waits for a connection before adding; a request must not wait that long.
const ENQUEUE_DEADLINE_MS = 2_000;

/** Enqueues account jobs from the API; the worker process runs them. */
@Injectable()
export class UserJobsProducer implements OnApplicationBootstrap {
  private readonly logger = new Logger(UserJobsProducer.name);

  constructor(
    @InjectQueue(USERS_QUEUE) private readonly queue: Queue,
    @Inject(REDIS) private readonly redis: Redis,
  ) {
    // Attached at once: an 'error' event with no listener is reported on stderr.
    queue.on('error', (error) => this.logger.debug(`queue connection: ${error.message}`));
  }

  /** Connects and loads BullMQ's scripts at boot, so the first request does not wait for it. */
  onApplicationBootstrap(): void {
    this.queue.waitUntilReady().catch((error: Error) => {
      this.logger.warn(`users queue not ready at boot: ${error.message}`);
    });
  }

  /**
   * Best effort: the account exists whether or not the welcome job could be queued, so a
   * Redis outage skips it. (Work that must never be lost goes through an outbox instead.)
   */
  async enqueueWelcome(data: UserJobs['welcome-user']): Promise<void> {
    if (this.redis.status !== 'ready') {
      this.logger.warn(`welcome job for user ${data.userId} skipped: Redis is unreachable`);
      return;
    }
    try {
      await withDeadline(
        this.queue.add('welcome-user', data, {
          jobId: welcomeJobId(data.userId),
          attempts: 3,
          backoff: { type: 'exponential', delay: 1_000 },
          removeOnComplete: { age: 24 * 3600, count: 1_000 },
          removeOnFail: { age: 7 * 24 * 3600 },
        }),
        ENQUEUE_DEADLINE_MS,
        'enqueue',
      );
    } catch (error) {
      this.logger.warn(
        `welcome job for user ${data.userId} not queued: ${(error as Error).message}`,
      );
    }
  }
}
