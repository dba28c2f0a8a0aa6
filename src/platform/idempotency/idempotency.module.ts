import { Global, Module, Optional } from '@nestjs/common';
import { BacklogMetrics } from '../metrics/backlog-metrics.js';
import { IdempotencyService } from './idempotency.service.js';
import { MAINTENANCE_QUEUE } from './jobs/maintenance-jobs.js';

@Global()
@Module({ providers: [IdempotencyService], exports: [IdempotencyService] })
export class IdempotencyModule {
  // The worker schedules and runs the purge; the API reports its queue with the others.
  constructor(@Optional() backlog?: BacklogMetrics) {
    backlog?.watch(MAINTENANCE_QUEUE);
  }
}
