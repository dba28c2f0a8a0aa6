import { Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import type { Job } from 'bullmq';
import { JobConsumers } from '../../../platform/jobs/job-consumers.js';
import { USERS_QUEUE, type UserJobName, type UserJobs } from './user-jobs.js';

export interface WelcomeResult {
  greeting: string;
}

/** Runs in the worker process only. */
@Injectable()
export class UserJobsProcessor implements OnApplicationBootstrap {
  private readonly logger = new Logger(UserJobsProcessor.name);

  constructor(private readonly consumers: JobConsumers) {}

  onApplicationBootstrap(): void {
    this.consumers.start(
      USERS_QUEUE,
      (job: Job<UserJobs[UserJobName], WelcomeResult, UserJobName>) => this.process(job),
    );
  }

  process(job: Job<UserJobs[UserJobName], unknown, UserJobName>): Promise<WelcomeResult> {
    // An exhaustive switch: adding a job name without a handler fails to compile.
    switch (job.name) {
      case 'welcome-user':
        return Promise.resolve(this.welcome(job.data));
      default: {
        const unhandled: never = job.name;
        throw new Error(`no handler for job ${String(unhandled)}`);
      }
    }
  }

  private welcome({ userId, username }: UserJobs['welcome-user']): WelcomeResult {
    // Placeholder for real work (an email, a default avatar): the plumbing is what matters here.
    this.logger.log(`welcome prepared for user ${userId}`);
    return { greeting: `Welcome to Conduit, ${username}!` };
  }
}
