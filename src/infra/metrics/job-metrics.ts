import { type Job, Job as BullJob, type Worker } from 'bullmq';
import type { Metrics } from './metrics.js';

/**
 * Duration, failures and stalls of the jobs one BullMQ worker runs, from the worker's own
 * events: nothing is added to the job's path. Job names are the code's own (a closed set);
 * job ids never become labels.
 */
export function recordJobMetrics(worker: Worker, metrics: Metrics): void {
  const queue_name = worker.name;
  const observe = (job: Job, outcome: 'completed' | 'failed') => {
    if (job.processedOn === undefined || job.finishedOn === undefined) return;
    metrics
      .histogram('jobDuration')
      .observe(
        { queue_name, job_name: job.name, job_outcome: outcome },
        (job.finishedOn - job.processedOn) / 1000,
      );
  };
  worker.on('completed', (job) => observe(job, 'completed'));
  worker.on('failed', (job) => {
    // Undefined when the job is gone by the time its failure is reported.
    if (!job) return;
    metrics.counter('jobFailures').inc({ queue_name, job_name: job.name });
    observe(job, 'failed');
  });
  worker.on('stalled', (jobId) => {
    void BullJob.fromId(worker, jobId).then(
      (job) => metrics.counter('jobStalls').inc({ queue_name, job_name: job?.name ?? '_UNKNOWN' }),
      () => metrics.counter('jobStalls').inc({ queue_name, job_name: '_UNKNOWN' }),
    );
  });
}
