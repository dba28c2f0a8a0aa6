import { Processor, WorkerHost } from '@nestjs/bullmq';
import { Inject, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import type { Job } from 'bullmq';
import { APP_CONFIG, type AppConfig } from '../../../config/app-config.js';
import { recordJobMetrics } from '../../../infra/metrics/job-metrics.js';
import { Metrics } from '../../../infra/metrics/metrics.js';
import { LivenessChecks } from '../../../platform/metrics/liveness-checks.js';
import { USERS_QUEUE, type UserJobName, type UserJobs } from './user-jobs.js';

export interface WelcomeResult {
  greeting: string;
}

/** Runs in the worker process only. */
@Processor(USERS_QUEUE)
export class UserJobsProcessor extends WorkerHost implements OnApplicationBootstrap {
  private readonly logger = new Logger(UserJobsProcessor.name);

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly metrics: Metrics,
    private readonly liveness: LivenessChecks,
  ) {
    super();
  }

  onApplicationBootstrap(): void {
    // Decorator options are static; the configured concurrency applies once the worker exists.
    this.worker.concurrency = this.config.worker.concurrency;
    recordJobMetrics(this.worker, this.metrics);
    this.liveness.registerConsumer(this.worker);
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
