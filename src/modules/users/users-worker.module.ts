import { Module } from '@nestjs/common';
import { JobsModule } from '../../platform/jobs/jobs.module.js';
import { UserJobsProcessor } from './jobs/user-jobs.processor.js';

/** The users feature as the worker process sees it: job handlers, no HTTP. */
@Module({
  imports: [JobsModule],
  providers: [UserJobsProcessor],
})
export class UsersWorkerModule {}
