import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/**
 * A job waiting to be handed to BullMQ. Written in the same transaction as the change that
 * calls for the job, so the two commit or roll back together; the relay deletes it once
 * BullMQ has the job.
 */
@Entity({ name: 'outbox_messages' })
@Index('outbox_messages_available_idx', ['availableAt', 'id'])
export class OutboxMessageEntity {
  @PrimaryGeneratedColumn('increment', {
    type: 'bigint',
    primaryKeyConstraintName: 'outbox_messages_pkey',
  })
  id: string;

  @Column({ type: 'varchar', length: 64 })
  queue: string;

  @Column({ name: 'job_name', type: 'varchar', length: 64 })
  jobName: string;

  /** Deterministic: adding the same job twice is a no-op in BullMQ. */
  @Column({ name: 'job_id', type: 'varchar', length: 128 })
  jobId: string;

  @Column({ type: 'jsonb' })
  payload: unknown;

  @Column({ name: 'job_options', type: 'jsonb' })
  jobOptions: Record<string, unknown>;

  /** W3C trace headers of the request that asked for the job. */
  @Column({ name: 'trace_context', type: 'jsonb' })
  traceContext: Record<string, string>;

  @Column({ type: 'integer', default: 0 })
  attempts: number;

  @Column({ name: 'last_error', type: 'varchar', length: 500, nullable: true })
  lastError: string | null;

  /** Not handed out before this time: a lease while being relayed, a backoff after a failure. */
  @Column({ name: 'available_at', type: 'timestamptz', default: () => 'now()' })
  availableAt: Date;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
