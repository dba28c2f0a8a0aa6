import { Processor, WorkerHost } from '@nestjs/bullmq';
import { Logger } from '@nestjs/common';
import type { Job } from 'bullmq';
import { USERS_QUEUE, type UserJobName, type UserJobs } from './user-jobs.js';

export interface WelcomeResult {
  greeting: string;
}

/** Runs in the worker process only. */
@Processor(USERS_QUEUE)
export class UserJobsProcessor extends WorkerHost {
  private readonly logger = new Logger(UserJobsProcessor.name);

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
