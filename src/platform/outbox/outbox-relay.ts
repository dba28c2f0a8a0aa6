import { Inject, Injectable, Logger, type OnModuleDestroy } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { SpanStatusCode } from '@opentelemetry/api';
import { type JobsOptions, Queue } from 'bullmq';
import type { DataSource } from 'typeorm';
import { APP_CONFIG, type AppConfig } from '../../config/app-config.js';
import { bullOptions } from '../../infra/queue/queue-connection.js';
import { withDeadline } from '../async/with-deadline.js';
import { detached, detachedSync, publishSpan, relaySpan } from './outbox-tracing.js';

interface ClaimedMessage {
  id: string;
  queue: string;
  job_name: string;
  job_id: string;
  payload: unknown;
  job_options: JobsOptions;
  trace_context: Record<string, string>;
  attempts: number;
}

const BATCH_SIZE = 50;
// Long enough for a batch to be relayed; a relay that dies mid-batch frees its messages after it.
const LEASE_SECONDS = 30;
const ENQUEUE_DEADLINE_MS = 2_000;
const MAX_RETRY_DELAY_MS = 5_000;

/**
 * Moves outbox messages into BullMQ. Every API and worker instance may run it at once: a
 * message is leased with SKIP LOCKED, added under its deterministic job id (a duplicate add is
 * a no-op in BullMQ), then deleted. A crash between the add and the delete re-adds it after
 * the lease, which BullMQ ignores: nothing is lost and nothing runs twice.
 */
@Injectable()
export class OutboxRelay implements OnModuleDestroy {
  private readonly logger = new Logger(OutboxRelay.name);
  private readonly queues = new Map<string, Queue>();
  private running?: Promise<number>;
  private rerun = false;
  private stopped = false;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** Relays every due message. Calls during a pass are folded into one more pass after it. */
  drain(): Promise<number> {
    if (this.running) {
      this.rerun = true;
      return this.running;
    }
    this.running = detached(() => this.passes()).finally(() => (this.running = undefined));
    return this.running;
  }

  async onModuleDestroy(): Promise<void> {
    this.stopped = true;
    await this.running?.catch(() => undefined);
    await Promise.all([...this.queues.values()].map((queue) => queue.close()));
  }

  private async passes(): Promise<number> {
    let relayed = 0;
    do {
      this.rerun = false;
      relayed += await this.pass();
    } while (this.rerun && !this.stopped);
    return relayed;
  }

  private async pass(): Promise<number> {
    let relayed = 0;
    while (!this.stopped) {
      const batch = await this.claim();
      if (batch.length === 0) break;
      for (const [index, message] of batch.entries()) {
        const failure = await relaySpan(message, async (span) => {
          try {
            await this.enqueue(message);
          } catch (error) {
            span.setStatus({ code: SpanStatusCode.ERROR, message: (error as Error).message });
            return error as Error;
          }
          await this.dataSource.query('DELETE FROM outbox_messages WHERE id = $1', [message.id]);
        });
        if (failure) {
          // Redis is most likely unreachable: release this batch and let a later pass retry.
          await this.release(batch.slice(index), failure.message);
          this.logger.warn(`outbox relay paused: ${failure.message}`);
          return relayed;
        }
        relayed += 1;
      }
    }
    return relayed;
  }

  private claim(): Promise<ClaimedMessage[]> {
    return this.dataSource.query(
      `WITH claimed AS (
         UPDATE outbox_messages SET available_at = now() + make_interval(secs => $2)
         WHERE id IN (SELECT id FROM outbox_messages WHERE available_at <= now()
                      ORDER BY available_at, id LIMIT $1 FOR UPDATE SKIP LOCKED)
         RETURNING id, queue, job_name, job_id, payload, job_options, trace_context, attempts)
       SELECT * FROM claimed ORDER BY id`,
      [BATCH_SIZE, LEASE_SECONDS],
    );
  }

  private enqueue(message: ClaimedMessage): Promise<unknown> {
    // The job carries the publish span's context where BullMQ keeps it, for the consumer span.
    return publishSpan(message, (metadata) =>
      withDeadline(
        this.queue(message.queue).add(message.job_name, message.payload, {
          ...message.job_options,
          jobId: message.job_id,
          telemetry: { metadata },
        }),
        ENQUEUE_DEADLINE_MS,
        'enqueue',
      ),
    );
  }

  private async release(messages: ClaimedMessage[], reason: string): Promise<void> {
    for (const message of messages) {
      const delayMs = Math.min(500 * 2 ** message.attempts, MAX_RETRY_DELAY_MS);
      await this.dataSource.query(
        `UPDATE outbox_messages SET attempts = attempts + 1, last_error = left($2, 500),
           available_at = now() + make_interval(secs => $3) WHERE id = $1`,
        [message.id, reason, delayMs / 1000],
      );
    }
  }

  /** Its own fail-fast connection: a relay must give up quickly, not wait for Redis to return. */
  private queue(name: string): Queue {
    let queue = this.queues.get(name);
    if (!queue) {
      // Made outside any message's trace: its connection serves every later message.
      queue = detachedSync(() => new Queue(name, bullOptions(this.config, 'producer')));
      queue.on('error', (error) => this.logger.debug(`outbox queue ${name}: ${error.message}`));
      this.queues.set(name, queue);
    }
    return queue;
  }
}
