import { InjectQueue } from '@nestjs/bullmq';
import { Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import type { Queue } from 'bullmq';
import { USERS_QUEUE, welcomeJobId, type UserJobs } from './user-jobs.js';

/** Enqueues account jobs from the API; the worker process runs them. */
@Injectable()
export class UserJobsProducer implements OnModuleInit {
  private readonly logger = new Logger(UserJobsProducer.name);

  constructor(@InjectQueue(USERS_QUEUE) private readonly queue: Queue) {}

  onModuleInit(): void {
    // Without a listener, a connection error event would crash the process.
    this.queue.on('error', (error) => this.logger.debug(`queue connection: ${error.message}`));
  }

  /**
   * Best effort: the account exists whether or not the welcome job could be queued.
   * (Work that must never be lost goes through an outbox instead.)
   */
  async enqueueWelcome(data: UserJobs['welcome-user']): Promise<void> {
    try {
      await this.queue.add('welcome-user', data, {
        jobId: welcomeJobId(data.userId),
        attempts: 3,
        backoff: { type: 'exponential', delay: 1_000 },
        removeOnComplete: { age: 24 * 3600, count: 1_000 },
        removeOnFail: { age: 7 * 24 * 3600 },
      });
    } catch (error) {
      this.logger.warn(
        `welcome job for user ${data.userId} not queued: ${(error as Error).message}`,
      );
    }
  }
}
