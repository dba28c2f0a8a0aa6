import { BullModule } from '@nestjs/bullmq';
import { Module } from '@nestjs/common';
import { JobsModule } from '../jobs/jobs.module.js';
import { IdempotencyPurge } from './idempotency-purge.js';
import { MAINTENANCE_QUEUE } from './jobs/maintenance-jobs.js';
import { MaintenanceProcessor } from './jobs/maintenance.processor.js';

/** The worker's side of idempotency: expiring old keys. */
@Module({
  imports: [BullModule.registerQueue({ name: MAINTENANCE_QUEUE }), JobsModule],
  providers: [IdempotencyPurge, MaintenanceProcessor],
})
export class IdempotencyWorkerModule {}
