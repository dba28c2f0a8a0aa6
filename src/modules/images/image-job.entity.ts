import { Check, Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { ArticleEntity } from '../articles/article.entity.js';
import { UserEntity } from '../users/user.entity.js';
import type { ImageJobResult, ImageJobState, ImageTarget } from './image-jobs.js';

/**
 * One uploaded image and the job that processes it. The row is the source of truth for the
 * job's state (it outlives BullMQ's retention and is readable while Redis is down).
 */
@Entity({ name: 'image_jobs' })
@Check(
  'image_jobs_target_check',
  `"target" IN ('avatar', 'article') AND ("target" = 'article') = ("article_id" IS NOT NULL)`,
)
@Check('image_jobs_state_check', `"state" IN ('queued', 'active', 'completed', 'failed')`)
@Check('image_jobs_progress_check', '"progress" BETWEEN 0 AND 100')
@Index('image_jobs_owner_target_idx', ['ownerId', 'target', 'requestedAt'])
@Index('image_jobs_article_idx', ['articleId', 'requestedAt'])
export class ImageJobEntity {
  /** Derived from owner, target and content hash: the same upload always gets the same id. */
  @PrimaryColumn({ type: 'varchar', length: 40, primaryKeyConstraintName: 'image_jobs_pkey' })
  id: string;

  @Column({ name: 'owner_id', type: 'uuid' })
  ownerId: string;

  @Column({ type: 'varchar', length: 16 })
  target: ImageTarget;

  @Column({ name: 'article_id', type: 'uuid', nullable: true })
  articleId: string | null;

  @Column({ name: 'content_hash', type: 'char', length: 64 })
  contentHash: string;

  /** Where the original bytes are kept; never served (they may carry EXIF location data). */
  @Column({ name: 'original_key', type: 'varchar', length: 255 })
  originalKey: string;

  @Column({ type: 'varchar', length: 8 })
  format: string;

  @Column({ type: 'integer' })
  width: number;

  @Column({ type: 'integer' })
  height: number;

  @Column({ type: 'integer' })
  bytes: number;

  /** Bumped when a failed upload is submitted again: each run is its own BullMQ job. */
  @Column({ type: 'smallint', default: 1 })
  run: number;

  @Column({ type: 'varchar', length: 16, default: 'queued' })
  state: ImageJobState;

  @Column({ type: 'smallint', default: 0 })
  progress: number;

  @Column({ type: 'smallint', default: 0 })
  attempts: number;

  @Column({ type: 'jsonb', nullable: true })
  result: ImageJobResult | null;

  @Column({ type: 'varchar', length: 500, nullable: true })
  error: string | null;

  @Column({ name: 'requested_at', type: 'timestamptz', default: () => 'now()' })
  requestedAt: Date;

  @Column({ name: 'finished_at', type: 'timestamptz', nullable: true })
  finishedAt: Date | null;

  @ManyToOne(() => UserEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'owner_id', foreignKeyConstraintName: 'image_jobs_owner_fkey' })
  owner?: UserEntity;

  @ManyToOne(() => ArticleEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'article_id', foreignKeyConstraintName: 'image_jobs_article_fkey' })
  article?: ArticleEntity;
}
