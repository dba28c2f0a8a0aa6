import { type Context, propagation, ROOT_CONTEXT } from '@opentelemetry/api';
import type { Job } from 'bullmq';

/**
 * The context a job was published in: the W3C headers the outbox relay's publish span wrote to
 * `opts.telemetry.metadata` (BullMQ's own field, in bullmq-otel's format). A job published by
 * an older release carries its request's headers in the payload (`data.trace`) instead.
 */
export function publishedContext(job: Job<{ trace?: Record<string, string> }>): Context {
  const metadata = job.opts.telemetry?.metadata;
  let carrier: unknown = job.data.trace;
  if (metadata) {
    try {
      carrier = JSON.parse(metadata);
    } catch {
      // Unreadable metadata only costs the trace: the job itself still runs.
    }
  }
  return carrier && typeof carrier === 'object'
    ? propagation.extract(ROOT_CONTEXT, carrier as Record<string, string>)
    : ROOT_CONTEXT;
}
