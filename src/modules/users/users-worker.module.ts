import { BullModule } from '@nestjs/bullmq';
import { Module } from '@nestjs/common';
import { USERS_QUEUE } from './jobs/user-jobs.js';
import { UserJobsProcessor } from './jobs/user-jobs.processor.js';

/** The users feature as the worker process sees it: job handlers, no HTTP. */
@Module({
  imports: [BullModule.registerQueue({ name: USERS_QUEUE })],
  providers: [UserJobsProcessor],
})
export class UsersWorkerModule {}
