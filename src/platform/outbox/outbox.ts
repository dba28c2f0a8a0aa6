import { propagation } from '@opentelemetry/api';
import type { JobsOptions } from 'bullmq';
import type { EntityManager } from 'typeorm';
import { currentTraceContext } from '../../infra/telemetry/current-trace-context.js';

/** A job to enqueue once the surrounding transaction commits. */
export interface OutboxJob {
  queue: string;
  name: string;
  /** Deterministic, so a message relayed twice still makes one job. */
  jobId: string;
  payload: unknown;
  options: Omit<JobsOptions, 'jobId'>;
}

/** The W3C trace headers of the request being served (sampled or not). */
export function currentTraceHeaders(): Record<string, string> {
  const carrier: Record<string, string> = {};
  propagation.inject(currentTraceContext(), carrier);
  return carrier;
}

/**
 * Records a job in the caller's transaction. The row commits or rolls back with the change that
 * asked for the job; {@link OutboxRelay} hands it to BullMQ afterwards, even if Redis is down
 * right now.
 */
export async function addToOutbox(manager: EntityManager, job: OutboxJob): Promise<void> {
  await manager.query(
    `INSERT INTO outbox_messages (queue, job_name, job_id, payload, job_options, trace_context)
     VALUES ($1, $2, $3, $4, $5, $6)`,
    [
      job.queue,
      job.name,
      job.jobId,
      JSON.stringify(job.payload),
      JSON.stringify(job.options),
      JSON.stringify(currentTraceHeaders()),
    ],
  );
}
